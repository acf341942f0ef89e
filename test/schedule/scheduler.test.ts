import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseShanghai } from '../../src/core/time.js';
import { memoryLog } from '../../src/core/log.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { DEFAULT_SCHEDULE, type ScheduleConfig } from '../../src/schedule/config.js';
import { createScheduler, MAX_ATTEMPTS } from '../../src/schedule/scheduler.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { openStore } from '../../src/store/lowdb-store.js';
import type { RecordStore } from '../../src/store/types.js';
import { plan2021, weekOfReports } from '../digest/fixture.js';

const at = (s: string) => parseShanghai(s)!;
/** The runs' outcomes: each post is also preceded by a 'sending' run (issue 14), left out here. */
const outcomes = (store: RecordStore) => store.jobRuns().filter((r) => r.status !== 'sending');

function setup(opts: { now: string; store?: RecordStore; config?: Partial<ScheduleConfig>; post?: (m: OutboundMessage[]) => Promise<void> }) {
  let now = at(opts.now);
  const posts: OutboundMessage[][] = [];
  const log = memoryLog();
  const store = opts.store ?? new MemoryStore();
  const scheduler = createScheduler({
    store,
    plans: new Map([[2021, plan2021()]]),
    clock: () => now,
    post:
      opts.post ??
      (async (m) => {
        await new Promise((r) => setImmediate(r)); // a real send takes a while: lets a doubled tick interleave
        posts.push(m);
      }),
    config: { ...DEFAULT_SCHEDULE, chart: false, ...opts.config },
    log,
  });
  return { scheduler, store, posts, log, setNow: (s: string) => (now = at(s)) };
}

describe('scheduler: catch-up after downtime', () => {
  it('posts a run missed within the window once at start-up (weekly and Q3 summary of Fri 8 Oct, restarted at 15:00)', async () => {
    const { scheduler, store, posts } = setup({ now: '2021-10-08T15:00', store: await weekOfReports() });
    const out = await scheduler.catchUp();
    expect(out.map((o) => `${o.job} ${o.period} ${o.status}`)).toEqual(['weekly 2021-W40 posted', 'quarterly 2021-Q3 posted']);
    expect(posts).toHaveLength(2);
    expect(posts[0]![0]!.text).toMatch(/^【绩效周报】2021年10月8日/);
    expect(posts[1]![0]!.text).toMatch(/^【2021年三季度小结】/);
    expect(outcomes(store).map((r) => `${r.job} ${r.period} ${r.status} ${r.dueAt}`)).toEqual([
      'weekly 2021-W40 posted 2021-10-08T09:00:00+08:00',
      'quarterly 2021-Q3 posted 2021-10-08T09:00:00+08:00',
    ]);
    expect(await scheduler.catchUp()).toEqual([]);
    expect(posts).toHaveLength(2);
  });

  it('records runs missed beyond the window as missed, logs them, and posts nothing', async () => {
    const { scheduler, store, posts, log } = setup({ now: '2021-10-09T10:00' }); // 25 h after 8 Oct 09:00
    // the bot has posted before: this is an outage
    await store.addJobRun({ job: 'weekly', period: '2021-W39', dueAt: '2021-09-27T09:00:00+08:00', ranAt: '2021-09-27T09:00:00+08:00', status: 'posted', note: null });
    const out = await scheduler.catchUp();
    // everything since the last run is accounted for: the Q3 reminder of 28 Sep was missed too
    expect(out.map((o) => `${o.job} ${o.period} ${o.status}`)).toEqual(expect.arrayContaining(['weekly 2021-W40 missed', 'quarterly 2021-Q3 missed']));
    expect(out.every((o) => o.status === 'missed')).toBe(true);
    expect(posts).toHaveLength(0);
    expect(outcomes(store).slice(1).every((r) => r.status === 'missed' && /超过补发时限 24 小时/.test(r.note ?? ''))).toBe(true);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(out.length);
    expect(await scheduler.runDue()).toEqual([]);
  });

  it('on a fresh store, earlier periods are recorded as missed without warnings: nothing was down', async () => {
    const { scheduler, store, posts, log } = setup({ now: '2021-10-09T10:00' });
    const out = await scheduler.catchUp();
    expect(out.map((o) => o.status)).toEqual(['missed', 'missed']);
    expect(posts).toHaveLength(0);
    expect(outcomes(store)).toHaveLength(2);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(0);
    expect(log.lines.filter((l) => l.level === 'info' && /不再补发/.test(l.msg ?? ''))).toHaveLength(2);
  });
});

describe('scheduler: never twice', () => {
  it('does not post again after a restart on the same store file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sched-'));
    try {
      const first = await openStore(dir, { clock: () => at('2021-10-08T09:00') });
      const a = setup({ now: '2021-10-08T09:00', store: first });
      expect((await a.scheduler.runDue()).map((o) => o.status)).toEqual(['posted', 'posted']);
      await first.close();

      const second = await openStore(dir, { clock: () => at('2021-10-08T09:30') });
      const b = setup({ now: '2021-10-08T09:30', store: second });
      expect(await b.scheduler.catchUp()).toEqual([]);
      expect(await b.scheduler.runDue()).toEqual([]);
      expect(b.posts).toHaveLength(0);
      expect(outcomes(second)).toHaveLength(2);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('posts once on a doubled tick (two runs started at the same instant)', async () => {
    const { scheduler, posts, store } = setup({ now: '2021-10-11T09:00' });
    const [x, y] = await Promise.all([scheduler.runDue(), scheduler.runDue()]);
    expect([...x!, ...y!].map((o) => `${o.job} ${o.period} ${o.status}`)).toEqual(['weekly 2021-W41 posted']);
    expect(posts).toHaveLength(1);
    expect(outcomes(store)).toHaveLength(1);
  });

  it('posts nothing on a day no job is due and nothing is left within the window', async () => {
    const { scheduler, posts } = setup({ now: '2021-10-13T09:00' });
    expect(await scheduler.runDue()).toEqual([]);
    expect(posts).toHaveLength(0);
  });
});

describe('scheduler: failures', () => {
  it('records a failed post and retries it on a later run within the window', async () => {
    let fail = true;
    const sent: OutboundMessage[][] = [];
    const { scheduler, store, setNow } = setup({
      now: '2021-10-11T09:00',
      post: async (m) => {
        if (fail) throw new Error('微信未登录');
        sent.push(m);
      },
    });
    const first = await scheduler.runDue();
    expect(first).toMatchObject([{ job: 'weekly', status: 'failed', note: '发送失败：微信未登录' }]);
    fail = false;
    setNow('2021-10-11T09:10');
    expect((await scheduler.runDue()).map((o) => o.status)).toEqual(['posted']);
    expect(sent).toHaveLength(1);
    expect(outcomes(store).map((r) => r.status)).toEqual(['failed', 'posted']);
  });

  it(`gives up after ${MAX_ATTEMPTS} failed attempts and marks the period missed once out of the window`, async () => {
    const { scheduler, store, setNow } = setup({ now: '2021-10-11T09:00', post: async () => Promise.reject(new Error('断网')) });
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) await scheduler.runDue();
    expect(store.jobRuns().filter((r) => r.status === 'failed')).toHaveLength(MAX_ATTEMPTS);
    setNow('2021-10-12T10:00');
    const out = await scheduler.catchUp();
    const w41 = out.find((o) => o.period === '2021-W41');
    expect(w41).toMatchObject({ job: 'weekly', status: 'missed' });
    expect(w41!.note).toContain(`发送失败 ${MAX_ATTEMPTS} 次`);
    expect(outcomes(store).filter((r) => r.period === '2021-W41').map((r) => r.status)).toEqual([...Array(MAX_ATTEMPTS).fill('failed'), 'missed']);
  });

  it('records a failed run naming the missing plan once the new year has begun and has none', async () => {
    const { scheduler, posts } = setup({ now: '2022-01-04T09:00' });
    const out = await scheduler.runDue();
    // the first weekly of January covers 2021's last week, from the 2021 plan; so does the Q4 summary
    expect(out.map((o) => `${o.job} ${o.period} ${o.status}`)).toEqual(['weekly 2022-W01 posted', 'quarterly 2021-Q4 posted']);
    expect(posts).toHaveLength(2);
    const next = await scheduler.runDue(at('2022-01-10T09:00'));
    expect(next.map((o) => `${o.job} ${o.period} ${o.status}`)).toEqual(['weekly 2022-W02 failed']);
    expect(next[0]!.note).toContain('没有 2022 年的绩效计划');
    expect(posts).toHaveLength(2);
  });
});

describe('scheduler: posting', () => {
  it('splits a long digest into messages no longer than BOT_MAX_MESSAGE_CHARS', async () => {
    const { scheduler, posts } = setup({ now: '2021-10-08T09:00', store: await weekOfReports(), config: { maxMessageChars: 400 } });
    await scheduler.runDue();
    const weekly = posts[0]!;
    expect(weekly.length).toBeGreaterThan(2);
    for (const m of weekly) expect(m.text.length).toBeLessThanOrEqual(400);
  });

  it('sends the weekly chart after the text when BOT_CHART is on, and the text alone when the chart fails', async () => {
    const store = await weekOfReports();
    const posts: OutboundMessage[][] = [];
    const log = memoryLog();
    let broken = false;
    const make = (now: string) =>
      createScheduler({
        store,
        plans: new Map([[2021, plan2021()]]),
        clock: () => at(now),
        post: async (m) => void posts.push(m),
        config: { ...DEFAULT_SCHEDULE, chart: true },
        log,
        chart: async () => {
          if (broken) throw new Error('字体缺失');
          return { path: '/tmp/weekly.png', name: '周报.png', kind: 'image' };
        },
      });
    await make('2021-10-11T09:00').runDue();
    expect(posts[0]!.at(-1)).toEqual({ text: '本周进度图', file: { path: '/tmp/weekly.png', name: '周报.png', kind: 'image' } });
    broken = true;
    await make('2021-10-18T09:00').runDue();
    expect(posts[1]!.every((m) => !m.file)).toBe(true);
    expect(log.lines.some((l) => l.level === 'warn' && /图片生成失败/.test(l.msg ?? ''))).toBe(true);
  });
});

describe('scheduler: node-cron tasks', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires at 09:00 Shanghai on the due day whatever the host TZ, and posts each job once', async () => {
    vi.useFakeTimers({ now: at('2021-10-08T08:59') });
    const posts: OutboundMessage[][] = [];
    const store = new MemoryStore();
    const scheduler = createScheduler({
      store,
      plans: new Map([[2021, plan2021()]]),
      clock: () => new Date(),
      post: async (m) => void posts.push(m),
      config: { ...DEFAULT_SCHEDULE, chart: false },
      log: memoryLog(),
    });
    scheduler.start();
    try {
      await vi.advanceTimersByTimeAsync(30_000);
      expect(posts).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(2 * 60_000);
      expect(posts.map((p) => p[0]!.text.split('\n')[0])).toEqual(['【绩效周报】2021年10月8日（周五）', '【2021年三季度小结】7月1日—9月30日']);
      await vi.advanceTimersByTimeAsync(24 * 3600_000); // Saturday 9 Oct (调休): nothing new
      expect(posts).toHaveLength(2);
    } finally {
      scheduler.stop();
    }
  });
});
