import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/lowdb-store.js';
import { YearFileSchema } from '../../src/store/schema.js';
import { newRecord } from './fixtures/make.js';
import { tempDir } from './helpers.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/records-2021.v1.json');

describe('migrating a v1 year file', () => {
  it('gives valid v2 records with history, keeps the original as backups/records-2021.v1.json, and continues numbering', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'records-2021.json');
    copyFileSync(FIXTURE, file);
    const lines: string[] = [];
    const s = await openStore(dir, { log: (l) => lines.push(l) });

    const onDisk = YearFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(onDisk.schemaVersion).toBe(2);
    expect(onDisk.records).toEqual(s.records(2021));
    expect(readFileSync(path.join(dir, 'backups/records-2021.v1.json')).equals(readFileSync(FIXTURE))).toBe(true);
    expect(lines.join('\n')).toMatch(/第 1 版升级到第 2 版/);

    const [r1, r2, r3, r4, r6] = s.records(2021);
    expect(r1).toMatchObject({
      id: 'R2021-0001',
      planYear: 2021,
      reporter: { id: 'wxid_wangfang01', name: '王芳' },
      chat: { id: '24681357912@chatroom', name: '科协绩效工作群', kind: 'room' },
      milestoneIds: ['schedule-q1.1'],
      indicatorIds: [],
      amounts: [],
      activityDate: '2021-03-12',
      createdAt: '2021-03-12T16:05:11+08:00',
      status: 'active',
      history: [{ action: 'create', at: '2021-03-12T16:05:11+08:00', messageId: '3318812201', before: null }],
    });
    expect(r2!.amounts).toEqual([{ metricId: null, value: 12, unit: '支' }]);
    expect(r2!.indicatorIds).toEqual(['quantity-3']);
    expect(r3!.status).toBe('withdrawn');
    expect(r3!.milestoneIds).toEqual([]);
    expect(r3!.history.map((h) => [h.action, h.at])).toEqual([
      ['create', '2021-04-02T18:20:00+08:00'],
      ['withdraw', '2021-04-02T18:25:43+08:00'],
    ]);
    expect(r4!.amounts[0]!.value).toBe(320);
    expect(r6!.chat).toEqual({ id: 'wxid_chenjing05', name: null, kind: 'private' });

    expect((await s.addRecord(newRecord(1))).id).toBe('R2021-0007'); // v1 lastSeq was 6
    await s.close();
    const again = await openStore(dir);
    expect(again.records(2021)).toHaveLength(6);
    expect(readdirSync(path.join(dir, 'backups')).filter((n) => n.startsWith('records-2021.v1'))).toEqual(['records-2021.v1.json']);
  });

  it('an invalid v1 file is refused with the v1 place and stays untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'records-2021.json');
    const v1 = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    v1.records[2].createdAt = '2021/04/02 18:20';
    const text = JSON.stringify(v1, null, 2);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, text);
    await expect(openStore(dir)).rejects.toThrow(/records\[2\]\.createdAt（记录 R2021-0003）.*第 1 版/);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['records-2021.json']);
  });
});
