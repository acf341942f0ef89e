import type { Indicator, Milestone, Plan } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import { computeProgress, countedMetrics, formatNumber, formatPercent, formatTarget, PACE_LABEL, type MetricProgress, type Progress } from '../progress/progress.js';
import { addDays, daysBetween, formatFullDay, formatMonthDay, fromShanghai, quarterEnd, quarterOf, quarterStart, shanghaiDay, weekdayName } from '../core/time.js';
import { indicatorCode, indicatorLabel, milestoneLabel, quarterName } from '../plan/labels.js';
import { workingDaysBetween } from '../schedule/calendar.js';
import { displayName } from '../text/display-name.js';
import { T } from './text.js';

export type DigestKind = 'weekly' | 'quarterly' | 'reminder';

export interface DigestContext {
  plan: Plan;
  /** The plan year's records; withdrawn ones are ignored here */
  records: readonly ProgressRecord[];
  now: Date;
  /** weekly: reports confirmed from this instant on are "new" (default: 7 days before now) */
  since?: Date;
  /** quarterly: the quarter summarised (default: the last one ended before now); reminder: the quarter ending (default: now's) */
  quarter?: { year: number; q: 1 | 2 | 3 | 4 };
}

/** The text a job posts, before splitting. Pure: same input, same text. */
export function renderDigest(kind: DigestKind, ctx: DigestContext): string {
  switch (kind) {
    case 'weekly':
      return renderWeekly(ctx);
    case 'quarterly':
      return renderQuarterly(ctx);
    case 'reminder':
      return renderReminder(ctx);
  }
}

function active(ctx: DigestContext): ProgressRecord[] {
  return ctx.records.filter((r) => r.status === 'active' && r.planYear === ctx.plan.year);
}

function dayWithWeekday(day: string): string {
  return `${formatFullDay(day)}（${weekdayName(day)}）`;
}

function amountsOf(r: ProgressRecord): string {
  return r.amounts.map((a) => `${formatNumber(a.value)}${a.unit}`).join('、');
}


/** 2700人次; 未报 for a running figure nobody reported yet (满意度 0% would be false) */
function actualText(m: MetricProgress): string {
  if (m.actual === null && m.metric.aggregate === 'latest') return '未报';
  return `${formatNumber(m.actual ?? 0)}${m.metric.unit}`;
}

function spendingOf(p: Progress): MetricProgress | undefined {
  return p.metrics.find((m) => m.indicator.category === 'cost' && m.metric.comparator === '≤' && m.metric.unit.endsWith('元') && m.actual !== null);
}

/** Who answers for a milestone: its own owners, else those of the indicators it advances. */
function ownersOf(plan: Plan, m: Milestone): string[] {
  if (m.owners?.length) return m.owners;
  const names = m.indicators.flatMap((id) => plan.indicators.find((i) => i.id === id)?.owners ?? []);
  return [...new Set(names)];
}

function milestoneLine(plan: Plan, m: Milestone): string {
  const owners = ownersOf(plan, m);
  return `${milestoneLabel(m)}${owners.length ? T.owners(owners) : ''}`;
}

/** Milestones due within the quarter: its own items, and in Q4 the 全年 items (due 12月31日). */
function milestonesOfQuarter(plan: Plan, year: number, q: 1 | 2 | 3 | 4): Milestone[] {
  const from = quarterStart(year, q);
  const to = quarterEnd(year, q);
  return plan.milestones.filter((m) => m.due >= from && m.due <= to);
}

function renderWeekly(ctx: DigestContext): string {
  const { plan, now } = ctx;
  const today = shanghaiDay(now);
  const since = ctx.since ?? new Date(now.getTime() - 7 * 86_400_000);
  const sinceDay = formatMonthDay(shanghaiDay(since));
  const progress = computeProgress(plan, ctx.records, now);
  const year = Number(today.slice(0, 4));
  const q = quarterOf(Number(today.slice(5, 7)));
  const qName = `本季度（${quarterName(q)}）`;
  const qEnd = quarterEnd(year, q);
  const qDays = daysBetween(today, qEnd);

  const fresh = active(ctx)
    .filter((r) => {
      const t = Date.parse(r.confirmedAt);
      return t >= since.getTime() && t < now.getTime();
    })
    .sort((a, b) => a.confirmedAt.localeCompare(b.confirmedAt) || a.id.localeCompare(b.id));
  const metrics = countedMetrics(progress);
  const met = metrics.filter((m) => m.pace === 'met').length;
  const behind = metrics.filter((m) => m.pace === 'behind').length;
  const over = metrics.filter((m) => m.pace === 'over').length;
  const quarterIds = new Set(milestonesOfQuarter(plan, year, q).map((m) => m.id));
  // 未报 = nobody reported it; a year-long item with reports is under way, not unreported
  const open = progress.milestones.filter((s) => quarterIds.has(s.milestone.id) && !s.done && !s.evidence.length);
  const overdue = progress.milestones.filter((s) => s.overdue).sort((a, b) => a.milestone.due.localeCompare(b.milestone.due));
  const spending = spendingOf(progress);

  const top = [
    T.weeklyTitle(dayWithWeekday(today)),
    T.weeklyNew(sinceDay, fresh.length),
    T.targetsLine(metrics.length, met, behind, over),
    T.quarterOpen(qName, open.length, formatMonthDay(qEnd), qDays),
    T.overdueHead(overdue.length),
  ];
  if (spending) top.push(T.spendingHead(actualText(spending), formatTarget(spending.metric).replace(/^≤/, ''), formatPercent(spending.ratio)));
  top.push(T.detailsFollow);

  const news = [T.sectionNew(sinceDay, formatMonthDay(today))];
  if (!fresh.length) news.push(T.noNew);
  const groups = new Map<string, ProgressRecord[]>();
  for (const r of fresh) {
    const key = r.milestoneIds[0] ?? '';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const order = [...groups.keys()].sort((a, b) => {
    const ia = plan.milestones.findIndex((m) => m.id === a);
    const ib = plan.milestones.findIndex((m) => m.id === b);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
  });
  for (const key of order) {
    const m = plan.milestones.find((x) => x.id === key);
    news.push(m ? milestoneLabel(m) : T.otherGroup);
    for (const r of groups.get(key)!) news.push(T.reportLine(displayName(r.reporter.name, r.reporter.id), formatMonthDay(r.activityDate), amountsOf(r), r.id));
  }

  const targets = [T.sectionTargets];
  for (const m of metrics)
    targets.push(T.targetLine(indicatorCode(m.indicator), m.metric.counts, actualText(m), formatTarget(m.metric), formatPercent(m.ratio), PACE_LABEL[m.pace]));

  const opens = [T.sectionOpen(qName, formatMonthDay(qEnd), qDays)];
  if (!open.length) opens.push(T.noneOpen);
  for (const s of open) opens.push(milestoneLine(plan, s.milestone));

  const late = [T.sectionOverdue];
  if (!overdue.length) late.push(T.noneOverdue);
  for (const s of overdue) late.push(T.overdueLine(milestoneLine(plan, s.milestone), formatMonthDay(s.milestone.due), -s.daysLeft));

  const sections = [top, news, targets, opens, late];
  if (spending) {
    const last = spending.evidence[spending.evidence.length - 1];
    sections.push([
      T.sectionSpending,
      T.spendingLine(
        actualText(spending),
        formatTarget(spending.metric).replace(/^≤/, ''),
        formatPercent(spending.ratio),
        PACE_LABEL[spending.pace],
        last ? `${last.recordId} ${displayName(last.reporter)} ${formatMonthDay(last.activityDate)}` : T.none,
      ),
    ]);
  }
  return sections.map((s) => s.join('\n')).join('\n\n');
}

/** Records behind a 定性 indicator: naming it, or completing a milestone that advances it. */
function qualitativeEvidence(plan: Plan, records: ProgressRecord[], ind: Indicator): string[] {
  const via = new Set(plan.milestones.filter((m) => m.indicators.includes(ind.id)).map((m) => m.id));
  return records.filter((r) => r.indicatorIds.includes(ind.id) || r.milestoneIds.some((id) => via.has(id))).map((r) => r.id);
}

function lastEndedQuarter(now: Date): { year: number; q: 1 | 2 | 3 | 4 } {
  const today = shanghaiDay(now);
  const year = Number(today.slice(0, 4));
  const q = quarterOf(Number(today.slice(5, 7)));
  return q === 1 ? { year: year - 1, q: 4 } : { year, q: (q - 1) as 1 | 2 | 3 };
}

function renderQuarterly(ctx: DigestContext): string {
  const { plan } = ctx;
  const { year, q } = ctx.quarter ?? lastEndedQuarter(ctx.now);
  const from = quarterStart(year, q);
  const to = quarterEnd(year, q);
  // figures as of the quarter's last day: activities up to then, even when reported later
  const records = active(ctx).filter((r) => r.activityDate <= to && Date.parse(r.confirmedAt) <= ctx.now.getTime());
  const [y, m, d] = to.split('-').map(Number) as [number, number, number];
  const progress = computeProgress(plan, records, fromShanghai(y, m, d, 23, 59));
  const qName = quarterName(q);
  const ids = new Set(milestonesOfQuarter(plan, year, q).map((x) => x.id));
  const statuses = progress.milestones.filter((s) => ids.has(s.milestone.id));
  const done = statuses.filter((s) => s.done);
  const notDone = statuses.filter((s) => !s.done);
  const metrics = countedMetrics(progress);
  const behind = metrics.filter((x) => x.pace === 'behind' || x.pace === 'over');

  const top = [
    T.quarterlyTitle(qName, year, formatMonthDay(from), formatMonthDay(to)),
    T.quarterlyMilestones(statuses.length, done.length),
    T.targetsLine(metrics.length, metrics.filter((x) => x.pace === 'met').length, metrics.filter((x) => x.pace === 'behind').length, metrics.filter((x) => x.pace === 'over').length),
    T.quarterlyBehind(behind.length),
  ];

  const ms = [T.sectionDone, T.doneHead];
  if (!done.length) ms.push(`  ${T.none}`);
  for (const s of done) {
    ms.push(milestoneLabel(s.milestone));
    for (const e of s.evidence) ms.push(T.evidenceLine(e.recordId, displayName(e.reporter), formatMonthDay(shanghaiDay(new Date(e.confirmedAt))), formatMonthDay(e.activityDate)));
  }
  ms.push(T.notDoneHead);
  if (!notDone.length) ms.push(`  ${T.none}`);
  for (const s of notDone) ms.push(milestoneLine(plan, s.milestone));

  const inds = [T.sectionIndicators(formatMonthDay(to))];
  const byIndicator = new Map<string, MetricProgress[]>();
  for (const x of metrics) byIndicator.set(x.indicator.id, [...(byIndicator.get(x.indicator.id) ?? []), x]);
  // qualitative indicators nobody reported on go in one line: thirty "暂无报送" rows bury the figures
  const silent: string[] = [];
  for (const ind of plan.indicators) {
    const rows = byIndicator.get(ind.id) ?? [];
    if (ind.metrics.length && !rows.length) continue; // every figure restated elsewhere (sameAs)
    if (!ind.metrics.length) {
      const ev = qualitativeEvidence(plan, records, ind);
      if (!ev.length) {
        silent.push(indicatorCode(ind));
        continue;
      }
      inds.push(indicatorLabel(ind));
      inds.push(T.qualitativeRow(ev.join('、')));
      continue;
    }
    inds.push(indicatorLabel(ind));
    for (const x of rows) {
      inds.push(`  ${x.metric.counts}`);
      inds.push(T.indicatorRow(formatTarget(x.metric), x.actual === null ? T.none : actualText(x), formatPercent(x.ratio), PACE_LABEL[x.pace]));
      if (x.pace === 'behind' || x.pace === 'over') inds.push(T.deviation);
    }
  }
  if (silent.length) inds.push(T.qualitativeSilent(silent.join('、')));
  return [top, ms, inds].map((s) => s.join('\n')).join('\n\n');
}

function renderReminder(ctx: DigestContext): string {
  const { plan, now } = ctx;
  const today = shanghaiDay(now);
  const quarter = ctx.quarter ?? { year: Number(today.slice(0, 4)), q: quarterOf(Number(today.slice(5, 7))) };
  const end = quarterEnd(quarter.year, quarter.q);
  const left = workingDaysBetween(today > end ? addDays(end, 1) : today, end);
  const qName = quarterName(quarter.q);
  const progress = computeProgress(plan, ctx.records, now);
  const ids = new Set(milestonesOfQuarter(plan, quarter.year, quarter.q).map((m) => m.id));
  const open = progress.milestones.filter((s) => ids.has(s.milestone.id) && !s.done && !s.evidence.length);
  const lines = [T.reminderTitle(qName, left, formatMonthDay(end))];
  if (!open.length) {
    lines.push(ids.size ? T.reminderAllDone(qName) : T.reminderNone(qName));
    return lines.join('\n');
  }
  lines.push(T.reminderOpen(open.length));
  for (const s of open) lines.push(milestoneLine(plan, s.milestone));
  lines.push('', T.reminderHow);
  return lines.join('\n');
}
