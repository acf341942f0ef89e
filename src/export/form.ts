import type ExcelJS from 'exceljs';
import type { Plan } from '../plan/schema.js';
import { formatFullDay } from '../core/time.js';
import type { Signatures } from './settings.js';
import { T } from './text.js';
import type { Funding, FundingCell } from './money.js';

/**
 * Layout shared by the fileable forms: A4 landscape at 100 % (so 10 pt prints as 10 pt), the
 * header rows repeated on every page, wrapped text in rows tall enough to show it, and
 * "第 N 页 共 M 页" in the footer.
 */
const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
export const BODY_PT = 10;
const FONT = T.font;

export interface CellOpts {
  /** merge to this column (inclusive) */
  to?: number;
  /** merge down to this row (inclusive) */
  down?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  numFmt?: string;
  size?: number;
  border?: boolean;
  /** a list to choose from (data validation) */
  choices?: readonly string[];
}

export type Formula = { formula: string; result: string | number };

export class FormSheet {
  readonly ws: ExcelJS.Worksheet;
  private lines = new Map<number, number>();

  constructor(
    wb: ExcelJS.Workbook,
    name: string,
    readonly widths: readonly number[],
    opts: { fit?: boolean } = {},
  ) {
    this.ws = wb.addWorksheet(name, {
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        // fileable sheets print at 100 %: the columns are sized to the A4 width
        ...(opts.fit ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 } : { scale: 100, fitToPage: false }),
        horizontalCentered: true,
        margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.2, footer: 0.25 },
      },
      headerFooter: { oddFooter: T.form.footer, evenFooter: T.form.footer },
    });
    this.ws.columns = widths.map((width) => ({ width }));
  }

  get cols(): number {
    return this.widths.length;
  }

  cell(r: number, c: number, value: ExcelJS.CellValue | Formula | undefined, o: CellOpts = {}): ExcelJS.Cell {
    const to = o.to ?? c;
    const down = o.down ?? r;
    if (to > c || down > r) this.ws.mergeCells(r, c, down, to);
    const cell = this.ws.getCell(r, c);
    if (value !== undefined && value !== null) cell.value = value as ExcelJS.CellValue;
    const size = o.size ?? BODY_PT;
    cell.font = { name: FONT, size, bold: o.bold ?? false };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: o.align ?? 'left' };
    if (o.numFmt) cell.numFmt = o.numFmt;
    if (o.border !== false)
      for (let rr = r; rr <= down; rr++) for (let cc = c; cc <= to; cc++) this.ws.getCell(rr, cc).border = BORDER;
    if (o.choices)
      cell.dataValidation = { type: 'list', allowBlank: true, formulae: [`"${o.choices.join(',')}"`], showErrorMessage: true, errorTitle: '请从列表中选择', error: o.choices.join(' / ') };
    // the row must be tall enough for the wrapped text
    const width = this.widths.slice(c - 1, to).reduce((s, w) => s + w, 0);
    const text = shownText(value);
    if (text) {
      const n = text.split('\n').reduce((s, part) => s + Math.max(1, Math.ceil((visualWidth(part) * size) / BODY_PT / Math.max(1, width - 0.8))), 0);
      const perRow = Math.ceil((n * size) / BODY_PT / (down - r + 1));
      this.lines.set(r, Math.max(this.lines.get(r) ?? 1, perRow));
    }
    return cell;
  }

  /** A row of cells from column 1, each spanning `spans[k]` columns. */
  row(r: number, values: (ExcelJS.CellValue | Formula | undefined)[], spans: readonly number[], o: CellOpts = {}): void {
    let c = 1;
    values.forEach((v, k) => {
      const span = spans[k] ?? 1;
      this.cell(r, c, v, { ...o, to: c + span - 1 });
      c += span;
    });
  }

  minHeight(r: number, points: number): void {
    this.lines.set(r, Math.max(this.lines.get(r) ?? 1, Math.ceil((points - 6) / 15)));
  }

  /** Sets the row heights the text needs (LibreOffice and Excel do not grow rows written by a library). */
  finish(): void {
    for (const [r, n] of this.lines) {
      const row = this.ws.getRow(r);
      row.height = Math.min(409, Math.max(row.height ?? 0, n * 14.5 + 6));
    }
  }
}

function shownText(v: ExcelJS.CellValue | Formula | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return v.toFixed(2);
  if (typeof v === 'object' && 'formula' in v) return typeof v.result === 'number' ? v.result.toFixed(2) : String(v.result ?? '');
  return '';
}

/** Width in column units at 10 pt, as LibreOffice lays the sheet out: a CJK character ≈ 1.75, a digit ≈ 0.9 (measured on rendered pages). */
export function visualWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 1.75 : 0.9;
  return w;
}

/** Title and the 填报单位 line; returns the next row. */
export function writeFormHead(sheet: FormSheet, title: string, period: string, unit: string): number {
  sheet.cell(1, 1, title, { to: sheet.cols, bold: true, size: 16, align: 'center', border: false });
  sheet.minHeight(1, 32);
  sheet.cell(2, 1, T.form.unitLine(unit, period), { to: sheet.cols, border: false });
  sheet.minHeight(2, 22);
  return 3;
}

/** 年度总体目标: 预期目标 (the approved goals, one per row) | 实际完成情况 (for the filer). */
export function writeGoals(sheet: FormSheet, r: number, plan: Plan, split: { label: number; expected: number }): number {
  const { label, expected } = split;
  const actualFrom = label + expected + 1;
  sheet.cell(r, 1, T.form.goals, { to: label, bold: true, align: 'center' });
  sheet.cell(r, label + 1, T.form.goalsExpected, { to: label + expected, bold: true, align: 'center' });
  sheet.cell(r, actualFrom, T.form.goalsActual, { to: sheet.cols, bold: true, align: 'center' });
  r++;
  const goals = plan.goals.length ? plan.goals.map((g, k) => `${k + 1}.${g.text}`) : [plan.goalsIntro];
  const first = r;
  for (const g of goals) {
    sheet.cell(r, label + 1, g, { to: label + expected });
    sheet.cell(r, actualFrom, '', { to: sheet.cols });
    r++;
  }
  sheet.cell(first, 1, T.form.goals, { to: label, down: r - 1, align: 'center' });
  sheet.ws.getCell(first, 1).alignment = { wrapText: true, vertical: 'top', horizontal: 'center' };
  return r;
}

/** Columns where the width reaches each fraction: the starts of `parts` equal-width spans. */
function spanStarts(widths: readonly number[], parts: number): number[] {
  const total = widths.reduce((a, b) => a + b, 0);
  const starts = [1];
  let acc = 0;
  for (let c = 1; c <= widths.length && starts.length < parts; c++) {
    acc += widths[c - 1]!;
    if (acc >= (total * starts.length) / parts - 1e-9 && c < widths.length) starts.push(c + 1);
  }
  return starts;
}

/** 单位负责人 / 财务负责人 / 填报人 / 联系电话 / 填报日期 under the table, with room to sign. */
export function writeSignatures(sheet: FormSheet, r: number, sig: Signatures, day: string): number {
  const [head, finance, preparer, phone, date] = T.form.signature;
  const cols = sheet.cols;
  const blankName = (name: string) => name || '　'.repeat(6);
  const put = (row: number, texts: string[]) => {
    const starts = spanStarts(sheet.widths, texts.length);
    texts.forEach((t, k) => sheet.cell(row, starts[k]!, t, { to: (starts[k + 1] ?? cols + 1) - 1, border: false }));
    sheet.minHeight(row, 30);
  };
  put(r, [`${head}${blankName(sig.unitHead)}`, `${finance}${blankName(sig.financeHead)}`, `${preparer}${blankName(sig.preparer)}`]);
  put(r + 1, [`${phone}${sig.phone}`, `${date}${formatFullDay(day)}`, '']);
  return r + 2;
}

/** Column letter(s) of a 1-based column index. */
export function col(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const ref = (c: number, r: number) => `${col(c)}${r}`;

/**
 * 合计's 执行数: the sum of the funding-source rows once each row with a budget has a figure; else
 * the sum of 基本支出 and 项目支出 once both have one; else the reported total. A filer who types a
 * figure into any of those rows sees 合计, 执行率, 预警 and the score follow.
 */
export function totalFormula(f: Funding, c: number, sourceRows: number[], lineRows: number[] = []): Formula | number | null {
  const range = `${ref(c, sourceRows[0]!)}:${ref(c, sourceRows[sourceRows.length - 1]!)}`;
  const cells = (['fiscal', 'carryover', 'other'] as const).map((k) => f.sources[k]);
  const complete = cells.some((x) => x.executed !== null) && cells.every((x) => x.executed !== null || (x.budget === 0 && x.adjusted === 0));
  if (f.total.fromSources || !complete || lineRows.length) {
    const filled = sourceRows.map((r) => `OR(N(${ref(4, r)})+N(${ref(5, r)})=0,ISNUMBER(${ref(c, r)}))`).join(',');
    const fallback = !f.total.fromSources && f.total.executed !== null ? String(f.total.executed) : '""';
    const byLines =
      lineRows.length === 2 ? `IF(AND(${lineRows.map((r) => `ISNUMBER(${ref(c, r)})`).join(',')}),${lineRows.map((r) => ref(c, r)).join('+')},${fallback})` : fallback;
    return { formula: `IF(AND(COUNT(${range})>0,${filled}),SUM(${range}),${byLines})`, result: f.total.executed ?? '' };
  }
  return f.total.executed;
}

/**
 * The funding block both forms share: 年度资金总额 (its 执行数 a formula over the rows below),
 * the rows by funding source, then by budget line. `row` writes one row's cells; `onTotal` adds
 * what one form has on the total row only. Returns the next free row and the budget-line rows.
 */
export function writeFundingRows(
  s: FormSheet,
  r: number,
  f: Funding,
  execCol: number,
  row: (r: number, c: FundingCell, exec: ExcelJS.CellValue | Formula) => void,
  onTotal: (r: number) => void = () => {},
): { next: number; lineRows: Partial<Record<'basic' | 'project', number>> } {
  const sourceRows = [r + 1, r + 2, r + 3];
  const lines = (['basic', 'project'] as const).filter((k) => f.lines[k]);
  s.cell(r, 1, T.form.fundingTotal, { to: 3, align: 'center' });
  row(r, f.total, totalFormula(f, execCol, sourceRows, lines.map((_, i) => sourceRows[2]! + 1 + i)));
  onTotal(r);
  r++;
  s.cell(r, 1, T.form.bySource, { to: 2, down: r + 2, align: 'center' });
  for (const k of ['fiscal', 'carryover', 'other'] as const) {
    s.cell(r, 3, T.form.sources[k]);
    row(r, f.sources[k], f.sources[k].executed ?? null);
    r++;
  }
  const lineRows: Partial<Record<'basic' | 'project', number>> = {};
  if (lines.length) {
    s.cell(r, 1, T.form.byLine, { to: 2, down: r + lines.length - 1, align: 'center' });
    for (const k of lines) {
      s.cell(r, 3, T.form.lines[k]);
      row(r, f.lines[k]!, f.lines[k]!.executed ?? null);
      lineRows[k] = r;
      r++;
    }
  }
  return { next: r, lineRows };
}
