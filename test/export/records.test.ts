import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { fromShanghai } from '../../src/core/time.js';
import { exportWorkbook } from '../../src/export/index.js';
import { T } from '../../src/export/text.js';
import { plan2021, readBook, shown, workedRecords } from './fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function table(ws: ExcelJS.Worksheet, headFirst: string): string[][] {
  const out: string[][] = [];
  let inTable = false;
  ws.eachRow((row) => {
    const first = String(shown(row.getCell(1)) ?? '');
    if (first === headFirst) return void (inTable = true);
    if (inTable) out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return out;
}

describe('上报记录 audit workbook', () => {
  let records: string[][];
  let history: string[][];
  let summary: string;
  beforeAll(async () => {
    const res = await exportWorkbook('records', { plan: plan2021(), records: workedRecords(), now: fromShanghai(2021, 12, 31, 18, 0), outFile: path.join(dir, 'r.xlsx') });
    summary = res.summary;
    const wb = await readBook(res.path);
    records = table(wb.getWorksheet(T.records.sheet)!, '记录编号');
    history = table(wb.getWorksheet(T.records.historySheet)!, '记录编号');
  });

  it('lists every record, withdrawn ones included, with its status and figures', () => {
    expect(records.map((r) => r[0])).toEqual(workedRecords().map((r) => r.id));
    const r6 = records.find((r) => r[0] === 'R2021-0006')!;
    expect(r6.slice(0, 4)).toEqual(['R2021-0006', '已撤销', '2021-06-10', '陈静']);
    expect(r6[8]).toBe('quantity-12.m2 受益人数 5000人次');
  });

  it('writes one history row per change, with the values before an amendment, in Shanghai time', () => {
    expect(history).toHaveLength(9 + 2);
    const amend = history.find((h) => h[0] === 'R2021-0003' && h[3] === '修改')!;
    expect(amend).toEqual(['R2021-0003', '2', '2021-05-06 10:00', '修改', '王芳', 'msg-3b', '更正：4月底支出是110万元', '数量 cost-1.m1 经费支出 100万元']);
    expect(history.find((h) => h[0] === 'R2021-0006' && h[3] === '撤销')![2]).toBe('2021-06-12 09:00');
  });

  it('sums up the counts for the chat reply', () => {
    expect(summary).toBe('2021年度上报记录审计表已生成：共9条记录（有效8条、已撤销1条），修改和撤销2次。');
  });
});
