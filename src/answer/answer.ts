import type { Person } from '../core/types.js';
import type { Milestone, Plan, QuarterKey } from '../plan/schema.js';
import type { ProgressRecord } from '../store/schema.js';
import type { MetricProgress, MilestoneStatus, Progress } from '../progress/progress.js';
import type { QuestionIntent } from '../understand/types.js';
import { PACE_LABEL, countedMetrics, formatNumber, formatPercent, formatTarget } from '../progress/progress.js';
import { addDays, formatMonthDay, quarterEnd, quarterOf, quarterStart, shanghaiDay, shanghaiParts } from '../core/time.js';
import { indicatorCode, indicatorLabel, lookup, milestoneLabel, quarterName, shortText } from '../plan/labels.js';
import { recordSummary } from '../dialog/render.js';
import { displayName } from '../text/display-name.js';
import { buildRecordIndex, type RecordIndex } from './record-index.js';

export interface AnswerContext {
  plan: Plan;
  records: readonly ProgressRecord[];
  progress: Progress;
  now: Date;
  asker: Person;
  /** Lookups by reporter and day; built from `records` when absent */
  index?: RecordIndex;
}

/** Questions answered from the plan and the records alone (no adapters needed). */
export type PlainIntent = Exclude<QuestionIntent, { type: 'digest' } | { type: 'schedule' } | { type: 'export' }>;

const MAX_LIST = 12;

function statusOf(s: MilestoneStatus): string {
  if (s.done) {
    const e = s.evidence[0]!;
    return `✅ ${e.reporter} ${formatMonthDay(e.activityDate)}`;
  }
  if (s.evidence.length) return `进行中，已报${s.evidence.length}条`;
  if (s.overdue) return '⚠ 逾期未报';
  return '未报';
}

function milestoneLines(list: readonly MilestoneStatus[]): string[] {
  return list.map((s) => `${s.milestone.number}. ${shortText(s.milestone.text, 30)}（${statusOf(s)}）`);
}

function daysLeftText(today: string, due: string, daysLeft: number): string {
  if (daysLeft > 0) return `还剩${daysLeft}天`;
  if (daysLeft === 0) return '今天截止';
  return today > due ? `已过${-daysLeft}天` : '';
}

function quarterKey(q: 1 | 2 | 3 | 4): QuarterKey {
  return `q${q}` as QuarterKey;
}

function due(intent: Extract<QuestionIntent, { type: 'due' }>, c: AnswerContext): string {
  const { plan, progress } = c;
  const today = progress.asOf;
  if (intent.quarter === 'all') {
    const lines = [`${plan.year}年进度节点共${plan.milestones.length}项：`];
    for (const q of ['q1', 'q2', 'q3', 'q4', 'annual'] as const) {
      const list = progress.milestones.filter((s) => s.milestone.quarter === q);
      if (!list.length) continue;
      const done = list.filter((s) => s.done).length;
      lines.push(`${quarterName(q)}${list.length}项（截止${formatMonthDay(list[0]!.milestone.due)}），已报${done}项`);
    }
    lines.push('问“二季度要做什么”看某个季度的清单。');
    return lines.join('\n');
  }
  const key: QuarterKey = intent.quarter === 'annual' ? 'annual' : quarterKey(intent.quarter);
  const list = progress.milestones.filter((s) => s.milestone.quarter === key);
  if (!list.length) return `${plan.year}年计划里${quarterName(key)}没有进度节点。`;
  const dueDay = list[0]!.milestone.due;
  const done = list.filter((s) => s.done).length;
  const span =
    key === 'annual'
      ? `全年（截止${formatMonthDay(dueDay)}）`
      : // the quarter itself; an imported milestone may be due before the quarter ends
        `${quarterName(key)}（${formatMonthDay(quarterStart(plan.year, intent.quarter as 1 | 2 | 3 | 4))}—${formatMonthDay(quarterEnd(plan.year, intent.quarter as 1 | 2 | 3 | 4))}）`;
  const left = daysLeftText(today, dueDay, list[0]!.daysLeft);
  const head = `${plan.year}年${span}共${list.length}项，已报${done}项${left ? `，${left}` : ''}：`;
  const lines = [head, ...milestoneLines(list)];
  if (key !== 'annual') {
    const annual = progress.milestones.filter((s) => s.milestone.quarter === 'annual');
    if (annual.length) {
      lines.push(`全年持续（截止${formatMonthDay(annual[0]!.milestone.due)}）：`);
      lines.push(...annual.map((s) => `· ${shortText(s.milestone.text, 30)}（${statusOf(s)}）`));
    }
  }
  return lines.join('\n');
}

function when(intent: Extract<QuestionIntent, { type: 'when' }>, c: AnswerContext): string {
  const l = lookup(c.plan);
  const ms = intent.milestoneIds.map((id) => l.milestone(id)).filter((m): m is Milestone => m !== undefined);
  if (!ms.length)
    return `计划里没找到“${shortText(intent.query, 20)}”。可以换个说法，或发“全年任务”看全部节点。`;
  const lines = ms.slice(0, 4).map((m) => {
    const s = c.progress.milestones.find((x) => x.milestone.id === m.id)!;
    const timing = m.quarter === 'annual' ? `全年持续，截止${formatMonthDay(m.due)}` : `在${quarterName(m.quarter)}，截止${formatMonthDay(m.due)}`;
    return `${milestoneLabel(m, 30)}：${timing}（${statusOf(s)}）`;
  });
  if (ms.length > 4) lines.push(`……还有${ms.length - 4}项相关。`);
  return lines.join('\n');
}

function metricLine(mp: MetricProgress): string {
  const target = formatTarget(mp.metric);
  if (mp.actual === null) return `${mp.metric.counts}：目标 ${target}，还没有上报`;
  const pct = mp.metric.comparator === '≤' ? `，已用${formatPercent(mp.ratio)}` : `，完成${formatPercent(mp.ratio)}`;
  return `${mp.metric.counts}：${formatNumber(mp.actual)} / ${target}${pct}，${PACE_LABEL[mp.pace]}`;
}

function indicator(intent: Extract<QuestionIntent, { type: 'indicator' }>, c: AnswerContext): string {
  const l = lookup(c.plan);
  const inds = intent.indicatorIds.map((id) => l.indicator(id)).filter((i) => i !== undefined);
  if (!inds.length) return '没找到这个指标。指标的叫法如“数量指标5”“质量指标3”“成本指标”“满意度指标”。';
  const blocks = inds.slice(0, 3).map((i) => {
    const lines = [`${indicatorCode(i)}（${i.level1}）：${i.text}`];
    if (i.qualitative) lines.push('定性指标，年底按 达成/部分达成/未达成 评价。');
    for (const mp of c.progress.metrics.filter((m) => m.indicator.id === i.id)) lines.push(metricLine(mp));
    const ms = c.plan.milestones.filter((m) => m.indicators.includes(i.id));
    if (ms.length) lines.push(`相关节点：${ms.slice(0, 4).map((m) => `${quarterName(m.quarter)}第${m.number}项`).join('、')}${ms.length > 4 ? '等' : ''}`);
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

function progressAnswer(intent: Extract<QuestionIntent, { type: 'progress' }>, c: AnswerContext): string {
  const l = lookup(c.plan);
  const lines: string[] = [];
  for (const id of intent.milestoneIds.slice(0, 4)) {
    const m = l.milestone(id);
    const s = c.progress.milestones.find((x) => x.milestone.id === id);
    if (!m || !s) continue;
    if (s.done) {
      const ev = s.evidence.map((e) => `${e.reporter} ${formatMonthDay(e.activityDate)}（${e.recordId}）`).join('；');
      lines.push(`${milestoneLabel(m, 26)}：已完成，${ev}`);
    } else if (s.evidence.length) lines.push(`${milestoneLabel(m, 26)}：进行中，已报${s.evidence.length}条，数字达标才算完成`);
    else lines.push(`${milestoneLabel(m, 26)}：还没有人报，截止${formatMonthDay(m.due)}${s.overdue ? '，已逾期' : ''}`);
  }
  const indIds = new Set(intent.indicatorIds);
  for (const id of intent.milestoneIds) for (const i of l.milestone(id)?.indicators ?? []) if (!intent.indicatorIds.length) indIds.add(i);
  // indicators with reports first: "受益人数完成多少了" names several
  const ordered = [...indIds].sort((a, b) => hasData(c, b) - hasData(c, a));
  for (const id of ordered) {
    const i = l.indicator(id);
    if (!i) continue;
    const mps = c.progress.metrics.filter((m) => m.indicator.id === id);
    if (!mps.length) {
      const ms = c.progress.milestones.filter((s) => s.milestone.indicators.includes(id));
      const done = ms.filter((s) => s.done).length;
      lines.push(`${indicatorLabel(i)}：定性指标，相关节点已完成${done}/${ms.length}`);
      continue;
    }
    lines.push(`${indicatorLabel(i)}：`);
    for (const mp of mps) lines.push(`  ${metricLine(mp)}`);
  }
  if (!lines.length) return overview(c);
  return lines.join('\n');
}

function hasData(c: AnswerContext, indicatorId: string): number {
  return c.progress.metrics.some((m) => m.indicator.id === indicatorId && m.actual !== null) ? 1 : 0;
}

function overview(c: AnswerContext): string {
  const { progress, plan } = c;
  const numeric = countedMetrics(progress);
  const met = numeric.filter((m) => m.pace === 'met').length;
  const behind = numeric.filter((m) => m.pace === 'behind' || m.pace === 'over');
  const dueSoFar = progress.milestones.filter((s) => s.milestone.due <= progress.asOf || s.done);
  const done = progress.milestones.filter((s) => s.done).length;
  const overdue = progress.milestones.filter((s) => s.overdue);
  const thisQ = quarterKey(quarterOf(shanghaiParts(c.now).month));
  const openThisQ = progress.milestones.filter((s) => s.milestone.quarter === thisQ && !s.done);
  const lines = [
    `${plan.year}年进度（截至${formatMonthDay(progress.asOf)}，全年时间已过${formatPercent(progress.yearElapsed)}）：`,
    `进度节点：已报${done}/${progress.milestones.length}项${overdue.length ? `，逾期${overdue.length}项` : ''}`,
    `数字指标：${numeric.length}个，已达标${met}个，落后${behind.length}个`,
  ];
  if (openThisQ.length && progress.year === shanghaiParts(c.now).year) lines.push(`本季度还有${openThisQ.length}项没报`);
  if (behind.length) {
    lines.push('落后的：');
    for (const mp of behind.slice(0, 6)) lines.push(`  ${indicatorCode(mp.indicator)} ${metricLine(mp)}`);
  }
  // only when nothing at all is on record: a report with no milestone and no counted figure is still a report
  const reported = c.records.some((r) => r.status === 'active' && r.planYear === plan.year);
  if (dueSoFar.length === 0 && done === 0 && !reported) lines.push('还没有任何上报。');
  lines.push('问“哪些还没完成”看清单。');
  return lines.join('\n');
}

function unfinished(c: AnswerContext): string {
  const { progress } = c;
  const today = progress.asOf;
  const thisQ = quarterKey(quarterOf(Number(today.slice(5, 7))));
  const inYear = today.startsWith(`${progress.year}-`);
  const overdue = progress.milestones.filter((s) => s.overdue);
  const current = inYear ? progress.milestones.filter((s) => s.milestone.quarter === thisQ && !s.done) : [];
  const annual = progress.milestones.filter((s) => s.milestone.quarter === 'annual' && !s.done && !s.overdue);
  const lines: string[] = [];
  if (current.length) {
    lines.push(`本季度（${quarterName(thisQ)}）未报${current.length}项，截止${formatMonthDay(current[0]!.milestone.due)}：`);
    lines.push(...current.slice(0, MAX_LIST).map((s) => `${s.milestone.number}. ${shortText(s.milestone.text, 30)}`));
  }
  if (overdue.length) {
    lines.push(`逾期未报${overdue.length}项：`);
    lines.push(...overdue.slice(0, MAX_LIST).map((s) => `${quarterName(s.milestone.quarter)}${s.milestone.number}. ${shortText(s.milestone.text, 26)}`));
  }
  if (annual.length) lines.push(`全年任务未报${annual.length}项（截止${formatMonthDay(annual[0]!.milestone.due)}）。`);
  const behind = countedMetrics(progress).filter((m) => m.pace === 'behind');
  if (behind.length)
    lines.push(`数字指标落后${behind.length}个：${behind.slice(0, 5).map((m) => `${indicatorCode(m.indicator)}${m.metric.counts}`).join('、')}${behind.length > 5 ? '等' : ''}`);
  if (!lines.length) return '目前没有未完成的到期任务。👍';
  return lines.join('\n');
}

function rangeStart(range: Extract<QuestionIntent, { type: 'who-reported' }>['range'], today: string): { from: string; to: string; label: string } {
  const p = shanghaiParts(new Date(`${today}T12:00:00+08:00`));
  const monday = addDays(today, -((p.weekday + 6) % 7));
  switch (range) {
    case 'today':
      return { from: today, to: today, label: '今天' };
    case 'week':
      return { from: monday, to: today, label: '本周' };
    case 'last-week':
      return { from: addDays(monday, -7), to: addDays(monday, -1), label: '上周' };
    case 'month':
      return { from: today.slice(0, 8) + '01', to: today, label: '本月' };
    case 'quarter':
      return { from: quarterStart(p.year, quarterOf(p.month)), to: quarterEnd(p.year, quarterOf(p.month)), label: '本季度' };
  }
}

function whoReported(intent: Extract<QuestionIntent, { type: 'who-reported' }>, c: AnswerContext): string {
  const today = shanghaiDay(c.now);
  const r = rangeStart(intent.range, today);
  const recs = (c.index ?? buildRecordIndex(c.records)).confirmedBetween(r.from, r.to).filter((x) => x.status === 'active');
  if (!recs.length) return `${r.label}还没有人报进度。`;
  const byPerson = new Map<string, ProgressRecord[]>();
  for (const x of recs) {
    const name = displayName(x.reporter.name, x.reporter.id);
    const list = byPerson.get(name) ?? [];
    list.push(x);
    byPerson.set(name, list);
  }
  const lines = [`${r.label}${byPerson.size}人报了${recs.length}条：`];
  for (const [name, list] of byPerson) {
    lines.push(`${name}（${list.length}条）`);
    for (const x of list.slice(0, 5)) lines.push(`  ${recordSummary(x, c.plan)}`);
  }
  return lines.join('\n');
}

function myRecords(c: AnswerContext, month?: string): string {
  const all = (c.index ?? buildRecordIndex(c.records)).byReporter(c.asker.id);
  const mine = month ? all.filter((r) => r.activityDate.startsWith(month)) : all;
  if (month && !mine.length) return `你${Number(month.slice(5))}月还没有上报记录（全年共报了${all.filter((r) => r.status === 'active').length}条，发“我的记录”查看）。`;
  if (!mine.length) return `你在${c.plan.year}年还没有上报记录。`;
  if (month) {
    const active = mine.filter((r) => r.status === 'active');
    const lines = [`你${Number(month.slice(5))}月报了${active.length}条${mine.length > active.length ? `（另有${mine.length - active.length}条已撤销）` : ''}：`];
    for (const r of mine.slice(-10)) lines.push(`${recordSummary(r, c.plan)}${r.status === 'withdrawn' ? '（已撤销）' : ''}`);
    return lines.join('\n');
  }
  const active = mine.filter((r) => r.status === 'active');
  const lines = [`你在${c.plan.year}年报了${active.length}条${mine.length > active.length ? `（另有${mine.length - active.length}条已撤销）` : ''}，最近的：`];
  for (const r of [...mine].reverse().slice(0, 10)) lines.push(`${recordSummary(r, c.plan)}${r.status === 'withdrawn' ? '（已撤销）' : ''}`);
  return lines.join('\n');
}

function funding(c: AnswerContext): string {
  const f = c.plan.funding;
  const parts = [`${c.plan.year}年预算总额 ${formatNumber(f.total)}万元`];
  if (f.basic !== null) parts.push(`基本支出 ${formatNumber(f.basic)}万元`);
  if (f.project !== null) parts.push(`项目支出 ${formatNumber(f.project)}万元`);
  if (f.other !== null) parts.push(`其他资金 ${formatNumber(f.other)}万元`);
  return `${parts.join('；')}。\n${cost(c)}`;
}

function cost(c: AnswerContext): string {
  const costs = c.progress.metrics.filter((m) => m.indicator.category === 'cost');
  if (!costs.length) return '计划里没有成本指标。';
  return costs
    .map((mp) => {
      const head = `${indicatorCode(mp.indicator)}：${firstSentence(mp.indicator.text)}`;
      if (mp.actual === null) return `${head}\n还没有人报支出数。报法如“截至目前项目经费已支出120万元”。`;
      const last = mp.evidence[mp.evidence.length - 1];
      return `${head}\n已支出 ${formatNumber(mp.actual)}万元，占上限${formatPercent(mp.ratio)}（${PACE_LABEL[mp.pace]}${last ? `，${last.reporter} ${formatMonthDay(last.activityDate)}报` : ''}）`;
    })
    .join('\n');
}

/** "不超过预算安排240万元。严格按照……" → "不超过预算安排240万元。" */
function firstSentence(text: string): string {
  const m = /^[^。；;]*[。；;]?/u.exec(text);
  return m && m[0].length >= 4 ? m[0] : shortText(text, 40);
}

function goals(c: AnswerContext): string {
  const lines = [`${c.plan.year}年绩效目标${c.plan.goals.length}条：`];
  c.plan.goals.forEach((g, i) => lines.push(`${i + 1}. ${shortText(g.text, 60)}`));
  return lines.join('\n');
}

export const HELP_TEXT = [
  '我是绩效助手，可以这样用：',
  '问计划：这个季度要做什么 / 科普日是哪个季度的 / 数量指标5是什么',
  '问进度：总体进度 / 受益人数完成多少了 / 哪些还没完成 / 本周谁报了',
  '报进度：昨天科技工作者日主场活动办完了，约2100人次（我复述后回“确认”才保存）',
  '改记录：撤销 / 更正：人数是2300人次（复述后回“确认”才改） / 我的记录',
  '看汇总：周报 / 季度小结 / 提醒 / 下次推送',
  '导出（管理员和领导）：导出监控表 / 导出自评表',
].join('\n');

export const NOT_UNDERSTOOD =
  '没看懂这句。可以问“这个季度要做什么”，或报进度，如“昨天科技工作者日办完了，约2100人次”。发“帮助”看全部用法。';

/** The answer to a question, from the plan and the records; pure. */
export function answer(intent: PlainIntent, c: AnswerContext): string {
  switch (intent.type) {
    case 'due':
      return due(intent, c);
    case 'when':
      return when(intent, c);
    case 'indicator':
      return indicator(intent, c);
    case 'progress':
      return progressAnswer(intent, c);
    case 'overview':
      return overview(c);
    case 'unfinished':
      return unfinished(c);
    case 'who-reported':
      return whoReported(intent, c);
    case 'my-records':
      return myRecords(c, intent.month);
    case 'funding':
      return funding(c);
    case 'cost':
      return cost(c);
    case 'goals':
      return goals(c);
    case 'help':
      return HELP_TEXT;
  }
}
