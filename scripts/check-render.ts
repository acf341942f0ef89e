/**
 * After scripts/render-forms.sh: every text cell of each workbook must show in full on the rendered
 * PDF. A row too short for its wrapped text clips it (LibreOffice drops the first lines of centred text,
 * the last lines of top-aligned text), so each cell's beginning and ending are looked for in the PDF's text. Usage: tsx scripts/check-render.ts OUT_DIR
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

const dir = process.argv[2] ?? 'exports/render';
const squash = (s: string) => s.replace(/\s+/g, '');
let missing = 0;
for (const f of readdirSync(dir).filter((x) => x.endsWith('.xlsx'))) {
  const pdf = squash(execFileSync('pdftotext', ['-raw', path.join(dir, f.replace(/\.xlsx$/, '.pdf')), '-'], { encoding: 'utf8' }));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(dir, f));
  for (const ws of wb.worksheets)
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        const v = cell.value as unknown;
        const text = typeof v === 'string' ? v : v && typeof v === 'object' && 'result' in v && typeof (v as { result: unknown }).result === 'string' ? (v as { result: string }).result : '';
        // a clipped cell loses its first lines (centred) or its last lines (top-aligned)
        const all = squash(text);
        for (const [what, part] of [['开头', all.slice(0, 6)], ['末尾', all.slice(-6)]] as const)
          if (part.length >= 4 && !pdf.includes(part)) {
            missing++;
            console.error(`${f} ${ws.name}!${cell.address}: ${what}「${part}」没有印出来（行高不够或被截断）`);
          }
      }),
    );
}
if (missing) process.exit(1);
console.log('每个单元格的文字都完整印出');
