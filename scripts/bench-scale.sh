#!/usr/bin/env bash
# How a cold build grows with the number of documents: the default matrix
# (48 documents) and the same matrix repeated with the bench-only multiplier
# BRIEFING_BENCH_COPIES (21 copies: 1,008 documents), each built from scratch
# (`--force` into an empty folder) RUNS times, alternating. Prints per size the
# median wall time, CPU (user+sys), peak resident memory, the time per
# document, and the ratio of the big build's time to COPIES x the small one's
# (1.00 is exactly linear; goal: within 1.10), plus the load average before
# and after (figures from a loaded machine are noise; do not run it there).
# Then one unchanged rebuild of the big folder (every document up to date):
# its time against the cold build's (goal: at most 5 %).
#
# Needs: a Rust toolchain, GNU time (Debian: `apt-get install time`), python3.
# Usage: scripts/bench-scale.sh [--runs N] [--copies N]
set -euo pipefail

RUNS=3
COPIES=21
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --copies) COPIES=$2; shift 2 ;;
        *) echo "usage: $0 [--runs N] [--copies N]" >&2; exit 2 ;;
    esac
done
[[ -x /usr/bin/time ]] || { echo "bench-scale: needs GNU time (apt-get install time)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench-scale: needs python3" >&2; exit 1; }
REPO=$(cd "$(dirname "$0")/.." && pwd)
(cd "$REPO" && cargo build --release --locked --quiet)
BRIEFING=${CARGO_TARGET_DIR:-$REPO/target}/release/briefing

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
"$BRIEFING" init proj >/dev/null
cd proj
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# One cold build of COPIES copies of the matrix; appends "wall cpu rss_kib documents" to $2.
measure() {
    local copies=$1 into=$2
    rm -rf out
    BRIEFING_BENCH_COPIES=$copies /usr/bin/time -f '%e %U %S %M' -o time.txt \
        "$BRIEFING" build --force --quiet --source-date-epoch 1764547200 --out out
    local docs
    docs=$(python3 -c 'import json; print(len(json.load(open("out/manifest.json"))["documents"]))')
    read -r wall user sys rss < time.txt
    echo "$wall $(python3 -c "print($user + $sys)") $rss $docs" >> "$into"
}

"$BRIEFING" build --quiet --out warm >/dev/null # page cache, first-run costs
for _ in $(seq "$RUNS"); do
    measure 1 small.txt
    measure "$COPIES" big.txt
done

# The big folder once more, unchanged: every document is up to date.
/usr/bin/time -f '%e %U %S %M' -o again.txt env BRIEFING_BENCH_COPIES="$COPIES" \
    "$BRIEFING" build --quiet --source-date-epoch 1764547200 --out out
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$COPIES" "$LOAD_BEFORE" "$LOAD_AFTER" "$(nproc)" <<'PY'
import statistics, sys
copies, before, after, cores = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def load(name):
    rows = [list(map(float, l.split())) for l in open(name) if l.strip()]
    med = lambda i: statistics.median(r[i] for r in rows)
    return med(0), med(1), med(2) / 1024, int(rows[0][3])
small, big = load("small.txt"), load("big.txt")
print(f"machine: {cores} cores; load average before {before}, after {after}")
print("| documents | wall (median) | CPU user+sys | peak RSS | wall per document |")
print("|---|---|---|---|---|")
for wall, cpu, rss, docs in (small, big):
    print(f"| {docs} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MiB | {1000 * wall / docs:.1f} ms |")
print(f"wall ratio {big[0] / (copies * small[0]):.2f}, CPU ratio {big[1] / (copies * small[1]):.2f} "
      f"(the {big[3]}-document build against {copies} x the {small[3]}-document one; 1.00 = linear)")
wall, user, sys_, rss = map(float, open("again.txt").read().split())
print(f"unchanged rebuild of the {big[3]} documents: {wall:.2f} s, {100 * wall / big[0]:.1f} % of the cold build, "
      f"peak RSS {rss / 1024:.0f} MiB")
PY
