#!/usr/bin/env bash
# Times `jixiao audit` on N synthetic tables (default 10,000) over 50 units,
# mixed as a region's reviewers receive them: a third of the units as YAML,
# a third as the pack's per-project .xlsx, a third as its .docx.
# Usage: scripts/bench-audit.sh [N] [work dir]
set -euo pipefail
n=${1:-10000}
work=${2:-target/bench/audit}
jixiao=./target/release/jixiao
rm -rf "$work"
mkdir -p "$work/mixed/yaml" "$work/mixed/xlsx" "$work/mixed/docx"
"$jixiao" synth "$n" "$work/in" --units 50 --seed 2024 >/dev/null
"$jixiao" report --year 2024 --inputs "$work/in" --outputs "$work/pack" --no-pdf >/dev/null 2>&1
i=0
for unit_dir in "$work"/pack/*/; do
  unit=$(basename "$unit_dir")
  case $((i % 3)) in
    0) grep -lF "实施单位: $unit" "$work"/in/*.yaml | xargs -r cp -t "$work/mixed/yaml/" ;;
    1) for f in "$unit_dir"*.xlsx; do
         case $(basename "$f") in 2024年度*) ;; *) cp "$f" "$work/mixed/xlsx/$unit-$(basename "$f")" ;; esac
       done ;;
    2) for f in "$unit_dir"*.docx; do
         case $(basename "$f") in 2024年度*) ;; *) cp "$f" "$work/mixed/docx/$unit-$(basename "$f")" ;; esac
       done ;;
  esac
  i=$((i + 1))
done
echo "== audit: $(ls "$work/mixed/yaml" | wc -l) YAML, $(ls "$work/mixed/xlsx" | wc -l) xlsx, $(ls "$work/mixed/docx" | wc -l) docx"
/usr/bin/time -f "   wall %e s, user %U s, sys %S s, peak RSS %M KB (/usr/bin/time)" \
  "$jixiao" audit "$work/mixed" --out "$work/审核.xlsx" 2>&1 | sed 's/^/   /'
rm -rf "$work/pack" "$work/in"
