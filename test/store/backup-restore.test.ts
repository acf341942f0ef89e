import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromShanghai } from '../../src/core/time.js';
import { memoryLog } from '../../src/core/log.js';
import type { OutboundMessage } from '../../src/core/types.js';
import { DEFAULT_SCHEDULE } from '../../src/schedule/config.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { openStore, StoreLoadError } from '../../src/store/lowdb-store.js';
import { plan2021 } from '../digest/fixture.js';
import { newRecord, proposal } from './fixtures/make.js';
import { tempDir } from './helpers.js';

const count = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { records: unknown[] }).records.length;

describe('backups restore without loss (issue 14)', () => {
  it('fault: a crash before backups/latest/ caught up with a save → the copy is brought up to date at the next start, not left stale', async () => {
    const dir = tempDir();
    const s = await openStore(dir, { clock: () => fromShanghai(2021, 6, 10, 10, 0) });
    for (let i = 0; i < 3; i++) await s.addRecord(newRecord(i));
    await s.close();
    const latest = path.join(dir, 'backups/latest/records-2021.json');
    expect(count(latest)).toBe(3);
    // as if killed within the second after two more saves: the data has 5, the copy still 3
    const stale = readFileSync(latest);
    const s2 = await openStore(dir, { clock: () => fromShanghai(2021, 6, 10, 10, 5) });
    for (let i = 3; i < 5; i++) await s2.addRecord(newRecord(i));
    await s2.close();
    writeFileSync(latest, stale);
    expect(count(latest)).toBe(3);
    const s3 = await openStore(dir, { clock: () => fromShanghai(2021, 6, 11, 9, 0) });
    await s3.close();
    expect(count(latest)).toBe(5);
  });

  it('fault: records-2021.json damaged at the end of a day of saves → the copy the restore advice names first holds every record', async () => {
    const dir = tempDir();
    let now = fromShanghai(2021, 6, 1, 10, 0);
    const s = await openStore(dir, { clock: () => now });
    await s.addRecord(newRecord(1));
    now = fromShanghai(2021, 6, 2, 9, 0);
    for (let i = 2; i <= 4; i++) await s.addRecord(newRecord(i));
    await s.close();
    // the day's folder is the state before its first save; latest/ is after its last
    expect(count(path.join(dir, 'backups/2021-06-02/records-2021.json'))).toBe(1);
    expect(count(path.join(dir, 'backups/latest/records-2021.json'))).toBe(4);

    writeFileSync(path.join(dir, 'records-2021.json'), '{"schemaVersion": 2, "planYear": 20'); // damaged
    const err = await openStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreLoadError);
    const advice = (err as Error).message;
    expect(advice).toContain(`${path.join(dir, 'backups')}/latest/records-2021.json`);
    // follow the advice literally
    copyFileSync(path.join(dir, 'backups/latest/records-2021.json'), path.join(dir, 'records-2021.json'));
    const restored = await openStore(dir);
    expect(restored.records(2021).map((r) => r.id)).toEqual(['R2021-0001', 'R2021-0002', 'R2021-0003', 'R2021-0004']);
    await restored.close();
  });

  it('fault: state.json restored from the morning backup after the weekly went out → the weekly is not posted again', async () => {
    const dir = tempDir();
    let now = fromShanghai(2021, 10, 7, 18, 0);
    const s = await openStore(dir, { clock: () => now });
    await s.addRecord(newRecord(1));
    await s.putPending(proposal('room@chatroom', 'u1')); // state.json exists before the day of the posts
    now = fromShanghai(2021, 10, 8, 9, 0);
    const posts: OutboundMessage[][] = [];
    const sched = createScheduler({ store: s, plans: new Map([[2021, plan2021()]]), clock: () => now, post: async (m) => void posts.push(m), config: { ...DEFAULT_SCHEDULE, chart: false }, log: memoryLog() });
    await sched.runDue();
    expect(posts.length).toBe(2); // weekly and the Q3 summary
    await s.close();
    copyFileSync(path.join(dir, 'backups/2021-10-08/state.json'), path.join(dir, 'state.json')); // from before the posts

    const again = await openStore(dir, { clock: () => now });
    now = fromShanghai(2021, 10, 8, 9, 30);
    const later = createScheduler({ store: again, plans: new Map([[2021, plan2021()]]), clock: () => now, post: async (m) => void posts.push(m), config: { ...DEFAULT_SCHEDULE, chart: false }, log: memoryLog() });
    expect(await later.catchUp()).toEqual([]);
    expect(posts.length).toBe(2);
    await again.close();
  });

  it('fault: the clock is behind the backup folders → today\'s backup and the newest one are kept', async () => {
    const dir = tempDir();
    for (const d of ['2021-06-01', '2021-06-02', '2021-06-03']) {
      mkdirSync(path.join(dir, 'backups', d), { recursive: true });
      writeFileSync(path.join(dir, 'backups', d, 'state.json'), '{}');
    }
    let now = fromShanghai(2021, 5, 31, 10, 0);
    const s = await openStore(dir, { clock: () => now, backups: 2 });
    await s.addRecord(newRecord(1));
    now = fromShanghai(2021, 5, 1, 10, 0); // the clock jumps back a month
    await s.addRecord(newRecord(2));
    await s.close();
    const days = readdirSync(path.join(dir, 'backups')).filter((n) => /^\d{4}-/.test(n)).sort();
    expect(days).toContain('2021-05-01'); // today's, just made
    expect(days).toContain('2021-06-03'); // the newest
    expect(count(path.join(dir, 'backups/2021-05-01/records-2021.json'))).toBe(1);
  });

  it('fault: the backup folder cannot be written → a warning the operator sees, and the backup is made on a later save', async () => {
    const dir = tempDir();
    let now = fromShanghai(2021, 6, 1, 10, 0);
    const warnings: string[] = [];
    const s = await openStore(dir, { clock: () => now, log: () => {}, warn: (l) => warnings.push(l) });
    await s.addRecord(newRecord(1));
    await s.close();
    rmSync(path.join(dir, 'backups'), { recursive: true });
    writeFileSync(path.join(dir, 'backups'), 'a file where the folder should be');
    const t = await openStore(dir, { clock: () => now, log: () => {}, warn: (l) => warnings.push(l) });
    now = fromShanghai(2021, 6, 2, 10, 0);
    await t.addRecord(newRecord(2));
    expect(warnings.join('\n')).toMatch(/每日备份失败.*重试/);
    rmSync(path.join(dir, 'backups'));
    now = fromShanghai(2021, 6, 2, 10, 20);
    await t.addRecord(newRecord(3));
    await t.close();
    expect(existsSync(path.join(dir, 'backups/2021-06-02/records-2021.json'))).toBe(true);
    expect(count(path.join(dir, 'backups/2021-06-02/records-2021.json'))).toBe(2);
  });
});
