import { describe, expect, it, vi } from 'vitest';
import { parseShanghai } from '../../src/core/time.js';
import { memoryLog } from '../../src/core/log.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { DEFAULT_SCHEDULE, type ScheduleConfig } from '../../src/schedule/config.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { openStore } from '../../src/store/lowdb-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { RecordStore } from '../../src/store/types.js';
import { plan2021 } from '../digest/fixture.js';
import { tempDir } from '../store/helpers.js';

const at = (s: string) => parseShanghai(s)!;

function scheduler(store: RecordStore, now: { t: Date }, post: (m: OutboundMessage[]) => Promise<void>, config: Partial<ScheduleConfig> = {}) {
  const log = memoryLog();
  const s = createScheduler({ store, plans: new Map([[2021, plan2021()]]), clock: () => now.t, post, config: { ...DEFAULT_SCHEDULE, chart: false, ...config }, log });
  return { s, log };
}

describe('digests are posted at most once and never silently missed (issue 14)', () => {
  it('fault: the process dies while the post is being sent → after the restart it is not sent again; admins are told', async () => {
    const dir = tempDir();
    const now = { t: at('2021-10-08T09:00') };
    const store = await openStore(dir);
    // a post that never returns: the process is killed mid-send
    const first = scheduler(store, now, () => new Promise<never>(() => {}));
    void first.s.runDue();
    await vi.waitFor(() => expect(store.jobRuns().map((r) => `${r.job} ${r.period} ${r.status}`)).toEqual(['weekly 2021-W40 sending']), { timeout: 10_000 });

    // restart on what is on disk
    const reopened = await openStore(dir);
    const posts: OutboundMessage[][] = [];
    now.t = at('2021-10-08T09:05');
    const second = scheduler(reopened, now, async (m) => void posts.push(m));
    const out = await second.s.catchUp();
    expect(out.filter((o) => o.job === 'weekly').map((o) => `${o.period} ${o.status}`)).toEqual(['2021-W40 interrupted']);
    expect(posts.flat().some((m) => m.text.includes('【绩效周报】'))).toBe(false); // the weekly is not sent twice
    expect(second.log.lines.some((l) => l.level === 'warn' && /可能已经发出/.test(l.msg ?? ''))).toBe(true);
    // the next post that does go out (the Q3 summary, same morning) carries one line for admins
    const summary = posts.flat().map((m) => m.text).join('\n');
    expect(summary).toContain('【2021年三季度小结】');
    expect(summary).toMatch(/【管理员提示】已跳过：周报 2021-W40（应于10月8日推送）发送时中断，可能已发出/);
    expect((await second.s.runDue()).length).toBe(0);
    await reopened.close();
  });

  it('fault: the platform says the send failed → that period is retried (only a failure it reports is resent)', async () => {
    const store = new MemoryStore();
    const now = { t: at('2021-10-08T09:00') };
    let fail = true;
    const posts: OutboundMessage[][] = [];
    const { s } = scheduler(store, now, async (m) => {
      if (fail) throw new Error('微信未登录');
      posts.push(m);
    });
    await s.runDue();
    expect(store.jobRuns().filter((r) => r.job === 'weekly').map((r) => r.status)).toEqual(['sending', 'failed']);
    fail = false;
    now.t = at('2021-10-08T09:10');
    await s.runDue();
    expect(store.jobRuns().filter((r) => r.job === 'weekly').map((r) => r.status)).toEqual(['sending', 'failed', 'sending', 'posted']);
    expect(posts.filter((p) => p[0]!.text.startsWith('【绩效周报】'))).toHaveLength(1);
  });

  it('fault: the host sleeps 11 days without restarting → the missed weekly is logged at warn and the next post names it', async () => {
    const store = new MemoryStore();
    const now = { t: at('2021-10-08T09:00') };
    const posts: OutboundMessage[][] = [];
    const { s, log } = scheduler(store, now, async (m) => void posts.push(m));
    await s.runDue();
    now.t = at('2021-10-19T09:00'); // asleep from 8 Oct to Tue 19 Oct: W41 (Mon 11 Oct) is far beyond the 24 h window
    const out = await s.runDue();
    expect(out.filter((o) => o.job === 'weekly').map((o) => `${o.period} ${o.status}`)).toEqual(['2021-W41 missed', '2021-W42 posted']);
    expect(log.lines.some((l) => l.level === 'warn' && (l.obj as { period?: string }).period === '2021-W41')).toBe(true);
    const w42 = posts.at(-1)!.map((m) => m.text).join('\n');
    expect(w42).toContain('【绩效周报】');
    expect(w42).toMatch(/【管理员提示】已跳过：.*周报 2021-W41（应于10月11日推送）没有发出/);
    // announced once: the post after that carries no notice
    now.t = at('2021-10-25T09:00');
    await s.runDue();
    expect(posts.at(-1)!.map((m) => m.text).join('\n')).toContain('【绩效周报】');
    expect(posts.at(-1)!.map((m) => m.text).join('\n')).not.toContain('管理员提示');
  });

  it('fault: the bot comes back on a Sunday within the catch-up window → nothing is posted that day; the next working day names what was skipped', async () => {
    const store = new MemoryStore();
    await store.addJobRun({ job: 'weekly', period: '2021-W39', dueAt: '2021-09-27T09:00:00+08:00', ranAt: '2021-09-27T09:00:00+08:00', status: 'posted', note: null });
    const now = { t: at('2021-10-10T08:00') }; // Sunday; the Fri 8 Oct 09:00 posts are 47 h old
    const posts: OutboundMessage[][] = [];
    const { s } = scheduler(store, now, async (m) => void posts.push(m), { catchUpHours: 48 });
    await s.catchUp();
    expect(posts).toHaveLength(0);
    now.t = at('2021-10-11T09:00'); // Monday
    await s.runDue();
    expect(posts).toHaveLength(1);
    const text = posts[0]!.map((m) => m.text).join('\n');
    expect(text).toContain('【绩效周报】2021年10月11日');
    expect(text).toMatch(/【管理员提示】已跳过：.*周报 2021-W40（应于10月8日推送）没有发出/);
    expect(text).toMatch(/季度小结 2021-Q3（应于10月8日推送）没有发出/);
  });

  it('fault: the bot comes back at 03:00 on the next working day → the catch-up waits for the job\'s 09:00 slot', async () => {
    const store = new MemoryStore();
    await store.addJobRun({ job: 'weekly', period: '2021-W39', dueAt: '2021-09-27T09:00:00+08:00', ranAt: '2021-09-27T09:00:00+08:00', status: 'posted', note: null });
    // Sat 9 Oct 2021 was a working day (National Day make-up day)
    const now = { t: at('2021-10-09T03:00') };
    const posts: OutboundMessage[][] = [];
    const { s } = scheduler(store, now, async (m) => void posts.push(m), { catchUpHours: 48 });
    await s.catchUp();
    expect(posts).toHaveLength(0);
    now.t = at('2021-10-09T09:00');
    await s.runDue();
    const heads = posts.map((p) => p[0]!.text.split('\n')[0]);
    expect(heads).toHaveLength(2);
    expect(heads[0]).toMatch(/^【绩效周报】/);
    expect(heads[1]).toBe('【2021年三季度小结】7月1日—9月30日');
  });
});
