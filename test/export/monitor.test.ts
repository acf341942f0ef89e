import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { fromShanghai } from '../../src/core/time.js';
import { exportWorkbook } from '../../src/export/index.js';
import { T } from '../../src/export/text.js';
import { plan2021, readBook, rowByLabel, rowsById, shown, workedRecords } from './fixtures.js';

const plan = plan2021();
const dir = mkdtempSync(path.join(tmpdir(), 'monitor-'));
let ws: ExcelJS.Worksheet;
let rows: Map<string, ExcelJS.Row>;
let summary: string;
const ID = 15;
const ACTUAL = 5;
const PROJECTION = 6;
const EXPLAIN = 12;
const LIKELY = 13;
const REMARK = 14;
/** 2021-01-01 … 2021-06-30 is 181 of 365 days */
const share = 181 / 365;

beforeAll(async () => {
  // Arrange: the worked example, cut off at 6月30日 (a Shanghai date, whatever TZ the test runs in)
  const out = path.join(dir, '监控表.xlsx');
  // Act
  const res = await exportWorkbook('monitor', { plan, records: workedRecords(), now: fromShanghai(2021, 6, 30, 17, 0), outFile: out });
  summary = res.summary;
  const wb = await readBook(res.path);
  ws = wb.getWorksheet(T.monitor.sheet)!;
  rows = rowsById(ws, ID);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (id: string, col: number) => String(shown(rows.get(id)!.getCell(col)) ?? '');

describe('绩效监控表', () => {
  it('has a title with the year, and the department and cut-off date under it', () => {
    expect(shown(ws.getCell('A1'))).toBe('2021年度部门（单位）整体绩效运行监控表');
    expect(String(shown(ws.getCell('A2')))).toContain('北京市西城区科学技术协会');
    expect(String(shown(ws.getCell('A2')))).toContain('1–6月（截至6月30日）');
  });

  it('lists every indicator and every milestone of the plan once, by id, with its 三级指标 text', () => {
    for (const ind of plan.indicators) {
      expect(rows.has(ind.id), ind.id).toBe(true);
      expect(text(ind.id, 3)).toContain(ind.name.replace(/…$/, ''));
      expect(text(ind.id, 1)).toBe(ind.level1);
    }
    for (const m of plan.milestones) expect(text(m.id, 2)).toBe('进度指标');
    expect(rows.size).toBe(plan.indicators.length + plan.milestones.length);
  });

  it('fills the funding block from the latest spending report: 执行数, 执行率, 全年预计执行数 and the warning light', () => {
    const total = rowByLabel(ws, '资金总额');
    expect(shown(total.getCell(2))).toBe(540.41);
    expect(shown(total.getCell(3))).toBe(216.16);
    expect(shown(total.getCell(4))).toBeCloseTo(216.16 / 540.41, 10);
    // projected from the share of the year elapsed: 216.16 ÷ (181/365) = 435.90
    expect(shown(total.getCell(5))).toBe(Math.round((216.16 / share) * 100) / 100);
    // (0.39999 ÷ 0.4959) = 0.807 → at least 80 %: green
    expect(shown(total.getCell(6))).toBe(T.monitor.warning.green);
    expect(String(shown(total.getCell(7)))).toContain('R2021-0004 张伟 6月25日 216.16万元');
    expect(shown(rowByLabel(ws, '项目支出').getCell(2))).toBe(446);
  });

  it('heads the indicator table with the months covered and the 偏差原因分析 ticks', () => {
    let head: ExcelJS.Row | undefined;
    ws.eachRow((r) => {
      if (!head && shown(r.getCell(1)) === '一级指标') head = r;
    });
    expect(shown(head!.getCell(5))).toBe('1–6月实际完成值');
    const ticks = ws.getRow(head!.number + 1);
    expect([7, 8, 9, 10, 11].map((c) => shown(ticks.getCell(c)))).toEqual(['经费保障', '制度保障', '人员保障', '硬件条件保障', '其他']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: head!.number + 1 });
  });

  it('reports a met target with its figure, 已完成, 确定能 and the record behind it', () => {
    expect(text('quantity-1', 4)).toBe('受益人数 ≥2000人次');
    expect(text('quantity-1', ACTUAL)).toBe('受益人数 2100人次（105%）');
    expect(text('quantity-1', PROJECTION)).toBe('受益人数：已完成');
    expect(text('quantity-1', LIKELY)).toBe('确定能');
    expect(text('quantity-1', REMARK)).toBe('受益人数：R2021-0001 李强 5月30日 2100人次');
  });

  it('projects a partly done target from the calendar: 3期 of ≥6期 at half the year → about 6.05期', () => {
    expect(text('quantity-8', ACTUAL)).toBe('宣传刊物 3期（50%）\n科普活动信息 40期（40%）');
    const p1 = Math.round((3 / share) * 100) / 100;
    const p2 = Math.round((40 / share) * 100) / 100;
    expect(text('quantity-8', PROJECTION)).toBe(`宣传刊物：预计可以完成（约${p1}期）\n科普活动信息：预计完成约${p2}期（81%），存在差距`);
  });

  it('leaves 偏差原因 and 完成目标可能性 blank and marked yellow for people where an indicator is behind', () => {
    // quantity-12: nothing counted (its only report was withdrawn) though half the year is gone
    expect(text('quantity-12', ACTUAL)).toBe('街道 暂无上报\n受益人数 暂无上报');
    expect(text('quantity-12', EXPLAIN)).toBe(T.monitor.pleaseFill);
    expect(text('quantity-12', LIKELY)).toBe('');
    const fill = rows.get('quantity-12')!.getCell(LIKELY).fill as ExcelJS.FillPattern;
    expect(fill.fgColor?.argb).toBe('FFFFF2CC');
    expect(rows.get('quantity-12')!.getCell(LIKELY).dataValidation).toMatchObject({ type: 'list', formulae: ['"确定能,有可能,完全不可能"'] });
    expect(text('quantity-12', REMARK)).not.toContain('R2021-0006');
  });

  it('leaves an on-track row unmarked', () => {
    expect(text('quantity-1', EXPLAIN)).toBe('');
    expect((rows.get('quantity-1')!.getCell(LIKELY).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe('FFFFF2CC');
  });

  it('counts only activities up to the cut-off: the 7月15日 report is not in 1–6月', () => {
    expect(text('quantity-13', ACTUAL)).toBe('区学协会 暂无上报\n受益人数 暂无上报');
  });

  it('leaves 完成目标可能性 to people when the projection misses a target, even on pace', () => {
    // quantity-8.m2: 40 of ≥100 at half the year projects to about 81
    expect(text('quantity-8', LIKELY)).toBe('');
    // cost-1: 216.16 of ≤240万元 by 6月30日 projects to about 435.9万元
    expect(text('cost-1', PROJECTION)).toBe(`经费支出：预计全年约${Math.round((216.16 / share) * 100) / 100}万元，可能超出指标值`);
    expect(text('cost-1', LIKELY)).toBe('');
  });

  it('shows the spending ceiling with the amended and latest reports as evidence', () => {
    expect(text('cost-1', ACTUAL)).toBe('经费支出 216.16万元');
    expect(text('cost-1', REMARK)).toBe('经费支出：R2021-0003 张伟 4月30日 110万元；R2021-0004 张伟 6月25日 216.16万元');
  });

  it('judges a 定性指标 by its milestones: none overdue at the end of June → on plan, with the record that names it', () => {
    expect(text('quantity-6', 4)).toBe('定性指标（达成/部分达成/未达成）');
    expect(text('quantity-6', ACTUAL)).toContain('召开科协委员会，审议2020年工作报告及2021年工作安排（已完成）');
    expect(text('quantity-6', PROJECTION)).toBe('相关进度节点已完成1/3，按计划推进');
    expect(text('quantity-6', REMARK)).toBe('R2021-0008 赵敏 3月20日');
  });

  it('marks milestones done with their evidence, and overdue ones for people', () => {
    expect(text('schedule-q1.1', ACTUAL)).toBe('已完成');
    expect(text('schedule-q1.1', REMARK)).toBe('R2021-0008 赵敏 3月20日');
    expect(text('schedule-q1.2', ACTUAL)).toBe('逾期未完成');
    expect(text('schedule-q1.2', EXPLAIN)).toBe(T.monitor.pleaseFill);
    expect(text('schedule-q3.1', 4)).toBe('9月30日前完成');
  });

  it('sums up in one line for the chat reply', () => {
    expect(summary).toMatch(/^绩效监控表（截至6月30日）已生成：35项指标、27个进度节点，/);
    expect(summary).toContain('经费执行率40%');
  });
});
