import type { Indicator, Plan } from '../plan/schema.js';
import { displayName } from '../text/display-name.js';
import type { ProgressRecord } from '../store/schema.js';
import { runningValue, type RunningEntry } from '../progress/running.js';
import { seqOf } from '../store/records.js';
import { parseSpendMetricId, spendMetricId, type SpendLine, type SpendSource } from '../understand/spending.js';
import type { FormSettings } from './settings.js';
import { T } from './text.js';

const B = T.evidence.basis;

/**
 * The department's money as the forms show it: 年初预算数, 全年（调整）预算数 and 执行数 by funding
 * source (当年财政拨款 / 上年结转 / 其他资金, 合计) and by budget line (基本支出 / 项目支出).
 * 执行数 is the running value of the spending records (spend:<line>[:<source>]) at the cut-off:
 * the latest level plus the increments after it (progress/running.ts).
 */
export const SOURCES: readonly SpendSource[] = ['fiscal', 'carryover', 'other'];

export interface SpendEvidence {
  recordId: string;
  reporter: string;
  activityDate: string;
  metricId: string;
  value: number;
  mode: 'add' | 'set';
  /** false: a level reported later already includes it */
  counted: boolean;
  text: string;
}

export interface FundingCell {
  budget: number;
  adjusted: number;
  /** 万元 at the cut-off; null when nothing is reported for it */
  executed: number | null;
  /** how the figure was reached, for the evidence sheet */
  basis: string;
  evidence: SpendEvidence[];
}

export interface Funding {
  cutoff: string;
  total: FundingCell & {
    /** 合计's 执行数 is the sum of the source rows (a formula in the sheet) */
    fromSources: boolean;
  };
  sources: Record<SpendSource, FundingCell>;
  lines: { basic: FundingCell | null; project: FundingCell | null };
  /** Inconsistencies a filer should know about (source figures that do not add up to a reported total) */
  notes: string[];
}

interface Entry extends RunningEntry {
  rec: ProgressRecord;
  metricId: string;
  mode: 'add' | 'set';
}

/** The budget line a 成本指标 caps: the spending it names (项目支出 unless it names 基本支出 only). */
export function costLine(ind: Indicator): 'basic' | 'project' {
  if (/基本支出|人员经费|公用经费/.test(ind.text) && !/项目/.test(ind.text)) return 'basic';
  return 'project';
}

/** The 成本指标's money metric (万元), if the plan has one. */
export function costMetricOf(plan: Plan): { indicator: Indicator; metricId: string } | null {
  for (const ind of plan.indicators) {
    if (ind.category !== 'cost') continue;
    const m = ind.metrics.find((x) => x.unit === '万元' && !x.sameAs);
    if (m) return { indicator: ind, metricId: m.id };
  }
  return null;
}

function toWan(value: number, unit: string): number {
  return unit === '元' ? value / 10_000 : unit === '亿元' ? value * 10_000 : value;
}

/**
 * Spending entries by metric id. Figures reported against the 成本指标's money metric before
 * spending had its own ids count as levels of the line that indicator caps (they were running totals).
 */
export function spendingEntries(plan: Plan, records: readonly ProgressRecord[]): Map<string, Entry[]> {
  const cost = costMetricOf(plan);
  const legacyId = cost ? spendMetricId(costLine(cost.indicator), null) : null;
  const out = new Map<string, Entry[]>();
  for (const rec of records) {
    if (rec.status !== 'active' || rec.planYear !== plan.year) continue;
    for (const a of rec.amounts) {
      let id: string | null = null;
      let mode: 'add' | 'set' = a.mode ?? 'add';
      if (parseSpendMetricId(a.metricId)) id = a.metricId!;
      else if (cost && a.metricId === cost.metricId && legacyId) {
        id = legacyId;
        mode = a.mode ?? 'set';
      }
      if (!id) continue;
      const list = out.get(id) ?? [];
      list.push({ rec, metricId: id, activityDate: rec.activityDate, confirmedAt: rec.confirmedAt, seq: seqOf(rec.id), value: toWan(a.value, a.unit), mode });
      out.set(id, list);
    }
  }
  return out;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

function evidenceOf(list: Entry[], counted: boolean): SpendEvidence[] {
  return list.map((e) => ({
    recordId: e.rec.id,
    reporter: displayName(e.rec.reporter.name),
    activityDate: e.activityDate,
    metricId: e.metricId,
    value: e.value,
    mode: e.mode,
    counted,
    text: e.rec.source.text,
  }));
}

interface Direct {
  value: number | null;
  evidence: SpendEvidence[];
}

/** The day the newest counted figure behind a value is dated */
function latest(d: Direct): string {
  return d.evidence.filter((e) => e.counted).reduce((m, e) => (e.activityDate > m ? e.activityDate : m), '');
}

/**
 * A reported figure or the sum of its parts: the more recent wins (a 12月 level by source is newer
 * than a 7月 total); on the same day the reported figure stands.
 */
function newer(own: Direct, parts: Direct): { use: Direct; fromParts: boolean } {
  if (own.value === null) return { use: parts, fromParts: parts.value !== null };
  if (parts.value === null) return { use: own, fromParts: false };
  return latest(parts) > latest(own) ? { use: parts, fromParts: true } : { use: own, fromParts: false };
}

function direct(entries: Map<string, Entry[]>, id: string, cutoff: string): Direct {
  const r = runningValue(entries.get(id) ?? [], cutoff);
  return { value: r.value === null ? null : r2(r.value), evidence: [...evidenceOf(r.counted, true), ...evidenceOf(r.absorbed, false)] };
}

function sumKnown(parts: Direct[]): Direct {
  const known = parts.filter((p) => p.value !== null);
  if (!known.length) return { value: null, evidence: [] };
  return { value: r2(known.reduce((s, p) => s + p.value!, 0)), evidence: known.flatMap((p) => p.evidence) };
}

/** Budgets and execution at the end of `cutoff` (YYYY-MM-DD). Pure. */
export function computeFunding(plan: Plan, records: readonly ProgressRecord[], cutoff: string, settings: FormSettings = {}): Funding {
  const entries = spendingEntries(plan, records);
  const d = (line: SpendLine, source: SpendSource | null) => direct(entries, spendMetricId(line, source), cutoff);
  const f = plan.funding;
  const budget: Record<SpendSource, number> = {
    fiscal: settings.budget?.fiscal ?? Math.max(0, f.total - (f.other ?? 0) - (settings.budget?.carryover ?? 0)),
    carryover: settings.budget?.carryover ?? 0,
    other: settings.budget?.other ?? f.other ?? 0,
  };
  const notes: string[] = [];

  const sourceCell = (s: SpendSource): FundingCell => {
    const own = d('total', s);
    const fromLines = sumKnown([d('basic', s), d('project', s)]);
    const { use, fromParts } = newer(own, fromLines);
    return {
      budget: budget[s],
      adjusted: settings.adjustedBudget?.[s] ?? budget[s],
      executed: use.value,
      basis: use.value === null ? '' : fromParts ? B.sourceFromLines : B.sourceReported,
      evidence: use.evidence,
    };
  };
  const sources = { fiscal: sourceCell('fiscal'), carryover: sourceCell('carryover'), other: sourceCell('other') };

  const lineCell = (line: 'basic' | 'project', planned: number | null): FundingCell | null => {
    const own = d(line, null);
    const fromSources = sumKnown(SOURCES.map((s) => d(line, s)));
    const { use, fromParts } = newer(own, fromSources);
    if (planned === null && use.value === null) return null;
    return {
      budget: planned ?? 0,
      adjusted: settings.adjustedLines?.[line] ?? planned ?? 0,
      executed: use.value,
      basis: use.value === null ? '' : fromParts ? B.lineFromSources : B.lineReported,
      evidence: use.evidence,
    };
  };
  const lines = { basic: lineCell('basic', f.basic), project: lineCell('project', f.project) };

  const ownTotal = d('total', null);
  // 合计 is a sum only when no part with a budget is missing: project spending alone is not the
  // department's execution (the 成本指标's figures once were divided by the whole budget that way)
  const complete = (cells: FundingCell[]): Direct =>
    cells.some((c) => c.executed === null && (c.budget > 0 || c.adjusted > 0)) ? { value: null, evidence: [] } : sumKnown(cells.map((c) => ({ value: c.executed, evidence: c.evidence })));
  const bySources = complete(SOURCES.map((s) => sources[s]));
  const byLines = complete([lines.basic, lines.project].filter((x): x is FundingCell => x !== null));
  // 合计: the reported total, the sum of the sources, or the sum of the lines, whichever is newest
  let fromSources = false;
  let use: Direct;
  let basis: string;
  const same = (a: Direct, b: Direct) => a.value !== null && b.value !== null && Math.abs(a.value - b.value) < 0.005;
  const pick = newer(ownTotal, bySources);
  if (pick.fromParts || (bySources.value !== null && same(ownTotal, bySources))) {
    fromSources = true;
    use = pick.use;
    basis = B.totalFromSources;
  } else if (ownTotal.value !== null) {
    use = ownTotal;
    basis = B.totalReported;
  } else {
    use = byLines;
    basis = byLines.value !== null ? B.totalFromLines : '';
  }
  if (ownTotal.value !== null && bySources.value !== null && !same(ownTotal, bySources))
    notes.push(T.evidence.totalMismatch(ownTotal.value, latest(ownTotal), bySources.value, latest(bySources), fromSources));
  if (use.value !== null && byLines.value !== null && Math.abs(use.value - byLines.value) >= 0.005 && lines.basic?.executed != null && lines.project?.executed != null)
    notes.push(T.evidence.linesMismatch(byLines.value, use.value));
  const sourceBudget = SOURCES.reduce((s, k) => s + budget[k], 0);
  if (Math.abs(sourceBudget - f.total) > 0.005) notes.push(T.evidence.budgetMismatch(r2(sourceBudget), f.total));
  return {
    cutoff,
    total: {
      budget: r2(sourceBudget),
      adjusted: r2(SOURCES.reduce((s, k) => s + sources[k].adjusted, 0)),
      executed: use.value,
      basis,
      evidence: use.evidence,
      fromSources,
    },
    sources,
    lines,
    notes,
  };
}
