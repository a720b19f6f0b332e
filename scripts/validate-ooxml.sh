#!/usr/bin/env bash
# Every part of every .docx and .xlsx jixiao writes validates against the Office
# Open XML schemas (../shared/ooxml): the seed pack in every built-in form, each
# form's example (tests/forms/<form>), a 50-project synthetic pack and the audit
# workbook of them all, and the seed unit's fill-in workbook in every form. Needs
# python3 with lxml (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
validate=../shared/ooxml/validate.py
if [ ! -f "$validate" ]; then
  echo "validate-ooxml: $validate not found (the shared folder sits beside the checkout)" >&2
  exit 2
fi
python3 -c "import lxml" 2>/dev/null \
  || pip install -q lxml 2>/dev/null \
  || pip install -q --break-system-packages lxml
jixiao=${JIXIAO:-target/debug/jixiao}
[ -x "$jixiao" ] || cargo build --locked
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
packs=()
for dir in templates/*/; do
  form=$(basename "$dir")
  # The seed 自评表s on every 自评表 form (a 目标表 form prints its example only).
  if ! grep -q '^kind: plan' "$dir/form.yaml"; then
    "$jixiao" report --year 2024 --inputs tests/seed/2024 --outputs "$out/seed-$form" --form "$form" --no-pdf > /dev/null 2>&1
    packs+=("$out/seed-$form")
  fi
  if [ -d "tests/forms/$form" ]; then
    "$jixiao" report --year 2024 --inputs "tests/forms/$form" --outputs "$out/example-$form" --no-pdf > /dev/null 2>&1
    packs+=("$out/example-$form")
  fi
done
# The seed unit's fill-in workbook (init --xlsx) in every built-in form.
mkdir -p "$out/fill/2024"
cp tests/seed/2024/*.yaml "$out/fill/2024/"
for dir in templates/*/; do
  form=$(basename "$dir")
  "$jixiao" init --year 2025 --from 2024 --inputs "$out/fill" --xlsx --force --form "$form" > /dev/null 2>&1
  mkdir -p "$out/fill-$form"
  mv "$out"/fill/2025/*.xlsx "$out/fill-$form/"
  packs+=("$out/fill-$form")
done
"$jixiao" synth 50 "$out/synth-in" --units 5 > /dev/null
"$jixiao" report --year 2024 --inputs "$out/synth-in" --outputs "$out/synth" --no-pdf > /dev/null 2>&1
packs+=("$out/synth")
# The audit workbook of everything above, read back from its .xlsx and .docx.
mkdir -p "$out/audit"
"$jixiao" audit "${packs[@]}" tests/bad --targets tests/forms/national-plan --out "$out/audit/审核.xlsx" > /dev/null 2>&1 || true
[ -f "$out/audit/审核.xlsx" ] || { echo "validate-ooxml: audit wrote no workbook" >&2; exit 1; }
packs+=("$out/audit")
python3 "$validate" "${packs[@]}"
