import { describe, expect, it } from 'vitest';
import { alice, bob, harness } from './helpers.js';

describe('answering questions about the 2021 plan', () => {
  it('"这个季度要做什么" in May lists the nine Q2 milestones, due 6月30日, with days left and status', async () => {
    const h = harness('2021-05-10T09:00');
    const reply = await h.say(alice, '这个季度要做什么');
    expect(reply).toContain('二季度（4月1日—6月30日）共9项');
    expect(reply).toContain('还剩51天');
    for (let n = 1; n <= 9; n++) expect(reply).toMatch(new RegExp(`^${n}\\. `, 'm'));
    expect(reply).toContain('举办区科技工作者日主场活动（未报）');
    expect(reply).toContain('举办科普资源对接会');
  });

  it('a reported milestone shows who reported it and when', async () => {
    const h = harness('2021-05-31T10:00');
    await h.say(alice, '昨天科技工作者日主场活动办完了，约2100人次');
    await h.say(alice, '确认');
    expect(await h.say(bob, '这个季度要做什么')).toContain('举办区科技工作者日主场活动（✅ 王丽 5月30日）');
  });

  it('"下季度有什么任务" lists Q3', async () => {
    const h = harness('2021-05-10T09:00');
    const reply = await h.say(alice, '下季度有什么任务');
    expect(reply).toContain('三季度（7月1日—9月30日）共4项');
  });

  it('"科普日是哪个季度的" says the third quarter, due 9月30日', async () => {
    const h = harness('2021-05-10T09:00');
    const reply = await h.say(alice, '科普日是哪个季度的');
    expect(reply).toContain('三季度');
    expect(reply).toContain('9月30日');
    expect(reply).toContain('全国科普日');
  });

  it('"数量指标5是什么" gives the text and its three targets', async () => {
    const h = harness('2021-05-10T09:00');
    const reply = await h.say(alice, '数量指标5是什么');
    expect(reply).toContain('举办区人工智能创意编程大赛一场，培训一次，受益人数不少于1000人次');
    expect(reply).toContain('人工智能创意编程大赛：目标 ≥1场');
    expect(reply).toContain('培训：目标 ≥1次');
    expect(reply).toContain('受益人数：目标 ≥1000人次');
  });

  it('"受益人数完成多少了" reports the total from the records against the target', async () => {
    const h = harness('2021-05-31T10:00');
    await h.say(alice, '昨天科技工作者日主场活动办完了，约2100人次');
    await h.say(alice, '确认');
    const reply = await h.say(bob, '数量指标1完成多少了');
    expect(reply).toContain('受益人数：2100 / ≥2000人次，完成105%');
  });

  it('"经费多少" gives the funding block of the table', async () => {
    const h = harness();
    const reply = await h.say(alice, '经费多少');
    expect(reply).toContain('预算总额 540.41万元');
    expect(reply).toContain('基本支出 94.41万元');
    expect(reply).toContain('项目支出 446万元');
  });

  it('"哪些还没完成" lists this quarter’s open milestones and past quarters’ overdue ones', async () => {
    const h = harness('2021-05-10T09:00');
    const reply = await h.say(alice, '哪些还没完成');
    expect(reply).toContain('本季度（二季度）未报9项');
    expect(reply).toContain('逾期未报5项');
  });

  it('"本周谁报了" names reporters of this week', async () => {
    const h = harness('2021-05-31T10:00');
    await h.say(alice, '昨天科技工作者日主场活动办完了，约2100人次');
    await h.say(alice, '确认');
    const reply = await h.say(bob, '本周谁报了');
    expect(reply).toContain('王丽（1条）');
    expect(reply).toContain('R2021-0001');
  });

  it('"总体进度怎么样" summarises milestones and numeric targets', async () => {
    const h = harness('2021-05-10T09:00');
    const reply = await h.say(alice, '总体进度怎么样');
    expect(reply).toContain('进度节点：已报0/27项，逾期5项');
    expect(reply).toMatch(/数字指标：\d+个/);
  });

  it('a question in 2022 with only the 2021 plan says which plan it answers from', async () => {
    const h = harness('2022-03-01T09:00');
    expect(await h.say(alice, '这个季度要做什么')).toContain('还没有2022年的计划，以下按2021年计划');
  });

  it('"导出监控表" is refused to someone who is neither admin nor leader', async () => {
    const h = harness();
    expect(await h.say(alice, '导出监控表')).toContain('只对管理员和领导开放');
  });
});

describe('each kind of question in several phrasings, as staff write them', () => {
  const cases: [string, string][] = [
    ['这个季度要做什么', '二季度（4月1日—6月30日）共9项'],
    ['@绩效助手 这季度有啥任务？', '二季度（4月1日—6月30日）共9项'],
    ['本季度的工作节点有哪些', '二季度（4月1日—6月30日）共9项'],
    ['第三季度有什么安排', '三季度（7月1日—9月30日）共4项'],
    ['下个季度要做啥', '三季度（7月1日—9月30日）共4项'],
    ['全年任务', '2021年进度节点共27项'],
    ['科普日是哪个季度的', '三季度第1项「举办区“全国科普日”主场活动」：在三季度，截止9月30日'],
    ['编程大赛什么时候', '四季度第8项「组织人工智能创意编程比赛」：在四季度，截止12月31日'],
    ['机器人联赛啥时候办', '四季度第4项「开展区际机器人联赛」'],
    ['科技工作者日几月份', '二季度第1项「举办区科技工作者日主场活动」：在二季度，截止6月30日'],
    ['数量指标5是什么', '人工智能创意编程大赛：目标 ≥1场'],
    ['指标12是啥', '数量指标12（产出指标）'],
    ['质量指标3什么意思', '学术月交流活动顺利举办'],
    ['满意度要求多少', '服务对象满意度：目标 ≥80%'],
    ['宣传刊物要发几期', '宣传刊物：目标 ≥6期'],
    ['总体进度', '进度节点：已报0/27项'],
    ['完成情况怎么样？', '进度节点：已报0/27项'],
    ['还有哪些没完成', '本季度（二季度）未报9项'],
    ['落后的有哪些', '本季度（二季度）未报9项'],
    ['今天谁报了', '今天还没有人报进度'],
    ['这周都有谁报了进度', '本周还没有人报进度'],
    ['我的记录', '你在2021年还没有上报记录'],
    ['我报了哪些', '你在2021年还没有上报记录'],
    ['经费多少', '预算总额 540.41万元'],
    ['预算是多少钱', '预算总额 540.41万元'],
    ['花了多少钱', '成本指标1：不超过预算安排240万元。'],
    ['年度目标有哪些', '2021年绩效目标9条'],
    ['怎么用', '我是绩效助手'],
    ['你能做什么', '我是绩效助手'],
    ['？？？', '我是绩效助手'],
  ];
  it.each(cases)('"%s" → %s', async (question, expected) => {
    const h = harness('2021-05-10T09:00');
    expect(await h.say(alice, question)).toContain(expected);
  });

  it('an adjustment names a milestone by quarter and number: "应该是二季度第2项"', async () => {
    const h = harness('2021-05-31T10:00');
    await h.say(alice, '昨天科技工作者日主场活动办完了，约2100人次');
    expect(await h.say(alice, '应该是二季度第2项')).toContain('二季度第2项「开展科普之夏主场活动');
    await h.say(alice, '确认');
    expect(h.records()[0]!.milestoneIds).toEqual(['schedule-q2.2']);
  });

  it('"删掉上一条" withdraws the author’s latest record', async () => {
    const h = harness('2021-05-31T10:00');
    await h.say(alice, '昨天科技工作者日主场活动办完了，约2100人次');
    await h.say(alice, '确认');
    expect(await h.say(alice, '删掉上一条')).toContain('要撤销 R2021-0001');
    expect(await h.say(alice, '确认')).toContain('已撤销 R2021-0001');
  });

  it('"日期改成5月7日" after saving moves the record’s date', async () => {
    const h = harness('2021-05-31T10:00');
    await h.say(alice, '昨天科技工作者日主场活动办完了，约2100人次');
    await h.say(alice, '确认');
    expect(await h.say(alice, '日期改成5月7日')).toContain('日期：5月30日（周日） → 5月7日（周五）');
    await h.say(alice, '确认');
    expect(h.records()[0]!.activityDate).toBe('2021-05-07');
  });
});

describe('year-long items under way', () => {
  it('a reported year-long item shows as under way in the quarter list, not as unreported', async () => {
    const h = harness('2021-06-20T10:00');
    await h.say(alice, '本月科普进行时刊物发了第3期');
    await h.say(alice, '确认');
    expect(await h.say(bob, '这个季度要做什么')).toContain('进行中，已报1条');
  });
});
