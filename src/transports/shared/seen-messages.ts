/**
 * Message ids a transport has already handled, so a delivery repeated by the platform (after a
 * reconnect, or across a restart) is answered once. A tiny injected interface: memory by
 * default, a small JSON file in DATA_DIR when the ids must survive a restart. The same shape
 * serves for any remembered set of ids (e.g. people seen in a listed room).
 */
import { writeFileDurably, nodeFs, type DurableFs } from '../../store/durable-file.js';
import type { Log } from '../../core/log.js';
import { errorText } from './send.js';
import { SeenIds } from './guards.js';

export interface SeenMessages {
  has(id: string): boolean;
  /**
   * Remembers `id`: `has(id)` is true as soon as this is called (so a redelivery right behind
   * the original is caught); the promise resolves once it is kept (on disk, for the file).
   */
  add(id: string): Promise<void>;
}

export function memorySeenMessages(capacity = 2000): SeenMessages {
  const recent = new SeenIds(capacity);
  return {
    has: (id) => recent.has(id),
    add(id) {
      recent.add(id);
      return Promise.resolve();
    },
  };
}

interface SeenFile {
  version: 1;
  ids: string[];
}

function decode(text: string): string[] {
  const data = JSON.parse(text) as Partial<SeenFile>;
  if (data?.version !== 1 || !Array.isArray(data.ids) || !data.ids.every((x) => typeof x === 'string'))
    throw new Error('not a list of message ids (version 1)');
  return data.ids;
}

/**
 * The ids in `file` (JSON, written atomically: temp file, fsync, rename). A missing file starts
 * empty. A file that cannot be read as ids is left untouched: the set then lives in memory only
 * and the log says which file to look at.
 */
export async function openSeenMessagesFile(
  file: string,
  o: { capacity?: number; log: Log; fs?: DurableFs },
): Promise<SeenMessages> {
  const fs = o.fs ?? nodeFs;
  const recent = new SeenIds(o.capacity ?? 5000);
  let durable = true;
  try {
    for (const id of decode(await fs.readText(file))) recent.add(id);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      durable = false;
      o.log.warn({ file, err: errorText(e) }, '已处理消息记录文件读不出来，保持原样不覆盖；本次运行只在内存里去重');
    }
  }
  // one write at a time, each with the whole current set: the last write always holds every id
  let chain: Promise<void> = Promise.resolve();
  return {
    has: (id) => recent.has(id),
    add(id) {
      recent.add(id);
      if (!durable) return Promise.resolve();
      const write = chain.then(() => {
        const body: SeenFile = { version: 1, ids: recent.values() };
        return writeFileDurably(file, JSON.stringify(body), fs);
      });
      chain = write.catch(() => undefined);
      return write;
    },
  };
}
