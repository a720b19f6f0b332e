#!/usr/bin/env bash
# Renders what a user will print, to look at it: the seed pack and a 40-project
# unit, every .docx and .xlsx converted to PDF by LibreOffice, and every page of
# those and of jixiao's own PDFs to PNG by pdftoppm, in
# target/look/<pack>/<file>.<docx|xlsx|pdf>-<page>.png.
#   scripts/look.sh            # both packs
#   DPI=80 scripts/look.sh     # sharper pages (default 50)
# Needs LibreOffice, poppler-utils and a CJK font (Debian: libreoffice-writer-nogui
# libreoffice-calc-nogui poppler-utils fonts-noto-cjk); prints what to install
# when one is missing. LibreOffice converts about one document per second.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in soffice pdftoppm fc-list; do
  if ! command -v "$tool" > /dev/null; then
    echo "look: $tool not found; apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk" >&2
    exit 2
  fi
done
if [ -z "$(fc-list :lang=zh family)" ]; then
  echo "look: no CJK font (Chinese text would print as boxes); apt-get install fonts-noto-cjk" >&2
  exit 2
fi
jixiao=${JIXIAO:-target/release/jixiao}
[ -x "$jixiao" ] || cargo build --release --locked
dpi=${DPI:-50}
root=target/look
rm -rf "$root"
mkdir -p "$root"
"$jixiao" report --year 2024 --inputs tests/seed/2024 --outputs "$root/packs/seed" > /dev/null 2>&1 || true
"$jixiao" synth 40 "$root/in-unit" --units 1 > /dev/null
"$jixiao" report --year 2024 --inputs "$root/in-unit" --outputs "$root/packs/unit" > /dev/null 2>&1 || true
for pack in seed unit; do
  pdf="$root/$pack/pdf"
  mkdir -p "$pdf"
  find "$root/packs/$pack" \( -name '*.docx' -o -name '*.xlsx' \) -print0 |
    while IFS= read -r -d '' f; do
      # One folder per source file: a .docx and an .xlsx of one stem would share a PDF name.
      ext=${f##*.}
      dir="$pdf/$ext"
      mkdir -p "$dir"
      soffice --headless --convert-to pdf --outdir "$dir" "$f" > /dev/null 2>&1
    done
  # jixiao's own PDFs beside LibreOffice's.
  mkdir -p "$pdf/pdf"
  find "$root/packs/$pack" -name '*.pdf' -exec cp {} "$pdf/pdf/" \;
  find "$pdf" -name '*.pdf' -print0 |
    while IFS= read -r -d '' p; do
      ext=$(basename "$(dirname "$p")")
      stem=$(basename "$p" .pdf)
      pdftoppm -r "$dpi" -png "$p" "$root/$pack/$stem.$ext"
    done
done
find "$root/seed" "$root/unit" -maxdepth 1 -name '*.png' | sort
