import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** Temp file, fsync, rename: a crash leaves the old file whole. `keepOld` copies it aside first. */
export function writeFileAtomic(file: string, text: string, opts: { keepOld?: boolean; stamp?: string } = {}): void {
  if (opts.keepOld && existsSync(file)) copyFileSync(file, `${file}.bak-${opts.stamp ?? new Date().toISOString().replace(/[:.]/g, '-')}`);
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
