import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/lowdb-store.js';
import { createBot } from '../../src/bot.js';
import { loadPlans } from '../../src/plan/load.js';
import { parseShanghai } from '../../src/core/time.js';

const run = promisify(execFile);
let dir = '';

/** A few weeks of the group chat, through the bot, into a real data folder. */
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'progress-cli-'));
  const store = await openStore(dir);
  let now = parseShanghai('2021-05-31T10:00')!;
  const bot = createBot({ plans: loadPlans('data/plans'), store, clock: () => now, roles: { admins: [], leaders: [] } });
  const room = { id: 'r@chatroom', name: '科协工作群', kind: 'room' as const };
  const wang = { id: 'wx_wang', name: '王丽' };
  let n = 0;
  const say = async (at: string, text: string) => {
    now = parseShanghai(at)!;
    await bot.handle({ id: `m${++n}`, text, chat: room, sender: wang, at: now });
  };
  await say('2021-05-31T10:00', '昨天科技工作者日主场活动办完了，约2100人次');
  await say('2021-05-31T10:01', '确认');
  await say('2021-06-10T10:00', '截至目前公众号共发布科普信息40期');
  await say('2021-06-10T10:01', '确认');
  await say('2021-07-05T10:00', '公众号本周又发了3期');
  await say('2021-07-05T10:01', '确认');
  await say('2021-07-06T10:00', '更正：是4期');
  await say('2021-07-06T10:01', '确认');
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function progress(args: string[]): Promise<Record<string, unknown>[]> {
  const { stdout } = await run('npx', ['tsx', 'src/cli/progress.ts', ...args]);
  return stdout.trim().split('\n').map((l) => JSON.parse(l));
}

describe('npm run progress: one JSON line per metric and milestone, as of --now', () => {
  it('a metric line carries its indicator, what it counts, the target, the value and the records behind it', async () => {
    const lines = await progress(['--now', '2021-06-30', '--data', dir]);
    expect(lines.find((l) => l.metric === 'quantity-1.m1')).toEqual({
      indicator: 'quantity-1',
      metric: 'quantity-1.m1',
      counts: '受益人数',
      unit: '人次',
      target: { op: '≥', value: 2000 },
      value: 2100,
      records: ['R2021-0001'],
    });
    expect(lines.find((l) => l.milestone === 'schedule-q2.1')).toMatchObject({ status: 'done', records: ['R2021-0001'] });
    expect(lines.find((l) => l.milestone === 'schedule-q1.1')).toMatchObject({ status: 'overdue', records: [] });
  });

  it('a running total sets the figure and later increments add to it; a correction keeps its target', async () => {
    expect((await progress(['--now', '2021-06-30', '--data', dir])).find((l) => l.metric === 'quantity-8.m2')!.value).toBe(40);
    // 7月5日 +3, corrected on 7月6日 to 4: on 7月5日 the figure was 43, from 7月6日 it is 44
    expect((await progress(['--now', '2021-07-05T18:00', '--data', dir])).find((l) => l.metric === 'quantity-8.m2')!.value).toBe(43);
    const later = await progress(['--now', '2021-07-31', '--data', dir]);
    expect(later.find((l) => l.metric === 'quantity-8.m2')!.value).toBe(44);
    expect(later.find((l) => l.metric === 'quantity-8.m1')!.value).toBe(0);
  });
});
