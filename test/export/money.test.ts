import { describe, expect, it } from 'vitest';
import { fromShanghai } from '../../src/core/time.js';
import { computeFunding, costLine } from '../../src/export/money.js';
import { buildRecord } from '../../src/store/records.js';
import type { ProgressRecord, RecordAmount } from '../../src/store/schema.js';
import { plan2021, spendingYear, workedRecords } from './fixtures.js';

const plan = plan2021();
let seq = 100;
function money(day: string, text: string, amounts: RecordAmount[]): ProgressRecord {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  seq++;
  return buildRecord(
    { planYear: 2021, reporter: { id: 'wxid_liu', name: '刘洋' }, chat: { id: 'r@chatroom', name: null, kind: 'room' }, source: { messageId: `m${seq}`, text }, milestoneIds: [], indicatorIds: [], amounts, activityDate: day, at: fromShanghai(y, m, d, 17, 0) },
    seq,
  );
}
const w = (metricId: string, value: number, mode?: 'add' | 'set', unit = '万元'): RecordAmount => ({ metricId, value, unit, ...(mode ? { mode } : {}) });

describe('computeFunding', () => {
  it('worked example: monthly increments, then the half-year level, then an increment', () => {
    const f = (day: string) => computeFunding(plan, spendingYear(), day, { budget: { fiscal: 520.41, carryover: 20, other: 0 } });
    // 1–3月: 30.2 + 41.5 + 38
    expect(f('2021-03-31').total.executed).toBe(109.7);
    // 6月30日: the level replaces them
    expect(f('2021-06-30').total.executed).toBe(232.5);
    // 7月31日: + 35.6; the sources (250.1 + 18) say the same, so 合计 is their sum
    const jul = f('2021-07-31');
    expect(jul.total.executed).toBe(268.1);
    expect(jul.total.fromSources).toBe(true);
    expect(jul.sources.fiscal.executed).toBe(250.1);
    expect(jul.lines.project!.executed).toBe(210);
    // 58.1 + 210 agrees with 268.1: nothing to flag
    expect(jul.notes).toEqual([]);
    expect(jul.total.budget).toBe(540.41);
  });

  it('a newer level by source wins over an older reported total, and the mismatch is noted', () => {
    const recs = [money('2021-07-31', '截至7月底累计支出268.1万', [w('spend:total', 268.1, 'set')]), money('2021-12-31', '截至年底财政拨款执行500万，上年结转执行20万', [w('spend:total:fiscal', 500, 'set'), w('spend:total:carryover', 20, 'set')])];
    const f = computeFunding(plan, recs, '2021-12-31');
    expect(f.total.executed).toBe(520);
    expect(f.total.fromSources).toBe(true);
    expect(f.notes[0]).toMatch(/268\.1 万元.*520 万元.*较新的各来源之和/);
    // at the July cut-off only the total exists
    expect(computeFunding(plan, recs, '2021-07-31').total.executed).toBe(268.1);
  });

  it('builds a line from its sources and a source from the lines, and converts 元', () => {
    const recs = [
      money('2021-05-31', '项目支出：财政拨款150万，上年结转30万', [w('spend:project:fiscal', 150, 'set'), w('spend:project:carryover', 30, 'set')]),
      money('2021-05-31', '基本支出财政拨款40万', [w('spend:basic:fiscal', 40, 'set')]),
      money('2021-06-03', '支付印刷费32000元', [w('spend:project:fiscal', 32000, 'add', '元')]),
    ];
    const f = computeFunding(plan, recs, '2021-06-30');
    expect(f.lines.project!.executed).toBe(183.2);
    expect(f.lines.basic!.executed).toBe(40);
    expect(f.sources.fiscal.executed).toBe(193.2);
    expect(f.sources.carryover.executed).toBe(30);
    // both lines are known, and the sources with a budget: 合计 is their sum
    expect(f.total.executed).toBe(223.2);
    // with 当年财政拨款 alone and a 上年结转 budget of 20 unreported, 合计 stays open
    const partial = computeFunding(plan, [money('2021-06-30', '财政拨款执行300万', [w('spend:total:fiscal', 300, 'set')])], '2021-06-30', { budget: { fiscal: 520.41, carryover: 20 } });
    expect(partial.sources.fiscal.executed).toBe(300);
    expect(partial.total.executed).toBeNull();
  });

  it('reads figures reported against the 成本指标 before spending had its own ids as levels of project spending', () => {
    // workedRecords: cost-1.m1 110 (4月30日, amended) then 216.16 (6月25日), no mode
    const f = computeFunding(plan, workedRecords(), '2021-06-30');
    expect(f.lines.project!.executed).toBe(216.16);
    // project spending alone says nothing of the department's total: never 216.16 ÷ 540.41
    expect(f.total.executed).toBeNull();
    expect(f.sources.fiscal.executed).toBeNull();
    expect(costLine(plan.indicators.find((i) => i.id === 'cost-1')!)).toBe('project');
  });

  it('leaves out withdrawn records and figures dated after the cut-off; nothing reported is null, not 0', () => {
    const r = money('2021-08-31', '8月支出20万', [w('spend:total', 20, 'add')]);
    expect(computeFunding(plan, [r], '2021-07-31').total.executed).toBeNull();
    const f = computeFunding(plan, [], '2021-07-31');
    expect(f.total.executed).toBeNull();
    expect(f.sources.fiscal.executed).toBeNull();
    // without settings the whole budget is 当年财政拨款
    expect(f.sources.fiscal.budget).toBe(540.41);
    expect(f.lines.basic!.budget).toBe(94.41);
  });
});
