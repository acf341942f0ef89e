import './closed-pipe.js';
import dotenv from 'dotenv';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isoShanghai, parseShanghai } from '../core/time.js';
import { calendarWarning } from '../schedule/calendar.js';
import { CalendarError, loadHolidayFiles } from '../schedule/holiday-file.js';
import { JOB_NAMES, ScheduleConfigError, scheduleConfigFromEnv, type JobName } from '../schedule/config.js';
import { isoRun, nextRuns } from '../schedule/jobs.js';

const USAGE = '用法：npm run --silent jobs -- [--now 2021-09-30T10:00] [--count 3]   （--now 按北京时间）';

const TITLE: Record<JobName, string> = { weekly: '周报', quarterly: '季度小结', reminder: '季末提醒' };

/** npm run jobs: each job with its next run times, ISO 8601 with +08:00. */
export function main(argv: string[], env: Record<string, string | undefined>, out: (s: string) => void, err: (s: string) => void): number {
  let values: { now?: string | undefined; count?: string | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { now: { type: 'string' }, count: { type: 'string' } }, allowPositionals: false }));
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const now = values.now === undefined ? new Date() : parseShanghai(values.now);
  if (!now) {
    err(`--now ${values.now} 不是日期时间（例如 2021-09-30T10:00，北京时间）\n${USAGE}`);
    return 2;
  }
  const count = values.count === undefined ? 3 : Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 50) {
    err(`--count ${values.count} 须为 1–50 的整数\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = scheduleConfigFromEnv(env);
  } catch (e) {
    if (e instanceof ScheduleConfigError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  try {
    loadHolidayFiles(env.HOLIDAYS_DIR?.trim() || 'data/holidays');
  } catch (e) {
    if (e instanceof CalendarError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  const year = Number(isoShanghai(now).slice(0, 4));
  const warning = calendarWarning([year, year + 1]);
  if (warning) err(warning);
  const runs = nextRuns(config, now, count);
  out(`现在 ${isoRun(now)}`);
  for (const job of JOB_NAMES) {
    out(`${job}（${TITLE[job]}，cron ${config.cron[job]}）`);
    if (!runs[job].length) out('  （近期没有）');
    for (const o of runs[job]) out(`  ${isoRun(o.dueAt)}  ${o.period}`);
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  dotenv.config({ quiet: true });
  process.exitCode = main(process.argv.slice(2), process.env, (s) => console.log(s), (s) => console.error(s));
}
