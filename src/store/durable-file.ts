import { isUtf8 } from 'node:buffer';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { StoreLoadError } from './load-error.js';
import type { Adapter } from 'lowdb';

/**
 * The file-system calls a durable write makes. Tests swap single calls for failing ones
 * (ENOSPC, EACCES): the suite runs as root, so a read-only directory would not fail.
 */
export interface DurableFs {
  /** Creates `file` (it must not exist), writes `data` and fsyncs it. */
  writeSynced(file: string, data: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** fsync of a directory, so that a rename in it survives a power cut. */
  syncDir(dir: string): Promise<void>;
  unlink(file: string): Promise<void>;
  /** The file's text; rejects with code ENOENT when it does not exist. */
  readText(file: string): Promise<string>;
}

/** A whole file's content; a list of buffers is joined in a reused scratch buffer (see DurableFile). */
export type FileContent = string | Uint8Array | readonly Uint8Array[];

export const nodeFs: DurableFs = {
  async writeSynced(file, data) {
    const fh = await fsp.open(file, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  async syncDir(dir) {
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  unlink: (file) => fsp.unlink(file),
  readText: async (file) => decodeUtf8(file, await fsp.readFile(file)),
};

/**
 * The file's bytes as text, or a StoreLoadError naming the first line that is not UTF-8.
 * Decoding with replacement characters would silently change names and ids (a reporter
 * could no longer correct their own record), and the next save would make that permanent.
 */
export function decodeUtf8(file: string, buf: Buffer): string {
  if (isUtf8(buf)) return buf.toString('utf8');
  let line = 1;
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl < 0 ? buf.length : nl;
    if (!isUtf8(buf.subarray(start, end))) break;
    if (nl < 0) break;
    line++;
    start = nl + 1;
  }
  throw new StoreLoadError(file, `第 ${line} 行`, '含有不是 UTF-8 的字节（文件被别的编码保存过，或已损坏）');
}

/** Temp files look like `.records-2021.json.<pid>.<n>.tmp`: hidden, next to their target. */
export const TEMP_FILE = /^\..+\.\d+\.\d+\.tmp$/;
let tempCounter = 0;

/**
 * Writes a whole file so that it is either the old or the new content, and the new content
 * is on disk when the promise resolves: temp file in the same folder, fsync, rename over
 * the target, fsync the folder. The temp file is removed when any step before the rename fails.
 */
export async function writeFileDurably(file: string, data: string | Uint8Array, fs: DurableFs = nodeFs): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`);
  try {
    await fs.writeSynced(tmp, data);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.unlink(tmp).catch(() => {});
    throw e;
  }
  await fs.syncDir(dir);
}

export interface Codec<T> {
  /** Text → data; throws (a StoreLoadError) when the text is not a valid file. */
  decode(text: string): T;
  encode(data: T): FileContent;
}

/**
 * A lowdb Adapter with durable writes (see writeFileDurably). read() resolves null when the
 * file does not exist; any other read problem, and any decode problem, rejects.
 */
export class DurableFile<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly codec: Codec<T>,
    private readonly fs: DurableFs = nodeFs,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await this.fs.readText(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return this.codec.decode(text);
  }

  /** Joins list content without a fresh allocation per save (see write). */
  private scratch: Buffer | null = null;
  private writing = false;

  async write(data: T): Promise<void> {
    const content = this.codec.encode(data);
    if (typeof content === 'string' || content instanceof Uint8Array) return writeFileDurably(this.file, content, this.fs);
    // Buffer.concat of a 8 MB file allocates 8 MB per save and its p99 (GC) was ~30 ms;
    // copying into a kept buffer takes ~2 ms. Only when no other write of this file runs.
    const size = content.reduce((n, b) => n + b.length, 0);
    if (this.writing) return writeFileDurably(this.file, Buffer.concat(content, size), this.fs);
    if (!this.scratch || this.scratch.length < size) this.scratch = Buffer.allocUnsafeSlow(Math.max(64 * 1024, 2 ** Math.ceil(Math.log2(size))));
    let at = 0;
    for (const b of content) {
      this.scratch.set(b, at);
      at += b.length;
    }
    this.writing = true;
    try {
      await writeFileDurably(this.file, this.scratch.subarray(0, size), this.fs);
    } finally {
      this.writing = false;
    }
  }
}
