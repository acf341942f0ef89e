/**
 * End to end through the real wechaty with the mock puppet: the real bot over a memory store
 * and the real 2021 plan, the staff group, and the scheduler posting its weekly digest.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBot } from '../../src/bot.js';
import { silentLog } from '../../src/core/log.js';
import { loadPlans } from '../../src/plan/load.js';
import { DEFAULT_SCHEDULE } from '../../src/schedule/config.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { BOT_NAME, STAFF_ROOM, createOffice, say, sentTexts, type Office } from './mock-wechat.js';

const plans = loadPlans('data/plans');
/** Monday 31 May 2021, the day after 科技工作者日 */
const MONDAY = new Date('2021-05-31T10:00:00+08:00');

let office: Office | null = null;
afterEach(async () => {
  await office?.transport.stop();
  office = null;
});

async function staffGroupWithBot() {
  const store = createMemoryStore();
  const o = await createOffice({ now: MONDAY, transport: ({ staffRoom }) => ({ digestRoom: staffRoom.id }), start: false });
  office = o;
  const bot = createBot({ plans, store, clock: () => o.now.value, roles: { admins: [], leaders: [] } });
  await o.transport.start(bot.handle);
  /** The text of the n-th thing the bot sent, once it has been sent. */
  const reply = async (n: number): Promise<[string, string]> => {
    await vi.waitFor(() => expect(sentTexts(o).length).toBeGreaterThan(n));
    return sentTexts(o)[n]!;
  };
  return { o, store, reply };
}

describe('the bot in the WeChat staff group (mock puppet, real bot)', () => {
  it('takes a report through the room, saves it on 确认, and answers a question with it', async () => {
    const { o, store, reply } = await staffGroupWithBot();

    say(o, o.alice, `@${BOT_NAME}\u2005昨天科技工作者日主场活动办完了，约2100人次`, o.staffRoom, { mentions: [o.bot] });
    const [room1, proposal] = await reply(0);
    expect(room1).toBe(o.staffRoom.id);
    expect(proposal).toMatch(/^@张三 /);
    expect(proposal).toContain('2100');
    expect(proposal).toContain('确认');
    expect(store.records(2021)).toHaveLength(0);

    say(o, o.alice, '#绩效 确认', o.staffRoom);
    const [, saved] = await reply(1);
    expect(saved).toMatch(/^@张三 .*已保存/s);
    expect(store.records(2021)).toHaveLength(1);
    expect(store.records(2021)[0]!.amounts[0]).toMatchObject({ value: 2100 });

    say(o, o.bob, `@${BOT_NAME}\u2005这个季度要做什么`, o.staffRoom, { mentions: [o.bot] });
    const [, answer] = await reply(2);
    expect(answer).toMatch(/^@李四 /);
    expect(answer).toContain('二季度（4月1日—6月30日）共9项');
    expect(answer).toContain('举办区科技工作者日主场活动（✅ 张三 5月30日）');
  });

  it("keeps one person's pending report apart from another's in the same room", async () => {
    const { o, store, reply } = await staffGroupWithBot();

    say(o, o.alice, '#绩效 昨天科技工作者日主场活动办完了，约2100人次', o.staffRoom);
    await reply(0);
    say(o, o.bob, '#绩效 确认', o.staffRoom);
    const [, bobReply] = await reply(1);

    expect(bobReply).toMatch(/^@李四 /);
    expect(bobReply).not.toContain('已保存');
    expect(store.records(2021)).toHaveLength(0);
  });

  it('lets the scheduler post the weekly digest into the digest room through broadcast', async () => {
    const { o, store, reply } = await staffGroupWithBot();
    say(o, o.alice, '#绩效 昨天科技工作者日主场活动办完了，约2100人次', o.staffRoom);
    await reply(0);
    say(o, o.alice, '#绩效 确认', o.staffRoom);
    await reply(1);

    const nextMonday = new Date('2021-06-07T09:30:00+08:00');
    o.now.value = nextMonday;
    const scheduler = createScheduler({
      store,
      plans,
      clock: () => o.now.value,
      post: (msgs) => o.transport.broadcast(msgs),
      config: { ...DEFAULT_SCHEDULE, chart: false },
      log: silentLog,
    });
    const outcomes = await scheduler.runDue(nextMonday);

    expect(outcomes.map((x) => [x.job, x.status])).toEqual([['weekly', 'posted']]);
    const digest = sentTexts(o).slice(2);
    expect(digest.length).toBeGreaterThan(0);
    for (const [conversation, text] of digest) {
      expect(conversation).toBe(o.staffRoom.id);
      expect(text).not.toMatch(/^@/);
    }
    expect(digest[0]![1]).toContain('【绩效周报】');
    expect(store.jobRuns().filter((r) => r.status === 'posted')).toHaveLength(1);
  });
});
