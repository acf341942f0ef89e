import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, StoreLoadError } from '../../src/store/lowdb-store.js';
import { locateJsonError } from '../../src/store/load-error.js';
import { yearFileBytes } from '../../src/store/codec.js';
import { makeYearFile } from './fixtures/make.js';
import { tempDir } from './helpers.js';

/** Writes `text` as the data file, expects openStore to refuse it, and checks nothing on disk changed. */
async function refused(name: string, text: string | Buffer): Promise<StoreLoadError> {
  const dir = tempDir();
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const before = readFileSync(file);
  const names = readdirSync(dir);
  const err = await openStore(dir, { clock: () => new Date('2021-05-10T02:00:00Z') }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreLoadError);
  expect(readFileSync(file).equals(before)).toBe(true);
  expect(readdirSync(dir)).toEqual(names); // no backup, temp or migrated file either
  const e = err as StoreLoadError;
  expect(e.message).toContain(file);
  expect(e.message).toContain('没有被改动');
  return e;
}

const good = () => yearFileBytes(makeYearFile(20)).toString('utf8');

describe('refusing a corrupt data file', () => {
  it('truncated JSON is refused with the line and column where it ends, and the file is left byte-for-byte', async () => {
    const text = good();
    const cut = text.slice(0, Math.floor(text.length * 0.6));
    const e = await refused('records-2021.json', cut);
    const lines = cut.split('\n');
    expect(e.place).toBe(`第 ${lines.length} 行第 ${lines.at(-1)!.length + 1} 列`);
    expect(e.message).toContain('意外结束');
    expect(e.message).toMatch(/backups/);
  });

  it('a JSON syntax error in the middle names its line and column', async () => {
    const text = good().replace('"value":60', '"value":六十');
    const e = await refused('records-2021.json', text);
    const line = text.split('\n').findIndex((l) => l.includes('六十')) + 1;
    expect(e.place).toMatch(new RegExp(`^第 ${line} 行第 \\d+ 列$`));
    expect(e.message).toContain('六十');
  });

  it('a wrong field type is refused naming the path (records[3].amounts[0].value) and the record id', async () => {
    const f = JSON.parse(good());
    f.records[3].amounts[0].value = '三百';
    const e = await refused('records-2021.json', JSON.stringify(f, null, 2));
    expect(e.place).toBe('records[3].amounts[0].value（记录 R2021-0004）');
    expect(e.message).toContain('records[3].amounts[0].value');
    expect(e.message).toContain('"三百"');
    expect(e.problem).toMatch(/期望/);
  });

  it('a newer schemaVersion is refused, asking for an upgrade, and the file is not downgraded', async () => {
    const f = JSON.parse(good());
    f.schemaVersion = 3;
    const e = await refused('records-2021.json', JSON.stringify(f));
    expect(e.place).toBe('schemaVersion');
    expect(e.message).toMatch(/版本是 3.*只认识到版本 2/);
    expect(e.message).toContain('升级绩效助手');
  });

  it('duplicate ids and a nextSeq that would reuse a number are refused', async () => {
    const f = JSON.parse(good());
    f.records[5].id = f.records[4].id;
    expect((await refused('records-2021.json', JSON.stringify(f))).message).toMatch(/records\[5\]\.id.*R2021-0005.*重复/);
    const g = JSON.parse(good());
    g.nextSeq = 3;
    expect((await refused('records-2021.json', JSON.stringify(g))).place).toBe('nextSeq');
  });

  it('a year file whose content is another year than its name is refused', async () => {
    expect((await refused('records-2022.json', good())).place).toBe('planYear');
  });

  it('a corrupt state.json is refused too (empty file, wrong type)', async () => {
    expect((await refused('state.json', '')).problem).toContain('空');
    const e = await refused('state.json', JSON.stringify({ schemaVersion: 1, pending: [], jobRuns: [{ job: 'weekly', period: '2021-W19', dueAt: 'yesterday', ranAt: '2021-05-14T17:00:00+08:00', status: 'posted', note: null }] }));
    expect(e.place).toBe('jobRuns[0].dueAt');
  });

  it('when one file is bad, no other file is migrated or written either', async () => {
    const dir = tempDir();
    const v1 = readFileSync(path.join(import.meta.dirname, 'fixtures/records-2021.v1.json'));
    writeFileSync(path.join(dir, 'records-2021.json'), v1);
    writeFileSync(path.join(dir, 'state.json'), '{"schemaVersion": 1, "pending": [');
    await expect(openStore(dir)).rejects.toBeInstanceOf(StoreLoadError);
    expect(readFileSync(path.join(dir, 'records-2021.json')).equals(v1)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['records-2021.json', 'state.json']);
  });

  it('locateJsonError finds the spot JSON.parse rejects, for a range of breakages', () => {
    const cases: [string, number, number][] = [
      ['{"a": 1,}', 1, 9],
      ['{\n  "a": [1, 2\n}', 3, 1],
      ['{"a": "x\ny"}', 1, 9],
      ['{"a": tru}', 1, 7],
      ['{"a": 1} x', 1, 10],
      ["{'a': 1}", 1, 2],
    ];
    for (const [text, line, column] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonError(text), text).toMatchObject({ line, column });
    }
  });
});
