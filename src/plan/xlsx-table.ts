import ExcelJS from 'exceljs';
import type { Block, Cell, Doc } from './table.js';

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if ('error' in v) return '';
  }
  return String(v);
}

/**
 * An .xlsx table (as the budget system exports it) in the importer's shape: each worksheet row
 * is a row; a cell merged across columns is one cell, a cell merged down rows is an empty cell
 * below its first row. A row with a single filled cell spanning the sheet is a title line.
 */
export async function xlsxToDoc(file: Buffer): Promise<Doc> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const blocks: Block[] = [];
  wb.eachSheet((ws) => {
    const width = ws.columnCount;
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: Cell[] = [];
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c);
        const ref = `${ws.name}!${cell.address}`;
        if (cell.isMerged && cell.master.address !== cell.address) {
          // merged across: part of the cell to its left; merged down: empty below the first row
          if (Number(cell.master.row) === r) continue;
          cells.push({ text: '', ref, line: 0 });
          continue;
        }
        // a percentage is stored as 0.9 with a % format: the table shows 90%
        const v = cell.value;
        const shown = typeof v === 'number' && /%/.test(cell.numFmt ?? '') ? `${Math.round(v * 1e6) / 1e4}%` : cellText(v);
        cells.push({ text: shown.replace(/\r\n/g, '\n').trim(), ref, line: 0 });
      }
      while (cells.length && !cells[cells.length - 1]!.text && !isMergedDown(ws, r, cells[cells.length - 1]!.ref)) cells.pop();
      if (!cells.length) continue;
      const filled = cells.filter((c) => c.text);
      if (filled.length === 1 && filled[0] === cells[0] && spansSheet(ws, r, width))
        blocks.push({ kind: 'para', text: filled[0]?.text ?? '', ref: cells[0]!.ref, line: 0 });
      else blocks.push({ kind: 'row', row: { cells, ref: `${ws.name}!${r}行`, line: 0 } });
    }
  });
  return { blocks };
}

function isMergedDown(ws: ExcelJS.Worksheet, r: number, ref: string): boolean {
  const addr = ref.slice(ref.indexOf('!') + 1);
  const cell = ws.getCell(addr);
  return cell.isMerged && Number(cell.master.row) < r;
}

function spansSheet(ws: ExcelJS.Worksheet, r: number, width: number): boolean {
  const first = ws.getRow(r).getCell(1);
  const last = ws.getRow(r).getCell(width);
  return width > 1 && last.isMerged && last.master.address === first.address;
}
