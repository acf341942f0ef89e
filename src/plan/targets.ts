import Nzh from 'nzh';
import type { Aggregate, Comparator, IndicatorCategory, Metric } from './schema.js';
import { normalizeText } from '../text/normalize.js';

const UNITS = ['人次', '万元', '元', '人', '场', '次', '期', '份', '个', '家', '项', '篇', '所', '名', '支', '批', '%'];
/** Classifiers: what they count follows them (约10个街道). */
const CLASSIFIERS = new Set(['个', '家', '所', '名', '支', '批', '项']);
const VERBS = /^(?:.*?)(?:举办|开展|召开|组织|编制|发放|发布|制作|订阅|支持|完成|实现|培养|推荐|评选|参加|协办)/;
const FILLERS = /预计|直接|力争|累计|全年共|共计|共/g;
const GE_BEFORE = /(不少于|不低于|至少|达到|超过|≥)$/;
const LE_BEFORE = /(不超过|不高于|控制在|≤)$/;
const EQ_BEFORE = /(等于|=)$/;
const APPROX_BEFORE = /(约|大约|近)$/;

export interface ExtractedTarget {
  comparator: Comparator;
  value: number;
  max: number | null;
  unit: string;
  counts: string;
  source: string;
}

const NUM = String.raw`(\d+(?:\.\d+)?(?:\s*[-~至到]\s*\d+(?:\.\d+)?)?|[一二两三四五六七八九十百千]+)`;
const TARGET_RE = new RegExp(
  String.raw`(不少于|不低于|至少|达到|超过|不超过|不高于|控制在|等于|约|大约|近|[≥≤=])?\s*` +
    NUM +
    String.raw`\s*(万(?!元))?\s*(余|多)?\s*(` +
    UNITS.map((u) => u.replace('%', '%')).join('|') +
    String.raw`)\s*(以上|以下|以内)?`,
  'g',
);

function parseNumber(raw: string): number {
  if (/^\d/.test(raw)) return Number(raw);
  return Number(Nzh.cn.decodeS(raw));
}

function precedingSegment(text: string, index: number): string {
  const before = text.slice(0, index);
  const cut = Math.max(...[...'，。、；：“”《》（）,;:() '].map((d) => before.lastIndexOf(d)));
  return before.slice(cut + 1);
}

function clauseAround(text: string, index: number): string {
  const before = text.slice(0, index);
  const start = Math.max(before.lastIndexOf('，'), before.lastIndexOf('。'), before.lastIndexOf('；'), before.lastIndexOf(',')) + 1;
  const rest = text.slice(index);
  const endRel = rest.search(/[，。；,]/);
  return text.slice(start, endRel < 0 ? text.length : index + endRel).trim();
}

function followingNoun(text: string, end: number): string {
  const m = /^[\u4e00-\u9fff]+/.exec(text.slice(end));
  if (!m) return '';
  // stop at a verb that starts the next clause
  return m[0].replace(/(组织|开展|举办|参加|等).*$/, '').slice(0, 6);
}

function countsLabel(text: string, start: number, end: number, unit: string, category: IndicatorCategory): string {
  if (category === 'cost' && /元$/.test(unit)) return '经费支出';
  if (CLASSIFIERS.has(unit)) {
    const noun = followingNoun(text, end);
    if (noun) return noun;
  }
  let seg = precedingSegment(text, start).replace(FILLERS, '');
  seg = seg.replace(/(不少于|不低于|至少|达到|超过|不超过|不高于|控制在|等于|约|大约|近)$/, '');
  const afterVerb = seg.replace(VERBS, '');
  if (afterVerb) seg = afterVerb;
  // 科学事件和科普活动信息 → 科普活动信息: the counted thing is the last of a list
  const parts = seg.split(/[和及与]/).filter(Boolean);
  if (parts.length > 1) seg = parts[parts.length - 1]!;
  const people = /(受益人数|参与人数|人数)$/.exec(seg);
  if (people) seg = people[1]!;
  if (seg.length > 10) seg = seg.slice(-10);
  if (seg) return seg;
  if (unit === '人次' || unit === '人') return '受益人数';
  if (unit === '%') return '满意度';
  return unit;
}

/** Reads every numeric target out of an indicator's text (see DOMAIN.md, "How targets are written"). */
export function extractTargets(rawText: string, category: IndicatorCategory): ExtractedTarget[] {
  // The leading "1." of 效益指标 texts is an enumerator, not a target.
  const text = normalizeText(rawText).replace(/^\s*\d+[.、]\s*/, '');
  const out: ExtractedTarget[] = [];
  for (const m of text.matchAll(TARGET_RE)) {
    const [whole, wordBefore, num, wan, yu, unit, wordAfter] = m;
    if (!num || !unit) continue;
    const start = m.index;
    const numStart = start + whole.indexOf(num);
    const prevChar = text[numStart - 1] ?? '';
    // Skip a digit run that is part of a longer word (十四五, 百周年) or a year.
    if (/[\u4e00-\u9fff]/.test(num[0] ?? '') && /[一二两三四五六七八九十百千]/.test(prevChar)) continue;
    const factor = wan ? 10000 : 1;
    let comparator: Comparator;
    let value: number;
    let max: number | null = null;
    const range = /^(\d+(?:\.\d+)?)\s*[-~至到]\s*(\d+(?:\.\d+)?)$/.exec(num);
    if (range) {
      comparator = 'range';
      value = Number(range[1]) * factor;
      max = Number(range[2]) * factor;
    } else {
      value = parseNumber(num) * factor;
      const before = wordBefore ?? precedingSegment(text, numStart).slice(-3);
      if (wordBefore && GE_BEFORE.test(wordBefore)) comparator = '≥';
      else if (wordBefore && LE_BEFORE.test(wordBefore)) comparator = '≤';
      else if (wordBefore && EQ_BEFORE.test(wordBefore)) comparator = '=';
      else if (wordBefore && APPROX_BEFORE.test(wordBefore)) comparator = '≈';
      else if (yu || wordAfter === '以上') comparator = '≥';
      else if (wordAfter === '以下' || wordAfter === '以内') comparator = '≤';
      else if (LE_BEFORE.test(before)) comparator = '≤';
      else comparator = category === 'cost' || /元$/.test(unit) ? '≤' : '≥';
    }
    if (!Number.isFinite(value)) continue;
    out.push({
      comparator,
      value,
      max,
      unit,
      counts: countsLabel(text, numStart, start + whole.length, unit, category),
      source: clauseAround(text, numStart),
    });
  }
  return out;
}

export function aggregateFor(target: ExtractedTarget, category: IndicatorCategory): Aggregate {
  if (target.unit === '%' || category === 'cost' || category === 'satisfaction') return 'latest';
  return 'sum';
}

export function toMetrics(indicatorId: string, category: IndicatorCategory, text: string): Metric[] {
  return extractTargets(text, category).map((t, i) => ({
    id: `${indicatorId}.m${i + 1}`,
    counts: t.counts,
    comparator: t.comparator,
    value: t.value,
    max: t.max,
    unit: t.unit,
    aggregate: aggregateFor(t, category),
    source: t.source,
    sameAs: null,
  }));
}
