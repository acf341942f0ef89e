import type { Indicator, Metric, Milestone, Plan, QuarterKey } from './schema.js';

const QUARTER_NAME: Record<QuarterKey, string> = { q1: '一季度', q2: '二季度', q3: '三季度', q4: '四季度', annual: '全年' };

export function quarterName(q: QuarterKey | 1 | 2 | 3 | 4): string {
  return QUARTER_NAME[typeof q === 'number' ? (`q${q}` as QuarterKey) : q];
}

/** The table's words without the trailing full stop, cut for a phone screen. */
export function shortText(text: string, max = 28): string {
  const t = text.replace(/[。；;，,\s]+$/u, '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** 二季度第1项「举办区科技工作者日主场活动」 */
export function milestoneLabel(m: Milestone, max = 28): string {
  return `${quarterName(m.quarter)}第${m.number}项「${shortText(m.text, max)}」`;
}

/** 数量指标1 */
export function indicatorCode(i: Indicator): string {
  return `${i.level2}${i.number}`;
}

/** 数量指标5「举办区人工智能创意编程大赛一场」 */
export function indicatorLabel(i: Indicator, max = 20): string {
  const name = i.name.endsWith('…') ? i.name.replace(/[，,、。；;\s]*…$/u, '…') : shortText(i.name, max);
  return `${indicatorCode(i)}「${name}」`;
}

export interface PlanLookup {
  indicator(id: string): Indicator | undefined;
  milestone(id: string): Milestone | undefined;
  metric(id: string): { metric: Metric; indicator: Indicator } | undefined;
}

const lookups = new WeakMap<Plan, PlanLookup>();

/** Id → object maps for a plan, built once per plan object. */
export function lookup(plan: Plan): PlanLookup {
  let l = lookups.get(plan);
  if (l) return l;
  const ind = new Map(plan.indicators.map((i) => [i.id, i]));
  const ms = new Map(plan.milestones.map((m) => [m.id, m]));
  const met = new Map(plan.indicators.flatMap((i) => i.metrics.map((m) => [m.id, { metric: m, indicator: i }] as const)));
  l = { indicator: (id) => ind.get(id), milestone: (id) => ms.get(id), metric: (id) => met.get(id) };
  lookups.set(plan, l);
  return l;
}
