import { describe, expect, it } from 'vitest';
import { alice, bob, harness } from './helpers.js';

/**
 * Issue 10: every report read as its author meant it, through the bot's own entry point.
 * The phrasings are our own, of the kinds of failure a replayed office year showed.
 */
const metric = (h: ReturnType<typeof harness>, id: string) =>
  h.records().filter((r) => r.status === 'active').flatMap((r) => r.amounts).filter((a) => a.metricId === id);

describe('1. several activities in one message', () => {
  it('are restated together, one numbered draft each, and 确认 saves them all with their own dates', async () => {
    const h = harness('2021-03-12T10:00');
    const reply = await h.say(alice, '周二开完了科协委员会，周四街道特色经费也拨下去了');
    expect(reply).toContain('以下2条');
    expect(reply).toMatch(/^1\. 一季度第1项/m);
    expect(reply).toMatch(/^2\. 一季度第2项/m);
    expect(await h.say(alice, '确认')).toContain('已保存 R2021-0001、R2021-0002');
    expect(h.records().map((r) => [r.milestoneIds[0], r.activityDate])).toEqual([
      ['schedule-q1.1', '2021-03-09'],
      ['schedule-q1.2', '2021-03-11'],
    ]);
  });

  it('确认2 saves only the second and the first keeps waiting; 去掉1 drops one and keeps the other waiting', async () => {
    const h = harness('2021-03-12T10:00');
    await h.say(alice, '①委员会开了 ②街道特色经费拨付了');
    expect(await h.say(alice, '确认2')).toContain('其余1条还在等确认');
    expect(h.records().map((r) => r.milestoneIds[0])).toEqual(['schedule-q1.2']);
    expect(await h.say(alice, '确认')).toContain('已保存 R2021-0002');
    expect(h.records().map((r) => r.milestoneIds[0])).toEqual(['schedule-q1.2', 'schedule-q1.1']);
    await h.say(bob, '①委员会开了 ②街道特色经费拨付了');
    const left = await h.say(bob, '去掉1');
    expect(left).toContain('已去掉第1条');
    expect(left).toContain('一季度第2项');
    expect(left).not.toContain('一季度第1项');
  });
});

describe('2. several figures for one target', () => {
  it('add up, and the 街道 are counted too; none is called "not in the plan"', async () => {
    const h = harness('2021-06-20T10:00');
    const reply = await h.say(alice, '德胜和什刹海两个街道的特色项目分别受益600人次和900人次');
    expect(reply).not.toContain('计划里没有对应');
    await h.say(alice, '确认');
    expect(metric(h, 'quantity-12.m2').reduce((s, a) => s + a.value, 0)).toBe(1500);
    expect(metric(h, 'quantity-12.m1').map((a) => a.value)).toEqual([2]);
  });
});

describe('3. a total is a level, not an increment', () => {
  it('截至目前一共 sets the running figure; a later increment adds to it', async () => {
    const h = harness('2021-05-10T10:00');
    await h.say(alice, '公众号本周发了5期');
    await h.say(alice, '确认');
    h.clock.set('2021-06-01T10:00');
    const reply = await h.say(alice, '截至目前公众号一共发了38期');
    expect(reply).toContain('到目前共 38期（原累计 5）');
    await h.say(alice, '确认');
    h.clock.set('2021-06-08T10:00');
    expect(await h.say(alice, '公众号这周又发了2期')).toContain('累计 40');
  });

  it('money: 本月支出 adds, 截至6月底累计执行 sets, and 基本支出 is not the project ceiling', async () => {
    const h = harness('2021-05-31T16:00');
    await h.say(alice, '5月份项目支出12万元，基本支出7万元');
    await h.say(alice, '确认');
    h.clock.set('2021-06-30T16:00');
    await h.say(alice, '本月项目支出8万元');
    expect(await h.say(alice, '确认')).toContain('经费支出现为 20万元');
    h.clock.set('2021-07-02T10:00');
    await h.say(alice, '截至6月底项目支出累计执行96万元');
    expect(await h.say(alice, '确认')).toContain('经费支出现为 96万元');
  });

  it('asks 新增还是累计 when a figure could be either, and the answer decides', async () => {
    const h = harness('2021-05-10T10:00');
    await h.say(alice, '公众号本周发了5期');
    await h.say(alice, '确认');
    const asked = await h.say(alice, '公众号共发布科普信息12期');
    expect(asked).toMatch(/新增.*累计|累计.*新增/);
    expect(await h.say(alice, '确认')).toContain('新增');
    expect(await h.say(alice, '累计')).toContain('到目前共 12期');
    await h.say(alice, '确认');
    expect(h.records()).toHaveLength(2);
  });
});

describe('4. a figure goes to a target only when unit and words fit', () => {
  it('调研了4个社区 is kept on the record, counted nowhere, and the restatement says so', async () => {
    const h = harness('2021-02-10T10:00');
    const reply = await h.say(alice, '两节期间走访慰问工作完成，调研了4个社区');
    expect(reply).toContain('4个（计划里没有对应的数字指标，只记录不累计）');
    await h.say(alice, '确认');
    expect(h.records()[0]!.amounts).toEqual([{ metricId: null, value: 4, unit: '个' }]);
  });
});

describe('5. the event itself counts when the message carries other figures', () => {
  it('编程大赛 +1场, 培训 +1次 and 受益 +1200', async () => {
    const h = harness('2021-11-20T10:00');
    const reply = await h.say(alice, '编程大赛今天办完了，赛前还培训了一次，受益1200人次');
    expect(reply).toContain('人工智能创意编程大赛 +1场');
    expect(reply).toContain('培训 +1次');
    expect(reply).toContain('受益人数 +1200人次');
  });
});

describe('6. quantities in units the plan does not count are kept as evidence', () => {
  it('作品 and 队伍 stay on the record', async () => {
    const h = harness('2021-09-10T10:00');
    await h.say(alice, '简约生活创意大赛昨天结束了，收到作品86件，参赛队伍8支');
    await h.say(alice, '确认');
    expect(h.records()[0]!.amounts).toEqual([
      { metricId: null, value: 86, unit: '件' },
      { metricId: null, value: 8, unit: '支' },
    ]);
  });
});

describe('7. a second message while a proposal waits', () => {
  it('another report gets its own draft; the first is not changed', async () => {
    const h = harness('2021-05-31T10:00');
    await h.say(alice, '昨天科技工作者日主场活动办完了，约2100人次');
    const reply = await h.say(alice, '科普资源对接会今天上午也开了');
    expect(reply).toContain('另一件事');
    expect(reply).toContain('受益人数 +2100人次');
    expect(reply).toMatch(/^2\. 二季度第9项/m);
    await h.say(alice, '确认');
    expect(h.records().map((r) => r.milestoneIds[0])).toEqual(['schedule-q2.1', 'schedule-q2.9']);
    expect(h.records()[0]!.amounts[0]!.value).toBe(2100);
  });
});

describe('8. a correction keeps the record’s target unless it names another', () => {
  it('更正：是13期 on a 公众号 record stays on the WeChat target', async () => {
    const h = harness('2021-06-10T10:00');
    await h.say(alice, '公众号这个月发了12期');
    await h.say(alice, '确认');
    const asked = await h.say(alice, '更正：是13期');
    expect(asked).not.toContain('已经是这样了');
    await h.say(alice, '确认');
    expect(h.records()[0]!.amounts).toEqual([{ metricId: 'quantity-8.m2', value: 13, unit: '期' }]);
  });
});

describe('9. dates', () => {
  it('当天 after a named event is that event’s recorded day', async () => {
    const h = harness('2021-09-18T10:00');
    await h.say(bob, '今天科普日主场活动办完了，3000人次');
    await h.say(bob, '确认');
    h.clock.set('2021-09-24T10:00');
    expect(await h.say(alice, '科普日当天发放科普宣传品800份')).toContain('日期：9月18日');
  });

  it('a date in the future is doubted, and a year without a plan is refused with nothing saved', async () => {
    const h = harness('2021-06-10T10:00');
    expect(await h.say(alice, '6月20日科普之夏主场活动办完了')).toContain('今天之后');
    await h.say(alice, '取消');
    const refused = await h.say(alice, '2020年12月科协委员会开完了');
    await h.say(alice, '确认');
    expect(refused).toMatch(/2020/);
    expect(h.records()).toHaveLength(0);
  });
});

describe('10. duplicates', () => {
  it('the same milestone from two people a week apart warns; a 刊物 issue and 公众号 posts do not', async () => {
    const h = harness('2021-09-18T10:00');
    await h.say(bob, '科普日主场活动办完了');
    await h.say(bob, '确认');
    h.clock.set('2021-09-25T10:00');
    expect(await h.say(alice, '上周六科普日主场活动圆满结束')).toContain('可能重复');
    await h.say(alice, '取消');
    await h.say(bob, '《科普进行时》第5期印发了');
    await h.say(bob, '确认');
    expect(await h.say(alice, '公众号今天发了2期')).not.toContain('可能重复');
  });
});

describe('11. kinds the rules used to miss', () => {
  it.each([
    ['与三家学会的协作项目协议已签约', 'report'],
    ['第十期《科普进行时》材料已寄出', 'report'],
    ['我记岔了，应该是35人', 'correction'],
    ['上个月我报了哪些', 'question'],
    ['宣传品发了多少分了', 'question'],
  ])('%s → %s', async (text, kind) => {
    const h = harness('2021-09-10T10:00');
    await h.say(alice, '今天科普日主场活动办完了，3000人次');
    await h.say(alice, '确认');
    const reply = await h.say(alice, text);
    if (kind === 'report') expect(reply).toContain('我理解为');
    if (kind === 'correction') expect(reply).toMatch(/要把|改/);
    if (kind === 'question') {
      expect(reply).not.toContain('我理解为');
      expect(h.store.pending()).toHaveLength(0);
    }
  });
});

describe('plausible amounts (issue 14, item 7)', () => {
  it('a large but possible figure is asked about once and 是 keeps it', async () => {
    const h = harness('2021-09-20T10:00');
    expect(await h.say(alice, '科普日主场活动办完了，线上线下共80万人次')).toContain('太大');
    await h.say(alice, '是');
    await h.say(alice, '确认');
    expect(metric(h, 'quantity-1.m1').map((a) => a.value)).toEqual([800000]);
  });

  it('fault: +1e99人次, 1e305人次 and 约-5人次 are asked about once, never stored as written and never a storage error', async () => {
    const h = harness('2021-09-20T10:00');
    expect(await h.say(alice, '科普日主场活动办完了，+1e99人次')).toContain('不可能是一次活动的数');
    expect(await h.say(alice, '确认')).toContain('不可能');
    expect(await h.say(alice, '改成3000人次')).toContain('+3000人次');
    await h.say(alice, '确认');
    expect(metric(h, 'quantity-1.m1').map((a) => a.value)).toEqual([3000]);
    expect(await h.say(bob, '科普综艺展演办完了，约-5人次')).toContain('不是能累计的数');
    await h.say(bob, '取消');
    expect(await h.say(bob, '科普综艺展演办完了，1e305人次')).toContain('不可能是一次活动的数');
    const refused = await h.say(bob, '是');
    expect(refused).toContain('不可能');
    expect(refused).not.toContain('存储出错');
    expect(metric(h, 'quantity-1.m1').map((a) => a.value)).toEqual([3000]);
  });

  it('fault: a correction to -5人次 or 1e305人次 is refused like a report would be; the record keeps its figure', async () => {
    const h = harness('2021-09-20T10:00');
    await h.say(alice, '科普日主场活动办完了，3000人次');
    await h.say(alice, '确认');
    expect(await h.say(alice, '更正：人数是-5人次')).toContain('没有改');
    expect(await h.say(alice, '更正：人数是1e305人次')).toContain('没有改');
    expect(await h.say(alice, '确认')).not.toContain('已更正');
    expect(metric(h, 'quantity-1.m1').map((a) => a.value)).toEqual([3000]);
  });
});

describe('a plan imported from another office counts in its own words', () => {
  it('举办科普讲座2场 counts toward 举办科普讲座场次 even though this office calls 讲座 something else; the overview sees the report', async () => {
    const { importPlanFile } = await import('../../src/plan/import.js');
    const table = [
      '\t2027年度项目支出绩效目标表', '',
      '\t项目名称', '\t社区科普大讲堂', '',
      '\t一级指标', '\t二级指标', '\t三级指标', '\t指标性质', '\t指标值', '\t度量单位', '',
      '\t产出指标', '\t数量指标', '\t举办科普讲座场次', '\t≥', '\t24', '\t场', '',
      '\t', '\t', '\t科普志愿者培训人数', '\t≥', '\t500', '\t人次', '',
    ].join('\n');
    const out = await importPlanFile('2027.txt', Buffer.from(table, 'utf8'), { year: 2027 });
    if (out.kind !== 'plan') throw new Error(`import: ${out.kind}`);
    const plan = out.plan;
    const h = harness('2027-05-12T10:00', { plans: new Map([[2027, plan]]) });
    expect(await h.say(alice, '本周举办科普讲座2场')).toContain('举办科普讲座场次 +2场');
    await h.say(alice, '确认');
    expect(h.store.records(2027)[0]!.amounts[0]!.metricId).toBe('quantity-1.m1');
    expect(await h.say(alice, '总体进度怎么样')).not.toContain('还没有任何上报');
  });
});

describe('questions about one’s own records by month', () => {
  it('上个月我报了哪些 lists last month’s records only', async () => {
    const h = harness('2021-08-10T10:00');
    await h.say(alice, '7月5日科普之夏主场活动办完了，1000人次');
    await h.say(alice, '确认');
    await h.say(alice, '今天公众号发了3期');
    await h.say(alice, '确认');
    const reply = await h.say(alice, '上个月我报了哪些');
    expect(reply).toContain('你7月报了1条');
    expect(reply).toContain('R2021-0001');
    expect(reply).not.toContain('R2021-0002');
  });
});
