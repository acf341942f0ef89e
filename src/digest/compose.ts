import type { OutboundMessage } from '../core/types.js';
import { fromShanghai, shanghaiDay } from '../core/time.js';
import type { Plan } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import type { JobName, ScheduleConfig } from '../schedule/config.js';
import { isoWeekKey } from '../schedule/calendar.js';
import { periodAt, previousOccurrence, type QuarterRef } from '../schedule/jobs.js';
import { renderDigest } from './render.js';
import { splitMessage } from './split.js';
import { CHART_CAPTION, NO_PLAN } from './text.js';

export type ChartFn = (ctx: { plan: Plan; records: readonly ProgressRecord[]; now: Date }) => Promise<OutboundMessage['file'] | null>;

export interface ComposeInput {
  job: JobName;
  plans: Map<number, Plan>;
  /** The records of a plan year (store.records) */
  records: (year: number) => readonly ProgressRecord[];
  config: ScheduleConfig;
  now: Date;
  /** The period being posted (from the scheduler); default: what the job would cover at `now` */
  period?: { period: string; quarter: QuarterRef | null; dueAt?: Date };
}

export type Composed = { ok: true; plan: Plan; period: string; text: string; messages: OutboundMessage[] } | { ok: false; period: string; reason: string };

/**
 * The weekly digest covers reports since the previous weekly run: on Friday 8 October
 * 2021 that is Monday 27 September 09:00, not a bare seven days.
 */
function weeklySince(config: ScheduleConfig, now: Date, dueAt: Date | undefined): Date | undefined {
  if (dueAt) return previousOccurrence(config, 'weekly', dueAt)?.dueAt;
  const last = previousOccurrence(config, 'weekly', new Date(now.getTime() + 1));
  if (!last) return undefined;
  if (isoWeekKey(shanghaiDay(last.dueAt)) === isoWeekKey(shanghaiDay(now))) return previousOccurrence(config, 'weekly', last.dueAt)?.dueAt ?? undefined;
  return last.dueAt;
}

/**
 * What a job posts at `now`: the digest text split into messages of at most
 * maxMessageChars. The plan is the one of the year the digest is about (the quarter
 * summarised, the quarter ending, the current year for the weekly); with no plan for
 * that year the job has nothing true to say, so it says why instead of using another year's.
 */
export function composeDigest(input: ComposeInput): Composed {
  const { job, config, now } = input;
  const p = input.period ?? periodAt(config, job, now);
  let year = p.quarter?.year ?? Number(shanghaiDay(now).slice(0, 4));
  let plan = input.plans.get(year);
  let renderNow = now;
  if (!plan && job === 'weekly') {
    // the first weekly of January covers the old year's last week: with no plan for the new
    // year yet, it is that finished year's digest, as of its last day
    const since = weeklySince(config, now, input.period?.dueAt);
    const prev = input.plans.get(year - 1);
    if (prev && since && Number(shanghaiDay(since).slice(0, 4)) === year - 1) {
      plan = prev;
      year -= 1;
      renderNow = fromShanghai(year, 12, 31, 23, 59);
    }
  }
  if (!plan) return { ok: false, period: p.period, reason: NO_PLAN(year) };
  // a digest of a past moment counts only what had been confirmed by then
  const cutoff = now.getTime();
  const records = input.records(year).filter((r) => Date.parse(r.confirmedAt) <= cutoff);
  const text = renderDigest(job, {
    plan,
    records,
    now: renderNow,
    ...(job === 'weekly' ? { since: weeklySince(config, now, input.period?.dueAt) } : {}),
    ...(p.quarter ? { quarter: p.quarter } : {}),
  });
  return { ok: true, plan, period: p.period, text, messages: splitMessage(text, config.maxMessageChars).map((t) => ({ text: t })) };
}

/** Appends the weekly picture when enabled; a failing chart never stops the text. */
export async function withChart(
  composed: Extract<Composed, { ok: true }>,
  job: JobName,
  config: ScheduleConfig,
  chart: ChartFn | undefined,
  ctx: { records: readonly ProgressRecord[]; now: Date },
  onError: (e: unknown) => void,
): Promise<OutboundMessage[]> {
  if (job !== 'weekly' || !config.chart || !chart) return composed.messages;
  try {
    const file = await chart({ plan: composed.plan, records: ctx.records, now: ctx.now });
    return file ? [...composed.messages, { text: CHART_CAPTION, file }] : composed.messages;
  } catch (e) {
    onError(e);
    return composed.messages;
  }
}
