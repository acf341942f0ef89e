import type { QuestionIntent } from './types.js';
import {
  COST,
  DIGEST,
  DUE_QUARTER,
  DUE_TASK,
  EXPORT,
  FUNDING,
  GOALS,
  HELP,
  INDICATOR_ASK,
  MY_RECORDS,
  OVERVIEW,
  PROGRESS,
  SCHEDULE,
  UNFINISHED,
  WHEN,
  WHO_RANGE,
  WHO_REPORTED,
} from './lexicon.js';
import { namedThings, type Named } from './link.js';
import type { PlanIndex } from './plan-index.js';
import type { Refs } from './refs.js';
import type { DateMention } from './dates.js';
import { quarterOf } from '../core/time.js';
import { parseNumber } from './numbers.js';

export interface QuestionReading {
  intent: QuestionIntent;
  confidence: number;
  /** Plan ids the question names, best first */
  ids: string[];
}

const any = (list: RegExp[], s: string) => list.some((re) => re.test(s));

/** Commands that are questions to the bot even without a question mark: 帮助, 周报, 导出监控表, 下次推送. */
export function commandIntent(s: string): QuestionReading | null {
  if (any(HELP, s)) return { intent: { type: 'help' }, confidence: 0.92, ids: [] };
  for (const e of EXPORT)
    if (e.re.test(s)) {
      const through = e.kind === 'monitor' ? exportMonth(s) : null;
      return { intent: { type: 'export', kind: e.kind, ...(through ? { through } : {}) }, confidence: 0.92, ids: [] };
    }
  if (any(SCHEDULE, s)) return { intent: { type: 'schedule' }, confidence: 0.9, ids: [] };
  for (const d of DIGEST) if (d.re.test(s)) return { intent: { type: 'digest', kind: d.kind }, confidence: 0.9, ids: [] };
  return null;
}

/** The 监控表's last month, from the command: 1-6月 / 1至6月 / 截至6月 / 6月份 → 6, 上半年 → 6; null when not said. */
function exportMonth(s: string): number | null {
  if (/上半年/.test(s)) return 6;
  const months = [...s.matchAll(/(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月/g)].map((m) => parseNumber(m[1]!));
  const n = months[months.length - 1] ?? null;
  return n !== null && n >= 1 && n <= 12 ? n : null;
}

/** Words that ask rather than name: removed before looking for the named activity. */
const ASKING = new RegExp(
  [WHEN.source, PROGRESS.source, INDICATOR_ASK.source, /要做什么|要干什么|要干嘛|干嘛|做什么|干什么|干啥|做啥|有什么|有啥|有哪些|哪些|任务|安排|节点|事项/.source, /请问|问一下|问下|我想问|想问|查一下|查下|看看|看下|帮我|麻烦|一下|这个|那个|咱们|我们|的|了|吗|呢|呀|啊|吧|嘛|是|要|有|还|都|现在|目前/.source].join('|'),
  'g',
);

export function queryOf(s: string): string {
  return s
    .replace(ASKING, ' ')
    .replace(/[?!,.。、;:"“”'‘’()《》\[\]\s~]+/g, ' ')
    .trim()
    .replace(/\s+/g, '');
}

interface QuestionInput {
  text: string;
  /** The text with dates and numbers blanked: where named activities are looked for */
  nameText: string;
  idx: PlanIndex;
  refs: Refs;
  dates: DateMention[];
  thisQuarter: 1 | 2 | 3 | 4;
}

/** A question about the plan or its progress, or null when it is about something else (午饭吃什么). */
export function questionIntent({ text: s, nameText, idx, refs, dates, thisQuarter }: QuestionInput): QuestionReading | null {
  if (any(WHO_REPORTED, s)) {
    const range = WHO_RANGE.find((r) => r.re.test(s))?.range ?? 'week';
    return { intent: { type: 'who-reported', range }, confidence: 0.9, ids: [] };
  }
  if (any(MY_RECORDS, s)) {
    // 上个月我报了哪些 / 5月份我报的: the month asked about (YYYY-MM), from the month the words name
    const m = dates.find((d) => d.level === 'month' && d.approx);
    return { intent: m?.approx ? { type: 'my-records', month: m.approx.slice(0, 7) } : { type: 'my-records' }, confidence: 0.9, ids: [] };
  }

  const query = queryOf(s);
  const nameQuery = queryOf(DUE_QUARTER.reduce((t, q) => t.replace(new RegExp(q.re.source, 'g'), ' '), nameText));
  const named: Named = nameQuery ? namedThings(idx, nameQuery) : { milestones: [], indicators: [] };
  const msIds = [...refs.milestones, ...named.milestones.map((m) => m.id).filter((id) => !refs.milestones.includes(id))];
  const indIds = refs.indicators.length ? refs.indicators : named.indicators.map((i) => i.id);
  const hasNamed = refs.indicators.length + refs.milestones.length + named.milestones.length + named.indicators.length > 0;

  if (any(GOALS, s) && !refs.indicators.length) return { intent: { type: 'goals' }, confidence: 0.88, ids: [] };
  if (any(COST, s) && !refs.indicators.some((id) => !id.startsWith('cost-'))) return { intent: { type: 'cost' }, confidence: 0.88, ids: [] };
  if (any(FUNDING, s) && !refs.indicators.length) return { intent: { type: 'funding' }, confidence: 0.88, ids: [] };
  if (any(UNFINISHED, s)) return { intent: { type: 'unfinished' }, confidence: 0.88, ids: [] };

  const askWhen = WHEN.test(s);
  const askProgress = PROGRESS.test(s);
  if (!askWhen && !askProgress) {
    for (const q of DUE_QUARTER) {
      const m = q.re.exec(s);
      if (!m) continue;
      const due = q.quarter(m, thisQuarter);
      if (!due) continue;
      if (hasNamed && !DUE_TASK.test(s)) break;
      return { intent: { type: 'due', ...due }, confidence: hasNamed ? 0.7 : 0.9, ids: [] };
    }
    const month = dates.find((d) => d.level === 'month' && d.month !== null);
    if (month && DUE_TASK.test(s) && !hasNamed)
      return { intent: { type: 'due', quarter: quarterOf(month.month!), relative: null }, confidence: 0.8, ids: [] };
  }
  if (askWhen && (msIds.length || !indIds.length)) {
    return {
      intent: { type: 'when', query, milestoneIds: msIds },
      confidence: msIds.length ? 0.9 : 0.55,
      ids: msIds,
    };
  }
  if (askProgress) {
    if (hasNamed) {
      // a milestone named by its words: keep its indicators only when the words name them as well
      const ids = [...msIds, ...indIds];
      return { intent: { type: 'progress', indicatorIds: indIds, milestoneIds: msIds }, confidence: 0.88, ids };
    }
    if (OVERVIEW.test(s)) return { intent: { type: 'overview' }, confidence: 0.88, ids: [] };
  }
  if (refs.indicators.length || (named.indicators.length && INDICATOR_ASK.test(s))) {
    return { intent: { type: 'indicator', indicatorIds: indIds }, confidence: refs.indicators.length ? 0.92 : 0.8, ids: indIds };
  }
  if (OVERVIEW.test(s) && !hasNamed) return { intent: { type: 'overview' }, confidence: 0.8, ids: [] };
  if (msIds.length) return { intent: { type: 'when', query, milestoneIds: msIds }, confidence: 0.6, ids: msIds };
  if (indIds.length) return { intent: { type: 'indicator', indicatorIds: indIds }, confidence: 0.6, ids: indIds };
  return null;
}
