#!/usr/bin/env bash
# Compares briefing with stock typst-cli on this machine, in one run:
#   1. one fact sheet (air, English): `briefing build` vs `typst compile` of its
#      ejected sources
#   2. the full matrix: one `briefing build` vs every ejected document compiled
#      with typst-cli one by one, and in parallel on as many jobs as cores
#      (`xargs -P`), the way a CI job would; wall and CPU time, alternating
#   3. a `briefing watch` rebuild after one figure changed (time briefing reports)
#   4. peak memory (maximum resident set) of the full-matrix build
#   5. per document: CPU time (user + system, median of --doc-runs) of a
#      `briefing build` of that document alone, cold (a fresh output folder:
#      copy-fitting searches) and warm (over the cold build's folder: its
#      manifest proves the fitting level), against typst-cli compiling the
#      document's ejected source
# and checks that every ejected document compiles with typst-cli to the same
# page count. Prints Markdown tables for docs/performance.md, with ratios.
#
# Needs: a Rust toolchain, hyperfine and GNU time (Debian: `apt-get install
# hyperfine time`), python3. typst-cli is installed once into
# $BRIEFING_BENCH_TOOLS (default ~/.cache/briefing-bench) with
# `cargo install typst-cli --locked`; it compiles for several minutes.
#
# Usage: scripts/bench-vs-typst.sh [--runs N] [--doc-runs N]
set -euo pipefail

RUNS=10
DOC_RUNS=3
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --doc-runs) DOC_RUNS=$2; shift 2 ;;
        *) echo "bench-vs-typst: unknown argument $1" >&2; exit 2 ;;
    esac
done
JOBS=$(nproc)
TYPST_VERSION=${TYPST_VERSION:-0.15.1}
TOOLS=${BRIEFING_BENCH_TOOLS:-$HOME/.cache/briefing-bench}
REPO=$(cd "$(dirname "$0")/.." && pwd)

need() { command -v "$1" >/dev/null || { echo "bench-vs-typst: needs $1 ($2)" >&2; exit 1; }; }
need hyperfine "apt-get install hyperfine"
need python3 "apt-get install python3"
[[ -x /usr/bin/time ]] || { echo "bench-vs-typst: needs GNU time (apt-get install time)" >&2; exit 1; }

TYPST=$TOOLS/bin/typst
if ! "$TYPST" --version 2>/dev/null | grep -q "$TYPST_VERSION"; then
    echo "installing typst-cli $TYPST_VERSION into $TOOLS (several minutes)…" >&2
    nice cargo install typst-cli --locked --version "$TYPST_VERSION" --root "$TOOLS"
fi
(cd "$REPO" && cargo build --release --locked --quiet)
BRIEFING=${CARGO_TARGET_DIR:-$REPO/target}/release/briefing

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d)
WATCH_PID=
cleanup() {
    if [[ -n "$WATCH_PID" ]]; then kill "$WATCH_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
"$BRIEFING" init proj >/dev/null
cd proj

# Eject every document of the full matrix once.
"$BRIEFING" build --out eject-pdf --emit-typst ej --quiet
typst_one() { # typst-cli the way the README says, with the same PDF standard as briefing
    "$TYPST" compile --ignore-system-fonts --pdf-standard ua-1 --font-path "ej/$1" "ej/$1/main.typ" "$2"
}

# The eject claim: every document compiles with typst-cli to the same page count.
mismatch=0
for dir in ej/*/; do
    doc=$(basename "$dir")
    mkdir -p "pages/$doc"
    "$TYPST" compile --ignore-system-fonts --font-path "$dir" --format svg "$dir/main.typ" "pages/$doc/{p}.svg"
    got=$(find "pages/$doc" -name '*.svg' | wc -l)
    want=$(python3 -c "import json,sys; print(next(d['pages'] for d in json.load(open('eject-pdf/manifest.json'))['documents'] if d['document']=='$doc'))")
    if [[ "$got" != "$want" ]]; then echo "eject: $doc has $got pages with typst-cli, $want with briefing" >&2; mismatch=1; fi
done
DOCS=$(ls -d ej/*/ | wc -l)

# 1 and 2: hyperfine, exported as JSON.
hyperfine --style basic --warmup 2 --runs "$RUNS" --export-json one.json \
    -n "briefing: one fact sheet" "$BRIEFING build --scope air --kind factsheet --lang en --out b1 --quiet" \
    -n "typst-cli: one fact sheet" "$TYPST compile --ignore-system-fonts --pdf-standard ua-1 --font-path ej/factsheet-air-en ej/factsheet-air-en/main.typ t1.pdf" >&2
cat > all-typst.sh <<EOF
set -e
for d in ej/*/; do
    "$TYPST" compile --ignore-system-fonts --pdf-standard ua-1 --font-path "\$d" "\$d/main.typ" "t2-\$(basename "\$d").pdf"
done
EOF
cat > all-typst-parallel.sh <<EOF
set -e
ls -d ej/*/ | xargs -P "$JOBS" -I{} sh -c '"$TYPST" compile --ignore-system-fonts --pdf-standard ua-1 --font-path "\$1" "\$1/main.typ" "t3-\$(basename "\$1").pdf"' sh {}
EOF
# hyperfine runs the commands in turn, run by run, so they alternate. Each
# briefing run builds into a fresh folder: no manifest to start fitting from.
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json all.json \
    --prepare "rm -rf b2" \
    -n "briefing: full matrix" "$BRIEFING build --out b2 --quiet" \
    -n "typst-cli: full matrix, one by one" "bash all-typst.sh" \
    -n "typst-cli: full matrix, $JOBS in parallel" "bash all-typst-parallel.sh" >&2

# 5: per document, CPU time of briefing alone (cold, then warm over its own
# output folder) and of typst-cli on the ejected source.
cpu_ms() { # command…: median over DOC_RUNS of user + system, in ms
    for _ in $(seq 1 "$DOC_RUNS"); do
        /usr/bin/time -f "%U %S" "$@" 2>&1 >/dev/null | tail -1
    done | awk '{print ($1 + $2) * 1000}' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}
python3 -c "
import json
for d in json.load(open('eject-pdf/manifest.json'))['documents']:
    print(d['document'], d['kind'], d['scope'], d['lang'], d['audience'])" >docs.txt
: >per-doc.txt
while read -r doc kind scope lang audience; do
    sel=(--kind "$kind" --scope "$scope" --lang "$lang" --audience "$audience" --quiet)
    cold=$(cpu_ms sh -c 'rm -rf "$1" && exec "$0" build --out "$@"' "$BRIEFING" "b5-$doc" "${sel[@]}")
    warm=$(cpu_ms "$BRIEFING" build --out "b5-$doc" "${sel[@]}")
    typst=$(cpu_ms "$TYPST" compile --ignore-system-fonts --pdf-standard ua-1 --font-path "ej/$doc" "ej/$doc/main.typ" "t5-$doc.pdf")
    echo "$doc $cold $warm $typst" >>per-doc.txt
done <docs.txt

# 4: peak memory.
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
MEM_BRIEFING=$(peak "$BRIEFING" build --out b4 --quiet)
MEM_TYPST=$(peak "$TYPST" compile --ignore-system-fonts --pdf-standard ua-1 --font-path ej/deck-combined-en ej/deck-combined-en/main.typ t4.pdf)

# 3: watch rebuilds after changing one figure (the air branch's rotations), as
# reported by briefing itself (JSON lines); the debounce wait is not included.
watch_ms() { # selection flags…
    local log=watch-$RANDOM.log
    cp data/figures.toml figures.orig
    "$BRIEFING" watch --data data --out bw --debounce 20 --diagnostic-format json "$@" >"$log" 2>/dev/null &
    WATCH_PID=$!
    wait_lines() { # until the log has $1 lines with "ok"
        for _ in $(seq 1 600); do
            [[ $(grep -c '"ok":true' "$log" || true) -ge $1 ]] && return 0
            sleep 0.05
        done
        echo "bench-vs-typst: watch did not rebuild; its output:" >&2; cat "$log" >&2
        kill "$WATCH_PID"; exit 1
    }
    wait_lines 1
    for i in $(seq 1 "$RUNS"); do
        value=$((16 + i % 2))
        sed "0,/^value = 16$/s//value = $value/" figures.orig >data/figures.toml
        wait_lines $((i + 1))
    done
    kill "$WATCH_PID"; wait "$WATCH_PID" 2>/dev/null || true; WATCH_PID=
    cp figures.orig data/figures.toml
    grep '"event":"rebuild"' "$log" | python3 -c '
import json, statistics, sys
ms = [json.loads(l)["ms"] for l in sys.stdin]
print(f"{statistics.median(ms):.1f}")'
}
watch_ms --scope air --kind factsheet --lang en >watch-one.txt
watch_ms >watch-all.txt
WATCH_ONE=$(cat watch-one.txt)
WATCH_ALL=$(cat watch-all.txt)

python3 - "$DOCS" "$MEM_BRIEFING" "$MEM_TYPST" "$WATCH_ONE" "$WATCH_ALL" "$mismatch" "$JOBS" <<'EOF'
import json, sys
docs, mem_b, mem_t, watch_one, watch_all, mismatch, jobs = sys.argv[1:]
def medians(path):
    return [r["median"] * 1000 for r in json.load(open(path))["results"]]
def cpu(path):  # mean user + system time: less sensitive to other load on the machine
    return [(r["user"] + r["system"]) * 1000 for r in json.load(open(path))["results"]]
b1, t1 = medians("one.json")
b2, t2, p2 = medians("all.json")
cb1, ct1 = cpu("one.json")
cb2, ct2, cp2 = cpu("all.json")
mib = lambda kb: int(kb) / 1024
ok = lambda good: "yes" if good else "**no**"
rows = [
    ("1. one fact sheet: briefing / typst-cli", f"{b1:.0f} ms / {t1:.0f} ms = {b1 / t1:.2f}×", "≤ 1.2×", ok(b1 / t1 <= 1.2)),
    (f"2. full matrix ({docs} documents): briefing / typst-cli one by one", f"{b2:.0f} ms / {t2:.0f} ms = {b2 / t2:.2f}×", "≤ 0.25×", ok(b2 / t2 <= 0.25)),
    (f"2. full matrix: briefing / typst-cli {jobs} in parallel, wall", f"{b2:.0f} ms / {p2:.0f} ms = {b2 / p2:.2f}×", "≤ 0.5×", ok(b2 / p2 <= 0.5)),
    (f"2. full matrix: briefing / typst-cli {jobs} in parallel, CPU", f"{cb2:.0f} ms / {cp2:.0f} ms = {cb2 / cp2:.2f}×", "≤ 0.5×", ok(cb2 / cp2 <= 0.5)),
    ("3. watch rebuild after one figure changed: one fact sheet", f"{float(watch_one):.0f} ms", "≤ 50 ms", ok(float(watch_one) <= 50)),
    ("3. watch rebuild after one figure changed: full matrix", f"{float(watch_all):.0f} ms", "≤ 50 ms", ok(float(watch_all) <= 50)),
    ("4. peak memory, full matrix (typst-cli, largest deck alone)", f"{mib(mem_b):.0f} MiB ({mib(mem_t):.0f} MiB)", "≤ 200 MiB", ok(mib(mem_b) <= 200)),
]
print("| Comparison | Median | Goal | Met |")
print("|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print()
print(f"CPU time (user + system, mean): one fact sheet {cb1:.0f} ms / {ct1:.0f} ms = {cb1 / ct1:.2f}×; "
      f"full matrix {cb2:.0f} ms / {ct2:.0f} ms = {cb2 / ct2:.2f}×")
print()
print("Ejected documents compile with typst-cli to the same page counts:", "yes" if mismatch == "0" else "**no**")
print()
print("Per document, CPU time (user + system, median): briefing building it alone, against typst-cli on its ejected source")
print()
print("| Document | briefing cold | briefing warm (manifest) | typst-cli | cold ratio | warm ratio |")
print("|---|---|---|---|---|---|")
worst = {"cold": (0.0, ""), "warm": (0.0, "")}
for line in open("per-doc.txt"):
    doc, cold, warm, typst = line.split()
    cold, warm, typst = float(cold), float(warm), max(float(typst), 1.0)
    rc, rw = cold / typst, warm / typst
    worst["cold"] = max(worst["cold"], (rc, doc))
    worst["warm"] = max(worst["warm"], (rw, doc))
    print(f"| {doc} | {cold:.0f} ms | {warm:.0f} ms | {typst:.0f} ms | {rc:.2f}× | {rw:.2f}× |")
print()
for k, (r, doc) in worst.items():
    print(f"1. worst document, {k}: {doc}, {r:.2f}× (goal ≤ 1×: {ok(r <= 1.0)})")
EOF
echo
echo "Load average before the run: $LOAD"
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $(rustc --version); $("$TYPST" --version); $(date -u +%Y-%m-%d)"
