import { readFileSync, readdirSync, existsSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/lowdb-store.js';
import { fromShanghai } from '../../src/core/time.js';
import { newRecord, proposal } from './fixtures/make.js';
import { tempDir } from './helpers.js';

const dayDirs = (dir: string) => readdirSync(path.join(dir, 'backups')).filter((n) => /^\d{4}-\d{2}-\d{2}$/.test(n)).sort();
const countIn = (file: string) => JSON.parse(readFileSync(file, 'utf8')).records.length as number;

describe('daily backups', () => {
  it('copies the files as they were before the first write of each Shanghai day, once per day, and keeps the newest N', async () => {
    const dir = tempDir();
    let now = fromShanghai(2021, 5, 1, 9, 0);
    const s = await openStore(dir, { clock: () => now, backups: 3 });
    await s.addRecord(newRecord(0)); // nothing on disk yet: nothing to back up
    expect(existsSync(path.join(dir, 'backups'))).toBe(false);

    for (let d = 2; d <= 6; d++) {
      now = fromShanghai(2021, 5, d, 0, 5); // just after midnight in Beijing (16:05 UTC the day before)
      await s.addRecord(newRecord(d));
      now = fromShanghai(2021, 5, d, 23, 55);
      await s.putPending(proposal('room@chatroom', `u${d}`));
      await s.addRecord(newRecord(d + 100));
    }
    expect(dayDirs(dir)).toEqual(['2021-05-04', '2021-05-05', '2021-05-06']);
    // each copy is the state before that day's first write: 1 + 2 per earlier day
    expect(countIn(path.join(dir, 'backups/2021-05-06/records-2021.json'))).toBe(9);
    expect(countIn(path.join(dir, 'backups/2021-05-04/records-2021.json'))).toBe(5);
    expect(readdirSync(path.join(dir, 'backups/2021-05-06')).sort()).toEqual(['records-2021.json', 'state.json']);
    await s.close();

    // reopening the same day does not replace that day's backup
    const again = await openStore(dir, { clock: () => now, backups: 3 });
    await again.addRecord(newRecord(999));
    expect(countIn(path.join(dir, 'backups/2021-05-06/records-2021.json'))).toBe(9);
    expect(dayDirs(dir)).toHaveLength(3);
  });

  it('pruning removes only dated folders, never the pre-migration copies', async () => {
    const dir = tempDir();
    copyFileSync(path.join(import.meta.dirname, 'fixtures/records-2021.v1.json'), path.join(dir, 'records-2021.json'));
    let now = fromShanghai(2021, 6, 1, 10, 0);
    const s = await openStore(dir, { clock: () => now, backups: 1 });
    for (let d = 1; d <= 3; d++) {
      now = fromShanghai(2021, 6, d, 10, 0);
      await s.addRecord(newRecord(d));
    }
    expect(dayDirs(dir)).toEqual(['2021-06-03']);
    expect(existsSync(path.join(dir, 'backups/records-2021.v1.json'))).toBe(true);
  });

  it('a failing backup is logged and does not stop the save', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    let now = fromShanghai(2021, 6, 1, 10, 0);
    const lines: string[] = [];
    const s = await openStore(dir, { clock: () => now, log: (l) => lines.push(l) });
    await s.addRecord(newRecord(1));
    writeFileSync(path.join(dir, 'backups'), 'a file where the folder should be');
    now = fromShanghai(2021, 6, 2, 10, 0);
    await expect(s.addRecord(newRecord(2))).resolves.toMatchObject({ id: 'R2021-0002' });
    expect(lines.join('\n')).toContain('备份失败');
  });
});
