import type { PlanIndex } from './plan-index.js';
import { cnToNumber } from './numbers.js';

/**
 * Plan items named explicitly: 数量指标5, 质量指标第三条, 成本指标, 满意度指标, 指标12
 * (unqualified = 数量指标12), quantity-5, schedule-q2.1, 二季度第1项.
 */
export interface Refs {
  indicators: string[];
  milestones: string[];
  /** Where they were written: blanked before amounts are read */
  spans: [number, number][];
}

const CATEGORY: Record<string, string> = {
  数量: 'quantity',
  质量: 'quality',
  时效: 'timeliness',
  成本: 'cost',
  效益: 'benefit',
  满意度: 'satisfaction',
  服务对象满意度: 'satisfaction',
};
const NUMBER = String.raw`(\d{1,2}|[一二三四五六七八九十]{1,3})`;
const QUALIFIED = new RegExp(String.raw`(服务对象满意度|满意度|数量|质量|时效|成本|效益)指标\s*(?:第\s*)?(?:${NUMBER}\s*(?:条|项|个)?)?`, 'g');
const BARE = new RegExp(String.raw`指标\s*(?:第\s*)?${NUMBER}`, 'g');
const LITERAL = /\b(quantity|quality|timeliness|cost|benefit|satisfaction|other)-(\d{1,3})\b|\bschedule-(q[1-4]|annual)\.(\d{1,3})\b/gi;
const QUARTER_ITEM = new RegExp(String.raw`(?:第?([一二三四1-4])季度|[Qq]([1-4]))\s*的?\s*第\s*${NUMBER}\s*(?:项|条|个)`, 'g');

function n(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  return /^\d+$/.test(raw) ? Number(raw) : cnToNumber(raw);
}

export function findRefs(text: string, idx: PlanIndex): Refs {
  const indicators: string[] = [];
  const milestones: string[] = [];
  const spans: [number, number][] = [];
  const addInd = (id: string | undefined) => {
    if (id && idx.indicatorById.has(id) && !indicators.includes(id)) indicators.push(id);
  };
  const addMs = (id: string) => {
    if (idx.milestoneById.has(id) && !milestones.includes(id)) milestones.push(id);
  };
  let rest = text;
  const blankOut = (m: RegExpExecArray) => {
    spans.push([m.index, m.index + m[0].length]);
    rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
  };
  for (const m of [...text.matchAll(LITERAL)]) {
    const match = m as RegExpExecArray;
    if (m[1]) addInd(`${m[1].toLowerCase()}-${Number(m[2])}`);
    else addMs(`schedule-${m[3]!.toLowerCase()}.${Number(m[4])}`);
    blankOut(match);
  }
  for (const m of [...rest.matchAll(QUARTER_ITEM)]) {
    const q = n(m[1] ?? m[2]);
    const k = n(m[3]);
    if (q && k) addMs(`schedule-q${q}.${k}`);
    blankOut(m as RegExpExecArray);
  }
  // issue 11: a plan's own 二级 names with a number (社会效益指标1, 可持续影响指标2, 创新指标1):
  // column-layout tables number each 二级 from 1, so the category alone is ambiguous
  const level2Names = [...new Set(idx.plan.indicators.map((i) => i.level2))].sort((a, b) => b.length - a.length);
  for (const name of level2Names) {
    const re = new RegExp(String.raw`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\s*(?:第\s*)?${NUMBER}`, 'g');
    for (const m of [...rest.matchAll(re)]) {
      const num = n(m[1]);
      const hit = idx.plan.indicators.find((i) => i.level2 === name && i.number === num);
      if (!hit) continue;
      addInd(hit.id);
      blankOut(m as RegExpExecArray);
    }
  }
  for (const m of [...rest.matchAll(QUALIFIED)]) {
    const cat = CATEGORY[m[1]!]!;
    const num = n(m[2]);
    if (num !== null) addInd(idx.byCategoryNumber.get(`${cat}:${num}`));
    else {
      const all = idx.categoryIds.get(cat) ?? [];
      if (all.length === 1) addInd(all[0]);
      else if (cat !== 'quantity' && cat !== 'quality') all.forEach(addInd);
    }
    blankOut(m as RegExpExecArray);
  }
  for (const m of [...rest.matchAll(BARE)]) {
    addInd(idx.byCategoryNumber.get(`quantity:${n(m[1])}`));
    blankOut(m as RegExpExecArray);
  }
  return { indicators, milestones, spans };
}
