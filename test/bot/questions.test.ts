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
