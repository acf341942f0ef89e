import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isoShanghai } from '../core/time.js';
import { nodeFs, writeFileDurably, type DurableFs } from './durable-file.js';
import { issuesError, parseJsonFile, StoreLoadError } from './load-error.js';

/**
 * Message ids a transport has already handled, remembered across restarts, so a message the
 * platform delivers again (after a reconnect or a restart) is not handled twice. The same
 * small shape as the WeCom transport's, so the two can share one implementation.
 */
export interface SeenMessages {
  has(id: string): boolean;
  /** Remembers the id; resolves once that is on disk (a failure is the caller's to log). */
  add(id: string): Promise<void>;
}

export const SEEN_FILE = 'seen-messages.json';
/** How long an id is remembered: longer than any platform re-delivers (WeChat: minutes to hours). */
export const SEEN_DAYS = 7;

const SeenFileSchema = z.object({
  schemaVersion: z.literal(1),
  /** id → when it was handled (ISO +08:00) */
  ids: z.record(z.string(), z.string()),
});
type SeenFile = z.infer<typeof SeenFileSchema>;

export interface SeenOptions {
  clock?: () => Date;
  /** Days an id is kept (default SEEN_DAYS): bounded by age, not by count */
  days?: number;
  fs?: DurableFs;
}

/**
 * SeenMessages in `<dataDir>/seen-messages.json`, written atomically (temp file, fsync,
 * rename) after each add and pruned by age on every write. A damaged file is refused like
 * any other data file (StoreLoadError), never overwritten.
 */
export async function openSeenMessages(dataDir: string, opts: SeenOptions = {}): Promise<SeenMessages> {
  const clock = opts.clock ?? (() => new Date());
  const keepMs = (opts.days ?? SEEN_DAYS) * 24 * 3_600_000;
  const fs = opts.fs ?? nodeFs;
  const file = path.join(dataDir, SEEN_FILE);
  const ids = new Map<string, number>();
  let text: string | null = null;
  try {
    text = await fs.readText(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new StoreLoadError(file, '整个文件', `无法读取（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`, '处理办法：检查文件权限；也可以删掉这个文件（只影响重复消息的识别）再启动。');
    }
  }
  if (text !== null) {
    const raw = parseJsonFile(file, text);
    const r = SeenFileSchema.safeParse(raw);
    if (!r.success) throw issuesError(file, raw, r.error.issues);
    for (const [id, at] of Object.entries(r.data.ids)) {
      const t = Date.parse(at);
      if (Number.isFinite(t)) ids.set(id, t);
    }
  }
  let tail: Promise<void> = Promise.resolve();
  /** A write queued but not started: adds meanwhile ride along with it (one write per burst). */
  let queued: Promise<void> | null = null;

  function prune(now: number): void {
    for (const [id, t] of ids) if (now - t > keepMs) ids.delete(id);
  }

  async function write(): Promise<void> {
    prune(clock().getTime());
    const data: SeenFile = { schemaVersion: 1, ids: Object.fromEntries([...ids].map(([k, t]) => [k, isoShanghai(new Date(t))])) };
    await fsp.mkdir(dataDir, { recursive: true });
    await writeFileDurably(file, `${JSON.stringify(data)}\n`, fs);
  }

  return {
    has(id) {
      const t = ids.get(id);
      return t !== undefined && clock().getTime() - t <= keepMs;
    },
    add(id) {
      ids.set(id, clock().getTime());
      if (queued) return queued;
      const run = tail.then(() => {
        queued = null; // from here on, a new add needs a new write
        return write();
      });
      queued = run;
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

/** For tests and the terminal chat: remembered in memory only. */
export function memorySeenMessages(): SeenMessages {
  const ids = new Set<string>();
  return {
    has: (id) => ids.has(id),
    add: async (id) => void ids.add(id),
  };
}
