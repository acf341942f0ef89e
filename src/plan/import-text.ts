import type { Indicator, IndicatorCategory, Milestone, Plan, QuarterKey } from './schema.js';
import { PlanSchema } from './schema.js';
import { toMetrics } from './targets.js';
import { linkMilestones, linkSameAs } from './link.js';
import { cleanStoredText, normalizeText } from '../text/normalize.js';

/** A line of the source that the importer could not place anywhere in the plan. */
export interface Unplaced {
  line: number;
  text: string;
  reason: string;
}

export interface ImportResult {
  plan: Plan;
  unplaced: Unplaced[];
}

interface Line {
  no: number;
  text: string;
}

const LEVEL2: Record<string, { category: IndicatorCategory | 'schedule'; level1: string; level2: string }> = {
  数量指标: { category: 'quantity', level1: '产出指标', level2: '数量指标' },
  质量指标: { category: 'quality', level1: '产出指标', level2: '质量指标' },
  时效指标: { category: 'schedule', level1: '产出指标', level2: '进度指标' },
  进度指标: { category: 'schedule', level1: '产出指标', level2: '进度指标' },
  成本指标: { category: 'cost', level1: '产出指标', level2: '成本指标' },
  效益指标: { category: 'benefit', level1: '效益指标', level2: '效益指标' },
  社会效益指标: { category: 'benefit', level1: '效益指标', level2: '社会效益指标' },
  服务对象满意度指标: { category: 'satisfaction', level1: '满意度指标', level2: '服务对象满意度指标' },
  满意度指标: { category: 'satisfaction', level1: '满意度指标', level2: '服务对象满意度指标' },
};

const QUARTERS: Record<string, QuarterKey> = {
  第一季度: 'q1',
  第二季度: 'q2',
  第三季度: 'q3',
  第四季度: 'q4',
  全年: 'annual',
};


function quarterDue(year: number, q: QuarterKey): string {
  const end = { q1: '03-31', q2: '06-30', q3: '09-30', q4: '12-31', annual: '12-31' }[q];
  return `${year}-${end}`;
}

/** "540.41万元" → 540.41; anything else in the cell (words, two numbers) is not an amount. */
function parseAmount(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(?:万元|万|元)?$/.exec(normalizeText(text).trim());
  return m ? Number(m[1]) : null;
}

/** "1.召开…。2.拨付…" → items, splitting only at numbers that continue the sequence. */
export function splitNumberedItems(text: string): string[] {
  const items: string[] = [];
  let expected = 1;
  let rest = text.trim();
  const first = new RegExp(`^${expected}[.、．]`).exec(rest);
  if (!first) return rest ? [rest] : [];
  rest = rest.slice(first[0].length);
  expected = 2;
  for (;;) {
    const re = new RegExp(`(^|[。；;！!\\s])${expected}[.、．]`);
    const m = re.exec(rest);
    if (!m) break;
    const cut = m.index + m[1]!.length;
    items.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut + m[0].length - m[1]!.length);
    expected++;
  }
  items.push(rest.trim());
  return items.filter(Boolean);
}

function shortName(text: string): string {
  const plain = text.replace(/^\s*\d+[.、．]\s*/, '');
  const clause = plain.split(/[，。；,;]/)[0] ?? plain;
  return clause.length > 18 ? `${clause.slice(0, 17)}…` : clause;
}

/**
 * Reads the text form of a 部门（单位）整体绩效目标申报表 (the layout of the 2021 seed:
 * label lines followed by value lines, tab-indented cells) into a plan.
 * Every non-empty line either lands in the plan or is reported in `unplaced`.
 */
export function importPlanText(source: string): ImportResult {
  const lines: Line[] = source.split(/\r?\n/).map((text, i) => ({ no: i + 1, text: cleanStoredText(text).trim() }));
  const unplaced: Unplaced[] = [];
  let i = 0;
  const peek = () => lines[i];
  const skipBlank = () => {
    while (i < lines.length && lines[i]!.text === '') i++;
  };

  let year: number | null = null;
  let department = '';
  let headName = '';
  let phone = '';
  const funding: Plan['funding'] = { unit: '万元', total: 0, basic: null, project: null, other: null };
  let fundingSeen = false;
  const functions: string[] = [];
  let goalsIntro = '';
  const goals: Plan['goals'] = [];
  const indicators: Indicator[] = [];
  const milestones: Milestone[] = [];

  type Section = 'none' | 'functions' | 'goals' | 'indicators';
  let section: Section = 'none';
  let level2: (typeof LEVEL2)[string] | null = null;
  let current: { kind: 'indicator'; ind: Indicator } | { kind: 'schedule'; quarter: QuarterKey | null; buf: Line[] } | null = null;

  const takeValue = (): Line | null => {
    skipBlank();
    const l = peek();
    if (!l || isLabel(l.text)) return null;
    i++;
    return l;
  };

  const flushSchedule = () => {
    if (current?.kind !== 'schedule') return;
    const { quarter, buf } = current;
    current = null;
    if (!buf.length) return;
    if (!quarter) {
      buf.forEach((l) => unplaced.push({ line: l.no, text: l.text, reason: '进度指标缺少季度（第一季度…全年）' }));
      return;
    }
    // text before item 1 is not an item: report it rather than fold the items into one
    // (an unnumbered cell, like the seed's 全年, is one item)
    const firstItem = Math.max(0, buf.findIndex((l) => /^1[.、．]/.test(l.text)));
    buf.slice(0, firstItem).forEach((l) => unplaced.push({ line: l.no, text: l.text, reason: '进度条目 1. 之前多出的行' }));
    const items = splitNumberedItems(buf.slice(firstItem).map((l) => l.text).join(''));
    items.forEach((text, k) => {
      milestones.push({
        id: `schedule-${quarter}.${k + 1}`,
        quarter,
        number: k + 1,
        text,
        due: quarterDue(year ?? 0, quarter),
        indicators: [],
      });
    });
  };

  while (i < lines.length) {
    const line = lines[i]!;
    const t = line.text;
    if (t === '') {
      i++;
      continue;
    }
    const yearMatch = /^[（(]\s*(\d{4})\s*年度\s*[)）]$/.exec(t);
    if (yearMatch) {
      year = Number(yearMatch[1]);
      i++;
      continue;
    }
    if (t === '部门(单位)名称' || t === '部门（单位）名称') {
      i++;
      department = takeValue()?.text ?? '';
      continue;
    }
    if (/^部门[(（]单位[)）]负责人$/.test(t)) {
      i++;
      headName = takeValue()?.text ?? '';
      continue;
    }
    if (t === '联系电话') {
      i++;
      phone = takeValue()?.text ?? '';
      continue;
    }
    if (/^部门[(（]单位[)）]总体资金情况/.test(t)) {
      fundingSeen = true;
      i++;
      continue;
    }
    const money = /^(资金总额|基本支出|项目支出|其他)[:：]?$/.exec(t);
    if (money) {
      i++;
      const v = takeValue();
      const amount = v ? parseAmount(v.text) : null;
      if (v && amount === null) unplaced.push({ line: v.no, text: v.text, reason: `「${money[1]}」后面不是金额` });
      const key = { 资金总额: 'total', 基本支出: 'basic', 项目支出: 'project', 其他: 'other' } as const;
      const k = key[money[1] as keyof typeof key];
      if (k === 'total') funding.total = amount ?? 0;
      else funding[k] = amount;
      continue;
    }
    if (/^部门[(（]单位[)）]职能概述$/.test(t)) {
      section = 'functions';
      i++;
      continue;
    }
    if (/^部门[(（]单位[)）]绩效目标$/.test(t)) {
      section = 'goals';
      i++;
      continue;
    }
    if (t === '绩效指标') {
      section = 'indicators';
      i++;
      continue;
    }
    if (section === 'indicators' && /^(一级指标|二级指标|三级指标|指标值)$/.test(t)) {
      i++;
      continue;
    }
    // "服务对象\n满意度指标": a 二级指标 label broken over two lines
    const joined = t + (lines[i + 1]?.text ?? '');
    const l2key = LEVEL2[t] ? t : LEVEL2[joined] && section === 'indicators' ? joined : null;
    if (section === 'indicators' && l2key) {
      flushSchedule();
      current = null;
      level2 = LEVEL2[l2key]!;
      i += l2key === t ? 1 : 2;
      continue;
    }

    if (section === 'functions') {
      if (/^[(（][一二三四五六七八九十]+[)）]/.test(t)) functions.push(t);
      else if (functions.length) functions[functions.length - 1] += t;
      else unplaced.push({ line: line.no, text: t, reason: '职能概述中无法识别的行' });
      i++;
      continue;
    }
    if (section === 'goals') {
      const g = /^(\d+)[.、．](.*)$/.exec(t);
      if (g) goals.push({ id: `goal-${goals.length + 1}`, text: g[2]!.trim() });
      else if (!goals.length && !goalsIntro) goalsIntro = t;
      else if (goals.length) goals[goals.length - 1]!.text += t;
      else unplaced.push({ line: line.no, text: t, reason: '绩效目标中无法识别的行' });
      i++;
      continue;
    }
    if (section === 'indicators') {
      const head = /^指标(\d+)[:：]\s*(.*)$/.exec(t);
      if (head) {
        flushSchedule();
        if (!level2) {
          unplaced.push({ line: line.no, text: t, reason: '指标前没有二级指标（数量指标、质量指标…）' });
          i++;
          continue;
        }
        const number = Number(head[1]);
        const rest = head[2]!.trim();
        if (level2.category === 'schedule') {
          current = { kind: 'schedule', quarter: null, buf: [] };
          if (rest) lines[i] = { no: line.no, text: rest };
          else i++;
          continue;
        }
        const category = level2.category;
        const ind: Indicator = {
          id: `${category}-${number}`,
          category,
          level1: level2.level1,
          level2: level2.level2,
          number,
          name: '',
          text: rest,
          qualitative: true,
          metrics: [],
        };
        indicators.push(ind);
        current = { kind: 'indicator', ind };
        i++;
        continue;
      }
      if (current?.kind === 'schedule') {
        const q = /^(第[一二三四]季度|全年)[:：]?\s*(.*)$/.exec(t);
        if (q) {
          if (current.quarter) flushSchedule(), (current = { kind: 'schedule', quarter: null, buf: [] });
          current.quarter = QUARTERS[q[1]!]!;
          if (q[2]) current.buf.push({ no: line.no, text: q[2] });
        } else current.buf.push(line);
        i++;
        continue;
      }
      if (current?.kind === 'indicator') {
        // a cell wrapped over lines continues; a line after a finished sentence is not the cell's
        if (current.ind.text && /[。！!]$/.test(current.ind.text))
          unplaced.push({ line: line.no, text: t, reason: '指标文字已经结束（句号）后多出的行' });
        else current.ind.text += t;
        i++;
        continue;
      }
    }
    unplaced.push({ line: line.no, text: t, reason: '不属于表中任何栏目' });
    i++;
  }
  flushSchedule();

  if (year === null) unplaced.push({ line: 1, text: '', reason: '没有找到年度（如「（2021年度）」）' });
  const y = year ?? 0;
  for (const m of milestones) m.due = quarterDue(y, m.quarter);
  for (const ind of indicators) {
    ind.name = shortName(ind.text);
    ind.metrics = toMetrics(ind.id, ind.category, ind.text);
    ind.qualitative = ind.metrics.length === 0;
  }
  linkSameAs(indicators);
  linkMilestones(milestones, indicators);
  if (!fundingSeen) unplaced.push({ line: 1, text: '', reason: '没有找到资金情况' });

  const plan = PlanSchema.parse({
    schemaVersion: 1,
    year: y,
    department,
    head: { name: headName, phone },
    funding,
    functions,
    goalsIntro,
    goals,
    indicators,
    milestones: milestones.sort((a, b) => quarterOrder(a.quarter) - quarterOrder(b.quarter) || a.number - b.number),
  });
  return { plan, unplaced };
}

function quarterOrder(q: QuarterKey): number {
  return ['q1', 'q2', 'q3', 'q4', 'annual'].indexOf(q);
}

function isLabel(text: string): boolean {
  return (
    /^部门[(（]单位[)）]/.test(text) ||
    /^(资金总额|基本支出|项目支出|其他)[:：]?$/.test(text) ||
    text === '联系电话' ||
    text === '绩效指标'
  );
}

