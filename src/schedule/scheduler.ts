import { schedule, type ScheduledTask } from 'node-cron';
import type { Clock, OutboundMessage } from '../core/types.js';
import { isoShanghai, shanghaiDay } from '../core/time.js';
import type { Log } from '../core/log.js';
import type { Plan } from '../plan/schema.js';
import type { RecordStore } from '../store/types.js';
import type { JobRun } from '../store/schema.js';
import { composeDigest, withChart, type ChartFn } from '../digest/compose.js';
import { calendarWarning } from './calendar.js';
import { JOB_NAMES, type JobName, type ScheduleConfig } from './config.js';
import { nextRuns, occurrencesBetween, TIMEZONE, type Occurrence } from './jobs.js';

export interface SchedulerDeps {
  store: RecordStore;
  plans: Map<number, Plan>;
  clock: Clock;
  /** Sends to the digest audience; rejects when the message did not go out */
  post: (msgs: OutboundMessage[]) => Promise<void>;
  config: ScheduleConfig;
  log: Log;
  /** The weekly progress picture (BOT_CHART); null or a throw → the text goes alone */
  chart?: ChartFn;
}

export interface Outcome {
  job: JobName;
  period: string;
  /** ISO +08:00 */
  dueAt: string;
  status: JobRun['status'];
  /** Messages posted (0 unless posted) */
  messages: number;
  note: string | null;
}

export interface Scheduler {
  /** Starts one node-cron task per job (Asia/Shanghai, noOverlap). */
  start(): void;
  stop(): void;
  /** At start-up: runs missed within BOT_CATCHUP_HOURS once; older unposted runs are recorded as missed. */
  catchUp(): Promise<Outcome[]>;
  /** Posts every run due by `now` (within the catch-up window) that has not been posted yet. */
  runDue(now?: Date): Promise<Outcome[]>;
}

/** A failed post is retried on later ticks and by a timer, at most this many attempts per period. */
export const MAX_ATTEMPTS = 3;
export const RETRY_MINUTES = 10;
/** How far back catchUp looks for runs to record as missed (at least the catch-up window). */
export const MISSED_LOOKBACK_DAYS = 7;

const HOUR = 3_600_000;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { store, config, log, clock } = deps;
  const tasks: ScheduledTask[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let started = false;
  /** Periods posted by this process: guards a doubled tick even if recording the run failed. */
  const postedHere = new Set<string>();

  // Every run goes through one queue, so two ticks at the same instant see each other's record.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = queue.then(fn);
    queue = next.catch(() => undefined);
    return next;
  }

  function runsOf(job: JobName, period: string): JobRun[] {
    return store.jobRuns().filter((r) => r.job === job && r.period === period);
  }

  function settled(job: JobName, period: string): boolean {
    return postedHere.has(`${job}|${period}`) || runsOf(job, period).some((r) => r.status === 'posted' || r.status === 'missed');
  }

  function attempts(job: JobName, period: string): number {
    return runsOf(job, period).filter((r) => r.status === 'failed').length;
  }

  async function record(occ: Occurrence, status: JobRun['status'], note: string | null): Promise<void> {
    try {
      await store.addJobRun({ job: occ.job, period: occ.period, dueAt: isoShanghai(occ.dueAt), ranAt: isoShanghai(clock()), status, note });
    } catch (e) {
      log.error({ job: occ.job, period: occ.period, status, err: (e as Error).message }, '记录推送结果失败');
    }
  }

  function outcome(occ: Occurrence, status: JobRun['status'], messages: number, note: string | null): Outcome {
    return { job: occ.job, period: occ.period, dueAt: isoShanghai(occ.dueAt), status, messages, note };
  }

  function scheduleRetry(): void {
    if (!started) return;
    const t = setTimeout(() => {
      timers.delete(t);
      void runDue().catch((e: unknown) => log.error({ err: (e as Error).message }, '重试推送出错'));
    }, RETRY_MINUTES * 60_000);
    t.unref?.();
    timers.add(t);
  }

  async function run(occ: Occurrence, now: Date): Promise<Outcome> {
    const composed = composeDigest({
      job: occ.job,
      plans: deps.plans,
      records: (y) => store.records(y),
      config,
      now,
      period: { period: occ.period, quarter: occ.quarter, dueAt: occ.dueAt },
    });
    if (!composed.ok) {
      log.warn({ job: occ.job, period: occ.period }, composed.reason);
      await record(occ, 'failed', composed.reason);
      return outcome(occ, 'failed', 0, composed.reason);
    }
    const records = store.records(composed.plan.year);
    const messages = await withChart(composed, occ.job, config, deps.chart, { records, now }, (e) =>
      log.warn({ job: occ.job, period: occ.period, err: (e as Error).message }, '周报图片生成失败，只发文字'),
    );
    try {
      await deps.post(messages);
    } catch (e) {
      const note = `发送失败：${(e as Error).message}`;
      const n = attempts(occ.job, occ.period) + 1;
      log.error({ job: occ.job, period: occ.period, attempt: n, err: (e as Error).message }, n < MAX_ATTEMPTS ? `推送失败，${RETRY_MINUTES} 分钟后重试` : '推送失败，已达重试上限');
      await record(occ, 'failed', note);
      if (n < MAX_ATTEMPTS) scheduleRetry();
      return outcome(occ, 'failed', 0, note);
    }
    postedHere.add(`${occ.job}|${occ.period}`);
    // issue 11: a post on a day the calendar could only guess (weekends only) is flagged for admins
    const guessed = calendarWarning([Number(shanghaiDay(occ.dueAt).slice(0, 4))]);
    if (guessed) log.warn({ job: occ.job, period: occ.period }, `按周末推算的工作日推送：${guessed}`);
    await record(occ, 'posted', null);
    log.info({ job: occ.job, period: occ.period, messages: messages.length }, '已推送');
    return outcome(occ, 'posted', messages.length, null);
  }

  async function runJobs(now: Date, jobs: readonly JobName[]): Promise<Outcome[]> {
    const out: Outcome[] = [];
    const from = new Date(now.getTime() - config.catchUpHours * HOUR);
    for (const job of jobs)
      for (const occ of occurrencesBetween(config, job, from, now)) {
        if (settled(job, occ.period) || attempts(job, occ.period) >= MAX_ATTEMPTS) continue;
        out.push(await run(occ, now));
      }
    return out;
  }

  function runDue(now?: Date): Promise<Outcome[]> {
    return serial(() => runJobs(now ?? clock(), JOB_NAMES));
  }

  function catchUp(): Promise<Outcome[]> {
    return serial(async () => {
      const now = clock();
      const windowStart = new Date(now.getTime() - config.catchUpHours * HOUR);
      const lookback = new Date(Math.min(windowStart.getTime(), now.getTime() - MISSED_LOOKBACK_DAYS * 24 * HOUR));
      const out: Outcome[] = [];
      // a fresh store has never posted: the periods before it existed are history, not an outage
      const firstStart = store.jobRuns().length === 0;
      for (const job of JOB_NAMES)
        for (const occ of occurrencesBetween(config, job, lookback, windowStart)) {
          if (occ.dueAt >= windowStart || settled(job, occ.period)) continue;
          const tries = attempts(job, occ.period);
          const note = tries
            ? `发送失败 ${tries} 次，超过补发时限 ${config.catchUpHours} 小时，不再补发`
            : `应于 ${isoShanghai(occ.dueAt)} 推送时未运行，超过补发时限 ${config.catchUpHours} 小时，不再补发`;
          if (firstStart) log.info({ job, period: occ.period, dueAt: isoShanghai(occ.dueAt) }, note);
          else log.warn({ job, period: occ.period, dueAt: isoShanghai(occ.dueAt) }, note);
          await record(occ, 'missed', note);
          out.push(outcome(occ, 'missed', 0, note));
        }
      out.push(...(await runJobs(now, JOB_NAMES)));
      return out;
    });
  }

  function start(): void {
    if (started) return;
    started = true;
    const now = clock();
    const year = Number(shanghaiDay(now).slice(0, 4));
    const warning = calendarWarning([year, year + 1]);
    if (warning) log.warn({ years: [year, year + 1] }, warning);
    for (const job of JOB_NAMES) {
      const task = schedule(
        config.cron[job],
        async () => {
          try {
            await serial(() => runJobs(clock(), [job]));
          } catch (e) {
            log.error({ job, err: (e as Error).message }, '定时任务出错');
          }
        },
        { timezone: TIMEZONE, name: `digest-${job}`, noOverlap: true },
      );
      tasks.push(task);
    }
    const next = nextRuns(config, now, 1);
    log.info(Object.fromEntries(JOB_NAMES.map((j) => [j, next[j][0] ? isoShanghai(next[j][0].dueAt) : null])), '定时推送已启动');
  }

  function stop(): void {
    started = false;
    for (const t of tasks.splice(0)) void t.destroy();
    for (const t of timers) clearTimeout(t);
    timers.clear();
  }

  return { start, stop, catchUp, runDue };
}
