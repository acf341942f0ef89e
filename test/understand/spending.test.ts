import { describe, expect, it } from 'vitest';
import { fromShanghai } from '../../src/core/time.js';
import { parseSpendMetricId, readSpending } from '../../src/understand/spending.js';
import { plan2021 } from '../export/fixtures.js';

const plan = plan2021();
const now = fromShanghai(2021, 8, 5, 10, 0); // a Thursday in August, when the 监控表 is collected
const read = (text: string) => readSpending(text, { plan, now }).map((f) => [f.metricId, f.value, f.mode, f.asOf]);

describe('readSpending: budget lines, sources and levels', () => {
  it('reads two budget lines stated as levels at a month end', () => {
    expect(read('截止到6月底，基本支出累计43.8万元；项目支出累计155万元')).toEqual([
      ['spend:basic', 43.8, 'set', '2021-06-30'],
      ['spend:project', 155, 'set', '2021-06-30'],
    ]);
  });

  it('reads funding sources, and a source under a budget line', () => {
    expect(read('截至7月20日，当年财政拨款执行386万元，上年结转执行12万元')).toEqual([
      ['spend:total:fiscal', 386, 'set', '2021-07-20'],
      ['spend:total:carryover', 12, 'set', '2021-07-20'],
    ]);
    expect(read('项目经费中结转资金已经用了8.5万')).toEqual([['spend:project:carryover', 8.5, 'set', null]]);
  });

  it('a period from January is a level as of its end', () => {
    expect(read('1至6月一共支出了210万元')).toEqual([['spend:total', 210, 'set', '2021-06-30']]);
    expect(read('前两季度执行二百一十万')).toEqual([['spend:total', 210, 'set', '2021-06-30']]);
    expect(read('今年以来已支出250万')).toEqual([['spend:total', 250, 'set', '2021-08-05']]);
  });

  it('this month, this week and single payments are increments', () => {
    expect(read('这个月又支出了18万元')).toEqual([['spend:total', 18, 'add', '2021-08-05']]);
    expect(read('昨天付了场地租赁费8000元')).toEqual([['spend:project', 0.8, 'add', '2021-08-04']]);
    expect(read('6月份支出24万元')).toEqual([['spend:total', 24, 'add', '2021-06-30']]);
  });

  it('an expense named without a verb is project spending, its mode left open', () => {
    expect(read('科普日场地费2万')).toEqual([['spend:project', 2, null, null]]);
    expect(read('拨付街道特色经费50万元')).toEqual([['spend:project', 50, 'add', null]]);
    expect(read('学协会协作经费已拨付30万')).toEqual([['spend:project', 30, 'set', null]]);
    expect(read('免费发放宣传品2000份')).toEqual([]);
  });

  it('converts 元 and Chinese numerals to 万元', () => {
    expect(read('报销专家咨询费12000元')).toEqual([['spend:project', 1.2, 'add', null]]);
    expect(read('截至目前累计支出三百零五万')).toEqual([['spend:total', 305, 'set', '2021-08-05']]);
    expect(read('本周付款2.5w')).toEqual([['spend:total', 2.5, 'add', '2021-08-05']]);
  });

  it('leaves the mode open when the words do not tell', () => {
    expect(read('基本支出：财政拨款60万，其他资金3万')).toEqual([
      ['spend:basic:fiscal', 60, null, null],
      ['spend:basic:other', 3, null, null],
    ]);
    expect(read('经费支出45万')).toEqual([['spend:total', 45, null, null]]);
  });

  it('returns nothing for messages without spending', () => {
    expect(read('昨天科普日主场活动办完了，现场约3000人次')).toEqual([]);
    expect(read('下周三开科协委员会')).toEqual([]);
    expect(read('执行率到60%了吗')).toEqual([]);
    expect(read('受益人数1.2万人次，发放宣传品2000份')).toEqual([]);
  });

  it('does not take budgets, plans or balances for spending', () => {
    expect(read('项目预算安排240万元')).toEqual([]);
    expect(read('下半年预计还要支出200万元')).toEqual([]);
    expect(read('项目经费还剩36万')).toEqual([]);
    expect(read('项目支出预算446万，已执行200万')).toEqual([['spend:project', 200, 'set', null]]);
  });

  it('keeps the words each figure was read from', () => {
    const [f] = readSpending('群里说一下：截至7月底项目支出执行180万', { plan, now });
    expect(f!.words).toContain('项目支出执行180万');
  });

  it('reads the phrasings quoted in the issue', () => {
    expect(read('截至7月底基本支出执行52.3万，项目支出执行180万')).toEqual([
      ['spend:basic', 52.3, 'set', '2021-07-31'],
      ['spend:project', 180, 'set', '2021-07-31'],
    ]);
    expect(read('本月支出35.6万元')).toEqual([['spend:total', 35.6, 'add', '2021-08-05']]);
    expect(read('上半年累计执行96.4万')).toEqual([['spend:total', 96.4, 'set', '2021-06-30']]);
    expect(read('项目支出里上年结转资金已执行20万')).toEqual([['spend:project:carryover', 20, 'set', null]]);
    expect(read('财政拨款执行了300万元')).toEqual([['spend:total:fiscal', 300, 'set', null]]);
    expect(read('1-7月共支出232.5万元')).toEqual([['spend:total', 232.5, 'set', '2021-07-31']]);
    expect(read('支付了印刷费3.2万元')).toEqual([['spend:project', 3.2, 'add', null]]);
  });

  it('spending metric ids round-trip', () => {
    expect(parseSpendMetricId('spend:project:carryover')).toEqual({ line: 'project', source: 'carryover' });
    expect(parseSpendMetricId('spend:total')).toEqual({ line: 'total', source: null });
    expect(parseSpendMetricId('cost-1.m1')).toBeNull();
  });
});
