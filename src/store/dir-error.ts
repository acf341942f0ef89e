import path from 'node:path';

/** The data folder cannot be used (full disk, read-only, no permission, not a folder): one line saying what to do. */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

const FULL = new Set(['ENOSPC', 'EDQUOT']);
const DENIED = new Set(['EACCES', 'EPERM']);
const NOT_DIR = new Set(['ENOTDIR', 'EEXIST', 'EISDIR']);

function errnoOf(err: unknown): (NodeJS.ErrnoException & Error) | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!)) return e as NodeJS.ErrnoException & Error;
  }
  return null;
}

/**
 * A system error met while opening the data folder, as one readable line naming the folder
 * and what to do; null when `err` is not such an error (it is then reported as it is).
 */
export function describeDataDirError(dir: string, err: unknown): DataDirError | null {
  const e = errnoOf(err);
  if (!e) return null;
  const code = e.code!;
  const where = path.resolve(dir);
  const at = e.path && path.resolve(e.path) !== where ? `（${e.path}）` : '';
  const uid = typeof process.getuid === 'function' ? `（uid ${process.getuid()}）` : '';
  if (FULL.has(code))
    return new DataDirError(`数据目录 ${where} 所在的磁盘已满${at}（${code}），什么都写不进去。请先腾出磁盘空间，或用 --data / DATA_DIR 换到有空间的磁盘，再启动。`);
  if (code === 'EROFS')
    return new DataDirError(`数据目录 ${where} 在只读的文件系统上${at}（EROFS），无法保存。请把 DATA_DIR 指到可写的位置，或把那块盘重新挂载为可写，再启动。`);
  if (DENIED.has(code))
    return new DataDirError(`没有权限写数据目录 ${where}${at}（${code}）。请让运行绩效助手的用户${uid}对它可读可写（chown / chmod），或用 --data / DATA_DIR 换一个目录，再启动。`);
  if (NOT_DIR.has(code))
    return new DataDirError(`数据目录 ${where} 用不了：路径上${at}有一个文件挡着，而那里应该是文件夹（${code}）。请把那个文件改名或移走，或用 --data / DATA_DIR 换一个目录，再启动。`);
  return new DataDirError(`打开数据目录 ${where} 时出错${at}（${code}：${e.message}）。请检查磁盘、权限和路径，再启动。`);
}
