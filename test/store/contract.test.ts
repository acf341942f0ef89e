import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { openStore } from '../../src/store/lowdb-store.js';
import type { RecordStore } from '../../src/store/types.js';
import { yearFileBytes } from '../../src/store/codec.js';
import { ctxFor, makeYearFile, newRecord, proposal } from './fixtures/make.js';
import { tempDir } from './helpers.js';

/** The same script of calls; returns everything observable, errors included. */
async function script(s: RecordStore) {
  const seen: unknown[] = [];
  const note = async (p: Promise<unknown>) => seen.push(await p.then((v) => ({ ok: v }), (e: Error & { code?: string }) => ({ err: e.message, code: e.code })));
  await Promise.all([0, 1, 2, 3].map((i) => note(s.addRecord(newRecord(i)))));
  await note(s.addRecord(newRecord(9, { planYear: 2022 })));
  await note(s.amendRecord(2021, 'R2021-0002', { amounts: [{ metricId: null, value: 7, unit: '场' }] }, ctxFor(1)));
  await note(s.withdrawRecord(2021, 'R2021-0003', ctxFor(2)));
  await note(s.amendRecord(2021, 'R2021-0003', { activityDate: '2021-02-02' }, ctxFor(3)));
  await note(s.withdrawRecord(2021, 'R2021-0042', ctxFor(4)));
  await note(s.withdrawRecord(2030, 'R2030-0001', ctxFor(4)));
  await note(s.putPending(proposal('a@chatroom', 'u1')));
  await note(s.putPending(proposal('a@chatroom', 'u2')));
  await note(s.putPending(proposal('a@chatroom', 'u1', '换一个说法')));
  await note(s.deletePending('a@chatroom', 'u2'));
  await note(s.deletePending('nobody', 'none'));
  await note(s.addJobRun({ job: 'weekly', period: '2021-W19', dueAt: '2021-05-14T17:00:00+08:00', ranAt: '2021-05-14T17:00:00+08:00', status: 'posted', note: null }));
  return { seen, y2021: s.records(2021), y2022: s.records(2022), y2023: s.records(2023), rev: s.revision(), pending: s.pending(), runs: s.jobRuns() };
}

describe('MemoryStore and LowdbStore', () => {
  it('behave the same for the same calls (results, errors, reads, revision)', async () => {
    const mem = await script(new MemoryStore());
    const disk = await script(await openStore(tempDir()));
    expect(disk).toEqual(mem);
    expect(mem.rev).toBe(7);
    expect(Object.isFrozen(mem.y2021[0])).toBe(true);
  });
});

describe('year file encoding', () => {
  it('is JSON with one record per line, and parses back to the same data', () => {
    const f = makeYearFile(5);
    const text = yearFileBytes(f).toString('utf8');
    expect(JSON.parse(text)).toEqual(f);
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual(['{', '  "schemaVersion": 2,', '  "planYear": 2021,', '  "nextSeq": 6,', '  "records": [']);
    expect(lines[5]).toBe(`    ${JSON.stringify(f.records[0])},`);
    expect(lines.filter((l) => l.includes('"id":"R2021-')).length).toBe(5);
    expect(JSON.parse(yearFileBytes({ ...f, records: [] }).toString())).toEqual({ ...f, records: [] });
  });
});
