import './closed-pipe.js';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isoShanghai, parseShanghai, shanghaiDay, shanghaiParts } from '../core/time.js';
import { computeProgress } from '../progress/progress.js';
import { recordsAsTheyStood } from '../progress/as-of.js';
import { openForReading, runAsScript, type CliIo } from './run-script.js';

const USAGE =
  '用法：npm run --silent progress -- [--now 2021-06-30] [--data DIR] [--year 2021] [--plans data/plans]\n' +
  '  每行一个 JSON：每个数字目标 {"indicator","metric","counts","unit","target","value","records"}，\n' +
  '  每个进度节点 {"milestone","status","due","records"}。数字和周报、回答、表格里的一样，按 --now 那一刻的记录算。';

/** The target as a script reads it: {"op":"≥","value":2000} (a range adds max). */
function targetOf(m: { comparator: string; value: number; max: number | null }): Record<string, unknown> {
  return m.comparator === 'range' ? { op: 'range', value: m.value, max: m.max } : { op: m.comparator, value: m.value };
}

/**
 * npm run progress: where every metric and milestone stands at --now, one JSON object a line.
 * Reads the store only.
 */
export async function main(io: CliIo): Promise<number> {
  let values: { now?: string; data?: string; year?: string; plans?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: io.argv,
      options: { now: { type: 'string' }, data: { type: 'string' }, year: { type: 'string' }, plans: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
    }));
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  // a bare day means the end of that day: everything reported on it counts
  const raw = values.now;
  const now = raw === undefined ? (io.clock ?? (() => new Date()))() : parseShanghai(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T23:59:59` : raw);
  if (!now) {
    io.err(`--now ${raw} 不是日期（例如 2021-06-30 或 2021-06-30T18:00，北京时间）\n${USAGE}`);
    return 2;
  }
  const year = values.year === undefined ? shanghaiParts(now).year : Number(values.year);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    io.err(`--year ${values.year} 不是四位年份\n${USAGE}`);
    return 2;
  }
  const opened = await openForReading(io, values.data ?? io.env.DATA_DIR ?? 'data', values.plans ?? io.env.PLANS_DIR ?? path.join('data', 'plans'), now);
  if (typeof opened === 'number') return opened;
  const { plans, store } = opened;
  const plan = plans.get(year);
  if (!plan) {
    await store.close();
    io.err(`没有${year}年的计划（有：${[...plans.keys()].join('、') || '无'}）。用 --year 指定，或先导入计划。`);
    return 1;
  }
  try {
    const records = recordsAsTheyStood(store.records(year), isoShanghai(now), shanghaiDay(now));
    const progress = computeProgress(plan, records, now);
    for (const m of progress.metrics)
      io.out(
        JSON.stringify({
          indicator: m.indicator.id,
          metric: m.metric.id,
          counts: m.metric.counts,
          unit: m.metric.unit,
          target: targetOf(m.metric),
          // a count nobody reported is 0; a level nobody measured (满意度) is null
          value: m.actual ?? (m.metric.aggregate === 'sum' ? 0 : null),
          records: [...new Set(m.evidence.map((e) => e.recordId))],
        }),
      );
    for (const s of progress.milestones)
      io.out(
        JSON.stringify({
          milestone: s.milestone.id,
          status: s.done ? 'done' : s.overdue ? 'overdue' : 'open',
          due: s.milestone.due,
          records: s.evidence.map((e) => e.recordId),
        }),
      );
    return 0;
  } finally {
    await store.close();
  }
}

runAsScript(import.meta.url, main);
