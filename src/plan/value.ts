import Nzh from 'nzh';
import type { Comparator } from './schema.js';
import { normalizeText } from '../text/normalize.js';

/**
 * One 指标值 cell of a column-layout table read as a target: ≥6家, =300天, ≤104万元,
 * 不少于800篇, 15家以上, 2个亿以上, 1-2次, 99百分比; or why it is not a level
 * (提升10% is a change, 优良 / 稳步提高 are judged by people).
 */
export type ValueReading =
  | { kind: 'target'; comparator: Comparator; value: number; max: number | null; unit: string; notes: string[] }
  | { kind: 'change'; note: string }
  | { kind: 'qualitative' };

export interface ValueContext {
  /** The indicator's name (三级 / 指标内容): hints at money, ceilings, the unit */
  name: string;
  /** 度量单位 column, if the table has one */
  unit?: string;
  /** 指标性质 column (≥ / ≤ / = / 正向 / 反向 / 定量 / 定性), if the table has one */
  nature?: string;
  /** 成本指标: a bare number is a ceiling */
  ceilingByDefault: boolean;
}

// 不少于 ends in 少于 and 不超过 in 超过: a word only counts when 不 does not come before it
const GE_WORDS = /(不少于|不低于|不小于|至少|达到|(?<!不)超过|(?<!不)大于|(?<!不)高于|≥|>)$/;
const LE_WORDS = /(不超过|不高于|不大于|控制在|(?<!不)低于|(?<!不)小于|(?<!不)少于|≤|<)$/;
const EQ_WORDS = /(等于|为|=)$/;
const APPROX_WORDS = /(约|大约|近)$/;
const CHANGE = /(提升|提高|增长|增加|下降|降低|减少|缩短|压缩|增幅|降幅|同比|较上年|比上年)/;
const MONEY_NAME = /(资金|经费|预算|成本|投入|投资|金额|收入|产值|税|销售|融资|营收|费用|支出|补助|补贴|奖励|效益)/;
const PERCENT_NAME = /(率|满意度|比例|比重|占比|%)/;

/** Units a value may carry; longest first so 人次 wins over 人, 万元 over 元. */
const UNITS = [
  '平方米', '平方公里', '立方米', '百分比', '百分点', '人次', '万元', '亿元', '公里', '千米', '小时', '分钟', '工作日', '个月', '课时', '学时',
  '元', '人', '场', '次', '期', '份', '个', '家', '项', '篇', '所', '名', '支', '批', '辆', '天', '日', '月', '年', '台', '套', '件', '册', '本',
  '部', '条', '户', '座', '处', '吨', '亩', '间', '课', '节', '块', '张', '幅', '类', '种', '门', '棵', '株', '点', '米', '分', '届', '轮', '组',
  '所', '岗', '床', '%', '‰', 'M', 'm', 'km', 'KM',
];

const NUM = String.raw`(\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)`;

function parseNum(raw: string): number {
  if (/^\d/.test(raw)) return Number(raw.replace(/,/g, ''));
  return Number(Nzh.cn.decodeS(raw.replace(/两/g, '二').replace(/〇/g, '零')));
}

function normalizeUnit(u: string): string {
  if (u === '百分比') return '%';
  if (u === 'm') return 'M';
  if (u === 'km' || u === 'KM') return '公里';
  return u;
}

/** Reads one 指标值 cell (with its row's hints) as a target, a change, or a qualitative value. */
export function readValue(cell: string, ctx: ValueContext): ValueReading {
  const notes: string[] = [];
  let t = normalizeText(cell).replace(/\s+/g, '').replace(/＞/g, '>').replace(/＜/g, '<');
  // an OCR slip: 二 written for = before a number (二100百分比)
  if (/^二\d/.test(t)) {
    notes.push(`「${cell}」按「=${t.slice(1)}」读（疑为识别错误），请核对`);
    t = `=${t.slice(1)}`;
  }
  if (!t) return { kind: 'qualitative' };
  if (CHANGE.test(t) && /\d/.test(t)) return { kind: 'change', note: `「${cell}」是变化幅度，不是要达到的水平，按定性指标处理` };
  // dates and periods are not amounts (2023.07-2024.01, 2023年12月底前)
  if (/\d{4}[.\-/年]\d{1,2}/.test(t) || /\d{1,2}月(底|末|前|份)?/.test(t) || /^[一二三四]季度|季度/.test(t)) return { kind: 'qualitative' };
  const unitAlt = UNITS.map((u) => u.replace(/[%‰]/g, (c) => c)).join('|');
  const re = new RegExp(
    String.raw`^(.*?)` + NUM + String.raw`(?:\s*[-~至到]\s*` + NUM + String.raw`)?\s*(个)?\s*(万|亿)?\s*(余|多)?\s*(` + unitAlt + String.raw`)?\s*(以上|以下|以内|及以上|及以下)?(.*)$`,
  );
  const m = re.exec(t);
  if (!m) return { kind: 'qualitative' };
  const [, before = '', num1, num2, ge, scale, yu, unitRaw, after, rest = ''] = m;
  if (!num1) return { kind: 'qualitative' };
  // a number inside words (三级指标, 十四五) is not a value: the cell must be mostly the number
  const beforeWord = before.replace(/[≥≤=<>]$/, '');
  if (beforeWord && !GE_WORDS.test(before) && !LE_WORDS.test(before) && !EQ_WORDS.test(before) && !APPROX_WORDS.test(before)) return { kind: 'qualitative' };
  if (/^[零〇一二两三四五六七八九十百千]/.test(num1) && !unitRaw && !scale) return { kind: 'qualitative' };
  if (rest && !/^[。.;；,，]*$/.test(rest) && !/^(?:以上|以下|以内)/.test(rest)) {
    // trailing words: a unit we do not know (80M is known; 3栋楼 is not)
    if (!unitRaw && rest.length <= 3 && /^[\u4e00-\u9fffA-Za-z]+$/.test(rest)) {
      notes.push(`单位「${rest}」按原文保留`);
    } else if (!unitRaw) return { kind: 'qualitative' };
  }
  let value = parseNum(num1);
  let max = num2 ? parseNum(num2) : null;
  if (!Number.isFinite(value) || (max !== null && !Number.isFinite(max))) return { kind: 'qualitative' };
  let unit = unitRaw ? normalizeUnit(unitRaw) : rest && !unitRaw && rest.length <= 3 && /^[\u4e00-\u9fffA-Za-z]+$/.test(rest) ? rest : '';
  if (!unit && ctx.unit) unit = normalizeUnit(normalizeText(ctx.unit).trim());
  void ge;
  const money = unit === '万元' || unit === '元' || unit === '亿元' || (!unit && (scale || MONEY_NAME.test(ctx.name)) && MONEY_NAME.test(ctx.name));
  const factor = scale === '亿' ? 1e8 : scale === '万' ? 1e4 : 1;
  if (money) {
    // money is kept in 万元, whatever the cell says
    let inWan: number;
    if (unit === '亿元') inWan = 1e4;
    else if (unit === '万元') inWan = factor === 1e8 ? 1e8 / 1e4 : factor === 1e4 ? 1 : 1; // 1万万元 is not written
    else if (unit === '元') inWan = factor / 1e4;
    else inWan = factor === 1 ? 1 : factor / 1e4; // 250万 / 2个亿 with no unit: money in the name
    if (unit === '元' && factor === 1) notes.push(`「${cell}」按 ${round(value / 1e4)} 万元记`);
    value = round(value * inWan);
    if (max !== null) max = round(max * inWan);
    unit = '万元';
  } else if (factor !== 1) {
    value *= factor;
    if (max !== null) max *= factor;
  }
  if (!unit) {
    if (PERCENT_NAME.test(ctx.name) && value <= 100) unit = '%';
    else if (/数$/.test(ctx.name) || /(数量|次数|人数|个数|天数|家数|项数)/.test(ctx.name)) unit = unitFromName(ctx.name);
    else return { kind: 'qualitative' };
  }
  let comparator: Comparator;
  if (max !== null) comparator = 'range';
  else if (LE_WORDS.test(before) || after === '以下' || after === '以内' || after === '及以下' || /^\/?[\u4e00-\u9fff]?以内/.test(rest)) comparator = '≤';
  else if (GE_WORDS.test(before) || yu || after === '以上' || after === '及以上') comparator = '≥';
  else if (EQ_WORDS.test(before)) comparator = '=';
  else if (APPROX_WORDS.test(before)) comparator = '≈';
  else comparator = natureComparator(ctx.nature) ?? (ctx.ceilingByDefault || /(控制在|不超过|以内)/.test(ctx.name) ? '≤' : '≥');
  if (/>$/.test(before) || /<$/.test(before)) notes.push(`「${cell}」的 ${/>$/.test(before) ? '＞' : '＜'} 按 ${comparator} 记`);
  return { kind: 'target', comparator, value, max, unit, notes };
}

function unitFromName(name: string): string {
  const m = /(人次|次|家|项|个|天|人|场|篇|期)数/.exec(name);
  return m ? m[1]! : '个';
}

function natureComparator(nature: string | undefined): Comparator | null {
  if (!nature) return null;
  const n = normalizeText(nature).trim();
  if (/^(≥|>|大于|正向|不低于)/.test(n)) return '≥';
  if (/^(≤|<|小于|反向|不高于)/.test(n)) return '≤';
  if (/^(=|等于)/.test(n)) return '=';
  return null;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
