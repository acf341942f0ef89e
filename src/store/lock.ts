import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
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

/**
 * Claims the data folder for this process (bot.lock holding its pid). A lock left by a
 * process that no longer runs is taken over. Returns the release function; it is also
 * run when the process exits.
 */
export function lockDataDir(dir: string, pid = process.pid): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (readFileSync(file, 'utf8').trim() === String(pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== pid && alive(owner))
        throw new DataLockError(
          `数据目录 ${dir} 正被另一个绩效助手进程（pid ${owner}）使用；两个进程同时写会丢记录。请先停掉那个进程，或用 --data 指定另一个目录。`,
        );
      unlinkSync(file); // left by a process that is gone
    }
  }
  throw new DataLockError(`无法锁定数据目录 ${dir}（${LOCK_FILE}），请检查权限后重试。`);
}
