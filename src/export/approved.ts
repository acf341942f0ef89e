import { formatNumber, formatTarget } from '../progress/progress.js';
import { displayName } from '../text/display-name.js';
import type { Indicator, Metric, Milestone, Plan, QuarterKey } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import { bigrams } from '../text/similarity.js';
import { runningValue, type RunningEntry } from '../progress/running.js';
import { seqOf } from '../store/records.js';
import { formatMonthDay } from '../core/time.js';
import { T } from './text.js';

/**
 * The rows of the approved 绩效目标表 as the forms reproduce them, and the facts behind each:
 * one 进度指标 row per approved row (per quarter, plus 全年), metric figures from the records,
 * and which records support which indicator.
 */

export const QUARTERS: readonly QuarterKey[] = ['q1', 'q2', 'q3', 'q4', 'annual'];
export const QUARTER_LABEL: Record<QuarterKey, string> = { q1: '第一季度', q2: '第二季度', q3: '第三季度', q4: '第四季度', annual: '全年' };

/** The approved wording of an indicator, without the table's leading "1." */
export function approvedText(ind: Indicator): string {
  return ind.text.replace(/^\s*\d+\s*[.、．]\s*/, '').trim();
}

/**
 * A short 三级指标 label for a qualitative indicator, whose full approved wording goes in 指标值:
 * its first clause, cut at a list mark when long. Never ends in an ellipsis.
 */
export function shortLabel(ind: Indicator): string {
  const text = approvedText(ind);
  let first = text.split(/[，。；;,]/)[0]!.trim() || text;
  if (first.length > 24) {
    const cut = first.slice(0, 24).lastIndexOf('、');
    first = cut >= 8 ? first.slice(0, cut) + '等' : first.slice(0, 24);
  }
  return first;
}

/** The 三级指标 cell: the approved wording for measured indicators, a short label for qualitative ones. */
export function level3Text(ind: Indicator): string {
  return ind.qualitative || !ind.metrics.length ? shortLabel(ind) : approvedText(ind);
}

/** "受益人数≥2000人次" per metric; the approved wording for qualitative indicators. */
export function targetText(ind: Indicator): string {
  if (ind.qualitative || !ind.metrics.length) return approvedText(ind);
  return ind.metrics.map((m) => `${m.counts}${formatTargetShort(m)}`).join('；');
}

export function formatTargetShort(m: Metric): string {
  return formatTarget(m, '-');
}

/** Numbers as the forms print them: whole, or to two decimals. */
export const fmt = formatNumber;

/** The approved 进度 row's text: "第一季度：1.召开科协委员会……2.拨付……" */
export function quarterText(milestones: readonly Milestone[]): string {
  const q = milestones[0]?.quarter;
  return `${q ? QUARTER_LABEL[q] : ''}：${milestones.map((m) => `${m.number}.${m.text.trim()}`).join('')}`;
}

/** The 进度 row's 指标值: "3月31日前完成（5项）" */
export function quarterTarget(milestones: readonly Milestone[]): string {
  const due = milestones[0]?.due;
  return due ? T.rows.quarterTarget(formatMonthDay(due), milestones.length) : '';
}

// ---- metrics ------------------------------------------------------------------------

export interface MetricEvidence {
  recordId: string;
  reporter: string;
  activityDate: string;
  value: number;
  mode: 'add' | 'set';
  counted: boolean;
}

export interface MetricFigure {
  metric: Metric;
  indicator: Indicator;
  /** null: nothing reported by the cut-off */
  actual: number | null;
  evidence: MetricEvidence[];
}

/**
 * A metric's figure at the cut-off from its records (and those of the metric it restates), by the
 * running rule: a missing mode means a level for running figures (满意度) and an increment otherwise.
 */
export function metricFigure(plan: Plan, ind: Indicator, metric: Metric, records: readonly ProgressRecord[], cutoff: string): MetricFigure {
  const ids = new Set([metric.id, ...(metric.sameAs ? [metric.sameAs] : [])]);
  const entries: (RunningEntry & { rec: ProgressRecord; mode: 'add' | 'set' })[] = [];
  for (const rec of records) {
    if (rec.status !== 'active' || rec.planYear !== plan.year) continue;
    for (const a of rec.amounts) {
      if (!a.metricId || !ids.has(a.metricId)) continue;
      const mode: 'add' | 'set' = a.mode ?? (metric.aggregate === 'latest' ? 'set' : 'add');
      entries.push({ rec, activityDate: rec.activityDate, confirmedAt: rec.confirmedAt, seq: seqOf(rec.id), value: a.value, mode });
    }
  }
  const r = runningValue(entries, cutoff);
  const ev = (list: typeof entries, counted: boolean) =>
    list.map((e) => ({ recordId: e.rec.id, reporter: displayName(e.rec.reporter.name), activityDate: e.activityDate, value: e.value, mode: e.mode, counted }));
  return {
    metric,
    indicator: ind,
    actual: r.value === null ? null : Math.round(r.value * 100) / 100,
    evidence: [...ev(r.counted, true), ...ev(r.absorbed, false)],
  };
}

/** The share of a metric's target reached (0…1) by the scoring rules; the sheets compute the same by formula. */
export function metricRate(m: Metric, actual: number): number {
  if (m.comparator === '≤') return actual <= m.value ? 1 : m.value / actual;
  if (m.value <= 0) return 1;
  return Math.min(Math.max(actual, 0) / m.value, 1);
}

// ---- milestones ---------------------------------------------------------------------

export interface MilestoneFact {
  milestone: Milestone;
  /** the first reported completion on or before the cut-off */
  doneOn: string | null;
  /** completed on or before its due date (the quarter's last day) */
  onTime: boolean;
  /** due on or before the cut-off */
  due: boolean;
  evidence: { recordId: string; reporter: string; activityDate: string; text: string }[];
}

/**
 * Each milestone's completion judged against its own due date. A 全年 item that counts issues
 * (6期刊物, 100期信息) is done when its figures reach the targets, on the day they did.
 */
export function milestoneFacts(plan: Plan, records: readonly ProgressRecord[], cutoff: string): MilestoneFact[] {
  const active = records.filter((r) => r.status === 'active' && r.planYear === plan.year && r.activityDate <= cutoff);
  return plan.milestones.map((m) => {
    const recs = active.filter((r) => r.milestoneIds.includes(m.id)).sort((a, b) => (a.activityDate < b.activityDate ? -1 : a.activityDate > b.activityDate ? 1 : 0));
    let doneOn: string | null = recs[0]?.activityDate ?? null;
    if (m.quarter === 'annual') {
      const metrics = m.indicators.flatMap((id) => plan.indicators.find((i) => i.id === id)?.metrics.filter((x) => !x.sameAs).map((x) => ({ x, i: plan.indicators.find((i) => i.id === id)! })) ?? []);
      if (metrics.length) {
        // the day the last target was reached: walk the days the figures changed
        const days = [...new Set(active.filter((r) => r.amounts.some((a) => metrics.some((mm) => mm.x.id === a.metricId))).map((r) => r.activityDate))].sort();
        doneOn = days.find((day) => metrics.every(({ x, i }) => {
          const f = metricFigure(plan, i, x, records, day);
          return f.actual !== null && metricRate(x, f.actual) >= 1;
        })) ?? null;
      }
    }
    return {
      milestone: m,
      doneOn,
      onTime: doneOn !== null && doneOn <= m.due,
      due: m.due <= cutoff,
      evidence: recs.map((r) => ({ recordId: r.id, reporter: displayName(r.reporter.name), activityDate: r.activityDate, text: r.source.text })),
    };
  });
}

/** "已按期完成3项（第1、2、4项）；第3项逾期完成（4月12日）；第5项尚无完成记录" */
export function quarterActual(facts: readonly MilestoneFact[], cutoff: string): string {
  const onTime = facts.filter((f) => f.onTime);
  const late = facts.filter((f) => f.doneOn && !f.onTime);
  const open = facts.filter((f) => !f.doneOn);
  const nums = (list: readonly MilestoneFact[]) => list.map((f) => f.milestone.number).join('、');
  const parts: string[] = [];
  const Q = T.rows.quarter;
  if (onTime.length) parts.push(onTime.length === facts.length ? Q.allOnTime(facts.length) : Q.someOnTime(onTime.length, nums(onTime)));
  for (const f of late) parts.push(Q.late(f.milestone.number, formatMonthDay(f.doneOn!), formatMonthDay(f.milestone.due)));
  const overdue = open.filter((f) => f.milestone.due <= cutoff);
  const pending = open.filter((f) => f.milestone.due > cutoff);
  if (overdue.length) parts.push(Q.overdue(nums(overdue)));
  if (pending.length) parts.push(pending.length === facts.length ? Q.allPending(formatMonthDay(facts[0]!.milestone.due)) : Q.somePending(nums(pending)));
  return parts.join('；');
}

// ---- support ------------------------------------------------------------------------

/**
 * Whether a record is evidence for an indicator: it reports one of the indicator's figures, names it
 * itself, or its words (and those of the milestone it completes) share at least two word pairs with
 * the indicator's approved text, one of them found in no more than two indicators. Linking a milestone to an indicator in the plan is not enough:
 * "筛选协作单位" completes a 一季度 item linked to 学术月, and says nothing about 学术月.
 */
export function supports(plan: Plan, rec: ProgressRecord, ind: Indicator): boolean {
  // named by the reporter, not inherited from a milestone's links (which may have been reviewed since the record was made)
  if (rec.indicatorIds.includes(ind.id) && !rec.milestoneIds.length) return true;
  const metricIds = new Set(ind.metrics.flatMap((m) => [m.id, ...(m.sameAs ? [m.sameAs] : [])]));
  if (rec.amounts.some((a) => a.metricId && metricIds.has(a.metricId))) return true;
  const words = [rec.source.text, ...rec.milestoneIds.map((id) => plan.milestones.find((m) => m.id === id)?.text ?? '')].join('。');
  const have = new Set(bigrams(words));
  const want = new Set(bigrams(approvedText(ind)));
  const df = docFrequency(plan);
  let hits = 0;
  let distinctive = false;
  for (const g of want)
    if (have.has(g)) {
      hits++;
      if ((df.get(g) ?? 0) <= 2) distinctive = true;
    }
  // 协作 / 单位 run through many indicators; 学术 / 委员会 name one or two
  return hits >= 2 && distinctive;
}

const dfCache = new WeakMap<Plan, Map<string, number>>();
/** In how many of the plan's indicators each word pair occurs. */
function docFrequency(plan: Plan): Map<string, number> {
  let df = dfCache.get(plan);
  if (!df) {
    df = new Map();
    for (const ind of plan.indicators) for (const g of new Set(bigrams(approvedText(ind)))) df.set(g, (df.get(g) ?? 0) + 1);
    dfCache.set(plan, df);
  }
  return df;
}

/**
 * What was done for a qualitative indicator, in the approved words of the milestones the records
 * complete (never the reporters' own words, which may name staff): "召开科协委员会，审议…（3月5日）；…"
 */
export function workDone(plan: Plan, recs: readonly ProgressRecord[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const r of [...recs].sort((a, b) => (a.activityDate < b.activityDate ? -1 : a.activityDate > b.activityDate ? 1 : 0))) {
    const ms = r.milestoneIds.map((id) => plan.milestones.find((m) => m.id === id)).filter((m): m is Milestone => !!m);
    const what = ms.length ? ms.map((m) => m.text.trim().replace(/[。；;，,\s]+$/u, '')).join('；') : T.rows.otherWork;
    const key = `${what}|${r.activityDate}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`${what}（${formatMonthDay(r.activityDate)}）`);
  }
  return parts.length ? T.rows.workDone(parts.join('；')) : '';
}

/** The active records (by the cut-off) that support an indicator. */
export function supportingRecords(plan: Plan, records: readonly ProgressRecord[], ind: Indicator, cutoff: string): ProgressRecord[] {
  return records.filter(
    (r) => r.status === 'active' && r.planYear === plan.year && r.activityDate <= cutoff && (r.indicatorIds.includes(ind.id) || r.milestoneIds.some((id) => plan.milestones.find((m) => m.id === id)?.indicators.includes(ind.id))) && supports(plan, r, ind),
  );
}

// ---- 分值 ---------------------------------------------------------------------------

/**
 * Whole-number 分值 that add up exactly to `total` (largest-remainder): each share is floored, and
 * the points left go to the largest remainders, earlier rows first on ties. A non-integer total
 * is split in tenths the same way.
 */
export function largestRemainder(shares: readonly number[], total: number): number[] {
  if (!shares.length) return [];
  const step = Number.isInteger(total) ? 1 : 0.1;
  const units = Math.round(total / step);
  const sum = shares.reduce((s, x) => s + x, 0);
  const raw = shares.map((x) => (sum > 0 ? (x / sum) * units : units / shares.length));
  const floors = raw.map((x) => Math.floor(x + 1e-9));
  let left = units - floors.reduce((s, x) => s + x, 0);
  const order = raw.map((x, k) => ({ k, rem: x - floors[k]! })).sort((a, b) => b.rem - a.rem || a.k - b.k);
  for (const o of order) {
    if (left <= 0) break;
    floors[o.k]!++;
    left--;
  }
  return floors.map((u) => Math.round(u * step * 10) / 10);
}
