import type { Plan } from '../plan/schema.js';
import type { ProgressRecord, RecordAmount } from '../store/schema.js';
import type { Progress } from '../progress/progress.js';
import { formatNumber, formatPercent, formatTarget } from '../progress/progress.js';
import { formatMonthDay, shanghaiDay, weekdayName } from '../core/time.js';
import { indicatorLabel, lookup, milestoneLabel } from '../plan/labels.js';
import type { Candidate, Draft, Proposal } from './schema.js';
import { dateRemark, draftsOf } from './proposal.js';
import { oddAmount, unsureFigure } from './step.js';
import { T, spendLabel } from './texts.js';
import { displayName } from '../text/display-name.js';
import { parseSpendMetricId } from '../understand/spending.js';

/** 5月30日（周日）; with the year when it is not the plan's year: 2020年12月1日（周二） */
export function dayLabel(day: string, planYear?: number): string {
  const date = planYear !== undefined && !day.startsWith(`${planYear}-`) ? `${day.slice(0, 4)}年${formatMonthDay(day)}` : formatMonthDay(day);
  return `${date}（${weekdayName(day)}）`;
}

/** 二季度第1项「…」→ 数量指标1「…」 */
export function readingLine(c: Candidate, plan: Plan): string {
  const l = lookup(plan);
  const m = c.milestoneId ? l.milestone(c.milestoneId) : undefined;
  const inds = c.indicatorIds.map((id) => l.indicator(id)).filter((x) => x !== undefined);
  // a phone line: the first two indicators by name, the rest counted
  const indText = inds.slice(0, 2).map((i) => indicatorLabel(i, 14)).join('、') + (inds.length > 2 ? `等${inds.length}项` : '');
  if (m && indText) return `${milestoneLabel(m, 24)}，计入${indText}`;
  if (m) return milestoneLabel(m, 24);
  return `计入${indText}`;
}

/**
 * "受益人数 +2100人次 → 累计 2100 / ≥2000人次（105%）": what an amount does to its metric's total.
 * `progress` is the state before the amount counts; `pending` what drafts listed above it add.
 */
export function amountLine(a: RecordAmount, plan: Plan, progress: Progress | null, pending = 0): string {
  if (!a.metricId) return `${formatNumber(a.value)}${a.unit}${T.uncounted}`;
  const spend = parseSpendMetricId(a.metricId);
  if (spend) return T.spendLine(spendLabel(spend.line, spend.source), formatNumber(a.value), a.mode === 'set');
  const found = lookup(plan).metric(a.metricId);
  if (!found) return `${formatNumber(a.value)}${a.unit}`;
  const { metric } = found;
  const before = (progress?.metrics.find((p) => p.metric.id === metric.id)?.actual ?? 0) + pending;
  if (metric.aggregate === 'latest' && a.mode !== 'add') {
    const ratio = metric.value ? a.value / metric.value : null;
    return `${metric.counts} = ${formatNumber(a.value)}${metric.unit}（目标 ${formatTarget(metric)}${ratio !== null && metric.comparator !== '≤' ? `，${formatPercent(ratio)}` : ''}）`;
  }
  if (a.mode === 'set') {
    const ratio = metric.value ? a.value / metric.value : null;
    return T.setLine(metric.counts, formatNumber(a.value), metric.unit, formatNumber(before), formatTarget(metric), formatPercent(ratio));
  }
  const total = before + a.value;
  const ratio = metric.value ? total / metric.value : null;
  return `${metric.counts} +${formatNumber(a.value)}${metric.unit} → 累计 ${formatNumber(total)} / ${formatTarget(metric)}（${formatPercent(ratio)}）`;
}

function duplicateLines(p: Proposal, d: Draft, records: readonly ProgressRecord[], indent = ''): string[] {
  if (!d.duplicates.length) return [];
  const byId = new Map(records.map((r) => [r.id, r]));
  const lines = d.duplicates.slice(0, 3).map((id) => {
    const r = byId.get(id);
    if (!r) return `${indent}  ${id}`;
    const who = r.reporter.id === p.author.id ? '你' : displayName(r.reporter.name);
    const amt = r.amounts.map((a) => `${formatNumber(a.value)}${a.unit}`).join('、');
    return `${indent}  ${who}已报过 ${id}：${formatMonthDay(r.activityDate)}${amt ? `，${amt}` : ''}（${formatMonthDay(r.confirmedAt.slice(0, 10))}报）`;
  });
  return [`${indent}⚠ 可能重复：`, ...lines, `${indent}如果是另一场活动，回复“确认”照样保存；是同一件事就回复“取消”${indent ? '或“去掉”这一条' : ''}。`];
}

/** One report's lines: its reading (or the readings to choose from), figures, date, remarks. */
function draftLines(p: Proposal, d: Draft, plan: Plan, records: readonly ProgressRecord[], progress: Progress | null, now: Date, pending: Map<string, number>, indent: string): string[] {
  const lines: string[] = [];
  if (d.stage === 'choose') {
    lines.push(`${indent}对应计划里的哪一项？回复数字：`);
    d.candidates.forEach((c, i) => lines.push(`${indent}${i + 1}. ${readingLine(c, plan)}`));
    if (d.amounts.length) lines.push(`${indent}数字：${d.amounts.map((a) => `${formatNumber(a.value)}${a.unit}`).join('、')}`);
  } else {
    // 基本支出 alone is the department's spending, not the 成本指标's
    const spendingOnly = d.amounts.length > 0 && d.amounts.every((a) => a.metricId?.startsWith('spend:'));
    lines.push(`${indent}${spendingOnly ? T.spendingReading : readingLine(d.candidates[d.chosen]!, plan)}`);
    const others = d.candidates.map((c, i) => ({ c, i })).filter(({ i }) => i !== d.chosen);
    if (others.length) {
      lines.push(`${indent}${T.alsoPossible}`);
      for (const { c, i } of others) lines.push(`${indent}  ${i + 1}. ${readingLine(c, plan)}`);
    }
    for (const a of d.amounts) {
      lines.push(`${indent}${amountLine(a, plan, progress, a.metricId ? (pending.get(a.metricId) ?? 0) : 0)}`);
      if (a.metricId) pending.set(a.metricId, a.mode === 'set' ? a.value - (progress?.metrics.find((m) => m.metric.id === a.metricId)?.actual ?? 0) : (pending.get(a.metricId) ?? 0) + a.value);
    }
  }
  lines.push(`${indent}日期：${dayLabel(d.activityDate, p.planYear)}`);
  const remark = dateRemark({ ...p, activityDate: d.activityDate }, shanghaiDay(now));
  if (remark) lines.push(`${indent}${remark}`);
  lines.push(...duplicateLines(p, d, records, indent));
  return lines;
}

/** The question the proposal waits on, or how to confirm it. */
function footer(p: Proposal, drafts: readonly Draft[], progress: Progress | null): string {
  if (p.ask === 'amount') {
    const odd = drafts.flatMap((d) => d.amounts).find(oddAmount);
    if (odd) return T.askAmount(odd.value, odd.unit);
  }
  if (p.ask === 'mode' && progress) {
    const u = unsureFigure(p, progress);
    if (u) {
      const a = drafts[u.draft]!.amounts[u.amount]!;
      const counts = a.metricId ? (progress.metrics.find((m) => m.metric.id === a.metricId)?.metric.counts ?? '') : '';
      return T.askMode(a.value, a.unit, counts, u.before);
    }
  }
  if (drafts.some((d) => d.stage === 'choose') && drafts.length === 1) return '都不是就回复“取消”，或直接说“是数量指标5”。';
  return drafts.length > 1 ? T.confirmHintMany(drafts.length) : T.confirmHint;
}

/** The one message answering a report (or several): what was understood, and how to confirm or fix it. */
export function renderProposal(p: Proposal, plan: Plan, records: readonly ProgressRecord[], progress: Progress | null, now: Date): string {
  const drafts = draftsOf(p);
  const pending = new Map<string, number>();
  if (drafts.length === 1) {
    const d = drafts[0]!;
    const head = d.stage === 'choose' ? '收到。这条对应计划里的哪一项？回复数字：' : T.understoodOne;
    const body = draftLines(p, d, plan, records, progress, now, pending, '');
    if (d.stage === 'choose') body.shift();
    return [head, ...body, footer(p, drafts, progress)].join('\n');
  }
  const lines = [T.understoodMany(drafts.length)];
  drafts.forEach((d, i) => {
    const body = draftLines(p, d, plan, records, progress, now, pending, '   ');
    body[0] = `${i + 1}. ${body[0]!.trimStart()}`;
    lines.push(...body);
  });
  lines.push(footer(p, drafts, progress));
  return lines.join('\n');
}

/** Where a metric stands now: "受益人数累计 2300 / ≥2000人次（115%）", or a running figure's current value. */
export function metricTotalLines(metricId: string, progress: Progress): string[] {
  const mp = progress.metrics.find((x) => x.metric.id === metricId);
  if (!mp) return [];
  if (mp.metric.aggregate === 'latest') return [`${mp.metric.counts}现为 ${formatNumber(mp.actual ?? 0)}${mp.metric.unit}（目标 ${formatTarget(mp.metric)}）`];
  return [`${mp.metric.counts}累计 ${formatNumber(mp.actual ?? 0)} / ${formatTarget(mp.metric)}（${formatPercent(mp.ratio)}）`];
}

/** After saving: the record id and where the totals now stand. */
export function renderSaved(rec: ProgressRecord, plan: Plan, progressAfter: Progress): string {
  const l = lookup(plan);
  const lines = [`已保存 ${rec.id}。`];
  for (const id of rec.milestoneIds) {
    const m = l.milestone(id);
    const st = progressAfter.milestones.find((x) => x.milestone.id === id);
    if (m) lines.push(`${milestoneLabel(m, 24)} ${st?.done ? '已完成' : '已记入（全年任务，数字达标才算完成）'}`);
  }
  for (const a of rec.amounts) if (a.metricId) lines.push(...metricTotalLines(a.metricId, progressAfter));
  lines.push('报错了可以回复“撤销”或“更正：人数是2300人次”。');
  return lines.join('\n');
}

export function recordSummary(rec: ProgressRecord, plan: Plan): string {
  const l = lookup(plan);
  const what =
    rec.milestoneIds.map((id) => l.milestone(id)).filter((m) => m !== undefined).map((m) => milestoneLabel(m, 18))[0] ??
    rec.indicatorIds.map((id) => l.indicator(id)).filter((i) => i !== undefined).map((i) => indicatorLabel(i, 14))[0] ??
    '（未关联）';
  const amt = rec.amounts.map((a) => `${formatNumber(a.value)}${a.unit}`).join('、');
  return `${rec.id} ${formatMonthDay(rec.activityDate)} ${what}${amt ? ` ${amt}` : ''}`;
}
