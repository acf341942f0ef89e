import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataLockError, lockDataDir, processIdentity } from '../../src/store/lock.js';
import { tempDir } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONTENDER = path.join(import.meta.dirname, 'fixtures/lock-contender.ts');
/** A pid no process has (above Linux's pid_max): a lock left by a process that is gone. */
const DEAD_PID = '2147483646';

function start(dir: string): { child: ChildProcess; ready: Promise<void>; result: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CONTENDER, dir], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady!: () => void;
  let onResult!: (s: string) => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const result = new Promise<string>((resolve, reject) => {
    onResult = resolve;
    child.on('close', (code) => reject(new Error(`contender ended (${code}) without a result: ${err}`)));
  });
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    out += c;
    if (out.includes('ready\n')) onReady();
    const m = /(WON|LOST \S+)\n/.exec(out);
    if (m) onResult(m[1]!);
  });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  return { child, ready, result };
}

/** N real processes take over one stale lock at the same instant; returns what each got. */
async function race(n: number, staleContent: string | null): Promise<string[]> {
  const dir = tempDir();
  if (staleContent !== null) writeFileSync(path.join(dir, 'bot.lock'), staleContent);
  const cs = Array.from({ length: n }, () => start(dir));
  try {
    await Promise.all(cs.map((c) => c.ready));
    for (const c of cs) c.child.stdin!.write('g'); // all at once
    const results = await Promise.all(cs.map((c) => c.result));
    const winner = cs[results.indexOf('WON')];
    if (winner) expect(readFileSync(path.join(dir, 'bot.lock'), 'utf8').split('\n')[0]).toBe(String(winner.child.pid));
    return results;
  } finally {
    for (const c of cs) c.child.stdin!.end();
    await Promise.all(cs.map((c) => new Promise((r) => (c.child.exitCode !== null ? r(null) : c.child.on('exit', r)))));
  }
}

describe('one writer per folder (issue 14)', () => {
  it('fault: a stale bot.lock (its process is gone) and 10 processes starting at once → exactly one gets the folder, four rounds', async () => {
    for (let round = 0; round < 4; round++) {
      const results = await race(10, `${DEAD_PID}\n`);
      expect(results.filter((r) => r === 'WON')).toHaveLength(1);
      expect(results.filter((r) => r === 'LOST DataLockError')).toHaveLength(9);
    }
  }, 60_000);

  it('fault: no lock at all and 6 processes starting at once → exactly one gets the folder', async () => {
    const results = await race(6, null);
    expect(results.filter((r) => r === 'WON')).toHaveLength(1);
  }, 60_000);

  it('fault: an unreadable (empty) lock from a crash is taken over; the winner releases it cleanly', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bot.lock'), '');
    writeFileSync(path.join(dir, `.bot.lock.${DEAD_PID}.${DEAD_PID}.1.new`), `${DEAD_PID}\n`); // a contender killed mid-claim
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'bot.lock'), 'utf8').split('\n')[0]).toBe(String(process.pid));
    expect(() => lockDataDir(dir, process.pid + 100000)).toThrow(DataLockError);
    release();
    expect(existsSync(path.join(dir, 'bot.lock'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]); // no guard or temp file left behind
  });

  it('fault: a contender died mid-takeover (stale guard left) → the next start still takes over', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bot.lock'), `${DEAD_PID}\n`);
    writeFileSync(path.join(dir, `bot.lock.takeover-${DEAD_PID}`), '2147483645\n');
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'bot.lock'), 'utf8').split('\n')[0]).toBe(String(process.pid));
    release();
  });

  it('fault: after a reboot the old lock\'s pid belongs to another process → taken over; the same process (same identity) → refused', () => {
    const other = process.ppid; // a live process that is not a bot
    const idNow = processIdentity(other);
    expect(idNow).not.toBeNull(); // Linux: /proc is there

    const dir = tempDir();
    writeFileSync(path.join(dir, 'bot.lock'), `${other}\n00000000-0000-0000-0000-000000000000/1\n`); // written before the reboot
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'bot.lock'), 'utf8').split('\n')[0]).toBe(String(process.pid));
    release();

    const busy = tempDir();
    writeFileSync(path.join(busy, 'bot.lock'), `${other}\n${idNow}\n`);
    expect(() => lockDataDir(busy)).toThrow(DataLockError);
    writeFileSync(path.join(busy, 'bot.lock'), `${other}\n`); // an old-style lock: the pid alone decides
    expect(() => lockDataDir(busy)).toThrow(DataLockError);
  });
});
