import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/lowdb-store.js';
import { yearFileBytes } from '../../src/store/codec.js';
import { makeYearFile } from './fixtures/make.js';
import { tempDir } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WRITER = path.join(import.meta.dirname, 'fixtures/writer.ts');

/** Runs the writer on dir and SIGKILLs it once it has printed `after` confirmed ids; returns every id it printed. */
function runAndKill(dir: string, after: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const ids: string[] = [];
    let buf = '';
    let err = '';
    let signal: NodeJS.Signals | null = null;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop()!; // an incomplete line is not a confirmation
      for (const l of lines) if (/^R\d{4}-\d+$/.test(l)) ids.push(l);
      if (ids.length >= after && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('exit', (_code, s) => (signal = s));
    child.on('close', (code) => (signal === 'SIGKILL' ? resolve(ids) : reject(new Error(`writer ended (${code}) before it was killed: ${err}`))));
  });
}

describe('crash safety', () => {
  it.each([
    [1, 0],
    [17, 0],
    [64, 0],
    [40, 3000],
  ])('after SIGKILL once %i ids were confirmed (starting from %i records), reopening gives a valid file with every confirmed id', async (after, seed) => {
    const dir = tempDir();
    if (seed) writeFileSync(path.join(dir, 'records-2021.json'), yearFileBytes(makeYearFile(seed)));
    const confirmed = await runAndKill(dir, after);
    expect(confirmed.length).toBeGreaterThanOrEqual(after);

    const s = await openStore(dir); // rejects if the file were not valid
    const ids = s.records(2021).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of confirmed) expect(ids).toContain(id);
    expect(ids.length).toBeLessThanOrEqual(seed + confirmed.length + 3); // at most one unconfirmed batch
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // numbering carries on after the last id on disk
    const next = await s.addRecord({ ...s.records(2021)[0]!, planYear: 2021, at: new Date(), source: { messageId: 'x', text: '再来一条' } });
    expect(ids).not.toContain(next.id);
    await s.close();
  });
});
