import Nzh from 'nzh';
import type { Amount } from './types.js';
import { blank } from './text.js';

/**
 * Amounts as staff write them: 2100人次, 2,100人次, 约2100人次, 1.2万人次 (= 12000),
 * 两千一百人, 三千五百余人次 (= 3500), 百分之八十五 (= 85 %), 120万元 (money stays in 万元),
 * 5千元 (= 5000 元). 名 counts people (人), 块/块钱 are 元.
 *
 * Ordinals are not amounts, with one exception: "第3期已发放" means one more issue came
 * out, so 第N期 counts as {1, 期} (two ordinals, 第3期、第4期, as 2) unless the message
 * also gives a plain number of 期. Other ordinals (第二场, 第一名) are ignored.
 * Dates, record ids, years, quarter and indicator numbers, clock times and phone numbers
 * are blanked out before this runs (see understand/index.ts).
 */
export const UNITS = ['人次', '万元', '元', '人', '场', '次', '期', '份', '个', '家', '项', '%'] as const;
/**
 * Counting words the plan may not count but staff state (作品86件, 队伍8支, 图书2000册,
 * 专家20位): kept as amounts so the record holds every stated quantity as evidence.
 */
export const OTHER_UNITS = ['块', '件', '支', '册', '本', '位', '所', '篇', '条', '队', '组', '幅', '张', '套', '台', '辆', '部', '批', '户', '轮', '处', '座', '节', '课', '讲', '款', '种', '盒', '袋', '箱', '株', '棵'] as const;

const CN_DIGITS = '零〇一二两三四五六七八九十百千万';
const NUM_AR = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
/** 二点三万: a Chinese decimal */
const NUM_CN = `[${CN_DIGITS}]+(?:点[零〇一二两三四五六七八九]+[万千]?)?`;
const UNIT_RE = String.raw`人次|万元|亿元|元|块钱|块|人|名|场|次|期|份|个|家|项|条|篇|件|支|册|本|位|所|队|组|幅|张|套|台|辆|部|批|户|轮|处|座|节|课|讲|款|种|盒|袋|箱|株|棵|%`;
const AMOUNT_RE = new RegExp(
  String.raw`(第)?(?:百分之(${NUM_AR}|${NUM_CN})|(${NUM_AR}|${NUM_CN})\s*(万|千|[wWkK](?![A-Za-z]))?\s*(余|多|来|\+)?\s*(${UNIT_RE}))`,
  'g',
);
/** What may not follow a unit for it to be one: 3个小时, 次日, 场馆, 一次性. */
const NOT_AFTER: Record<string, RegExp> = {
  // 多写了一个0: a digit after 个 is what was counted wrong, not a count
  个: /^(?:多)?(?:小时|月|星期|礼拜|工作日|季度|半|钟头|[\d零〇])/,
  次: /^(?:日|性)/,
  场: /^(?:馆|地|所|景)/,
  人: /^(?:员|们|家|士|口|群|才|大)/,
  名: /^(?:单|称|字|额)/,
  家: /^(?:长|里|人|庭)/,
  期: /^(?:间|待|限|末|中|初)/,
  份: /^(?:子)/,
  项: /^(?:目)/,
  条: /^(?:例|款|件|线|路|幅|记录|消息)/,
  件: /^(?:事|套)/,
  支: /^(?:出|付|持|援|部|撑|队伍?建设)/,
  本: /^(?:月|周|次|年|季|人|单位|部门|地|区|市|期|场|届|身|来|着)/,
  位: /^(?:置|于|列|次)/,
  所: /^(?:以|有|在|属|长|谓|需|得)/,
  队: /^(?:员|长|伍建设)/,
  组: /^(?:织|成|建|长|委|员|团)/,
  张: /^(?:贴|罗|三|老师|主任|科长|姐|哥)/,
  套: /^(?:餐|路)/,
  台: /^(?:上|下|账|湾|风|词)/,
  部: /^(?:门|分|署|长|队|署|委)/,
  批: /^(?:准|复|示|评|次)/,
  轮: /^(?:流|值|换)/,
  处: /^(?:理|长|室|置|罚|分)/,
  座: /^(?:谈|位|次)/,
  节: /^(?:日|目|约|省|点|假|课)/,
  课: /^(?:题|程|件|堂)/,
  讲: /^(?:座|话|解|述|师|堂|课|究|清)/,
  款: /^(?:项)/,
  种: /^(?:类|子)/,
};

const CN_DIGIT_VALUE: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Chinese numerals to a number, colloquial forms included (两千一百, 一万二 = 12000, 三千五 = 3500). */
export function cnToNumber(raw: string): number | null {
  // 二点三万 = 2.3 × 10000; 一点五 = 1.5
  const point = /^([^点]+)点([零〇一二两三四五六七八九]+)([万千]?)$/.exec(raw);
  if (point) {
    const whole = cnToNumber(point[1]!);
    if (whole === null) return null;
    const digits = [...point[2]!].map((c) => CN_DIGIT_VALUE[c] ?? 0);
    const n = Number(`${whole}.${digits.join('')}`) * (point[3] === '万' ? 10_000 : point[3] === '千' ? 1_000 : 1);
    return Number.isFinite(n) ? Math.round(n * 1e6) / 1e6 : null;
  }
  let s = raw.replace(/两/g, '二').replace(/〇/g, '零');
  if (!/[零一二三四五六七八九十]/.test(s)) return null; // a bare 万 / 千 / 百 is a word (进万家, 千名)
  // 两三千 / 五六十 / 十五六: two digits side by side are a guess between them; never claim more than the lower one
  s = s.replace(/([一二三四五六七八九])[一二三四五六七八九]+/g, '$1');
  // 一万二 → 一万二千, 三千五 → 三千五百, 两百五 → 二百五十
  s = s.replace(/([一二三四五六七八九])([万千百])([一二三四五六七八九])$/, (_m, a: string, u: string, b: string) => `${a}${u}${b}${{ 万: '千', 千: '百', 百: '十' }[u]}`);
  try {
    const n = Number(Nzh.cn.decodeS(s));
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

export function parseNumber(raw: string): number | null {
  if (/^[\d,.]+$/.test(raw)) {
    const n = Number(raw.replace(/,/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  return cnToNumber(raw);
}

export interface FoundAmount extends Amount {
  start: number;
  end: number;
  ordinal: boolean;
  /** 条 / 篇 of WeChat posts counted as 期: not the printed issues an ordinal 第N期 names */
  posts?: boolean;
  /** 第四、五期: issues named in a list, which counts them */
  list?: boolean;
}

/** 第四、五期 / 第3期和第4期 / 第4至6期: several issues named by their numbers. */
const ORDINAL_LIST = new RegExp(
  String.raw`第\s*(\d+|[${CN_DIGITS}]+)\s*(?:期)?\s*((?:[、,，和及与跟]\s*第?\s*(?:\d+|[${CN_DIGITS}]+)\s*(?:期)?\s*)+|(?:至|到|-|~|—)\s*第?\s*(\d+|[${CN_DIGITS}]+)\s*)期`,
  'g',
);

function ordinalLists(text: string): { found: FoundAmount[]; rest: string } {
  const found: FoundAmount[] = [];
  let rest = text;
  ORDINAL_LIST.lastIndex = 0;
  for (let m = ORDINAL_LIST.exec(text); m; m = ORDINAL_LIST.exec(text)) {
    let count: number | null;
    if (m[3] !== undefined) {
      const a = parseNumber(m[1]!);
      const b = parseNumber(m[3]);
      count = a !== null && b !== null && b >= a && b - a < 50 ? b - a + 1 : null;
    } else count = 1 + (m[2]!.match(/[、,，和及与跟]/g)?.length ?? 0);
    if (count === null) continue;
    found.push({ value: count, unit: '期', start: m.index, end: m.index + m[0].length, ordinal: true, list: true });
    rest = blank(rest, m.index, m.index + m[0].length);
  }
  return { found, rest };
}

/** Every amount in text (already normalised and with dates etc. blanked), in order. */
export function findAmounts(input: string): FoundAmount[] {
  const { found: lists, rest: text } = ordinalLists(input);
  const out: FoundAmount[] = [...lists];
  AMOUNT_RE.lastIndex = 0;
  for (let m = AMOUNT_RE.exec(text); m; m = AMOUNT_RE.exec(text)) {
    const [whole, ord, pctNum, num, mult, , unitRaw] = m;
    const start = m.index;
    const end = start + whole.length;
    if (pctNum !== undefined) {
      const v = parseNumber(pctNum);
      if (v !== null) out.push({ value: v, unit: '%', start, end, ordinal: false });
      continue;
    }
    if (num === undefined || unitRaw === undefined) continue;
    // a number glued to letters or digits (R2021, abc123) is not an amount
    const before = text[start - 1] ?? '';
    // 1e99人次 is not 99人次: a number in scientific notation is read whole (and then doubted)
    if (!ord && /\d[eE][+-]?$/.test(text.slice(Math.max(0, start - 3), start))) {
      const sci = /(\d+(?:\.\d+)?[eE][+-]?\d+)\s*$/.exec(text.slice(0, start) + num);
      const v = sci ? Number(sci[1]) : NaN;
      if (Number.isFinite(v)) out.push({ value: v, unit: unitRaw === '名' ? '人' : unitRaw, start: start - (sci![1]!.length - num.length), end, ordinal: false });
      continue;
    }
    if (!ord && /[A-Za-z\d._]/.test(before)) continue;
    const guard = NOT_AFTER[unitRaw];
    if (guard && guard.test(text.slice(end, end + 4))) continue;
    let digits = num;
    let unit: string = unitRaw;
    // 展板三十块 counts boards; 三十块钱 / 报销了三十块 is money
    const boards = unitRaw === '块' && !/元|钱|费|经费|支出|花|付|报销|预算|资金|拨|价/.test(text);
    // 五十个人 is fifty people, not fifty of something
    if (unitRaw === '个' && text[end] === '人' && text[end + 1] !== '次') unit = '人';
    // 1.2w人次 / 3k人: the chat shorthand for 万 / 千
    const multiplier = mult === 'w' || mult === 'W' ? '万' : mult === 'k' || mult === 'K' ? '千' : mult;
    let wan = multiplier === '万';
    if (unit === '元' || unit === '块钱' || (unit === '块' && !boards)) {
      unit = '元';
      if (!/^[\d,.]+$/.test(digits) && digits.endsWith('万') && !mult) {
        digits = digits.slice(0, -1);
        wan = true;
      }
    }
    if (unit === '名') unit = '人';
    if (unit === '亿元') {
      const v = parseNumber(digits);
      if (v === null) continue;
      out.push({ value: Math.round(v * 10_000 * 1e6) / 1e6, unit: '万元', start, end, ordinal: false });
      continue;
    }
    let value = parseNumber(digits);
    if (value === null) continue;
    if (unit === '元' && wan) unit = '万元';
    else if (wan) value *= 10_000;
    else if (multiplier === '千') value *= 1_000;
    if (unit === '万元' && multiplier === '千') value /= 10; // 5千万元 is not written; keep sane
    value = Math.round(value * 1e6) / 1e6;
    if (ord) {
      if (unit === '期') out.push({ value: 1, unit, start, end, ordinal: true });
      continue;
    }
    // 约-5人次 / 负3场: a minus sign is kept, and the dialog asks about it rather than counting 5
    if (/[-−－负]\s*$/.test(text.slice(Math.max(0, start - 2), start)) && !/\d\s*[-−－]\s*$/.test(text.slice(Math.max(0, start - 3), start))) value = -value;
    out.push({ value, unit, start, end, ordinal: false });
  }
  return withSharedUnits(text, out).sort((a, b) => a.start - b.start);
}

/** 分别受益900和1300人次 / 3、4场: a bare number joined to a counted one shares its unit. */
const SHARED_UNIT = new RegExp(String.raw`(?<![\d.,${CN_DIGITS}第])(${NUM_AR}|${NUM_CN})\s*(?:和|、|及|与|跟)\s*(?=[\d${CN_DIGITS}])`, 'g');

function withSharedUnits(text: string, found: FoundAmount[]): FoundAmount[] {
  const out = [...found];
  SHARED_UNIT.lastIndex = 0;
  for (let m = SHARED_UNIT.exec(text); m; m = SHARED_UNIT.exec(text)) {
    const start = m.index;
    const end = start + m[1]!.length;
    if (out.some((a) => start < a.end && end > a.start)) continue;
    const next = out.find((a) => a.start === m!.index + m![0].length && !a.ordinal);
    const value = parseNumber(m[1]!);
    if (!next || value === null || value <= 0) continue;
    // 1.2万和8000人次: each number carries its own 万
    out.push({ value, unit: next.unit, start, end, ordinal: false });
  }
  return out;
}

const LABEL_NUM_CN = `[${CN_DIGITS}]+`;
/**
 * A head count written after its label, without a unit: 受益人数:2300, 人次：2300, 参与人数约两千三,
 * 观众900. The plan counts people in 人次, so that is the unit.
 */
const LABELLED_COUNT = new RegExp(
  String.raw`(?:受益人数|参与人数|参加人数|到场人数|现场人数|观众人数|参会人数|培训人数|人数|人次|观众)\s*[:：]?\s*(?:为|是|达到|达|约|大约|大概|差不多|估计|将近|近|超过|共|共计|合计|有)?\s*(?:约|大约|大概|近|将近)?\s*(${NUM_AR}|${LABEL_NUM_CN})\s*(万|千)?\s*(余|多)?(?![\d.,eE${CN_DIGITS}]|\s*(?:${UNIT_RE}|万|千))`,
  'g',
);

/** Head counts after a label and without a unit (see LABELLED_COUNT), as amounts in 人次. */
export function findLabelledCounts(text: string): FoundAmount[] {
  const out: FoundAmount[] = [];
  LABELLED_COUNT.lastIndex = 0;
  for (let m = LABELLED_COUNT.exec(text); m; m = LABELLED_COUNT.exec(text)) {
    const [whole, num, mult] = m;
    let value = parseNumber(num!);
    if (value === null || value <= 0) continue;
    if (mult === '万') value *= 10_000;
    else if (mult === '千') value *= 1_000;
    out.push({ value: Math.round(value * 1e6) / 1e6, unit: '人次', start: m.index, end: m.index + whole.length, ordinal: false });
  }
  return out;
}

/**
 * Amounts for the Understanding. One issue named by its number (第3期) is a name, not a
 * quantity: the dialog counts the issue itself (+1期). Several named together (第四、五期)
 * state how many came out.
 */
export function toAmounts(found: FoundAmount[]): Amount[] {
  const result: Amount[] = [];
  for (const a of found) {
    if (a.ordinal) {
      // 第四、五期 states two issues; a plain 期 elsewhere (公众号2期) does not make it a name
      if (!a.list) continue;
      result.push({ value: a.value, unit: '期', ...(a.noun ? { noun: a.noun } : {}) });
      continue;
    }
    result.push({
      value: a.value,
      unit: a.unit,
      ...(a.mode ? { mode: a.mode } : {}),
      ...(a.modeUnsure ? { modeUnsure: true } : {}),
      ...(a.noun ? { noun: a.noun } : {}),
      ...(a.part ? { part: true } : {}),
    });
  }
  return result;
}
