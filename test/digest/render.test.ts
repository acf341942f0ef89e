import { describe, expect, it } from 'vitest';
import { parseShanghai } from '../../src/core/time.js';
import { renderDigest } from '../../src/digest/render.js';
import { composeDigest } from '../../src/digest/compose.js';
import { DEFAULT_SCHEDULE } from '../../src/schedule/config.js';
import { plan2021, weekOfReports } from './fixture.js';

const at = (s: string) => parseShanghai(s)!;

async function ctx(now: string) {
  const store = await weekOfReports();
  return { plan: plan2021(), records: store.records(2021), now: at(now), store };
}

describe('weekly digest', () => {
  it('lists the past week’s reports by milestone with reporter, amounts and record id, leaving out the withdrawn slip', async () => {
    const c = await ctx('2021-10-08T09:00');
    const text = renderDigest('weekly', { ...c, since: at('2021-09-27T09:00') });
    expect(text).toContain('9月27日以来新报 3 条');
    expect(text).toContain('三季度第2项「开展“简约生活 创意无限”废品再设计大赛」\n  刘洋 9月28日 300人次（R2021-0005）');
    expect(text).toContain('陈静 9月30日（R2021-0006）');
    expect(text).not.toContain('R2021-0008'); // withdrawn
    expect(text).not.toContain('R2021-0001'); // reported in May, not this week
  });

  it('lists this quarter’s unreported milestones with the due date and days left, and past quarters’ overdue ones', async () => {
    const c = await ctx('2021-10-08T09:00');
    const text = renderDigest('weekly', c);
    expect(text).toContain('本季度（四季度）未报里程碑 9 项，12月31日到期，还剩 84 天');
    expect(text).toContain('四季度第1项「召开区全民科学素质建设工作会」');
    expect(text).toContain('全年第1项');
    // the withdrawn report does not complete 三季度第4项
    expect(text).toContain('三季度第4项「开展科技科普下乡对口援助活动」 9月30日到期，已逾期 8 天');
    expect(text).not.toMatch(/三季度第1项.*已逾期/);
  });

  it('shows every numeric target with total, percentage and pace, and the spending line against the 240万元 ceiling', async () => {
    const c = await ctx('2021-10-08T09:00');
    const text = renderDigest('weekly', c);
    expect(text).toContain('数量指标1 受益人数 3000人次/≥2000人次，150%，已达成');
    expect(text).toContain('数量指标8 宣传刊物 0期/≥6期，—，滞后');
    expect(text).not.toContain('质量指标9'); // restates 数量指标8 (sameAs)
    expect(text).toContain('经费已支出 180万元，上限 240万元（75%）');
    expect(text).toContain('已支出 180万元，上限 240万元，占 75%，执行进度正常（R2021-0007 张伟 9月30日）');
  });

  it('puts the headline numbers in a top block that fits one phone screen, in plain text', async () => {
    const c = await ctx('2021-10-08T09:00');
    const text = renderDigest('weekly', c);
    const top = text.split('\n\n')[0]!;
    expect(top.split('\n').length).toBeLessThanOrEqual(8);
    expect(top.length).toBeLessThanOrEqual(200);
    expect(top).toMatch(/^【绩效周报】2021年10月8日（周五）/);
    expect(text).not.toMatch(/\*\*|^#|^- /m);
  });

  it('leaves the spending line out when no spending has been reported', async () => {
    const c = await ctx('2021-10-08T09:00');
    const text = renderDigest('weekly', { ...c, records: c.records.filter((r) => !r.indicatorIds.includes('cost-1')) });
    expect(text).not.toContain('经费已支出');
    expect(text).not.toContain('五、经费');
  });

  it('covers the reports since the previous weekly run (Mon 27 Sep) when composed for Friday 8 Oct', async () => {
    const c = await ctx('2021-10-08T09:00');
    const composed = composeDigest({ job: 'weekly', plans: new Map([[2021, c.plan]]), records: (y) => c.store.records(y), config: DEFAULT_SCHEDULE, now: c.now });
    expect(composed.ok && composed.text).toContain('9月27日以来新报 3 条');
  });
});

describe('quarterly summary', () => {
  it('lists the quarter’s milestones done with evidence (who, when) and not done', async () => {
    const c = await ctx('2021-10-08T09:00');
    const text = renderDigest('quarterly', c);
    expect(text).toMatch(/^【2021年三季度小结】7月1日—9月30日/);
    expect(text).toContain('本季度里程碑 4 项：已完成 3 项，未完成 1 项');
    expect(text).toContain('三季度第1项「举办区“全国科普日”主场活动」\n  R2021-0004 王芳 9月18日报送（活动日期 9月18日）');
    expect(text).toMatch(/未完成：\n三季度第4项「开展科技科普下乡对口援助活动」/);
  });

  it('gives every indicator’s 年度指标值 / 实际完成值 / 完成率 and a 偏差原因 blank under the behind ones', async () => {
    const c = await ctx('2021-10-08T09:00');
    const text = renderDigest('quarterly', c);
    expect(text).toContain('  年度指标值 ≥2000人次｜实际完成值 3000人次｜完成率 150%｜已达成');
    expect(text).toContain('  年度指标值 ≥6期｜实际完成值 无｜完成率 —｜滞后\n  偏差原因：____');
    expect(text).toContain('质量指标7「科协委员会、科普资源对接会顺利召开」\n  定性指标｜R2021-0002');
    // every indicator appears: with its figures, its evidence, or in the one line of those nobody reported on
    for (const ind of c.plan.indicators.filter((i) => !i.metrics.some((m) => m.sameAs))) expect(text).toMatch(new RegExp(`${ind.level2}${ind.number}(?!\\d)`));
    expect(text).toMatch(/定性指标暂无报送：[^\n]*质量指标1、/);
    expect(text).not.toMatch(/已达成\n  偏差原因/);
  });

  it('summarises the quarter given, using only activities up to its last day', async () => {
    const c = await ctx('2021-10-08T09:00');
    const text = renderDigest('quarterly', { ...c, quarter: { year: 2021, q: 2 } });
    expect(text).toMatch(/^【2021年二季度小结】4月1日—6月30日/);
    expect(text).toContain('实际完成值 2100人次'); // the September reports are not counted for Q2
  });
});

describe('reminder', () => {
  it('lists the quarter’s unreported milestones with working days left', async () => {
    const c = await ctx('2021-09-28T09:00');
    const text = renderDigest('reminder', c);
    expect(text).toMatch(/^【季末提醒】三季度还剩 3 个工作日（9月30日截止）\n以下 1 项尚未报送：\n三季度第4项/);
  });

  it('names the owners where the plan assigns them', async () => {
    const c = await ctx('2021-09-17T09:00');
    const plan = structuredClone(c.plan);
    plan.milestones.find((m) => m.id === 'schedule-q3.4')!.owners = ['刘洋', '周婷'];
    const text = renderDigest('reminder', { ...c, plan, records: c.records.filter((r) => r.activityDate < '2021-09-17') });
    expect(text).toContain('三季度还剩 10 个工作日');
    expect(text).toContain('三季度第4项「开展科技科普下乡对口援助活动」（负责人：刘洋、周婷）');
    expect(text).toContain('三季度第2项');
  });

  it('says the quarter is all reported when nothing is open', async () => {
    const c = await ctx('2021-06-28T09:00');
    const plan = structuredClone(c.plan);
    plan.milestones = plan.milestones.filter((m) => m.quarter !== 'q2' || ['schedule-q2.1', 'schedule-q2.9'].includes(m.id));
    expect(renderDigest('reminder', { ...c, plan })).toContain('二季度的里程碑都已报送');
  });
});
