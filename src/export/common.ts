import type ExcelJS from 'exceljs';
import type { Plan } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import { fromShanghai, shanghaiDay } from '../core/time.js';
import { T } from './text.js';

/** What every export reads. `now` is the cut-off: the monitor's 截止日, the self-evaluation's data date. */
export interface ExportData {
  plan: Plan;
  records: readonly ProgressRecord[];
  now: Date;
}

/** The cut-off day inside the plan year: exporting 2021's self-evaluation in 2022 reads the year to 12月31日. */
export function asOfDay(plan: Plan, now: Date): string {
  const day = shanghaiDay(now);
  const first = `${plan.year}-01-01`;
  const last = `${plan.year}-12-31`;
  return day > last ? last : day < first ? first : day;
}

/** The instant computeProgress should see: the end of the cut-off day (Shanghai). */
export function asOfInstant(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return fromShanghai(y, m, d, 23, 59);
}

/**
 * The records that count for figures "as of" a day: the plan year's, with an activity on or
 * before that day. A June activity reported in July still counts for 1–6月, as the bureau expects.
 */
export function recordsAsOf(plan: Plan, records: readonly ProgressRecord[], day: string): ProgressRecord[] {
  return records.filter((r) => r.planYear === plan.year && r.activityDate <= day);
}







// ---- sheet styling ------------------------------------------------------------------

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
export const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

export function font(opts: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> {
  return { name: T.font, size: 10, ...opts };
}

/** A new sheet laid out for A4 landscape, fitted to the page width (what gets printed and stamped). */
export function addSheet(wb: ExcelJS.Workbook, name: string, widths: number[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true },
  });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

/** The title (merged, bold, centered) and the info line under it; returns the next free row. */
export function writeTitle(ws: ExcelJS.Worksheet, title: string, info: string, cols: number): number {
  ws.mergeCells(1, 1, 1, cols);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = font({ size: 16, bold: true });
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  ws.mergeCells(2, 1, 2, cols);
  const i = ws.getCell(2, 1);
  i.value = info;
  i.font = font();
  i.alignment = { horizontal: 'left', vertical: 'middle' };
  ws.getRow(2).height = 20;
  return 3;
}

/** Writes a row of cells with borders, wrapping and the sheet font; returns the row. */
export function writeRow(ws: ExcelJS.Worksheet, r: number, values: (ExcelJS.CellValue | undefined)[], opts: { head?: boolean; fill?: ExcelJS.Fill } = {}): ExcelJS.Row {
  const row = ws.getRow(r);
  values.forEach((v, k) => {
    const c = row.getCell(k + 1);
    if (v !== undefined) c.value = v;
    c.border = BORDER;
    c.font = font(opts.head ? { bold: true } : {});
    c.alignment = { wrapText: true, vertical: 'middle', horizontal: opts.head ? 'center' : 'left' };
    if (opts.head) c.fill = HEAD_FILL;
    else if (opts.fill) c.fill = opts.fill;
  });
  return row;
}

/** A row height that shows wrapped text: Excel does not grow rows for wrapped text written by a library. */
export function fitHeight(row: ExcelJS.Row, widths: number[]): void {
  let lines = 1;
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    if (cell.isMerged && cell.master !== cell) return;
    const text = typeof cell.value === 'string' ? cell.value : typeof cell.value === 'number' ? String(cell.value) : '';
    const width = widths[col - 1] ?? 10;
    // a CJK character is about two width units at 10 pt
    const n = text.split('\n').reduce((s, part) => s + Math.max(1, Math.ceil(visualWidth(part) / Math.max(1, width - 1))), 0);
    lines = Math.max(lines, n);
  });
  row.height = Math.min(409, Math.max(18, lines * 14 + 4));
}

function visualWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return w;
}



