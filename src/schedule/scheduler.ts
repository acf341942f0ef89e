import { schedule, type ScheduledTask } from 'node-cron';
import type { Clock, OutboundMessage } from '../core/types.js';
import { isoShanghai, shanghaiDay, shanghaiParts } from '../core/time.js';
import type { Log } from '../core/log.js';
import type { Plan } from '../plan/schema.js';
import type { RecordStore } from '../store/types.js';
import type { JobRun } from '../store/schema.js';
import { composeDigest, withChart, type ChartFn } from '../digest/compose.js';
import { calendarWarning, isWorkingDay } from './calendar.js';
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
/** How far back a fresh store looks for runs to record as missed (at least the catch-up window). */
export const MISSED_LOOKBACK_DAYS = 7;
/** A store that has run before looks back to its last run, but never further than this. */
export const MAX_LOOKBACK_DAYS = 400;
/** Runs recorded as missed before the bot ever ran: history, not an outage; never announced. */
const BEFORE_FIRST_RUN = '首次启动前：';
const JOB_TITLE: Record<JobName, string> = { weekly: '周报', quarterly: '季度小结', reminder: '季末提醒' };

const HOUR = 3_600_000;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { store, config, log, clock } = deps;
  const tasks: ScheduledTask[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let started = false;
  /** Periods posted by this process: guards a doubled tick even if recording the run failed. */
  const postedHere = new Set<string>();
  /** Periods whose 'sending' may have reached the disk although this process did not send. */
  const notSentHere = new Set<string>();

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

  /**
   * Done with: posted, recorded as missed or interrupted, or a 'sending' with no outcome after
   * it (the process stopped mid-send: it may have gone out, so it is never sent again).
   */
  function settled(job: JobName, period: string): boolean {
    if (postedHere.has(`${job}|${period}`)) return true;
    const runs = runsOf(job, period);
    if (notSentHere.has(`${job}|${period}`)) return runs.some((r) => r.status === 'posted' || r.status === 'missed' || r.status === 'interrupted');
    if (runs.some((r) => r.status === 'posted' || r.status === 'missed' || r.status === 'interrupted')) return true;
    return runs.at(-1)?.status === 'sending';
  }

  function interruptedMidSend(job: JobName, period: string): boolean {
    if (postedHere.has(`${job}|${period}`)) return false; // sent by this process; only recording the outcome failed
    if (notSentHere.has(`${job}|${period}`)) return false; // recording 'sending' failed, so nothing was sent
    const runs = runsOf(job, period);
    return runs.at(-1)?.status === 'sending' && !runs.some((r) => r.status === 'posted' || r.status === 'interrupted');
  }

  function attempts(job: JobName, period: string): number {
    return runsOf(job, period).filter((r) => r.status === 'failed').length;
  }

  async function record(occ: Occurrence, status: JobRun['status'], note: string | null): Promise<boolean> {
    try {
      await store.addJobRun({ job: occ.job, period: occ.period, dueAt: isoShanghai(occ.dueAt), ranAt: isoShanghai(clock()), status, note });
      return true;
    } catch (e) {
      log.error({ job: occ.job, period: occ.period, status, err: (e as Error).message }, '记录推送结果失败');
      return false;
    }
  }

  /** Missed or interrupted runs recorded since the last post: one line for the admins, appended to the next post. */
  function skippedNotice(): string | null {
    const runs = store.jobRuns();
    let lastPosted = -Infinity;
    for (const r of runs) if (r.status === 'posted') lastPosted = Math.max(lastPosted, Date.parse(r.ranAt));
    const skipped = runs.filter(
      (r) => (r.status === 'missed' || r.status === 'interrupted') && Date.parse(r.ranAt) > lastPosted && !(r.note ?? '').startsWith(BEFORE_FIRST_RUN),
    );
    if (!skipped.length) return null;
    const items = skipped.map((r) => {
      const d = shanghaiParts(new Date(r.dueAt));
      const what = `${JOB_TITLE[r.job as JobName] ?? r.job} ${r.period}（应于${d.month}月${d.day}日推送）`;
      return r.status === 'interrupted' ? `${what}发送时中断，可能已发出` : `${what}没有发出`;
    });
    const shown = items.length > 5 ? [...items.slice(0, 4), `等共 ${items.length} 项`] : items;
    return `【管理员提示】已跳过：${shown.join('；')}。详见日志。`;
  }

  /**
   * Runs due before the catch-up window that were never settled: recorded as missed and
   * logged at warn (info on a store that never ran: those periods are history). A run cut
   * off mid-send is recorded as interrupted instead, for an admin to check in the chat.
   */
  async function sweepMissed(now: Date, jobs: readonly JobName[], atStartup: boolean, firstStart: boolean): Promise<Outcome[]> {
    const windowStart = new Date(now.getTime() - config.catchUpHours * HOUR);
    const runs = store.jobRuns();
    const latest = Math.max(...runs.map((r) => Date.parse(r.dueAt)).filter(Number.isFinite));
    // at start-up: the last week at least; on a tick: since the last run (a host that slept)
    let from = atStartup ? now.getTime() - MISSED_LOOKBACK_DAYS * 24 * HOUR : Infinity;
    if (Number.isFinite(latest)) from = Math.max(Math.min(from, latest), now.getTime() - MAX_LOOKBACK_DAYS * 24 * HOUR);
    if (!Number.isFinite(from)) return [];
    const out: Outcome[] = [];
    for (const job of jobs)
      for (const occ of occurrencesBetween(config, job, new Date(Math.min(from, windowStart.getTime())), now)) {
        if (interruptedMidSend(job, occ.period)) {
          const note = `应于 ${isoShanghai(occ.dueAt)} 推送时进程在发送中退出，可能已经发出；为免重复不再补发，请管理员在群里核对`;
          log.warn({ job, period: occ.period, dueAt: isoShanghai(occ.dueAt) }, note);
          await record(occ, 'interrupted', note);
          out.push(outcome(occ, 'interrupted', 0, note));
          continue;
        }
        if (occ.dueAt >= windowStart || settled(job, occ.period)) continue;
        const tries = attempts(job, occ.period);
        const why = tries
          ? `发送失败 ${tries} 次，超过补发时限 ${config.catchUpHours} 小时，不再补发`
          : `应于 ${isoShanghai(occ.dueAt)} 推送时未运行（停机或休眠），超过补发时限 ${config.catchUpHours} 小时，不再补发`;
        if (firstStart) log.info({ job, period: occ.period, dueAt: isoShanghai(occ.dueAt) }, why);
        else log.warn({ job, period: occ.period, dueAt: isoShanghai(occ.dueAt) }, why);
        const note = firstStart ? BEFORE_FIRST_RUN + why : why;
        await record(occ, 'missed', note);
        out.push(outcome(occ, 'missed', 0, note));
      }
    return out;
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
    const notice = skippedNotice();
    if (notice) {
      const i = messages.findLastIndex((m) => m.text.trim() !== '' && !m.file);
      const fits = i >= 0 && messages[i]!.text.length + notice.length + 2 <= config.maxMessageChars;
      if (fits) messages[i] = { ...messages[i]!, text: `${messages[i]!.text}\n\n${notice}` };
      else messages.push({ text: notice });
    }
    // at most once: the run is on disk as 'sending' before anything goes out
    if (!(await record(occ, 'sending', null))) {
      notSentHere.add(`${occ.job}|${occ.period}`);
      const note = '记录不下推送状态（存储出错），为免重复这次先不发';
      return outcome(occ, 'failed', 0, note);
    }
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

  async function runJobs(now: Date, jobs: readonly JobName[], startup: { firstStart: boolean } | null = null): Promise<Outcome[]> {
    const out: Outcome[] = await sweepMissed(now, jobs, startup !== null, startup?.firstStart ?? false);
    const from = new Date(now.getTime() - config.catchUpHours * HOUR);
    // nothing goes out on a weekend or holiday, catch-up included: it waits for a working day
    // (or, beyond the window, is recorded as missed and announced with the next post)
    const today = shanghaiDay(now);
    if (!isWorkingDay(today)) return out;
    const minuteOfDay = (d: Date) => shanghaiParts(d).hour * 60 + shanghaiParts(d).minute;
    for (const job of jobs)
      for (const occ of occurrencesBetween(config, job, from, now)) {
        if (settled(job, occ.period) || attempts(job, occ.period) >= MAX_ATTEMPTS) continue;
        // a catch-up from an earlier day waits for the job's own time of day (no 03:00 posts)
        if (shanghaiDay(occ.dueAt) !== today && minuteOfDay(now) < minuteOfDay(occ.dueAt)) continue;
        out.push(await run(occ, now));
      }
    return out;
  }

  function runDue(now?: Date): Promise<Outcome[]> {
    return serial(() => runJobs(now ?? clock(), JOB_NAMES));
  }

  function catchUp(): Promise<Outcome[]> {
    // a fresh store has never posted: the periods before it existed are history, not an outage
    return serial(() => runJobs(clock(), JOB_NAMES, { firstStart: store.jobRuns().length === 0 }));
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
