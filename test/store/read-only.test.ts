import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main as digestCli } from '../../src/cli/digest.js';
import { runExportCli } from '../../src/cli/export.js';
import { openStore, StoreWriteError } from '../../src/store/lowdb-store.js';
import { tempDir } from './helpers.js';

const V1 = path.join(import.meta.dirname, 'fixtures/records-2021.v1.json');

/** Every entry under dir (recursively) with its size and mtime: what "wrote nothing" means. */
function listing(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name);
    const st = statSync(p);
    out.push(`${path.relative(dir, p)} ${e.isDirectory() ? 'dir' : st.size} ${st.mtimeMs}`);
  }
  return out.sort();
}

/** A folder as a running bot leaves it mid-save: its temp file of a write in progress, an old-version file. */
function busyFolder(): { dir: string; temp: string } {
  const dir = tempDir();
  copyFileSync(V1, path.join(dir, 'records-2021.json')); // version 1: a writer would migrate it
  const temp = path.join(dir, `.records-2021.json.${process.pid}.7.tmp`);
  writeFileSync(temp, '{"half": ');
  return { dir, temp };
}

afterEach(() => vi.restoreAllMocks());

describe('readers never touch writers\' files (issue 14)', () => {
  it('fault: a writer\'s temp file is in the folder → npm run digest leaves it, and writes no backup, migration or file', async () => {
    const { dir, temp } = busyFolder();
    const before = listing(dir);
    const out: string[] = [];
    const err: string[] = [];
    const code = await digestCli({ argv: ['--kind', 'weekly', '--now', '2021-05-10T09:00', '--data', dir], env: {}, out: (s) => out.push(s), err: (s) => err.push(s) });
    expect(err.join('\n')).toBe('');
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('周');
    expect(listing(dir)).toEqual(before);
    expect(readFileSync(temp, 'utf8')).toBe('{"half": ');
  });

  it('fault: a writer\'s temp file is in the folder → npm run export leaves it and writes nothing there', async () => {
    const { dir, temp } = busyFolder();
    const before = listing(dir);
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
    const outFile = path.join(tempDir(), 'records.xlsx');
    const code = await runExportCli(['--kind', 'records', '--now', '2021-06-30', '--data', dir, '--out', outFile]);
    expect(errors.join('\n')).toBe('');
    expect(code).toBe(0);
    expect(listing(dir)).toEqual(before);
    expect(readFileSync(temp, 'utf8')).toBe('{"half": ');
  });

  it('a read-only store reads an old-version file (migrated in memory only) and refuses every write', async () => {
    const { dir } = busyFolder();
    const before = listing(dir);
    const store = await openStore(dir, { readOnly: true });
    expect(store.records(2021).length).toBeGreaterThan(0);
    const input = { ...store.records(2021)[0]!, at: new Date(), planYear: 2021 };
    await expect(store.addRecord(input)).rejects.toBeInstanceOf(StoreWriteError);
    await expect(store.putPending({} as never)).rejects.toBeInstanceOf(StoreWriteError);
    await store.close();
    expect(listing(dir)).toEqual(before);
  });
});
