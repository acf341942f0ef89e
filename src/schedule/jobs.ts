import { createTask, parse } from 'node-cron';
import { addDays, fromShanghai, isoShanghai, quarterEnd, quarterOf, shanghaiDay } from '../core/time.js';
import { firstWorkingDayAfter, firstWorkingDayOfWeek, isoWeekKey, workingDaysBefore } from './calendar.js';
import { JOB_NAMES, type JobName, type ScheduleConfig } from './config.js';

export const TIMEZONE = 'Asia/Shanghai';

/** ISO 8601 with +08:00, seconds left out when zero: 2021-10-08T09:00+08:00 */
export function isoRun(d: Date): string {
  return isoShanghai(d).replace(/:00\+08:00$/, '+08:00');
}

export type Quarter = 1 | 2 | 3 | 4;
export interface QuarterRef {
  year: number;
  q: Quarter;
}

/** One post a job owes: at most one per job and period, ever. */
export interface Occurrence {
  job: JobName;
  /** weekly '2021-W40', quarterly '2021-Q3' (the quarter summarised), reminder '2021-Q3-10d' */
  period: string;
  /** The first cron time on the day the calendar rule names */
  dueAt: Date;
  /** quarterly: the quarter summarised; reminder: the quarter ending; weekly: null */
  quarter: QuarterRef | null;
  /** reminder only: the working days left in the quarter on that day, today included */
  workingDaysLeft: number | null;
}

type DayPeriod = Omit<Occurrence, 'job' | 'dueAt'>;

function previousQuarter({ year, q }: QuarterRef): QuarterRef {
  return q === 1 ? { year: year - 1, q: 4 } : { year, q: (q - 1) as Quarter };
}

function nextQuarter({ year, q }: QuarterRef): QuarterRef {
  return q === 4 ? { year: year + 1, q: 1 } : { year, q: (q + 1) as Quarter };
}

export function quarterOfDay(day: string): QuarterRef {
  return { year: Number(day.slice(0, 4)), q: quarterOf(Number(day.slice(5, 7))) };
}

/** The periods a job owes on a Shanghai calendar day, by its calendar rule (usually none or one). */
export function periodsOnDay(config: ScheduleConfig, job: JobName, day: string): DayPeriod[] {
  switch (job) {
    case 'weekly':
      return firstWorkingDayOfWeek(day) === day ? [{ period: isoWeekKey(day), quarter: null, workingDaysLeft: null }] : [];
    case 'quarterly': {
      const ended = previousQuarter(quarterOfDay(day));
      return firstWorkingDayAfter(quarterEnd(ended.year, ended.q)) === day
        ? [{ period: `${ended.year}-Q${ended.q}`, quarter: ended, workingDaysLeft: null }]
        : [];
    }
    case 'reminder': {
      const out: DayPeriod[] = [];
      const here = quarterOfDay(day);
      // a large BOT_REMINDER_DAYS can reach back into the previous quarter
      for (const quarter of [here, nextQuarter(here)]) {
        const after = addDays(quarterEnd(quarter.year, quarter.q), 1);
        for (const n of config.reminderDays)
          if (workingDaysBefore(after, n) === day) out.push({ period: `${quarter.year}-Q${quarter.q}-${n}d`, quarter, workingDaysLeft: n });
      }
      return out;
    }
  }
}

interface CronDay {
  /** Does the cron expression fire at some time on this Shanghai day? → the first such instant */
  firstOn(day: string): Date | null;
}

const cronCache = new Map<string, CronDay>();

/**
 * node-cron's own matcher (so L, W, #, names behave exactly as in the running task),
 * asked about one candidate instant per day: the earliest second/minute/hour the
 * expression allows. Those fields always match it, so it matches iff the day does.
 */
function cronDay(expr: string): CronDay {
  let c = cronCache.get(expr);
  if (c) return c;
  const task = createTask(expr, () => undefined, { timezone: TIMEZONE });
  const matcher = task.match.bind(task);
  // createTask registers the task globally; we only need its matcher
  void task.destroy();
  const fields = parse(expr);
  const h = Math.min(...fields.hour);
  const m = Math.min(...fields.minute);
  const s = Math.min(...fields.second);
  c = {
    firstOn(day) {
      const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
      const at = new Date(fromShanghai(y, mo, d, h, m).getTime() + s * 1000);
      return matcher(at) ? at : null;
    },
  };
  cronCache.set(expr, c);
  return c;
}

export function occurrencesOnDay(config: ScheduleConfig, job: JobName, day: string): Occurrence[] {
  const periods = periodsOnDay(config, job, day);
  if (!periods.length) return [];
  const dueAt = cronDay(config.cron[job]).firstOn(day);
  return dueAt ? periods.map((p) => ({ job, dueAt, ...p })) : [];
}

/** Occurrences with from ≤ dueAt ≤ to, oldest first. */
export function occurrencesBetween(config: ScheduleConfig, job: JobName, from: Date, to: Date): Occurrence[] {
  const out: Occurrence[] = [];
  for (let day = shanghaiDay(from); day <= shanghaiDay(to); day = addDays(day, 1))
    for (const o of occurrencesOnDay(config, job, day)) if (o.dueAt >= from && o.dueAt <= to) out.push(o);
  return out;
}

/** How far nextRuns looks ahead: a cron that never meets its rule day must not loop forever. */
const HORIZON_DAYS = 800;

/** The next n occurrences of a job strictly after `now`. */
export function nextOccurrences(config: ScheduleConfig, job: JobName, now: Date, n: number): Occurrence[] {
  const out: Occurrence[] = [];
  const start = shanghaiDay(now);
  for (let i = 0; i < HORIZON_DAYS && out.length < n; i++)
    for (const o of occurrencesOnDay(config, job, addDays(start, i))) if (o.dueAt > now && out.length < n) out.push(o);
  return out;
}

/** Every job's next n occurrences. */
export function nextRuns(config: ScheduleConfig, now: Date, n: number): Record<JobName, Occurrence[]> {
  return Object.fromEntries(JOB_NAMES.map((job) => [job, nextOccurrences(config, job, now, n)])) as Record<JobName, Occurrence[]>;
}

/** The latest occurrence of a job strictly before `before` (within ~2 months), or null. */
export function previousOccurrence(config: ScheduleConfig, job: JobName, before: Date): Occurrence | null {
  const start = shanghaiDay(before);
  for (let i = 0; i < 62; i++) {
    const found = occurrencesOnDay(config, job, addDays(start, -i)).filter((o) => o.dueAt < before);
    if (found.length) return found[found.length - 1]!;
  }
  return null;
}

/**
 * The period a job would cover if run at `now` (for the on-demand commands): the day's own
 * occurrence when there is one, else what the job would say today — this week, the last
 * quarter that ended, the quarter now running.
 */
export function periodAt(config: ScheduleConfig, job: JobName, now: Date): DayPeriod {
  const day = shanghaiDay(now);
  const own = periodsOnDay(config, job, day)[0];
  if (own) return own;
  const here = quarterOfDay(day);
  switch (job) {
    case 'weekly':
      return { period: isoWeekKey(day), quarter: null, workingDaysLeft: null };
    case 'quarterly': {
      const ended = previousQuarter(here);
      return { period: `${ended.year}-Q${ended.q}`, quarter: ended, workingDaysLeft: null };
    }
    case 'reminder':
      return { period: `${here.year}-Q${here.q}`, quarter: here, workingDaysLeft: null };
  }
}
