import type { Plan } from '../plan/schema.js';
import { shanghaiDay } from '../core/time.js';
import { findDates, type DateMention } from './dates.js';
import { parseNumber } from './numbers.js';
import { blank, prepareText } from './text.js';

/**
 * Spending figures in an admin's message: "截至7月底基本支出执行52.3万，项目支出执行180万",
 * "本月支出35.6万元", "项目支出里上年结转资金已执行20万", "支付了印刷费3.2万元".
 *
 * Each figure lands on a budget line (total / basic / project) and, when named, a funding source
 * (当年财政拨款 fiscal / 上年结转 carryover / 其他资金 other), as the record amount
 * `spend:<line>` or `spend:<line>:<source>` in 万元. Its mode says whether it is a level as of a
 * day (set: 截至…/累计/共/合计/已执行/1–7月/上半年) or an increment (add: 本月/本周/支出了/支付);
 * null when the words do not tell, so the dialog can ask "这是新增还是累计？".
 * Pure: the plan gives the year, `now` the reading of relative dates.
 */
export type SpendLine = 'total' | 'basic' | 'project';
export type SpendSource = 'fiscal' | 'carryover' | 'other';

export interface SpendingFigure {
  metricId: string;
  line: SpendLine;
  source: SpendSource | null;
  /** 万元 */
  value: number;
  unit: '万元';
  mode: 'add' | 'set' | null;
  /** YYYY-MM-DD the figure is as of, when the message says (截至7月底 → 7月31日) */
  asOf: string | null;
  /** The words the figure was read from */
  words: string;
}

export function spendMetricId(line: SpendLine, source: SpendSource | null): string {
  return source ? `spend:${line}:${source}` : `spend:${line}`;
}

/** spend:project:carryover → its parts; null for any other metric id */
export function parseSpendMetricId(id: string | null | undefined): { line: SpendLine; source: SpendSource | null } | null {
  const m = /^spend:(total|basic|project)(?::(fiscal|carryover|other))?$/.exec(id ?? '');
  return m ? { line: m[1] as SpendLine, source: (m[2] as SpendSource | undefined) ?? null } : null;
}

// ---- vocabulary ---------------------------------------------------------------------

/** A message is about spending only with one of these verbs or nouns. */
const SPEND_WORD = /支出|执行|支付|付款|付了|花了|花费|花掉|开支|报销|用款|用了|使用了|列支|拨付|结算|已付|[\u4e00-\u9fff](?<![免收经])费(?!用)/;
const LINE_WORDS: [RegExp, SpendLine][] = [
  [/基本支出|基本经费|人员经费|公用经费|人员工资|工资|社保|公积金|水电|取暖|物业费|办公费|机关运行/g, 'basic'],
  [/项目支出|项目经费|项目资金|专项资金|专项经费|项目(?=[里中上下的]|执行|支出|花|用)|[\u4e00-\u9fff]{0,4}[\u4e00-\u7ece\u7ed0-\u9fff]费(?!用)|活动经费|活动|拨付|宣传品|印刷|场地|劳务|专家|培训|采购/g, 'project'],
  [/总支出|总共|部门支出|全部支出|整体支出|资金总额|全部资金|部门预算|总预算|全年预算/g, 'total'],
];
const SOURCE_WORDS: [RegExp, SpendSource][] = [
  [/上年结转|结转资金|结转经费|结转|以前年度结转/g, 'carryover'],
  [/当年财政拨款|本年财政拨款|财政拨款|财政资金|财政预算|一般公共预算/g, 'fiscal'],
  [/其他资金|其他收入|自有资金|其它资金|单位资金|非财政/g, 'other'],
];
/** A figure that is a level as of a day */
const SET_WORD = /截至|截止|截止到|到目前|至今|迄今|累计|共计|一共|总共|合计|总计|共(?=支出|执行|花|用|使用|拨付|列支|\d)|已经?(?:执行|支出|花|使用|用|列支|拨付|支付)|(?:执行|支出)(?:总额|总数|进度)|执行数|执行了?/;
/** 执行 is budget language for the cumulative 执行数; a bare 支出 can be either */
/** A figure that is an increment */
const ADD_WORD = /本月|这个?月|当月|本周|这周|上周|上个?星期|本星期|今天|昨天|前天|新增|又|再|另外|另|刚|本次|这次|这笔|一笔|支付了?|付了|付款|报销了?|花了|支出了|用了|结算了?|拨付了?/;
/** Not a report of spending: plans, budgets, balances, rates */
const NOT_SPENT = /预算(?:数|是|为|安排|有|共)?$|预计|计划|打算|将要|准备|拟|还剩|剩余|余额|结余|还有|剩下|尚未|未执行|没花|可用|下达|批复|申请/;

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二两三四五六七八九]+)?`;
/** 52.3万 / 52.3万元 / 5000元 / 3千元 / 三十五万 / 1.2亿 */
const MONEY = new RegExp(String.raw`(${NUM})\s*(千)?\s*(亿元|亿|万元|万块|万|w|W|元|块钱|块)(?![A-Za-z]|[人次场期份个家项名条篇户所校])`, 'g');

function lastMatch(re: RegExp, s: string): { index: number; value: string } | null {
  const g = new RegExp(re.source, 'g');
  let out: { index: number; value: string } | null = null;
  for (let m = g.exec(s); m; m = g.exec(s)) {
    out = { index: m.index, value: m[0] };
    if (m[0].length === 0) g.lastIndex++;
  }
  return out;
}

function lastOf<T>(table: [RegExp, T][], s: string): T | null {
  let best: { at: number; v: T } | null = null;
  for (const [re, v] of table) {
    const m = lastMatch(re, s);
    if (m && (!best || m.index > best.at)) best = { at: m.index, v };
  }
  return best?.v ?? null;
}

// ---- dates --------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');
function monthEnd(year: number, month: number): string {
  return `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;
}
const CN_Q: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

interface PeriodCue {
  start: number;
  end: number;
  asOf: string;
  /** the period starts in January (1–7月, 上半年, 前三季度): a level */
  fromJanuary: boolean;
}

/** Periods the date reader does not know: 上半年, 前三季度, 一季度, 全年, 1–7月, 截至目前. */
function periodCues(s: string, year: number, today: string): PeriodCue[] {
  const out: PeriodCue[] = [];
  const push = (m: RegExpExecArray, asOf: string, fromJanuary: boolean) => out.push({ start: m.index, end: m.index + m[0].length, asOf, fromJanuary });
  for (const m of s.matchAll(/上半年/g)) push(m as RegExpExecArray, `${year}-06-30`, true);
  for (const m of s.matchAll(/下半年/g)) push(m as RegExpExecArray, `${year}-12-31`, false);
  for (const m of s.matchAll(/全年|年底|年末|今年以来|年初以来|本年度/g)) push(m as RegExpExecArray, m[0] === '全年' || m[0] === '年底' || m[0] === '年末' ? `${year}-12-31` : today, true);
  for (const m of s.matchAll(/前([一二三1-3两])个?季度/g)) push(m as RegExpExecArray, monthEnd(year, CN_Q[m[1] === '两' ? '2' : m[1]!]! * 3), true);
  for (const m of s.matchAll(/(?<!前)(?:第)?([一二三四1-4])季度/g)) {
    const q = CN_Q[m[1]!]!;
    push(m as RegExpExecArray, monthEnd(year, q * 3), q === 1);
  }
  // 1-7月 / 1至7月 / 一到七月 / 1月至7月
  for (const m of s.matchAll(/(?<![\d.])(1|一)\s*月?\s*(?:-|~|至|到)\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月(?:份)?(?:底|末)?/g)) {
    const to = parseNumber(m[2]!);
    if (to !== null && to >= 1 && to <= 12) push(m as RegExpExecArray, monthEnd(year, to), true);
  }
  for (const m of s.matchAll(/(?:截至|截止|截止到|到)?(?:目前|现在|今天为止|目前为止|当前)/g)) push(m as RegExpExecArray, today, true);
  return out;
}

interface DateCue {
  start: number;
  end: number;
  asOf: string | null;
  fromJanuary: boolean;
}

function dateCues(s: string, year: number, now: Date): DateCue[] {
  const today = shanghaiDay(now);
  const periods = periodCues(s, year, today);
  const cues: DateCue[] = [...periods];
  const inPeriod = (d: DateMention) => periods.some((p) => d.start < p.end && d.end > p.start);
  for (const d of findDates(s, now)) {
    if (inPeriod(d)) continue;
    const words = s.slice(d.start, d.end);
    let asOf: string | null = null;
    if (d.level === 'day') {
      asOf = d.resolve(true);
      // a date written without a year is in the plan year (a January report about December)
      if (asOf && !/\d{4}/.test(words)) asOf = `${year}${asOf.slice(4)}`;
    } else if (d.level === 'month' && d.month !== null) {
      if (/初/.test(words)) asOf = `${year}-${pad(d.month)}-01`;
      else if (/中/.test(words)) asOf = `${year}-${pad(d.month)}-15`;
      else if (/^(本|这)/.test(words) && !/底|末/.test(words)) asOf = d.approx ?? today;
      else asOf = /^上/.test(words) ? (d.approx ?? monthEnd(year, d.month)) : monthEnd(year, d.month);
    } else asOf = d.approx ?? null;
    cues.push({ start: d.start, end: d.end, asOf, fromJanuary: false });
  }
  return cues.sort((a, b) => a.start - b.start);
}

// ---- reading ------------------------------------------------------------------------

interface Money {
  start: number;
  end: number;
  value: number;
}

function findMoney(s: string): Money[] {
  const out: Money[] = [];
  for (const m of s.matchAll(MONEY)) {
    const [whole, num, mult, unit] = m;
    let v = parseNumber(num!);
    if (v === null) continue;
    // 三十五万: the reader of Chinese numerals would take 万 as part of the number; it is the unit here
    if (mult === '千') v *= 1000;
    const wan = unit!.startsWith('万') || unit === 'w' || unit === 'W' ? 1 : unit!.startsWith('亿') ? 10_000 : 1 / 10_000;
    const value = Math.round(v * wan * 1e6) / 1e6;
    if (!(value > 0)) continue;
    out.push({ start: m.index!, end: m.index! + whole!.length, value });
  }
  return out;
}

/** ； separates clauses of one statement (截至6月底，基本支出…；项目支出…), so it does not end the sentence */
const SENTENCE_END = /[。！!？?\n]/;

/** Every spending figure in the message, in order; [] when it reports no spending. */
export function readSpending(text: string, ctx: { plan: Plan; now: Date }): SpendingFigure[] {
  const s = prepareText(text);
  if (!SPEND_WORD.test(s)) return [];
  const year = ctx.plan.year;
  const dates = dateCues(s, year, ctx.now);
  // dates blanked so 7.25 or 2021年 are never read as money
  let bare = s;
  for (const d of dates) bare = blank(bare, d.start, d.end);
  const money = findMoney(bare);
  const out: SpendingFigure[] = [];
  let prevEnd = 0;
  let prev: { line: SpendLine; source: SpendSource | null; sentence: number } | null = null;
  for (const m of money) {
    // the sentence the figure is in, and the words since the previous figure
    let sentenceStart = 0;
    for (let k = m.start - 1; k >= 0; k--)
      if (SENTENCE_END.test(s[k]!)) {
        sentenceStart = k + 1;
        break;
      }
    const localStart = Math.max(prevEnd, sentenceStart);
    const local = s.slice(localStart, m.start);
    const sentenceBefore = s.slice(sentenceStart, m.start);
    const after = s.slice(m.end, m.end + 12).split(SENTENCE_END)[0]!.split(/[，,、]/)[0]!;
    // the verb may follow: "52.3万用于基本支出" is rare, "5万元的印刷费已支付" is not
    if (!SPEND_WORD.test(sentenceBefore) && !SPEND_WORD.test(after)) {
      prevEnd = m.end;
      continue;
    }
    if (NOT_SPENT.test(local.replace(/[，,、:：\s]+$/, '')) || /^(?:的)?(?:预算|余额|结余|还没|未)/.test(after)) {
      prevEnd = m.end;
      continue;
    }
    const sameSentence = prev !== null && prev.sentence === sentenceStart;
    let line = lastOf(LINE_WORDS, local) ?? lastOf(LINE_WORDS, after);
    const source = lastOf(SOURCE_WORDS, local);
    // "项目支出：财政拨款150万，上年结转30万" — the line carries over inside a sentence
    if (!line && sameSentence && (source || /^[，,、及和与\s]*(?:其中)?/.test(local))) line = prev!.line;
    if (!line) line = lastOf(LINE_WORDS, sentenceBefore) ?? 'total';

    // the mode: the figure's own words first, then its sentence's
    const cue = [...dates].reverse().find((d) => d.end <= m.start && d.start >= sentenceStart) ?? dates.find((d) => d.start >= m.end && d.start < m.end + 6 && d.start >= sentenceStart);
    const fromJan = cue?.fromJanuary ?? false;
    let mode: 'add' | 'set' | null = null;
    const localSet = SET_WORD.test(local);
    const localAdd = ADD_WORD.test(local);
    if (localSet && !/本月|这个?月|当月|本周|这周/.test(local.replace(/截至本月|截止本月|到本月/, ''))) mode = 'set';
    else if (localSet && /截至|截止|累计/.test(local)) mode = 'set';
    else if (localAdd) mode = 'add';
    else if (fromJan) mode = 'set';
    else if (SET_WORD.test(sentenceBefore)) mode = 'set';
    else if (ADD_WORD.test(sentenceBefore)) mode = 'add';
    else if (cue && cue.asOf && !cue.fromJanuary && /月份?$|月份?(?:支出|执行|花)/.test(s.slice(cue.start, Math.min(s.length, cue.end + 3)))) mode = 'add';
    else if (/^\s*[的]?(?:已|都)?(?:支付|付)/.test(after)) mode = 'add';

    out.push({
      metricId: spendMetricId(line, source),
      line,
      source,
      value: m.value,
      unit: '万元',
      mode,
      asOf: cue?.asOf ?? null,
      words: s.slice(localStart, m.end).replace(/^[，,、;；\s]+/, ''),
    });
    prev = { line, source, sentence: sentenceStart };
    prevEnd = m.end;
  }
  return out;
}
