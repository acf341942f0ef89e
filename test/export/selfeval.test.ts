import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { fromShanghai } from '../../src/core/time.js';
import { buildSelfEval, exportWorkbook, gradeOf, parseWeights } from '../../src/export/index.js';
import { largestRemainder } from '../../src/export/approved.js';
import { T } from '../../src/export/text.js';
import { Evaluator, staleFormulas } from './formula.js';
import { findRow, FORM_SETTINGS, plan2021, readBook, REPORTERS, sheetTexts, shown, spendingYear } from './fixtures.js';

const plan = plan2021();
const dir = mkdtempSync(path.join(tmpdir(), 'selfeval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SHEET = T.selfeval.sheet;
const CALC = T.selfeval.calcSheet;
// indicator table: 分值 F, 得分 G; funding block: 执行数 F, 分值 H, 执行率 I, 得分 J
const now = fromShanghai(2022, 1, 15, 10, 0);

describe('绩效自评表', () => {
  let wb: ExcelJS.Workbook;
  let ws: ExcelJS.Worksheet;
  let first: number;
  let last: number;
  beforeAll(async () => {
    const res = await exportWorkbook('selfeval', { plan, records: spendingYear(), now, settings: FORM_SETTINGS, outFile: path.join(dir, 'se.xlsx') });
    wb = await readBook(res.path);
    ws = wb.getWorksheet(SHEET)!;
    first = findRow(ws, 1, '一级指标') + 1;
    last = findRow(ws, 1, T.selfeval.total) - 1;
  });

  it('has the title, 填报单位, funding block, 年度总体目标 and signature lines', () => {
    expect(shown(ws.getCell('A1'))).toBe('2021年度部门（单位）整体支出绩效自评表');
    expect(String(shown(ws.getCell('A2')))).toMatch(/^填报单位（盖章）：北京市西城区科学技术协会.*评价年度：2021年/);
    const texts = sheetTexts(ws);
    for (const t of ['年初预算数', '全年（调整）预算数', '全年执行数', '当年财政拨款', '上年结转', '其他资金', '年度总体目标', '预期目标', '实际完成情况'])
      expect(texts, t).toContain(t);
    for (const t of ['单位负责人：张玮', '财务负责人：孙丽', '填报人：周敏', '联系电话：010-83976271', '填报日期：2022年1月15日']) expect(texts).toContain(t);
  });

  it('gives whole-number 分值 that add up to exactly 100, and to each block’s weight', () => {
    const ev = new Evaluator(wb);
    const weights: number[] = [];
    const byBlock = new Map<string, number>();
    for (let r = first; r <= last; r++) {
      const w = shown(ws.getCell(`F${r}`)) as number;
      expect(Number.isInteger(w), `row ${r}`).toBe(true);
      weights.push(w);
      const l1 = String(shown(ws.getCell(`A${r}`)));
      byBlock.set(l1, (byBlock.get(l1) ?? 0) + w);
    }
    const budgetRow = findRow(ws, 1, '年度资金总额');
    expect(shown(ws.getCell(`H${budgetRow}`))).toBe(10);
    expect(shown(ws.getCell(`I${budgetRow}`))).toBeCloseTo(268.1 / 540.41, 9);
    expect(weights.reduce((a, b) => a + b, 0) + 10).toBe(100);
    expect(Object.fromEntries(byBlock)).toEqual({ 产出指标: 50, 效益指标: 30, 满意度指标: 10 });
    expect(ev.value(SHEET, `F${last + 1}`)).toBe(100);
    // 50 over 32 rows: 18 rows of 2 and 14 of 1, never 1.56
    expect(weights.filter((w) => w === 2)).toHaveLength(18);
  });

  it('writes cached results that agree with the formulas, on the form and the scoring sheet', () => {
    expect(staleFormulas(wb, SHEET)).toEqual([]);
    expect(staleFormulas(wb, CALC)).toEqual([]);
  });

  it('reads 待评 for the total and the grade while any score is empty, never 差', () => {
    const ev = new Evaluator(wb);
    expect(ev.value(SHEET, `G${last + 1}`)).toBe('待评');
    expect(ev.value(SHEET, `F${last + 2}`)).toBe('待评');
    expect(shown(ws.getCell(`G${last + 1}`))).toBe('待评');
    expect(sheetTexts(ws)).not.toContain('差');
  });

  it('totals and grades once people fill the empty scores, by formula', () => {
    const ev = new Evaluator(wb);
    let filled = 0;
    let sum = Number(ev.value(SHEET, `J${findRow(ws, 1, '年度资金总额')}`));
    for (let r = first; r <= last; r++) {
      const v = ev.value(SHEET, `G${r}`);
      if (v === null || v === '') {
        // full marks for every 定性 row
        const w = shown(ws.getCell(`F${r}`)) as number;
        ev.set(SHEET, `G${r}`, w);
        sum += w;
        filled++;
      } else sum += Number(v);
    }
    expect(filled).toBeGreaterThan(20);
    const total = ev.value(SHEET, `G${last + 1}`) as number;
    expect(total).toBeCloseTo(sum, 6);
    expect(ev.value(SHEET, `F${last + 2}`)).toBe(gradeOf(total));
  });

  it('scores the budget and measured rows by formula, worked by hand', () => {
    const ev = new Evaluator(wb);
    const budgetRow = findRow(ws, 1, '年度资金总额');
    // no spending reported after July: 268.1 of 540.41 → 49.61 % × 10 = 4.96
    expect(ev.value(SHEET, `F${budgetRow}`)).toBeCloseTo(268.1, 9);
    expect(ev.value(SHEET, `J${budgetRow}`)).toBe(4.96);
    // 数量指标1: 2100 of ≥2000 → full marks
    const q1 = findRow(ws, 3, /^举办西城区“全国科技工作者日”/);
    expect(ev.value(SHEET, `G${q1}`)).toBe(shown(ws.getCell(`F${q1}`)));
    // 数量指标2: 1 of 2 次 → half of its 分值
    const q2 = findRow(ws, 3, '开展学术月交流活动2次。');
    expect(ev.value(SHEET, `G${q2}`)).toBe(Math.round((shown(ws.getCell(`F${q2}`)) as number) * 0.5 * 100) / 100);
    // the shortfall opens 偏差原因分析; the reasons are for people
    expect(shown(ws.getCell(`H${q2}`))).toBe('学术月交流活动完成1次，低于指标值2次');
    expect(shown(ws.getCell(`H${q1}`)) ?? '').toBe('');
    // 成本指标: 项目支出 210 ≤ 240 → full marks; a typed 项目支出 of 300 gives 240/300 of it
    const cost = findRow(ws, 2, '成本指标');
    const w = shown(ws.getCell(`F${cost}`)) as number;
    expect(ev.value(SHEET, `G${cost}`)).toBe(w);
    ev.set(SHEET, `F${findRow(ws, 3, '项目支出')}`, 300);
    expect(ev.value(SHEET, `E${cost}`)).toBe('300万元');
    expect(ev.value(SHEET, `G${cost}`)).toBe(Math.round(w * 0.8 * 100) / 100);
    // a typed 执行数 rescored the budget row: 当年财政拨款 500 + 上年结转 18 = 518 → 95.85 % → 9.59
    ev.set(SHEET, `F${findRow(ws, 3, '当年财政拨款')}`, 500);
    expect(ev.value(SHEET, `F${budgetRow}`)).toBe(518);
    expect(ev.value(SHEET, `J${budgetRow}`)).toBe(9.59);
  });

  it('scores 进度 rows by milestones done by their due dates', () => {
    const ev = new Evaluator(wb);
    const q1 = findRow(ws, 4, '3月31日前完成（5项）');
    const w = shown(ws.getCell(`F${q1}`)) as number;
    // only 第1项 on time (第5项 was late): 1 of 5
    expect(ev.value(SHEET, `G${q1}`)).toBe(Math.round(((w * 1) / 5) * 100) / 100);
    // correcting 按期 on the scoring sheet rescores
    const calc = wb.getWorksheet(CALC)!;
    const late = findRow(calc, 2, /^5\.筛选部分大型专题活动协作单位/);
    expect(shown(calc.getCell(`D${late}`))).toBe('2021-04-12');
    ev.set(CALC, `E${late}`, 1);
    expect(ev.value(SHEET, `G${q1}`)).toBe(Math.round(((w * 2) / 5) * 100) / 100);
  });

  it('shows qualitative 指标值 in the approved wording and leaves their 得分 to people', () => {
    const r = findRow(ws, 3, '学术月交流活动顺利举办');
    expect(shown(ws.getCell(`D${r}`))).toBe('学术月交流活动顺利举办，对专题性学术问题进行深入交流。');
    expect(shown(ws.getCell(`G${r}`)) ?? null).toBeNull();
    // the 学术交流月 report supports it; 筛选协作单位 (a 一季度 item linked to it in the plan) does not
    expect(shown(ws.getCell(`E${r}`))).toBe('已开展：开展学术交流月工作（10月20日）');
    const ev = wb.getWorksheet(T.evidence.sheet)!;
    const ids: string[] = [];
    ev.eachRow((row) => {
      if (shown(row.getCell(1)) === '质量指标3') ids.push(String(shown(row.getCell(3))));
    });
    expect(ids).toEqual(['R2021-0013']);
    expect(sheetTexts(ws).some((t) => t === '定性' || t.includes('定性指标'))).toBe(false);
  });

  it('carries no record ids, staff names, draft marks, system ids or instructions on the form', () => {
    const texts = sheetTexts(ws).join('\n');
    expect(texts).not.toMatch(/R\d{4}-\d{4}/);
    for (const name of REPORTERS) expect(texts, name).not.toContain(name);
    expect(texts).not.toMatch(/草稿|系统编号|请评定|请填写|请核对|请按|须填写|依据（|quantity-|schedule-|待人工/);
  });

  it('keeps the scoring figures and the evidence on their own sheets', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEET, CALC, T.evidence.sheet]);
    const ev = wb.getWorksheet(T.evidence.sheet)!;
    const lines: string[][] = [];
    ev.eachRow((row, n) => {
      if (n > 3) lines.push([1, 2, 3, 4, 5, 6, 7].map((c) => String(shown(row.getCell(c)) ?? '')));
    });
    expect(lines.find((l) => l[0] === '数量指标1' && l[2] === 'R2021-0001')!.slice(3, 6)).toEqual(['李强', '2021-05-30', '2100人次']);
    expect(lines.find((l) => l[0] === '服务对象满意度指标1' && l[2] === 'R2021-0009')![6]).toBe('累计数，计入');
    expect(lines.some((l) => l[2] === 'R2021-0010')).toBe(false);
  });
});

describe('分值 rounding', () => {
  it('splits a block into whole points that add up exactly (largest remainder)', () => {
    expect(largestRemainder([1, 1, 1, 1, 1, 1, 1], 30)).toEqual([5, 5, 4, 4, 4, 4, 4]);
    expect(largestRemainder([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(largestRemainder([5, 1, 1, 1], 20)).toEqual([13, 3, 2, 2]);
    const many = largestRemainder(Array(32).fill(1), 50);
    expect(many.reduce((a, b) => a + b, 0)).toBe(50);
    expect(many.every((x) => Number.isInteger(x))).toBe(true);
  });

  it('keeps configured item weights and rounds the rest of the block', () => {
    const weights = parseWeights('{"budget":20,"output":40,"benefit":30,"satisfaction":10,"items":{"cost-1":5,"schedule":10}}');
    const m = buildSelfEval({ plan, records: spendingYear(), now, weights });
    expect(m.rows.find((r) => r.key === 'cost-1')!.weight).toBe(5);
    expect(m.rows.filter((r) => r.key.startsWith('schedule-')).reduce((a, r) => a + r.weight, 0)).toBe(10);
    expect(m.rows.filter((r) => r.level1 === '产出指标').reduce((a, r) => a + r.weight, 0)).toBe(40);
    expect(m.rows.every((r) => Number.isInteger(r.weight))).toBe(true);
    expect(m.total).toBeNull();
    expect(m.grade).toBeNull();
  });
});
