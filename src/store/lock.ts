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
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // killed but not yet reaped by its parent (a zombie): it holds nothing any more
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * Which process a pid is, beyond its number (Linux: boot id and start time from /proc); null
 * where /proc is not there. After a reboot (a power cut) the pid in an old lock may belong to
 * some other process: the identity tells them apart, so the bot still comes back up.
 */
export function processIdentity(pid: number): string | null {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[19]; // field 22, starttime
    return start ? `${boot}/${start}` : null;
  } catch {
    return null;
  }
}

/** A lock's content: "pid" on the first line, the process identity (if known) on the second. */
function lockText(pid: number): string {
  const id = processIdentity(pid);
  return id ? `${pid}\n${id}\n` : `${pid}\n`;
}

/** The lock file's text; null when it is gone. */
function readLock(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The pid a lock text names; NaN when it names none (empty, damaged). */
function pidOf(text: string): number {
  const first = text.split('\n')[0]!.trim();
  return /^\d+$/.test(first) ? Number(first) : NaN;
}

/** Does the process that wrote this lock text still run (same pid and, where known, same identity)? */
function running(text: string, self: number): boolean {
  const pid = pidOf(text);
  if (!Number.isInteger(pid) || pid <= 0 || pid === self || !alive(pid)) return false;
  const recorded = text.split('\n')[1]?.trim();
  if (!recorded) return true;
  const now = processIdentity(pid);
  return now === null || now === recorded;
}

let tmpCounter = 0;

/** A hidden file next to `file` holding `pid`, fully written: linked or renamed into place, never seen half-written. */
function freshLock(file: string, pid: number): string {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${pid}.${process.pid}.${++tmpCounter}.new`);
  writeFileSync(tmp, lockText(pid), { flag: 'wx' });
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
 * - a file whose owner is gone is replaced only by the one contender that claims the guard
 *   `<file>.takeover-<dead pid>` (the same procedure, one level down). Holding that guard it
 *   re-reads the file: only while it still holds the same stale text does it rename a fresh
 *   lock over it. Nothing else can change a stale lock (its owner cannot release it, and
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
      const stale = readLock(file);
      if (stale === null) continue; // released meanwhile: try again
      if (running(stale, pid)) return { ok: false, owner: pidOf(stale) };
      // stale: left by a process that is gone (or unreadable)
      const dead = pidOf(stale);
      if (depth >= MAX_DEPTH) return { ok: false, owner: Number.isNaN(dead) ? 0 : dead };
      const guard = `${file}.takeover-${Number.isNaN(dead) ? 'x' : dead}`;
      const g = claim(guard, pid, depth + 1);
      if (!g.ok) {
        sleepMs(5); // another contender is taking over: its result shows shortly
        continue;
      }
      try {
        if (readLock(file) === stale) {
          renameSync(tmp, file);
          if (pidOf(readLock(file) ?? '') === pid) return { ok: true };
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
  const owner = pidOf(readLock(file) ?? '');
  return { ok: false, owner: Number.isNaN(owner) ? 0 : owner };
}

/** Removes `file` if it still names `pid`. */
function release(file: string, pid: number): void {
  try {
    if (pidOf(readLock(file) ?? '') === pid) unlinkSync(file);
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
