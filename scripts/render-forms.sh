#!/usr/bin/env bash
# Renders sample 监控表 / 自评表 workbooks the way a filer would print them, so the pages can be
# looked at: xlsx → PDF (LibreOffice headless, which also recalculates every formula) → PNG per page.
# Needs: apt-get install -y libreoffice-calc fonts-noto-cjk poppler-utils
# Usage: scripts/render-forms.sh [OUT_DIR]   (default exports/render); not part of npm test.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-exports/render}"
mkdir -p "$OUT"
rm -f "$OUT"/*.png "$OUT"/*.pdf "$OUT"/*.xlsx
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "缺少 $tool：apt-get install -y libreoffice-calc fonts-noto-cjk poppler-utils" >&2; exit 1; }
done
npx tsx scripts/sample-forms.ts "$OUT"
# a private profile, so a running LibreOffice or a stale lock does not block the conversion
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
for xlsx in "$OUT"/*.xlsx; do
  soffice -env:UserInstallation="file://$PROFILE" --headless --calc --convert-to pdf --outdir "$OUT" "$xlsx" >/dev/null 2>&1
  pdf="${xlsx%.xlsx}.pdf"
  pdftoppm -r 70 -png "$pdf" "${xlsx%.xlsx}"
  # the recalculated workbook, to compare LibreOffice's formula results with the cached ones
  soffice -env:UserInstallation="file://$PROFILE" --headless --calc --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76,1,,0,false,true,false,false,false,-1 --outdir "$OUT/csv" "$xlsx" >/dev/null 2>&1 || true
  echo "$pdf: $(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages/{print $2}') 页"
done
# every formula must evaluate in LibreOffice: no #NAME?, #VALUE!, #REF!, #DIV/0! or Err:nnn anywhere
if grep -n -E '#(NAME\?|VALUE!|REF!|DIV/0!|N/A)|Err:[0-9]+' "$OUT"/csv/*.csv; then
  echo "LibreOffice 重算时有公式出错（见上）" >&2
  exit 1
fi
echo "LibreOffice 重算：公式无错误；各表的重算结果在 $OUT/csv/"
# a number too wide for its column prints as ###
for pdf in "$OUT"/*.pdf; do
  if pdftotext -layout "$pdf" - | grep -n '###'; then echo "$pdf 有数字列太窄（###）" >&2; exit 1; fi
done
# every cell's text shows in full (no row too short for its wrapped text)
npx tsx scripts/check-render.ts "$OUT"
ls "$OUT"/*.png
