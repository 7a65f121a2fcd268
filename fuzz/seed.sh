#!/usr/bin/env bash
# Seeds the fuzz corpora from the default dataset; run once before fuzzing.
# load_validate: the first byte picks which data file (in name order) the
# rest replaces, so each seed is one data file behind its own index.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/load_validate corpus/charts
i=0
for f in ../data/*.toml; do
    { printf "\\$(printf %03o "$i")"; cat "$f"; } > "corpus/load_validate/seed-$(basename "$f" .toml)"
    i=$((i + 1))
done
# One extra file beside the whole dataset (index = number of files).
{ printf "\\$(printf %03o "$i")"; cat ../tests/fixtures/nordhavn/story.toml; } > corpus/load_validate/seed-extra
cp ../data/charts.toml corpus/charts/seed-charts
for f in ../tests/hostile/cases/*/data/charts.toml ../tests/hostile/cases/*/data/extra.toml; do
    [ -f "$f" ] && cp "$f" "corpus/charts/seed-$(basename "$(dirname "$(dirname "$f")")")"
done
echo "seeded: $(ls corpus/load_validate | wc -l) + $(ls corpus/charts | wc -l) inputs"
