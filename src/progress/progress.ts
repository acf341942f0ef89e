import type { Indicator, Metric, Milestone, Plan } from '../plan/schema.js';
import { displayName } from '../text/display-name.js';
import type { ProgressRecord } from '../store/schema.js';
import { addDays, daysBetween, shanghaiDay } from '../core/time.js';
import { seqOf } from '../store/records.js';
import { runningValue } from './running.js';

/**
 * met      the target is reached (≥ reached, range reached, latest value meets it)
 * ahead    more done than the calendar asks for
 * on-track about what the calendar asks for
 * behind   less than the calendar asks for
 * over     a ceiling (≤) is exceeded
 * no-data  nothing reported yet and nothing expected yet
 */
/** Share of a target the calendar must expect before nothing reported counts as behind. */
export const BEHIND_FROM = 0.25;

export type Pace = 'met' | 'ahead' | 'on-track' | 'behind' | 'over' | 'no-data';

export interface Evidence {
  recordId: string;
  reporter: string;
  activityDate: string;
  confirmedAt: string;
  value: number | null;
}

export interface MetricProgress {
  metric: Metric;
  indicator: Indicator;
  /** Sum of reports, or the latest reported value; null when nothing is reported */
  actual: number | null;
  /** actual ÷ target (for ranges, ÷ the lower bound); null without reports */
  ratio: number | null;
  /** Share of the target the calendar expects by now (0…1) */
  expected: number;
  pace: Pace;
  evidence: Evidence[];
}

export interface MilestoneStatus {
  milestone: Milestone;
  done: boolean;
  /** Not done and its due date has passed */
  overdue: boolean;
  /** Days from today to the due date (negative once past) */
  daysLeft: number;
  evidence: Evidence[];
}

export interface Progress {
  asOf: string;
  year: number;
  metrics: MetricProgress[];
  milestones: MilestoneStatus[];
  /** Share of the plan year elapsed (0…1) */
  yearElapsed: number;
}

function yearShare(year: number, today: string): number {
  const total = daysBetween(`${year}-01-01`, `${year + 1}-01-01`);
  const gone = daysBetween(`${year}-01-01`, today) + 1;
  return Math.min(1, Math.max(0, gone / total));
}

/**
 * The share of a target the calendar expects by `today`: the share of its linked
 * milestones already due (activities are lumpy: 2000 人次 arrive in one day), or the
 * share of the year elapsed when no milestone is linked to it.
 */
function expectedShare(plan: Plan, indicatorId: string, today: string): number {
  const linked = plan.milestones.filter((m) => m.indicators.includes(indicatorId) && m.quarter !== 'annual');
  if (!linked.length) return yearShare(plan.year, today);
  // each linked milestone is expected in proportion to how far its quarter has run
  const share = linked.reduce((sum, m) => sum + quarterShare(m.due, today), 0);
  return share / linked.length;
}

/** How much of the quarter ending on `due` has passed by `today` (0 before it starts, 1 once due). */
function quarterShare(due: string, today: string): number {
  if (today >= due) return 1;
  const start = addDays(due.slice(0, 5) + String(Number(due.slice(5, 7)) - 2).padStart(2, '0') + '-01', 0);
  if (today < start) return 0;
  return (daysBetween(start, today) + 1) / (daysBetween(start, due) + 1);
}

/**
 * A counted figure over time (progress/running.ts): increments add; a running total ("截至6月底累计
 * 96万元", "到目前一共45期") replaces what was dated on or before its day, and increments dated after it add. A
 * figure that does not say is an increment for a count and a level for a running figure (满意度).
 */
export function runningTotal(entries: readonly { rec: ProgressRecord; value: number; mode: 'add' | 'set' | undefined }[], fallback: 'add' | 'set'): number {
  const r = runningValue(
    entries.map((e) => ({ activityDate: e.rec.activityDate, confirmedAt: e.rec.confirmedAt, seq: seqOf(e.rec.id), value: e.value, mode: e.mode ?? fallback })),
    '9999-12-31',
  );
  return r.value ?? 0;
}

function evidenceOf(rec: ProgressRecord, value: number | null): Evidence {
  return { recordId: rec.id, reporter: displayName(rec.reporter.name), activityDate: rec.activityDate, confirmedAt: rec.confirmedAt, value };
}

function paceOf(metric: Metric, actual: number | null, expected: number, yearElapsed: number): { ratio: number | null; pace: Pace } {
  // a running figure (满意度, 经费已支出) or a ceiling is not behind before anyone reports it
  // nothing reported is "behind" only once the calendar expects a real share (not five days into a quarter)
  if (actual === null)
    return { ratio: null, pace: expected >= BEHIND_FROM && metric.aggregate === 'sum' && metric.comparator !== '≤' ? 'behind' : 'no-data' };
  const ratio = actual / (metric.value || 1);
  if (metric.comparator === '≤') {
    if (actual > metric.value) return { ratio, pace: 'over' };
    if (metric.aggregate === 'latest' && metric.unit.endsWith('元')) {
      // 执行进度 warning rule: (spent ÷ budget) ÷ (elapsed share); under 60 % behind, 80 %+ on track
      const rate = yearElapsed > 0 ? ratio / yearElapsed : 1;
      return { ratio, pace: rate < 0.6 ? 'behind' : rate > 1.2 ? 'ahead' : 'on-track' };
    }
    return { ratio, pace: 'on-track' };
  }
  if (metric.aggregate === 'latest') return { ratio, pace: ratio >= 1 ? 'met' : 'behind' };
  if (ratio >= 1) return { ratio, pace: 'met' };
  // everything linked is due and the target is not reached: 97 of 100 at year end is missed
  if (expected >= 1) return { ratio, pace: 'behind' };
  if (ratio < expected * 0.8) return { ratio, pace: 'behind' };
  if (ratio > expected * 1.2 + 0.05) return { ratio, pace: 'ahead' };
  return { ratio, pace: 'on-track' };
}

/**
 * Where the plan stands: per metric the total against its target and the pace, per
 * milestone done or not with who reported it. Pure; only active records count.
 */
export function computeProgress(plan: Plan, records: readonly ProgressRecord[], now: Date): Progress {
  const today = shanghaiDay(now);
  const yearElapsed = yearShare(plan.year, today);
  const active = records.filter((r) => r.status === 'active' && r.planYear === plan.year);

  const byMetric = new Map<string, { rec: ProgressRecord; value: number; mode: 'add' | 'set' | undefined }[]>();
  const byMilestone = new Map<string, ProgressRecord[]>();
  for (const rec of active) {
    for (const a of rec.amounts) {
      if (!a.metricId) continue;
      let list = byMetric.get(a.metricId);
      if (!list) byMetric.set(a.metricId, (list = []));
      list.push({ rec, value: a.value, mode: a.mode });
    }
    for (const m of rec.milestoneIds) {
      let list = byMilestone.get(m);
      if (!list) byMilestone.set(m, (list = []));
      list.push(rec);
    }
  }

  const metrics: MetricProgress[] = [];
  for (const indicator of plan.indicators) {
    const expected = expectedShare(plan, indicator.id, today);
    for (const metric of indicator.metrics) {
      const entries = [...(byMetric.get(metric.id) ?? []), ...(metric.sameAs ? (byMetric.get(metric.sameAs) ?? []) : [])];
      let actual: number | null = null;
      if (entries.length) {
        // counts add up unless a total says otherwise; a running figure (满意度, money spent) is a level unless a period says it adds
        actual = runningTotal(entries, metric.aggregate === 'sum' ? 'add' : 'set');
      }
      const { ratio, pace } = paceOf(metric, actual, expected, yearElapsed);
      // evidence is built when someone reads it: 100k records of evidence cost more than the totals
      let evidence: Evidence[] | null = null;
      metrics.push({
        metric,
        indicator,
        actual: actual === null ? null : Math.round(actual * 100) / 100,
        ratio,
        expected,
        pace,
        get evidence() {
          evidence ??= entries
            .map((e) => evidenceOf(e.rec, e.value))
            .sort((a, b) => (a.activityDate < b.activityDate ? -1 : a.activityDate > b.activityDate ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
          return evidence;
        },
      });
    }
  }

  const metricById = new Map(metrics.map((m) => [m.metric.id, m]));
  const milestones: MilestoneStatus[] = plan.milestones.map((milestone) => {
    const recs = byMilestone.get(milestone.id) ?? [];
    // a year-long item (6 期刊物, 100 期信息) is done when its numbers are, not at its first report
    const yearLong =
      milestone.quarter === 'annual'
        ? milestone.indicators.flatMap((id) => plan.indicators.find((i) => i.id === id)?.metrics ?? []).filter((m) => !m.sameAs)
        : [];
    const done = yearLong.length
      ? yearLong.every((m) => {
          const mp = metricById.get(m.id);
          return mp?.pace === 'met';
        })
      : recs.length > 0;
    const daysLeft = daysBetween(today, milestone.due);
    let evidence: Evidence[] | null = null;
    return {
      milestone,
      done,
      overdue: !done && daysLeft < 0,
      daysLeft,
      get evidence() {
        evidence ??= recs.map((r) => evidenceOf(r, null));
        return evidence;
      },
    };
  });

  return { asOf: today, year: plan.year, metrics, milestones, yearElapsed };
}

/** The targets a reader counts: a 质量指标 restating a 数量指标 (sameAs) would count the same work twice. */
export function countedMetrics(progress: { metrics: MetricProgress[] }): MetricProgress[] {
  return progress.metrics.filter((m) => !m.metric.sameAs);
}

export const PACE_LABEL: Record<Pace, string> = {
  met: '已达成',
  ahead: '超前',
  'on-track': '正常',
  behind: '滞后',
  over: '超支',
  'no-data': '未开始',
};

/** "≥2000人次", "1–2次", "约10个", "≤240万元"; the forms write ranges with a plain hyphen (1-2次). */
export function formatTarget(m: Metric, rangeDash = '–'): string {
  const v = formatNumber(m.value);
  switch (m.comparator) {
    case 'range':
      return `${v}${rangeDash}${formatNumber(m.max ?? m.value)}${m.unit}`;
    case '≈':
      return `约${v}${m.unit}`;
    case '=':
      return `${v}${m.unit}`;
    default:
      return `${m.comparator}${v}${m.unit}`;
  }
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

export function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : `${Math.round(ratio * 100)}%`;
}
