import type { Indicator, IndicatorCategory, Metric, Milestone, Plan, QuarterKey } from './schema.js';
import { PlanSchema } from './schema.js';
import { flat, type Block, type Cell, type Doc, type Row } from './table.js';
import { readValue } from './value.js';
import { linkMilestones, linkSameAs } from './link.js';
import { normalizeText } from '../text/normalize.js';

/** Something of the table that did not land in the plan, and where it is. */
export interface Unplaced {
  /** Source line (.txt); 0 when the source has none */
  line: number;
  /** Where to look: 第12行 / 表1第3行第2格 / Sheet1!C5 */
  ref?: string;
  text: string;
  reason: string;
}

export type ImportOutcome =
  | { kind: 'plan'; plan: Plan; unplaced: Unplaced[]; notes: string[] }
  | { kind: 'choose'; projects: string[] }
  | { kind: 'fail'; reason: string };

export interface ImportOptions {
  /** The plan year when the table does not say it */
  year?: number;
  /** Which project of several: its number in the list (1-based) or part of its name */
  project?: string;
}

type Level2Info = { category: IndicatorCategory; level1: string; level2: string };

/** 二级指标 names as offices write them, without a trailing 指标, onto the plan's categories. */
const LEVEL2: Record<string, Omit<Level2Info, 'level2'>> = {
  数量: { category: 'quantity', level1: '产出指标' },
  质量: { category: 'quality', level1: '产出指标' },
  时效: { category: 'timeliness', level1: '产出指标' },
  进度: { category: 'timeliness', level1: '产出指标' },
  成本: { category: 'cost', level1: '产出指标' },
  经济成本: { category: 'cost', level1: '成本指标' },
  社会成本: { category: 'cost', level1: '成本指标' },
  生态环境成本: { category: 'cost', level1: '成本指标' },
  效益: { category: 'benefit', level1: '效益指标' },
  经济效益: { category: 'benefit', level1: '效益指标' },
  社会效益: { category: 'benefit', level1: '效益指标' },
  生态效益: { category: 'benefit', level1: '效益指标' },
  可持续影响: { category: 'benefit', level1: '效益指标' },
  满意度: { category: 'satisfaction', level1: '满意度指标' },
  服务对象满意度: { category: 'satisfaction', level1: '满意度指标' },
  社会公众或服务对象满意度: { category: 'satisfaction', level1: '满意度指标' },
  社会公众满意度: { category: 'satisfaction', level1: '满意度指标' },
};
const LEVEL1 = /^(产出|效益|满意度|成本|影响)指标$/;

function level2Key(text: string): string {
  return flat(text).replace(/\s/g, '').replace(/指标$/, '');
}

function level2Info(l2: string, l1: string): Level2Info | null {
  const known = LEVEL2[level2Key(l2)];
  if (known) return { category: known.category, level1: l1 || known.level1, level2: l2.endsWith('指标') ? l2 : `${l2}指标` };
  return null;
}

// ---- labels of the form's other fields ---------------------------------------------------------

const FIELD: [RegExp, string][] = [
  [/^(二级项目名称|项目名称|项目支出名称|项目全称)$/, 'project'],
  [/^(部门名称|单位名称|部门\(单位\)名称|预算部门|预算单位|项目主管部门|主管部门|项目实施单位|项目执行单位)$/, 'department'],
  [/^(部门\(单位\)负责人|单位负责人|部门负责人|项目负责人|负责人)$/, 'head'],
  [/^联系电话$/, 'phone'],
  [/^(部门职能职责描述|部门\(单位\)职能概述|职能概述|部门职能|主要职能|部门职责)$/, 'functions'],
  [/^(整体绩效目标|年度绩效目标|本年度绩效目标|年度目标|部门\(单位\)绩效目标|绩效目标|年度总体目标|总体目标)$/, 'goals'],
  [/^(实施期绩效目标|实施期目标|中长期目标)$/, 'longGoals'],
];
const FUND_TOTAL = /^(资金总额|年度资金总额|年度财政资金总额|财政资金总额|预算申报数|年度本级预算金额|本级预算金额|年度预算金额|预算金额|年度预算数|预算总额|年度预算申请|预算数|合计|总计|资金情况)$/;
const FUND_TOTAL_WEAK = /^(项目总投资|总投资)$/;
const FUND_SOURCE = /^(公共财政拨款|一般公共预算拨款|一般公共预算|财政拨款|政府性基金拨款|政府性基金|纳入专户的非税收入拨款|非税收入|其他资金|上级资金|该项目支出上级资金|上级补助|中央补助安排|中央补助|省级财政安排|市级财政安排|本级财政安排|本级资金|事业收入|经营收入|自筹资金|财政专户管理资金|单位资金)$/;
const HEADER_WORDS = /^(按收入性质分|按支出性质分|资金来源|其中|执行数|执行率|得分|全年执行数|分值|资金性质|预算执行情况)$/;

function labelKey(text: string): string {
  return normalizeText(flat(text))
    .replace(/\s/g, '')
    .replace(/[(（][^)）]*(万元|元|分)[^)）]*[)）]/g, '')
    .replace(/\(?[A-Z](\/[A-Z])?\)?$/, '')
    .replace(/[:：]$/, '')
    .replace(/^\d+[.、]/, '')
    // 其中：财政拨款 / 其中:一般公共预算 is that source's own column
    .replace(/^其中[:：]?/, '');
}

function fieldOf(text: string): string | null {
  const k = labelKey(text);
  if (!k) return null;
  for (const [re, f] of FIELD) if (re.test(k)) return f;
  if (FUND_TOTAL.test(k)) return 'fund:total';
  if (FUND_TOTAL_WEAK.test(k)) return 'fund:weak';
  if (k === '基本支出') return 'fund:basic';
  if (k === '项目支出') return 'fund:project';
  if (FUND_SOURCE.test(k)) return 'fund:source';
  if (HEADER_WORDS.test(k)) return 'header';
  return null;
}

/** 1,403.07 / 250万 / 20万元 / 16 → 万元 (given the table's money unit); null when not an amount. */
function parseMoney(text: string, unit: '万元' | '元'): number | null {
  const t = normalizeText(flat(text)).replace(/\s/g, '');
  const m = /^([\d,]+(?:\.\d+)?)(万元|万|亿元|亿|元)?$/.exec(t);
  if (!m) return null;
  const n = Number(m[1]!.replace(/,/g, ''));
  if (!Number.isFinite(n)) return null;
  const u = m[2] ?? unit;
  const v = u === '元' ? n / 1e4 : u === '亿元' || u === '亿' ? n * 1e4 : n;
  return Math.round(v * 1e6) / 1e6;
}

// ---- projects ----------------------------------------------------------------------------------

const TITLE = /(绩效目标|绩效目标申报|绩效自评|自评|绩效)(表|申报表)|申报表$/;

function isTitle(b: Block): boolean {
  return b.kind === 'para' && TITLE.test(b.text);
}

function projectName(blocks: Block[]): string | null {
  let best: [number, string] | null = null;
  for (const b of blocks) {
    if (b.kind !== 'row') continue;
    const cells = b.row.cells;
    for (let j = 0; j + 1 < cells.length; j++) {
      const k = labelKey(cells[j]!.text);
      const rank = /^二级项目名称$/.test(k) ? 3 : /^(项目名称|项目支出名称|项目全称)$/.test(k) ? 2 : /^(部门名称|单位名称)$/.test(k) ? 1 : 0;
      const v = flat(cells[j + 1]!.text);
      if (rank && v && (!best || rank > best[0])) best = [rank, v];
    }
  }
  return best?.[1] ?? null;
}

function splitProjects(doc: Doc): Block[][] {
  const sections: Block[][] = [[]];
  for (const b of doc.blocks) {
    const cur = sections[sections.length - 1]!;
    if (isTitle(b) && cur.some((x) => x.kind === 'row')) sections.push([b]);
    else cur.push(b);
  }
  return sections.filter((s) => s.some((b) => b.kind === 'row'));
}

// ---- the importer ------------------------------------------------------------------------------

interface Columns {
  l1: number;
  l2: number;
  l3: number;
  content: number;
  value: number;
  unit: number;
  nature: number;
  /** cells before the first indicator column (a row label merged down the table) */
  offset: number;
  width: number;
}

function headerColumns(row: Row): Columns | null {
  const keys = row.cells.map((c) => flat(c.text).replace(/\s/g, ''));
  const find = (re: RegExp) => keys.findIndex((k) => re.test(k));
  const cols: Columns = {
    l1: find(/^一级指标$/),
    l2: find(/^二级指标$/),
    l3: find(/^三级指标$/),
    content: find(/^(指标内容|指标名称|绩效指标内容|具体指标|指标)$/),
    value: find(/^(指标值及单位|指标值|指标目标值|目标值|年初目标值|年度指标值|年度目标值|绩效目标值|预期目标值|预期目标|指标值\(.*\)|年初目标值\(A\))$/),
    unit: find(/^(度量单位|计量单位|单位)$/),
    nature: find(/^(指标性质|指标方向|指标类型)$/),
    offset: 0,
    width: keys.length,
  };
  if (cols.value < 0) cols.value = find(/(目标值|指标值)/);
  const levels = [cols.l1, cols.l2, cols.l3].filter((i) => i >= 0).length;
  if (cols.value < 0 || (levels === 0 && cols.content < 0)) return null;
  if (levels === 0 && !keys.some((k) => /指标/.test(k))) return null;
  cols.offset = Math.min(...[cols.l1, cols.l2, cols.l3, cols.content, cols.value].filter((i) => i >= 0));
  return cols;
}

function at(cells: Cell[], i: number): string {
  return i >= 0 ? (cells[i]?.text ?? '').trim() : '';
}

function shortName(text: string): string {
  const clause = text.split(/[，。；,;]/)[0] ?? text;
  return clause.length > 18 ? `${clause.slice(0, 17)}…` : clause;
}

const QUARTER_END: Record<QuarterKey, string> = { q1: '03-31', q2: '06-30', q3: '09-30', q4: '12-31', annual: '12-31' };

function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A date, month or quarter a 时效指标 gives, as a due date and quarter in the plan year. */
export function dueFromText(text: string, year: number): { quarter: QuarterKey; due: string } | null {
  const t = normalizeText(flat(text));
  const cn = '一二三四';
  const q = /(?:第)?([一二三四1-4])季度/.exec(t);
  if (q) {
    const n = /\d/.test(q[1]!) ? Number(q[1]) : cn.indexOf(q[1]!) + 1;
    const key = `q${n}` as QuarterKey;
    return { quarter: key, due: `${year}-${QUARTER_END[key]}` };
  }
  if (/上半年/.test(t)) return { quarter: 'q2', due: `${year}-06-30` };
  const dates = [...t.matchAll(/(\d{4})\s*[.\-/年]\s*(\d{1,2})(?!\d)(?:\s*[.\-/月]\s*(\d{1,2})(?!\d))?/g)];
  const months = dates.length ? [] : [...t.matchAll(/(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?/g)];
  let y = year;
  let mo = 0;
  let d = 0;
  if (dates.length) {
    const last = dates[dates.length - 1]!;
    y = Number(last[1]);
    mo = Number(last[2]);
    d = last[3] ? Number(last[3]) : 0;
  } else if (months.length) {
    const last = months[months.length - 1]!;
    mo = Number(last[1]);
    d = last[2] ? Number(last[2]) : 0;
  } else if (/(年底|年末|年内|全年|当年)/.test(t) && /(前|完成|底|末|内)/.test(t)) return { quarter: 'annual', due: `${year}-12-31` };
  else return null;
  if (mo < 1 || mo > 12 || y < year) return null;
  // a period running past the plan year ends, for this plan, on its last day
  if (y > year) return { quarter: 'annual', due: `${year}-12-31` };
  const due = d ? `${y}-${String(mo).padStart(2, '0')}-${String(Math.min(d, 31)).padStart(2, '0')}` : lastDayOfMonth(y, mo);
  const quarter = `q${Math.ceil(mo / 3)}` as QuarterKey;
  return { quarter, due };
}

/** Reads a column-layout 绩效目标表 (one project of it) into a plan. Never throws. */
export function importColumns(doc: Doc, options: ImportOptions = {}): ImportOutcome {
  try {
    return importColumnsUnsafe(doc, options);
  } catch (e) {
    return { kind: 'fail', reason: `读表时出了意外（${(e as Error).message}），请把文件发给维护的同事` };
  }
}

function importColumnsUnsafe(doc: Doc, options: ImportOptions): ImportOutcome {
  const sections = splitProjects(doc);
  if (!sections.length) return { kind: 'fail', reason: '文件里没有表格（每个单元格应以制表符开头；Word 请“另存为纯文本”或直接用 .docx）' };
  let blocks: Block[];
  if (sections.length > 1) {
    const names = sections.map((s, i) => projectName(s) ?? `第${i + 1}张表`);
    if (!options.project) return { kind: 'choose', projects: names };
    const p = options.project.trim();
    const byIndex = /^\d+$/.test(p) ? Number(p) - 1 : -1;
    const idx = byIndex >= 0 ? byIndex : names.findIndex((n) => n.includes(p));
    if (idx < 0 || idx >= sections.length) return { kind: 'choose', projects: names };
    blocks = sections[idx]!;
  } else blocks = sections[0]!;

  const unplaced: Unplaced[] = [];
  const notes: string[] = [];
  const put = (cell: { ref: string; line: number }, text: string, reason: string) =>
    unplaced.push({ line: cell.line, ref: cell.ref, text: flat(text).slice(0, 80), reason });

  let year: number | null = options.year ?? null;
  let yearFromDates: number | null = null;
  let department = '';
  let project = '';
  let headName = '';
  let phone = '';
  let moneyUnit: '万元' | '元' = '万元';
  const funding: Plan['funding'] = { unit: '万元', total: 0, basic: null, project: null, other: null };
  let totalFound: 'strong' | 'weak' | null = null;
  const breakdown: { label: string; amount: number }[] = [];
  const functions: string[] = [];
  const goals: string[] = [];
  let goalsIntro = '';
  const indicators: Indicator[] = [];
  const perLevel2 = new Map<string, number>();
  const perCategory = new Map<string, number>();
  const timely: { ind: Indicator; value: string }[] = [];

  const noteUnit = (text: string) => {
    const t = normalizeText(flat(text)).replace(/\s/g, '');
    if (/单位[:：]?万元|[(（]万元[)）]/.test(t)) moneyUnit = '万元';
    else if (/单位[:：]?元|[(（]元[)）]/.test(t)) moneyUnit = '元';
  };
  const takeYear = (text: string) => {
    if (year !== null) return;
    const m = /((?:19|20)\d{2})\s*年/.exec(normalizeText(text));
    if (m) year = Number(m[1]);
  };

  const placeFunding = (field: string, label: string, value: Cell): boolean => {
    const amount = parseMoney(value.text, moneyUnit);
    if (amount === null) return false;
    if (field === 'fund:total' && totalFound !== 'strong') {
      funding.total = amount;
      totalFound = 'strong';
    } else if (field === 'fund:weak' && !totalFound) {
      funding.total = amount;
      totalFound = 'weak';
    } else if (field === 'fund:basic') funding.basic = amount;
    else if (field === 'fund:project') funding.project = amount;
    else if (field === 'fund:source') breakdown.push({ label: labelKey(label).replace(/^该项目支出/, ''), amount });
    else if (field === 'fund:total' || field === 'fund:weak') return true; // a second total (执行表) is the same money
    else return false;
    return true;
  };

  /** A label with its value: true when placed. */
  const placeField = (field: string, labelCell: Cell, value: Cell): boolean => {
    const v = flat(value.text);
    if (!v) return true;
    if (field.startsWith('fund:')) return placeFunding(field, labelCell.text, value) || placeInline(value);
    switch (field) {
      case 'project':
        project ||= v;
        return true;
      case 'department':
        department ||= v;
        return true;
      case 'head':
        headName ||= v;
        return true;
      case 'phone':
        phone ||= v;
        return true;
      case 'functions':
        functions.push(...value.text.split(/\n/).map((s) => s.trim()).filter(Boolean));
        return true;
      case 'goals':
        goals.push(...splitGoals(value.text));
        return true;
      case 'longGoals':
        goalsIntro ||= v;
        return true;
      default:
        return false;
    }
  };

  /** "年度资金总额:16" / "其中 :上级资金16" written inside one cell. */
  const placeInline = (cell: Cell): boolean => {
    const lines = cell.text.split(/\n/).map((s) => normalizeText(s).trim()).filter(Boolean);
    if (!lines.length) return false;
    let placed = 0;
    for (const line of lines) {
      const m = /^(.+?)\s*[:：]\s*(.+)$/.exec(line);
      if (!m) continue;
      let label = m[1]!.trim();
      let value = m[2]!.trim();
      if (/^其中$/.test(label)) {
        const inner = /^(\D+?)\s*([\d,]+(?:\.\d+)?\s*(?:万元|万|元)?)$/.exec(value);
        if (!inner) continue;
        label = inner[1]!;
        value = inner[2]!;
      }
      const field = fieldOf(label);
      if (field && placeField(field, { ...cell, text: label }, { ...cell, text: value })) placed++;
    }
    return placed === lines.length || (placed > 0 && lines.length <= 2);
  };

  let cols: Columns | null = null;
  let pendingHeaders: Row[] = [];
  let level1 = '';
  let level2: Level2Info | null = null;
  let mergedAcross = false;
  let deptWeak = '';

  const metaRow = (row: Row) => {
    const cells = row.cells;
    cells.forEach((c) => noteUnit(c.text));
    const fields = cells.map((c) => fieldOf(c.text));
    const used = new Set<number>();
    let pairs = 0;
    for (let j = 0; j < cells.length; j++) {
      const f = fields[j];
      if (!f || f === 'header') continue;
      // the value is the next cell that is not itself a label
      const k = j + 1;
      if (k < cells.length && !fields[k] && cells[k]!.text) {
        used.add(j);
        used.add(k);
        if (placeField(f, cells[j]!, cells[k]!)) pairs++;
        else put(cells[k]!, cells[k]!.text, `「${flat(cells[j]!.text)}」后面不是金额`);
        j = k;
      } else if (k < cells.length && !fields[k] && !cells[k]!.text) {
        used.add(j);
        used.add(k);
        j = k;
      }
    }
    const rest = cells.map((c, j) => ({ c, j })).filter(({ c, j }) => c.text && !used.has(j));
    // a header row: labels, perhaps after a row title in its first cell (年度预算（元）)
    const allLabels = rest.some(({ j }) => fields[j] && fields[j] !== 'header') || rest.filter(({ j }) => fields[j]).length >= 2
      ? rest.every(({ c, j }) => fields[j] || (j === 0 && parseMoney(c.text, moneyUnit) === null))
      : rest.every(({ j }) => fields[j]);
    if (rest.length && allLabels && pairs === 0) {
      pendingHeaders.push(row);
      return;
    }
    const skip = new Set<number>();
    for (const { c, j } of rest) {
      if (skip.has(j)) continue;
      if (fields[j] === 'header') continue;
      if (!pendingHeaders.length && !placeInline(c)) {
        // an unknown label: with its value, one entry; alone with nothing beside it, nothing is lost
        const next = cells[j + 1];
        const others = rest.filter((x) => x.j !== j);
        if (!others.length && (!next || !next.text)) continue;
        if (next && next.text && !fields[j + 1] && !used.has(j + 1)) {
          skip.add(j + 1);
          put(c, `${flat(c.text)}：${flat(next.text)}`, `计划里没有「${flat(c.text).slice(0, 20)}」这一栏`);
          continue;
        }
      }
      if (fields[j]) continue; // a label whose value is below it in a grid, or empty
      if (placeInline(c)) continue;
      // a value under a header row (funding grids, 总体目标 | 年度目标)
      let label: Cell | undefined;
      for (let h = pendingHeaders.length - 1; h >= 0 && !label; h--) {
        const hc = pendingHeaders[h]!.cells[j];
        if (hc?.text) label = hc;
      }
      const f = label ? fieldOf(label.text) : null;
      if (label && f && f !== 'header' && placeField(f, label, c)) continue;
      if (label && f === 'header') put(c, c.text, `「${flat(label.text)}」一栏不属于计划`);
      else if (label) put(c, c.text, `「${flat(label.text)}」不是计划里的栏目`);
      else {
        const left = cells.slice(0, j).reverse().find((x) => x.text);
        put(c, c.text, left ? `「${flat(left.text).slice(0, 20)}」不是计划里的栏目` : '不属于表中任何栏目');
      }
    }
    if (!rest.length || !allLabels) pendingHeaders = [];
  };

  const indicatorRow = (row: Row, c: Columns): boolean => {
    const cells = [...row.cells];
    // 一级 and 二级 merged across (社会公众或服务对象满意度指标 over both): the 二级 name twice
    const l1Text = flat(at(cells, c.l1));
    const short = c.l1 >= 0 && c.l2 === c.l1 + 1 && cells.length < c.width;
    if (short && ((l1Text && level2Info(l1Text, '') && !LEVEL1.test(l1Text)) || (!l1Text && mergedAcross))) {
      cells.splice(c.l1 + 1, 0, { ...cells[c.l1]! });
      mergedAcross = true;
      if (l1Text) cells[c.l1] = { ...cells[c.l1]!, text: LEVEL2[level2Key(l1Text)]!.level1 };
    } else if (cells.length >= c.width) mergedAcross = false;
    // a label in the merged first column ends the indicator part (财政部门审核意见)
    for (let j = 0; j < c.offset; j++) if (at(cells, j)) return false;
    const l1 = flat(at(cells, c.l1));
    const l2 = flat(at(cells, c.l2));
    if (l1 && !LEVEL1.test(l1.replace(/\s/g, '')) && !level2Info(l1, '') && fieldOf(l1)) return false;
    // "指标1：科普讲座场次": the number is the table's, the name is the rest
    const unnumber = (x: string) => x.replace(/^指标\s*\d+\s*[:：.、]\s*/, '');
    const l3 = unnumber(at(cells, c.l3));
    const content = unnumber(at(cells, c.content));
    const value = at(cells, c.value);
    if (l1) {
      level1 = l1;
      if (!l2) level2 = null;
    }
    if (l2) {
      level2 = level2Info(l2, level1);
      if (!level2) {
        const fromL1: Record<string, IndicatorCategory> = { 满意度指标: 'satisfaction', 成本指标: 'cost', 效益指标: 'benefit' };
        level2 = { category: 'other', level1: level1 || '其他指标', level2: l2 };
        if (fromL1[level1] && level2Key(l2).length > 1 && LEVEL2[level2Key(l2)] === undefined) level2.category = 'other';
      }
    }
    const name = flat(l3 || content);
    const first = cells.find((x) => x.text) ?? cells[0]!;
    if (!name && !value) {
      if (l2 && level2?.category === 'other') put(first, l2, `二级指标「${l2}」下没有指标（表格可能在此中断）`);
      return true;
    }
    if (!name) {
      put(first, value, '有指标值，没有指标名称');
      return true;
    }
    let info = level2;
    if (!info) {
      // one indicator level: the category from the 一级 name or the indicator's own words
      const cat: IndicatorCategory = /满意/.test(name + level1) ? 'satisfaction' : /成本/.test(level1) ? 'cost' : /效益/.test(level1) ? 'benefit' : level1 ? 'other' : 'quantity';
      const std: Record<string, string> = { satisfaction: '满意度指标', cost: '成本指标', benefit: '效益指标', quantity: '数量指标', other: level1 || '其他指标' };
      info = { category: cat, level1: level1 || (cat === 'satisfaction' ? '满意度指标' : '产出指标'), level2: std[cat]! };
    }
    const n = (perLevel2.get(info.level2) ?? 0) + 1;
    perLevel2.set(info.level2, n);
    const k = (perCategory.get(info.category) ?? 0) + 1;
    perCategory.set(info.category, k);
    const id = `${info.category}-${k}`;
    const contentFlat = flat(content);
    const textParts = [flat(l3), contentFlat && contentFlat !== flat(l3) ? contentFlat : ''].filter(Boolean).join('：');
    const valueFlat = flat(value);
    const unitCol = flat(at(cells, c.unit));
    const nature = flat(at(cells, c.nature));
    const ind: Indicator = {
      id,
      category: info.category,
      level1: info.level1,
      level2: info.level2,
      number: n,
      name: shortName(name),
      text: valueFlat ? `${textParts}：${valueFlat}${unitCol && !valueFlat.endsWith(unitCol) ? unitCol : ''}` : textParts,
      qualitative: true,
      metrics: [],
    };
    const ctx = { name: contentFlat || name, unit: unitCol || undefined, nature: nature || undefined, ceilingByDefault: info.category === 'cost' };
    // "≥6家；≥90%" or "≥6家，≥90%": several targets in one cell, each read on its own
    const pieces = value.split(/[；;\n，、]/).map((s) => s.trim()).filter(Boolean);
    const parts = pieces.length > 1 && pieces.some((p) => readValue(p, ctx).kind === 'target') ? pieces : [value.trim()].filter(Boolean);
    const metrics: Metric[] = [];
    for (const part of parts) {
      const r = readValue(part, ctx);
      if (r.kind === 'target') {
        metrics.push({
          id: `${id}.m${metrics.length + 1}`,
          counts: countsOf(part, r.unit, parts.length > 1, flat(l3) || contentFlat),
          comparator: r.comparator,
          value: r.value,
          max: r.max,
          unit: r.unit,
          aggregate: r.unit === '%' || info.category === 'cost' || info.category === 'satisfaction' ? 'latest' : 'sum',
          source: `${name} ${flat(part)}`,
          sameAs: null,
        });
        notes.push(...r.notes.map((x) => `${row.ref}：${x}`));
      } else if (r.kind === 'change') notes.push(`${row.ref}：${r.note}`);
    }
    ind.metrics = metrics;
    ind.qualitative = metrics.length === 0;
    indicators.push(ind);
    if (info.category === 'timeliness') timely.push({ ind, value: `${name} ${valueFlat}` });
    return true;
  };

  for (const b of blocks) {
    if (b.kind === 'para') {
      noteUnit(b.text);
      if (isTitle(b) || /^[(（]\s*\d{4}\s*年度?\s*[)）]$/.test(b.text)) {
        takeYear(b.text);
        continue;
      }
      const inline = b.text.split(/\s{2,}/).filter(Boolean);
      let placed = false;
      for (const piece of inline) {
        const m = /^(.+?)\s*[:：]\s*(.*)$/.exec(piece);
        if (m && /填报单位|单位名称|部门名称/.test(m[1]!)) {
          deptWeak ||= m[2]!.replace(/\s+填报日期.*$/, '').replace(/[(（]盖章[)）]/g, '').replace(/单位[:：].*$/, '').trim();
          placed = true;
        }
      }
      // a line outside the table may still be a field: 资金总额：540万元, 部门负责人：张三
      if (!placed && placeInline({ text: inline.join('\n'), ref: b.ref, line: b.line })) continue;
      if (!placed && !/^(附件|填表人|填报日期|单位负责人)/.test(b.text) && !/^[(（]?单位[:：]/.test(b.text))
        unplaced.push({ line: b.line, ref: b.ref, text: b.text.slice(0, 80), reason: '表外的文字' });
      continue;
    }
    const row = b.row;
    const header = headerColumns(row);
    if (header) {
      cols = header;
      level1 = '';
      level2 = null;
      // a label left of the header (本年度绩效指标, 年度绩效目标1(80分)) is the table's title
      continue;
    }
    if (cols && indicatorRow(row, cols)) continue;
    cols = null;
    for (const c of row.cells) {
      const d = /^(\d{4})[-.年/]\d{1,2}/.exec(flat(c.text));
      if (d && yearFromDates === null) yearFromDates = Number(d[1]);
      if (/^\d{4}年度?$/.test(flat(c.text))) takeYear(c.text);
    }
    if (row.cells.length === 1 && !fieldOf(row.cells[0]!.text)) {
      const t = row.cells[0]!.text;
      noteUnit(t);
      // "2027年度项目支出绩效目标表" as a row of its own is the title: it gives the year
      if (TITLE.test(flat(t)) && /(?:19|20)\d{2}\s*年/.test(flat(t))) {
        takeYear(t);
        continue;
      }
      const m = /^(填报单位|单位名称)[^:：]*[:：]\s*(.*)$/.exec(normalizeText(flat(t)));
      if (m) deptWeak ||= m[2]!.replace(/[(（]盖章[)）]/g, '').replace(/\s*(单位[:：]|填报日期).*$/, '').trim();
      else if (!placeInline(row.cells[0]!) && !/^[(（]?单位[:：]|填报单位|^附件/.test(flat(t))) put(row.cells[0]!, t, '不属于表中任何栏目');
      continue;
    }
    metaRow(row);
  }

  if (year === null) year = yearFromDates;
  if (!indicators.length && !cols)
    return { kind: 'fail', reason: '没有找到绩效指标表：表里应有“一级指标 / 二级指标 / 三级指标 / 指标值”这样的表头行' };
  if (year === null) return { kind: 'fail', reason: '表里没有写年度（如“（2027年度）”），请用 --year 2027 指定' };
  const y: number = year;

  if (totalFound === null) {
    const parts = funding.basic !== null || funding.project !== null ? (funding.basic ?? 0) + (funding.project ?? 0) : breakdown.reduce((s, x) => s + x.amount, 0);
    funding.total = Math.round(parts * 1e6) / 1e6;
    if (!parts) notes.push('表里没有资金总额，经费记为 0');
  }
  if (breakdown.length) funding.breakdown = breakdown;

  const milestones: Milestone[] = [];
  for (const { ind, value } of timely) {
    const due = dueFromText(value, y);
    if (!due) continue;
    const number = milestones.filter((m) => m.quarter === due.quarter).length + 1;
    milestones.push({ id: `schedule-${due.quarter}.${number}`, quarter: due.quarter, number, text: ind.text, due: due.due, indicators: [] });
  }
  milestones.sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
  linkSameAs(indicators);
  linkMilestones(milestones, indicators);
  for (const m of milestones) {
    const src = timely.find((t) => t.ind.text === m.text);
    if (src && !m.indicators.includes(src.ind.id) && (src.ind.category === 'quantity' || src.ind.category === 'quality')) m.indicators.push(src.ind.id);
  }
  const seen = new Set(indicators.map((i) => i.category));
  const missing = ['quantity', 'benefit', 'satisfaction'].filter((c) => !seen.has(c as IndicatorCategory));
  if (indicators.length && missing.length)
    notes.push(`表里没有${missing.map((c) => ({ quantity: '数量指标', benefit: '效益指标', satisfaction: '满意度指标' })[c]).join('、')}：表格可能不完整，请核对原表`);

  const candidate = {
    schemaVersion: 1 as const,
    year: y,
    department: department || deptWeak || project || '（未写部门）',
    head: { name: headName, phone },
    funding,
    ...(project ? { project } : {}),
    functions,
    goalsIntro,
    goals: goals.map((text, i) => ({ id: `goal-${i + 1}`, text })),
    indicators,
    milestones,
  };
  const parsed = PlanSchema.safeParse(candidate);
  if (!parsed.success) {
    const iss = parsed.error.issues[0]!;
    return { kind: 'fail', reason: `读出的计划不完整：${iss.path.join('.') || '(根)'} ${iss.message}` };
  }
  return { kind: 'plan', plan: parsed.data, unplaced, notes };
}

/** What a metric counts: the indicator's name, or, with several targets in one cell, the words before each (受益≥1000人次 → 受益人次). */
function countsOf(part: string, unit: string, several: boolean, name: string): string {
  if (several) {
    const lead = /^([\u4e00-\u9fff]{2,10}?)(?:不少于|不低于|达到|约|≥|≤|=|>|<|\d)/.exec(normalizeText(part).replace(/\s/g, ''))?.[1];
    if (lead) return lead.endsWith('人') || !/人/.test(unit) ? lead : `${lead}${unit === '人次' ? '人次' : '人数'}`;
    if (unit === '人次' || unit === '人') return '受益人数';
  }
  return shortCounts(name);
}

function shortCounts(name: string): string {
  const t = name.replace(/[%％]$/, '').trim() || name;
  return t.length > 12 ? t.slice(0, 12) : t;
}

function splitGoals(text: string): string[] {
  const lines = text.split(/\n/).map((s) => s.trim()).filter(Boolean);
  const joined = lines.join('');
  const numbered = joined.split(/(?:^|(?<=[。；;]))\s*(?:\d+[.、．]|[(（][一二三四五六七八九十\d]+[)）])/).map((s) => s.trim()).filter(Boolean);
  return numbered.length > 1 ? numbered : [joined];
}
