import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, StoreWriteError } from '../../src/store/lowdb-store.js';
import { nodeFs, type DurableFs } from '../../src/store/durable-file.js';
import { RecordError } from '../../src/store/records.js';
import { YearFileSchema, StateFileSchema } from '../../src/store/schema.js';
import { ctxFor, newRecord, proposal } from './fixtures/make.js';
import { tempDir } from './helpers.js';

const readYear = (dir: string, year = 2021) => YearFileSchema.parse(JSON.parse(readFileSync(path.join(dir, `records-${year}.json`), 'utf8')));

describe('LowdbStore', () => {
  it('round trip: add, amend (history keeps before-values), withdraw (kept, status withdrawn) all read back the same after reopening', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    const a = await s.addRecord(newRecord(1));
    const b = await s.addRecord(newRecord(2));
    expect([a.id, b.id]).toEqual(['R2021-0001', 'R2021-0002']);
    const amended = await s.amendRecord(2021, a.id, { amounts: [{ metricId: 'quantity-1.m1', value: 999, unit: '人次' }], activityDate: '2021-06-01' }, ctxFor(1));
    expect(amended.amounts[0]!.value).toBe(999);
    expect(amended.history.at(-1)).toMatchObject({ action: 'amend', before: { amounts: a.amounts, activityDate: a.activityDate } });
    const w = await s.withdrawRecord(2021, b.id, ctxFor(2, '撤回'));
    expect(w.status).toBe('withdrawn');
    const before = s.records(2021);
    await s.close();

    const again = await openStore(dir);
    expect(again.records(2021)).toEqual(before);
    expect(again.records(2021)).toHaveLength(2);
    expect(again.records(2021)[1]!.history.map((h) => h.action)).toEqual(['create', 'withdraw']);
    expect(readYear(dir).nextSeq).toBe(3);
    await again.close();
  });

  it('a year with no file reads as [] and its file is created only by its first write', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    expect(s.records(2022)).toEqual([]);
    expect(existsSync(path.join(dir, 'records-2022.json'))).toBe(false);
    await s.addRecord(newRecord(1, { planYear: 2022 }));
    expect(readYear(dir, 2022).records.map((r) => r.id)).toEqual(['R2022-0001']);
    await s.close();
    const again = await openStore(dir);
    expect(again.records(2022)).toHaveLength(1);
    expect(again.records(2021)).toEqual([]);
  });

  it('50 concurrent addRecord calls from different users give 50 records with unique ids, all on disk after reopening', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    const recs = await Promise.all(
      Array.from({ length: 50 }, (_, i) => s.addRecord(newRecord(i, { reporter: { id: `wxid_user${i}`, name: `用户${i}` } }))),
    );
    const ids = recs.map((r) => r.id);
    expect(new Set(ids).size).toBe(50);
    expect(s.revision()).toBe(50);
    await s.close();
    const again = await openStore(dir);
    expect(again.records(2021).map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(new Set(again.records(2021).map((r) => r.reporter.id)).size).toBe(50);
    expect(readYear(dir).nextSeq).toBe(51);
  });

  it('a failed write (ENOSPC at write, EACCES at rename) rejects with StoreWriteError and leaves memory, revision and nextSeq as on disk', async () => {
    const dir = tempDir();
    let fail: 'write' | 'rename' | null = null;
    const fs: DurableFs = {
      ...nodeFs,
      writeSynced: async (f, d) => {
        if (fail === 'write') throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return nodeFs.writeSynced(f, d);
      },
      rename: async (a, b) => {
        if (fail === 'rename') throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return nodeFs.rename(a, b);
      },
    };
    const s = await openStore(dir, { fs });
    const first = await s.addRecord(newRecord(1));
    await s.putPending(proposal('room@chatroom', 'u1'));
    const records = s.records(2021);
    const rev = s.revision();
    const onDisk = readFileSync(path.join(dir, 'records-2021.json'));

    fail = 'write';
    await expect(s.addRecord(newRecord(2))).rejects.toMatchObject({ name: 'StoreWriteError', code: 'io', message: expect.stringContaining('保存失败') });
    await expect(s.amendRecord(2021, first.id, { activityDate: '2021-09-09' }, ctxFor(1))).rejects.toBeInstanceOf(StoreWriteError);
    fail = 'rename';
    await expect(s.withdrawRecord(2021, first.id, ctxFor(1))).rejects.toThrow(/EACCES/);
    await expect(s.putPending(proposal('room@chatroom', 'u2'))).rejects.toBeInstanceOf(StoreWriteError);
    await expect(s.addJobRun({ job: 'weekly', period: '2021-W19', dueAt: '2021-05-14T17:00:00+08:00', ranAt: '2021-05-14T17:00:01+08:00', status: 'posted', note: null })).rejects.toBeInstanceOf(StoreWriteError);

    expect(s.records(2021)).toBe(records);
    expect(s.records(2021)[0]!.history).toHaveLength(1);
    expect(s.revision()).toBe(rev);
    expect(s.pending()).toHaveLength(1);
    expect(s.jobRuns()).toHaveLength(0);
    expect(readFileSync(path.join(dir, 'records-2021.json')).equals(onDisk)).toBe(true);

    fail = null;
    const next = await s.addRecord(newRecord(3));
    expect(next.id).toBe('R2021-0002'); // the failed add did not use up a number
    await s.close();
    const again = await openStore(dir);
    expect(again.records(2021).map((r) => r.id)).toEqual(['R2021-0001', 'R2021-0002']);
    expect(again.pending()).toHaveLength(1);
  });

  it('a change that does not validate is refused before writing (code invalid) and nothing changes', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    await s.addRecord(newRecord(1));
    const bad = newRecord(2, { activityDate: '2021/05/10' });
    await expect(s.addRecord(bad)).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('activityDate') });
    await expect(s.addRecord(newRecord(3, { planYear: 21 }))).rejects.toMatchObject({ code: 'invalid' });
    expect(s.records(2021)).toHaveLength(1);
    expect((await s.addRecord(newRecord(4))).id).toBe('R2021-0002');
  });

  it('amending or withdrawing an unknown or withdrawn record rejects with RecordError and writes nothing', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    const a = await s.addRecord(newRecord(1));
    await s.withdrawRecord(2021, a.id, ctxFor(1));
    const rev = s.revision();
    await expect(s.amendRecord(2021, a.id, { activityDate: '2021-01-02' }, ctxFor(1))).rejects.toMatchObject({ code: 'withdrawn' });
    await expect(s.withdrawRecord(2021, 'R2021-0099', ctxFor(1))).rejects.toBeInstanceOf(RecordError);
    await expect(s.withdrawRecord(2019, 'R2019-0001', ctxFor(1))).rejects.toMatchObject({ code: 'not-found' });
    expect(s.revision()).toBe(rev);
  });

  it('revision() goes up by one with every record change and not with pending or job-run changes', async () => {
    const s = await openStore(tempDir());
    expect(s.revision()).toBe(0);
    const a = await s.addRecord(newRecord(1));
    await s.amendRecord(2021, a.id, { indicatorIds: ['quantity-5'] }, ctxFor(1));
    await s.withdrawRecord(2021, a.id, ctxFor(1));
    await s.putPending(proposal('c@chatroom', 'u'));
    expect(s.revision()).toBe(3);
  });

  it('pending proposals (put, replace, delete) and job runs persist across reopening', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    await s.putPending(proposal('room1@chatroom', 'u1'));
    await s.putPending(proposal('room1@chatroom', 'u2'));
    await s.putPending(proposal('room2@chatroom', 'u1'));
    await s.putPending(proposal('room1@chatroom', 'u1', '改成90人'));
    await s.deletePending('room1@chatroom', 'u2');
    await s.addJobRun({ job: 'weekly', period: '2021-W19', dueAt: '2021-05-14T17:00:00+08:00', ranAt: '2021-05-14T17:00:02+08:00', status: 'posted', note: null });
    await s.addJobRun({ job: 'quarterly', period: '2021-Q2', dueAt: '2021-06-30T17:00:00+08:00', ranAt: '2021-07-01T09:00:00+08:00', status: 'missed', note: '机器人离线' });
    const pending = s.pending();
    const runs = s.jobRuns();
    await s.close();
    const again = await openStore(dir);
    expect(again.pending()).toEqual(pending);
    expect(again.pending().map((p) => [p.chat.id, p.author.id, p.source.text])).toEqual([
      ['room1@chatroom', 'u1', '改成90人'],
      ['room2@chatroom', 'u1', '今天科普讲座来了80人'],
    ]);
    expect(again.jobRuns()).toEqual(runs);
    expect(StateFileSchema.parse(JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8'))).jobRuns).toHaveLength(2);
  });

  it('close() waits for queued writes, and writes after close are refused', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    const pending = Array.from({ length: 10 }, (_, i) => s.addRecord(newRecord(i)));
    await s.close();
    expect(readYear(dir).records).toHaveLength(10);
    await Promise.all(pending);
    await expect(s.addRecord(newRecord(11))).rejects.toThrow('存储已关闭');
  });

  it('records are frozen snapshots: a read array does not change under the caller, and records cannot be mutated', async () => {
    const s = await openStore(tempDir());
    await s.addRecord(newRecord(1));
    const snap = s.records(2021);
    await s.addRecord(newRecord(2));
    expect(snap).toHaveLength(1);
    expect(s.records(2021)).toHaveLength(2);
    expect(() => {
      (snap[0]!.amounts[0] as { value: number }).value = 1;
    }).toThrow(TypeError);
  });

  it('temp files left by an interrupted write are removed at open', async () => {
    const dir = tempDir();
    const s = await openStore(dir);
    await s.addRecord(newRecord(1));
    await s.close();
    const { writeFileSync, readdirSync } = await import('node:fs');
    writeFileSync(path.join(dir, '.records-2021.json.4242.7.tmp'), '{"half');
    const lines: string[] = [];
    const again = await openStore(dir, { log: (l) => lines.push(l) });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(lines.join('\n')).toContain('临时文件');
    expect(again.records(2021)).toHaveLength(1);
  });
});

describe('opening', () => {
  it('an unreadable data file is refused with a StoreLoadError naming it', async () => {
    const dir = tempDir();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(dir, 'records-2021.json')); // a folder where the file should be: EISDIR
    await expect(openStore(dir)).rejects.toMatchObject({ name: 'StoreLoadError', message: expect.stringMatching(/records-2021\.json.*EISDIR/) });
  });
});
