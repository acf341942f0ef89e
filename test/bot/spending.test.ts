import { describe, expect, it } from 'vitest';
import { alice, harness, plan2021 } from './helpers.js';
import { buildMonitor } from '../../src/export/monitor.js';

/** Issues 10 and 13: the department's spending reported in the chat is what the forms file. */
describe('spending reported in the chat reaches the forms by budget line and source', () => {
  it('截至7月底基本支出执行52.3万，项目支出执行180万 sets both lines; the project line is the cost ceiling’s', async () => {
    const h = harness('2021-08-05T10:00');
    const reply = await h.say(alice, '截至7月底基本支出执行52.3万，项目支出执行180万');
    expect(reply).toContain('基本支出 到目前共 52.3万元');
    expect(reply).toContain('经费支出 = 180万元');
    await h.say(alice, '确认');
    expect(h.records()[0]!.amounts).toEqual([
      { metricId: 'spend:basic', value: 52.3, unit: '万元', mode: 'set' },
      { metricId: 'cost-1.m1', value: 180, unit: '万元', mode: 'set' },
    ]);
    const model = buildMonitor({ plan: plan2021, records: h.records(), now: h.clock(), through: 7 });
    expect(model.funding.lines.basic?.executed).toBeCloseTo(52.3, 6);
    expect(model.funding.lines.project?.executed).toBeCloseTo(180, 6);
  });

  it('a month’s spending adds to the running total, and money from 上年结转 keeps its source', async () => {
    const h = harness('2021-07-31T16:00');
    await h.say(alice, '截至6月底项目支出累计执行96.4万元');
    await h.say(alice, '确认');
    await h.say(alice, '7月份项目支出35.6万元，其中上年结转资金5万元');
    await h.say(alice, '确认');
    const model = buildMonitor({ plan: plan2021, records: h.records(), now: h.clock(), through: 7 });
    expect(model.funding.lines.project?.executed).toBeCloseTo(132, 6);
  });

  it('a figure that could be this month’s or the total so far is asked about, and the answer decides', async () => {
    const h = harness('2021-06-30T16:00');
    await h.say(alice, '截至5月底项目支出累计执行80万元');
    await h.say(alice, '确认');
    expect(await h.say(alice, '项目支出100万元')).toMatch(/新增.*累计/);
    await h.say(alice, '累计');
    await h.say(alice, '确认');
    const model = buildMonitor({ plan: plan2021, records: h.records(), now: h.clock(), through: 6 });
    expect(model.funding.lines.project?.executed).toBeCloseTo(100, 6);
  });

  it('a change before 确认 (日期是7月30日) keeps each figure on its budget line', async () => {
    const h = harness('2021-08-05T10:00');
    await h.say(alice, '截至7月底基本支出执行52.3万，项目支出执行180万');
    expect(await h.say(alice, '日期是7月30日')).toContain('基本支出 到目前共 52.3万元');
    await h.say(alice, '确认');
    expect(h.records()[0]!.amounts.map((a) => a.metricId)).toEqual(['spend:basic', 'cost-1.m1']);
  });
});
