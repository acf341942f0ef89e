import { describe, expect, it } from 'vitest';
import { admin, alice, harness, plans } from '../bot/helpers.js';
import { createYearNotice, namedPlan } from '../../src/plan/plan-year.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { DEFAULT_SCHEDULE } from '../../src/schedule/config.js';
import { parseShanghai } from '../../src/core/time.js';
import { memoryLog } from '../../src/core/log.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { report } from '../digest/fixture.js';

describe('the turn of the year: no plan for the current year', () => {
  it('tells admins once, with how to import the plan; colleagues are not told', async () => {
    const store = new MemoryStore();
    const yearNotice = createYearNotice({ plans, store, roles: { admins: [admin.id], leaders: [] } });
    const h = harness('2022-01-05T10:00', { store, yearNotice });
    const first = await h.say(admin, '帮助');
    expect(first).toContain('还没有2022年的绩效计划');
    expect(first).toContain('npm run import-plan');
    expect(await h.say(admin, '帮助')).not.toContain('还没有2022年的绩效计划');
    expect(await h.say(alice, '帮助')).not.toContain('npm run import-plan');
    // kept: a restarted bot over the same store does not say it again
    const again = harness('2022-01-06T10:00', { store, yearNotice: createYearNotice({ plans, store, roles: { admins: [admin.id], leaders: [] } }) });
    expect(await again.say(admin, '帮助')).not.toContain('npm run import-plan');
  });

  it('a report dated in a year without a plan is refused with the reason, and nothing is saved', async () => {
    const h = harness('2022-01-05T10:00');
    const reply = await h.say(alice, '昨天科技工作者日主场活动办完了，约2100人次');
    expect(reply).toContain('2022年');
    expect(reply).toContain('没有保存');
    expect(await h.say(alice, '确认')).not.toContain('已保存');
    expect(h.store.records(2021)).toHaveLength(0);
    expect(h.store.records(2022)).toHaveLength(0);
    expect(h.store.pending()).toHaveLength(0);
  });

  it('a report whose date is moved into another year before 确认 is not saved either', async () => {
    const h = harness('2021-12-31T10:00');
    expect(await h.say(alice, '昨天科技工作者日主场活动办完了，约2100人次')).toContain('确认');
    await h.say(alice, '日期是2022年1月1日');
    await h.say(alice, '确认');
    expect(h.store.records(2021).filter((r) => r.activityDate.startsWith('2022'))).toHaveLength(0);
  });

  it('still answers about a past year when asked, as of that year’s end', async () => {
    const h = harness('2026-11-30T10:00');
    const reply = await h.say(alice, '2021年总体进度');
    expect(reply).toContain('2021年进度（截至12月31日');
    expect(reply).not.toMatch(/已过\d{3,}天/);
  });
});

describe('which year a message is about', () => {
  it('a question naming a year with a plan; a report mentioning a year is not one', () => {
    expect(namedPlan('2021年的情况', plans)?.year).toBe(2021);
    expect(namedPlan('2021年总体进度怎么样', plans)?.year).toBe(2021);
    expect(namedPlan('2021年度数量指标1完成多少了', plans)?.year).toBe(2021);
    expect(namedPlan('召开科协委员会，审议2021年工作报告', plans)).toBeNull();
    expect(namedPlan('2021年5月8日科普日办完了', plans)).toBeNull();
    expect(namedPlan('2030年的情况', plans)).toBeNull();
  });
});

describe('the turn of the year: digests', () => {
  it('posts the first weekly of January as the finished year’s last-week digest when the new plan is missing', async () => {
    const store = new MemoryStore();
    await store.addRecord({ ...report('李强', '年终科普活动办完了', { activityDate: '2021-12-30' }, [2021, 12, 30, 15, 0]) });
    let now = parseShanghai('2022-01-04T09:00')!;
    const posts: OutboundMessage[][] = [];
    const scheduler = createScheduler({
      store,
      plans: new Map([[2021, plans.get(2021)!]]),
      clock: () => now,
      post: async (m) => void posts.push(m),
      config: { ...DEFAULT_SCHEDULE, chart: false },
      log: memoryLog(),
    });
    const out = await scheduler.runDue(now);
    const weekly = out.find((o) => o.job === 'weekly')!;
    expect(weekly.status).toBe('posted');
    expect(posts[0]![0]!.text).toContain('2021');
    expect(posts[0]![0]!.text).toContain('李强');
    const posted = posts.length; // the weekly and the Q4 summary
    now = parseShanghai('2022-01-10T09:00')!;
    // a week later the old year is behind: no digest, the reason is logged, nothing is posted
    const later = await scheduler.runDue(now);
    expect(later.find((o) => o.job === 'weekly')?.status).toBe('failed');
    expect(posts).toHaveLength(posted);
  });
});
