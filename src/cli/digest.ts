import './closed-pipe.js';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseShanghai } from '../core/time.js';
import { composeDigest } from '../digest/compose.js';
import { ScheduleConfigError, scheduleConfigFromEnv, type JobName } from '../schedule/config.js';
import { openForReading, runAsScript, type CliIo } from './run-script.js';

const USAGE =
  '用法：npm run --silent digest -- --kind weekly|quarterly|reminder [--now 2021-10-08T09:00] [--data DIR] [--plans data/plans]\n' +
  '  --now 按北京时间，默认现在；--data 默认 DATA_DIR 或 data';
const KINDS: readonly JobName[] = ['weekly', 'quarterly', 'reminder'];

export type { CliIo };

/** The divider printed between messages when a digest is split into several. */
export function divider(i: number, n: number): string {
  return `────── 第 ${i}/${n} 条 ──────`;
}

/**
 * npm run digest: prints exactly what a job would post at --now, one message after another.
 * Only reads the store (openStore, then close) — never adds a record or a job run.
 */
export async function main(io: CliIo): Promise<number> {
  let values: { kind?: string | undefined; now?: string | undefined; data?: string | undefined; plans?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: io.argv,
      options: { kind: { type: 'string' }, now: { type: 'string' }, data: { type: 'string' }, plans: { type: 'string' } },
      allowPositionals: false,
    }));
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const kind = values.kind as JobName | undefined;
  if (!kind || !KINDS.includes(kind)) {
    io.err(`${kind ? `--kind ${kind} 不认识` : '缺少 --kind'}：应为 weekly（周报）、quarterly（季度小结）或 reminder（季末提醒）\n${USAGE}`);
    return 2;
  }
  const now = values.now === undefined ? (io.clock ?? (() => new Date()))() : parseShanghai(values.now);
  if (!now) {
    io.err(`--now ${values.now} 不是日期时间（例如 2021-10-08T09:00，北京时间）\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = scheduleConfigFromEnv(io.env);
  } catch (e) {
    if (e instanceof ScheduleConfigError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
  const opened = await openForReading(io, values.data ?? io.env.DATA_DIR ?? 'data', values.plans ?? path.join('data', 'plans'), now);
  if (typeof opened === 'number') return opened;
  const { plans, store } = opened;
  try {
    const composed = composeDigest({ job: kind, plans, records: (y) => store.records(y), config, now });
    if (!composed.ok) {
      io.err(composed.reason);
      return 1;
    }
    const n = composed.messages.length;
    composed.messages.forEach((m, i) => {
      if (n > 1) io.out(`${i ? '\n' : ''}${divider(i + 1, n)}`);
      io.out(m.text);
    });
    return 0;
  } finally {
    await store.close();
  }
}

runAsScript(import.meta.url, main);
