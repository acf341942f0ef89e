import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Another bot process already uses the data folder: two writers would lose each other's records. */
export class DataLockError extends Error {
  override name = 'DataLockError';
}

export const LOCK_FILE = 'bot.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a lock file; null when the file is gone, NaN when it holds no pid. */
function ownerOf(file: string): number | null {
  try {
    const t = readFileSync(file, 'utf8').trim();
    return /^\d+$/.test(t) ? Number(t) : NaN;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

let tmpCounter = 0;

/** A hidden file next to `file` holding `pid`, fully written: linked or renamed into place, never seen half-written. */
function freshLock(file: string, pid: number): string {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${pid}.${process.pid}.${++tmpCounter}.new`);
  writeFileSync(tmp, `${pid}\n`, { flag: 'wx' });
  return tmp;
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

type Claim = { ok: true } | { ok: false; owner: number };

/** How deep takeovers may nest (a contender that died while taking over leaves a stale guard). */
const MAX_DEPTH = 4;

/**
 * Makes `file` hold `pid`, or says who holds it. Race-free without a kernel lock:
 * - a free file is created with link(2), which fails when the name exists (no half-written lock);
 * - a file whose owner is dead is replaced only by the one contender that claims the guard
 *   `<file>.takeover-<dead pid>` (the same procedure, one level down). Holding that guard it
 *   re-reads the file: only while it still names the dead pid does it rename a fresh lock over
 *   it. Nothing else can change a file naming a dead pid (its owner cannot release it, and
 *   link(2) fails on it), so the check and the rename cannot be overtaken.
 * Contenders that lose wait for the winner and then see a live owner.
 */
function claim(file: string, pid: number, depth: number): Claim {
  for (let attempt = 0; attempt < 400; attempt++) {
    const tmp = freshLock(file, pid);
    try {
      try {
        linkSync(tmp, file);
        return { ok: true };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const owner = ownerOf(file);
      if (owner === null) continue; // released meanwhile: try again
      if (Number.isInteger(owner) && owner > 0 && owner !== pid && alive(owner)) return { ok: false, owner };
      // stale: left by a process that is gone (or unreadable)
      if (depth >= MAX_DEPTH) return { ok: false, owner: Number.isNaN(owner) ? 0 : owner };
      const guard = `${file}.takeover-${Number.isNaN(owner) ? 'x' : owner}`;
      const g = claim(guard, pid, depth + 1);
      if (!g.ok) {
        sleepMs(5); // another contender is taking over: its result shows shortly
        continue;
      }
      try {
        const now = ownerOf(file);
        if (now === owner || (Number.isNaN(now) && Number.isNaN(owner))) {
          renameSync(tmp, file);
          if (ownerOf(file) === pid) return { ok: true };
        }
      } finally {
        release(guard, pid);
      }
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        // linked or renamed into place, or never made
      }
    }
  }
  const owner = ownerOf(file);
  return { ok: false, owner: owner ?? 0 };
}

/** Removes `file` if it still names `pid`. */
function release(file: string, pid: number): void {
  try {
    if (ownerOf(file) === pid) unlinkSync(file);
  } catch {
    // already gone
  }
}

/** Fresh-lock files of contenders that died before cleaning up (only ours may be removed once we hold the lock). */
function removeLeftovers(dir: string): void {
  try {
    for (const name of readdirSync(dir)) {
      const m = /^\.bot\.lock.*\.\d+\.(\d+)\.\d+\.new$/.exec(name);
      if (m && !alive(Number(m[1]))) unlinkSync(path.join(dir, name));
    }
  } catch {
    // best effort: a leftover is harmless
  }
}

/**
 * Claims the data folder for this process (bot.lock holding its pid). A lock left by a
 * process that no longer runs is taken over; when several processes start together, exactly
 * one gets the folder (see claim). Returns the release function; it is also run when the
 * process exits.
 */
export function lockDataDir(dir: string, pid = process.pid): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const got = claim(file, pid, 0);
  if (!got.ok) {
    if (got.owner > 0 && alive(got.owner))
      throw new DataLockError(
        `数据目录 ${dir} 正被另一个绩效助手进程（pid ${got.owner}）使用；两个进程同时写会丢记录。请先停掉那个进程，或用 --data 指定另一个目录。`,
      );
    throw new DataLockError(`无法锁定数据目录 ${dir}（${LOCK_FILE}）：确认没有别的绩效助手在运行后，删掉 ${file} 及 ${file}.takeover-* 再启动。`);
  }
  removeLeftovers(dir);
  let released = false;
  const releaseLock = () => {
    if (released) return;
    released = true;
    process.off('exit', releaseLock);
    release(file, pid);
  };
  process.on('exit', releaseLock);
  return releaseLock;
}
