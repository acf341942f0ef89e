import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { fromShanghai } from '../../src/core/time.js';
import { buildMonitor, exportWorkbook, monitorThrough } from '../../src/export/index.js';
import { T } from '../../src/export/text.js';
import { Evaluator, staleFormulas } from './formula.js';
import { findRow, FORM_SETTINGS, plan2021, readBook, REPORTERS, sheetTexts, shown, spendingYear, workedRecords } from './fixtures.js';

const plan = plan2021();
const dir = mkdtempSync(path.join(tmpdir(), 'monitor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SHEET = T.monitor.sheet;
// funding block columns: 年初 D, 全年（调整）E, 执行数 F, 执行率 G, 全年预计 I, 预警 L
const EXEC = 'F';

async function exportMonitor(now: Date, through?: number): Promise<{ wb: ExcelJS.Workbook; summary: string }> {
  const res = await exportWorkbook('monitor', { plan, records: spendingYear(), now, through, settings: FORM_SETTINGS, outFile: path.join(dir, `m-${through ?? 'default'}-${now.getTime()}.xlsx`) });
  return { wb: await readBook(res.path), summary: res.summary };
}

describe('绩效监控表 exported in August (the month bureaus collect it)', () => {
  let wb: ExcelJS.Workbook;
  let ws: ExcelJS.Worksheet;
  let summary: string;
  beforeAll(async () => {
    ({ wb, summary } = await exportMonitor(fromShanghai(2021, 8, 10, 9, 30)));
    ws = wb.getWorksheet(SHEET)!;
  });

  it('covers January–July, not 1–8月', () => {
    expect(String(shown(ws.getCell('A2')))).toContain('监控期间：2021年1–7月');
    expect(sheetTexts(ws).some((t) => t.includes('1–8月'))).toBe(false);
    expect(sheetTexts(ws)).toContain('1–7月执行数');
    expect(sheetTexts(ws)).toContain('1–7月实际完成值');
    expect(summary).toContain('绩效监控表（1–7月）已生成');
  });

  it('has the title, 填报单位（盖章）, and the signature lines with the configured names and the filing date', () => {
    expect(shown(ws.getCell('A1'))).toBe('2021年度部门（单位）整体绩效运行监控表');
    expect(String(shown(ws.getCell('A2')))).toMatch(/^填报单位（盖章）：北京市西城区科学技术协会/);
    const texts = sheetTexts(ws);
    expect(texts).toContain('单位负责人：张玮');
    expect(texts).toContain('财务负责人：孙丽');
    expect(texts).toContain('填报人：周敏');
    expect(texts).toContain('联系电话：010-83976271');
    expect(texts).toContain('填报日期：2021年8月10日');
  });

  it('fills the funding block by funding source from the running spending figures (worked example)', () => {
    const total = findRow(ws, 1, '年度资金总额');
    const fiscal = findRow(ws, 3, '当年财政拨款');
    const carry = findRow(ws, 3, '上年结转');
    const project = findRow(ws, 3, '项目支出');
    const ev = new Evaluator(wb);
    // 232.5 (上半年累计, replacing 30.2 + 41.5 + 38) + 35.6 (7月) = 268.1, the sum of 250.1 and 18
    expect(ev.value(SHEET, `${EXEC}${total}`)).toBeCloseTo(268.1, 9);
    expect(shown(ws.getCell(`D${total}`))).toBe(540.41);
    expect(shown(ws.getCell(`E${total}`))).toBe(540.41);
    expect(ev.value(SHEET, `G${total}`)).toBeCloseTo(268.1 / 540.41, 9);
    // 268.1 × 12 ÷ 7 = 459.60
    expect(ev.value(SHEET, `I${total}`)).toBe(459.6);
    // (0.4961 ÷ 7/12) = 0.85 → green
    expect(ev.value(SHEET, `L${total}`)).toBe('绿灯');
    expect(ev.value(SHEET, `${EXEC}${fiscal}`)).toBe(250.1);
    expect(ev.value(SHEET, `I${fiscal}`)).toBe(428.74);
    // 上年结转 18 of 20: the projection is capped at the budget
    expect(ev.value(SHEET, `I${carry}`)).toBe(20);
    expect(ev.value(SHEET, `${EXEC}${project}`)).toBe(210);
    // cached results agree with the formulas (what a viewer without recalculation shows)
    for (const c of ['F', 'G', 'I', 'L']) expect(shown(ws.getCell(`${c}${total}`)), c).toEqual(ev.value(SHEET, `${c}${total}`));
  });

  it('recomputes 合计, 执行率, 全年预计 and the light when a filer types a ledger figure into 执行数', () => {
    const total = findRow(ws, 1, '年度资金总额');
    const fiscal = findRow(ws, 3, '当年财政拨款');
    const ev = new Evaluator(wb);
    ev.set(SHEET, `${EXEC}${fiscal}`, 100);
    expect(ev.value(SHEET, `${EXEC}${total}`)).toBe(118);
    expect(ev.value(SHEET, `G${total}`)).toBeCloseTo(118 / 540.41, 9);
    // 118 × 12 ÷ 7 = 202.285… → 202.29; (0.2184 ÷ 0.5833) = 0.37 → red
    expect(ev.value(SHEET, `I${total}`)).toBe(202.29);
    expect(ev.value(SHEET, `L${total}`)).toBe('红灯');
    expect(ev.value(SHEET, `L${fiscal}`)).toBe('红灯');
    // a source with a budget left empty: 合计 is not the sum of the others, but 基本支出 + 项目支出
    ev.set(SHEET, `${EXEC}${findRow(ws, 3, '上年结转')}`, null);
    const basic = findRow(ws, 3, '基本支出');
    const project = findRow(ws, 3, '项目支出');
    expect(ev.value(SHEET, `${EXEC}${total}`)).toBeCloseTo(Number(ev.value(SHEET, `${EXEC}${basic}`)) + Number(ev.value(SHEET, `${EXEC}${project}`)), 6);
    // a filer's correction of 项目支出 moves 合计 too
    ev.set(SHEET, `${EXEC}${project}`, 200);
    expect(ev.value(SHEET, `${EXEC}${total}`)).toBeCloseTo(Number(ev.value(SHEET, `${EXEC}${basic}`)) + 200, 6);
    ev.set(SHEET, `${EXEC}${findRow(ws, 3, '上年结转')}`, 18);
    ev.set(SHEET, `${EXEC}${fiscal}`, 320);
    expect(ev.value(SHEET, `${EXEC}${total}`)).toBe(338);
    // 338 × 12 ÷ 7 = 579.4 > 540.41: capped at the budget
    expect(ev.value(SHEET, `I${total}`)).toBe(540.41);
    expect(ev.value(SHEET, `L${total}`)).toBe('绿灯');
  });

  it('shows the 成本指标 as a ceiling on project spending, following the typed 项目支出', () => {
    const cost = findRow(ws, 2, '成本指标');
    const project = findRow(ws, 3, '项目支出');
    expect(shown(ws.getCell(`D${cost}`))).toBe('项目支出≤240万元');
    const ev = new Evaluator(wb);
    expect(ev.value(SHEET, `E${cost}`)).toBe('210万元');
    // 210 × 12 ÷ 7 = 360 > 240
    expect(ev.value(SHEET, `F${cost}`)).toBe('预计全年约360万元，超出指标值');
    ev.set(SHEET, `${EXEC}${project}`, 100);
    expect(ev.value(SHEET, `E${cost}`)).toBe('100万元');
    expect(ev.value(SHEET, `F${cost}`)).toBe('预计全年约171.43万元，不超过指标值');
    // never divided by the department's whole budget
    expect(sheetTexts(ws).some((t) => /210\s*\/\s*540|38\.86%/.test(t))).toBe(false);
  });

  it('has the 年度总体目标 block with the approved goals', () => {
    const head = findRow(ws, 3, T.form.goalsExpected);
    expect(shown(ws.getCell(`A${head}`))).toBe('年度总体目标');
    for (const [k, g] of plan.goals.entries()) expect(sheetTexts(ws)).toContain(`${k + 1}.${g.text}`);
  });

  it('lists the indicators as approved: 5 进度 rows, qualitative 指标值 in the approved wording', () => {
    const rows: { l2: string; l3: string; target: string }[] = [];
    const first = findRow(ws, 1, '一级指标') + 2;
    const last = findRow(ws, 1, /^单位负责人/) - 2;
    for (let r = first; r <= last; r++) rows.push({ l2: String(shown(ws.getCell(`B${r}`))), l3: String(shown(ws.getCell(`C${r}`))), target: String(shown(ws.getCell(`D${r}`))) });
    expect(rows.filter((r) => r.l2 === '进度指标').map((r) => r.l3.split('：')[0])).toEqual(['第一季度', '第二季度', '第三季度', '第四季度', '全年']);
    // the approved wording of each item, numbered as approved
    expect(rows.find((r) => r.l3.startsWith('第三季度'))!.l3).toBe(`第三季度：${plan.milestones.filter((m) => m.quarter === 'q3').map((m) => `${m.number}.${m.text}`).join('')}`);
    expect(rows.filter((r) => r.l2 === '进度指标').map((r) => r.target)).toEqual(['3月31日前完成（5项）', '6月30日前完成（9项）', '9月30日前完成（4项）', '12月31日前完成（8项）', '12月31日前完成（1项）']);
    expect(rows).toHaveLength(plan.indicators.length + 5);
    expect(rows.some((r) => r.target.includes('定性'))).toBe(false);
    const q1 = rows.find((r) => r.l3 === '群众性科普活动顺利举办')!;
    expect(q1.target).toBe('群众性科普活动顺利举办，对优秀组织单位个人进行表彰。');
  });

  it('judges 按期 against each milestone’s due date', () => {
    const q1 = findRow(ws, 3, /^第一季度：/);
    // 第1项 on 3月20日; 第5项 (筛选协作单位) on 4月12日, after 3月31日
    expect(String(shown(ws.getCell(`E${q1}`)))).toBe('已按期完成1项（第1项）；第5项4月12日完成，晚于3月31日；第2、3、4项到期未见完成');
    const q3 = findRow(ws, 3, /^第三季度：/);
    expect(String(shown(ws.getCell(`E${q3}`)))).toBe('尚未到期（9月30日前完成）');
  });

  it('carries no record ids, staff names, draft marks, system ids or instructions on the form', () => {
    const texts = sheetTexts(ws).join('\n');
    expect(texts).not.toMatch(/R\d{4}-\d{4}/);
    for (const name of REPORTERS) expect(texts, name).not.toContain(name);
    expect(texts).not.toMatch(/草稿|系统编号|请填写|请核对|请按|须填写|依据（|quantity-|schedule-/);
  });

  it('puts the evidence on a second sheet, each line traceable to its record', () => {
    const ev = wb.getWorksheet(T.evidence.sheet)!;
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEET, T.evidence.sheet]);
    const lines: string[][] = [];
    ev.eachRow((row, n) => {
      if (n > 3) lines.push([1, 2, 3, 4, 5, 6, 7, 8].map((c) => String(shown(row.getCell(c)) ?? '')));
    });
    const ids = new Set(spendingYear().map((r) => r.id));
    for (const l of lines) if (l[2]) expect(ids.has(l[2]), l[2]).toBe(true);
    // the level counts, the increments before it are inside it
    const total = lines.filter((l) => l[0] === '资金：年度资金总额');
    expect(total.find((l) => l[2] === 'R2021-0006')!.slice(3, 7)).toEqual(['刘洋', '2021-06-30', '232.5万元', '累计数，计入']);
    expect(total.find((l) => l[2] === 'R2021-0003')![6]).toBe('新增，已含在其后的累计数中');
    expect(total.find((l) => l[2] === 'R2021-0007')![6]).toBe('新增，计入');
    // the withdrawn record is nowhere
    expect(lines.some((l) => l[2] === 'R2021-0010')).toBe(false);
    // 筛选协作单位 is evidence for its 进度 item (late), not for 学术月 or 协作中心
    const r14 = lines.filter((l) => l[2] === 'R2021-0014');
    expect(r14.map((l) => l[0])).toEqual(['进度指标 第一季度第5项']);
    expect(r14[0]![6]).toBe('逾期');
    expect(r14[0]![1]).toContain('4月12日完成，晚于3月31日');
    // the committee meeting is evidence for 数量指标6 (召开科协委员会)
    expect(lines.some((l) => l[0] === '数量指标6' && l[2] === 'R2021-0012')).toBe(true);
  });

  it('prints on A4 landscape at 100 % with the header rows repeated and page numbers', () => {
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.scale).toBe(100);
    expect(ws.pageSetup.fitToPage).toBeFalsy();
    const head = findRow(ws, 1, '一级指标');
    expect(ws.pageSetup.printTitlesRow).toBe(`${head}:${head + 1}`);
    expect(ws.headerFooter.oddFooter).toBe('&C第 &P 页 共 &N 页');
    let smallest = 99;
    ws.eachRow((row) => row.eachCell((c) => (smallest = Math.min(smallest, c.font?.size ?? 99))));
    expect(smallest).toBeGreaterThanOrEqual(9);
  });
});

describe('绩效监控表 cached results', () => {
  it('agree with the formulas, for complete, partial and legacy spending figures', async () => {
    for (const [records, through] of [[spendingYear(), 7], [spendingYear(), 6], [spendingYear(), 5], [workedRecords(), 6], [[], 7]] as const) {
      const res = await exportWorkbook('monitor', { plan, records, now: fromShanghai(2021, 8, 10), through, settings: FORM_SETTINGS, outFile: path.join(dir, `c-${through}-${records.length}.xlsx`) });
      const wb = await readBook(res.path);
      expect(staleFormulas(wb, SHEET), `${records.length} records, 1–${through}月`).toEqual([]);
    }
  });

  it('never divides project spending reported under the 成本指标 by the whole budget', async () => {
    const res = await exportWorkbook('monitor', { plan, records: workedRecords(), now: fromShanghai(2021, 8, 10), through: 6, outFile: path.join(dir, 'legacy.xlsx') });
    const wb = await readBook(res.path);
    const ws = wb.getWorksheet(SHEET)!;
    const ev = new Evaluator(wb);
    expect(ev.value(SHEET, `${EXEC}${findRow(ws, 3, '项目支出')}`)).toBe(216.16);
    expect(ev.value(SHEET, `${EXEC}${findRow(ws, 1, '年度资金总额')}`)).toBe('');
    expect(ev.value(SHEET, `G${findRow(ws, 1, '年度资金总额')}`)).toBe('');
  });
});

describe('绩效监控表 period', () => {
  it('covers the month asked for, with figures as of its last day', async () => {
    const { wb } = await exportMonitor(fromShanghai(2021, 8, 10, 9, 30), 6);
    const ws = wb.getWorksheet(SHEET)!;
    expect(String(shown(ws.getCell('A2')))).toContain('监控期间：2021年1–6月');
    const total = findRow(ws, 1, '年度资金总额');
    const ev = new Evaluator(wb);
    // at 6月30日 the level is 232.5; no source figures yet, so 合计 falls back to the reported total
    expect(ev.value(SHEET, `${EXEC}${total}`)).toBe(232.5);
    // 232.5 × 12 ÷ 6 = 465
    expect(ev.value(SHEET, `I${total}`)).toBe(465);
    // typing the sources still recomputes 合计
    ev.set(SHEET, `${EXEC}${findRow(ws, 3, '当年财政拨款')}`, 200);
    ev.set(SHEET, `${EXEC}${findRow(ws, 3, '上年结转')}`, 15);
    expect(ev.value(SHEET, `${EXEC}${total}`)).toBe(215);
  });

  it('adds the monthly increments before any level is reported (1–5月)', () => {
    const m = buildMonitor({ plan, records: spendingYear(), now: fromShanghai(2021, 8, 10), through: 5, settings: FORM_SETTINGS });
    expect(m.cutoff).toBe('2021-05-31');
    // 30.2 + 41.5 (the amended 2月 figure) + 38
    expect(m.funding.total.executed).toBe(109.7);
  });

  it('defaults to 7, never to a month not yet over, and follows the configured month', () => {
    expect(monitorThrough(plan, fromShanghai(2021, 8, 10))).toBe(7);
    expect(monitorThrough(plan, fromShanghai(2021, 9, 30))).toBe(7);
    expect(monitorThrough(plan, fromShanghai(2021, 7, 20))).toBe(6);
    expect(monitorThrough(plan, fromShanghai(2021, 7, 31, 20))).toBe(7);
    expect(monitorThrough(plan, fromShanghai(2021, 9, 30), undefined, 8)).toBe(8);
    expect(monitorThrough(plan, fromShanghai(2021, 8, 10), 3)).toBe(3);
  });
});
