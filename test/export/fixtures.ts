import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { fromShanghai } from '../../src/core/time.js';
import { PlanSchema, type Plan } from '../../src/plan/schema.js';
import { amendedRecord, buildRecord, withdrawnRecord } from '../../src/store/records.js';
import type { ProgressRecord, RecordAmount } from '../../src/store/schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function plan2021(): Plan {
  return PlanSchema.parse(JSON.parse(readFileSync(path.join(root, 'data/plans/2021.json'), 'utf8')));
}

const CHAT = { id: '24681357912@chatroom', name: '科协绩效工作群', kind: 'room' as const };
const person = (name: string) => ({ id: `wxid_${name}`, name });

function rec(
  seq: number,
  who: string,
  day: string,
  text: string,
  fields: { milestoneIds?: string[]; indicatorIds?: string[]; amounts?: RecordAmount[] },
): ProgressRecord {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return buildRecord(
    {
      planYear: 2021,
      reporter: person(who),
      chat: CHAT,
      source: { messageId: `msg-${seq}`, text },
      milestoneIds: fields.milestoneIds ?? [],
      indicatorIds: fields.indicatorIds ?? [],
      amounts: fields.amounts ?? [],
      activityDate: day,
      at: fromShanghai(y, m, d, 20, 30),
    },
    seq,
  );
}

/**
 * The worked example the export tests compute by hand:
 *  R0001 quantity-1.m1 2100人次 (5月30日, 科技工作者日 schedule-q2.1)
 *  R0002 quantity-8.m1 3期 + quantity-8.m2 40期 (3月15日, schedule-annual.1)
 *  R0003 cost-1.m1 100 → amended to 110万元 (4月30日)
 *  R0004 cost-1.m1 216.16万元 (6月25日): the latest, about 40 % of 540.41
 *  R0005 satisfaction-1.m1 92% (6月28日)
 *  R0006 quantity-12.m2 5000人次 (6月10日), withdrawn: never counts
 *  R0007 quantity-13.m2 3000人次 (7月15日): after a 6月30日 cut-off
 *  R0008 schedule-q1.1 召开科协委员会 (3月20日), names quantity-6, no figures
 *  R0009 quantity-2.m1 1次 (10月20日, schedule-q4.5)
 */
export function workedRecords(): ProgressRecord[] {
  const r3 = rec(3, '张伟', '2021-04-30', '截至4月底经费已支出100万元', { indicatorIds: ['cost-1'], amounts: [{ metricId: 'cost-1.m1', value: 100, unit: '万元' }] });
  const r3b = amendedRecord(r3, { amounts: [{ metricId: 'cost-1.m1', value: 110, unit: '万元' }] }, {
    by: person('王芳'),
    message: { id: 'msg-3b', text: '更正：4月底支出是110万元' },
    at: fromShanghai(2021, 5, 6, 10, 0),
  });
  const r6 = withdrawnRecord(
    rec(6, '陈静', '2021-06-10', '德胜街道地质科普活动5000人次', { indicatorIds: ['quantity-12'], amounts: [{ metricId: 'quantity-12.m2', value: 5000, unit: '人次' }] }),
    { by: person('陈静'), message: { id: 'msg-6b', text: '撤销，重复了' }, at: fromShanghai(2021, 6, 12, 9, 0) },
  );
  return [
    rec(1, '李强', '2021-05-30', '昨天科技工作者日主场活动办完了，约2100人次', {
      milestoneIds: ['schedule-q2.1'],
      indicatorIds: ['quantity-1'],
      amounts: [{ metricId: 'quantity-1.m1', value: 2100, unit: '人次' }],
    }),
    rec(2, '王芳', '2021-03-15', '《科普进行时》出了3期，公众号发布活动信息40期', {
      milestoneIds: ['schedule-annual.1'],
      indicatorIds: ['quantity-8'],
      amounts: [
        { metricId: 'quantity-8.m1', value: 3, unit: '期' },
        { metricId: 'quantity-8.m2', value: 40, unit: '期' },
      ],
    }),
    r3b,
    rec(4, '张伟', '2021-06-25', '截至6月25日经费已支出216.16万元', { indicatorIds: ['cost-1'], amounts: [{ metricId: 'cost-1.m1', value: 216.16, unit: '万元' }] }),
    rec(5, '刘洋', '2021-06-28', '问卷统计服务对象满意度92%', { indicatorIds: ['satisfaction-1'], amounts: [{ metricId: 'satisfaction-1.m1', value: 92, unit: '%' }] }),
    r6,
    rec(7, '杨磊', '2021-07-15', '学协会科普活动共3000人次', { indicatorIds: ['quantity-13'], amounts: [{ metricId: 'quantity-13.m2', value: 3000, unit: '人次' }] }),
    rec(8, '赵敏', '2021-03-20', '科协委员会今天开完了', { milestoneIds: ['schedule-q1.1'], indicatorIds: ['quantity-6'] }),
    rec(9, '黄涛', '2021-10-20', '学术交流月活动办了1次', { milestoneIds: ['schedule-q4.5'], indicatorIds: ['quantity-2'], amounts: [{ metricId: 'quantity-2.m1', value: 1, unit: '次' }] }),
  ];
}

/** A cell's shown value: the formula's result, rich text flattened. */
export function shown(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  if (v && typeof v === 'object') {
    if ('result' in v) return v.result;
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
  }
  return v;
}

export async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Rows of a sheet keyed by the value of an id column. */
export function rowsById(ws: ExcelJS.Worksheet, idCol: number): Map<string, ExcelJS.Row> {
  const out = new Map<string, ExcelJS.Row>();
  ws.eachRow((row) => {
    const id = row.getCell(idCol).value;
    if (typeof id === 'string' && /^([a-z]+-\d+|schedule(-[a-z0-9]+\.\d+)?)$/.test(id)) out.set(id, row);
  });
  return out;
}

/** The first row whose first cell reads `label`. */
export function rowByLabel(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (!found && shown(row.getCell(1)) === label) found = row;
  });
  if (!found) throw new Error(`no row labelled ${label}`);
  return found;
}

const spend = (metricId: string, value: number, mode: 'add' | 'set'): RecordAmount => ({ metricId, value, unit: '万元', mode });

/**
 * The forms' worked example, computed by hand in the tests: a department that reported its
 * spending as monthly increments, then the ledger's cumulative level, then an increment again.
 *  R0001 quantity-1.m1 2100人次 (5月30日, schedule-q2.1)
 *  R0002 quantity-8.m1 3期 + quantity-8.m2 40期 (3月15日, schedule-annual.1)
 *  R0003 spend:total +30.2 (1月31日)      R0004 spend:total +40 → amended to +41.5 (2月28日)
 *  R0005 spend:total +38 (3月31日)        → 1–5月: 30.2 + 41.5 + 38 = 109.7
 *  R0006 spend:total = 232.5 (6月30日, 上半年累计): replaces the three increments
 *  R0007 spend:total +35.6 (7月31日)      → 1–7月: 232.5 + 35.6 = 268.1
 *  R0008 spend:basic = 58.1, spend:project = 210 (7月31日)
 *  R0009 satisfaction-1.m1 92% (6月28日)
 *  R0010 quantity-12.m2 5000人次 (6月10日), withdrawn
 *  R0011 quantity-13.m2 3000人次 (7月15日)
 *  R0012 schedule-q1.1 召开科协委员会 (3月20日), names quantity-6
 *  R0013 quantity-2.m1 1次 (10月20日, schedule-q4.5)
 *  R0014 schedule-q1.5 筛选协作单位 (4月12日: after its 3月31日 due date), linked to quality-13 and quality-3
 *  R0015 spend:total:fiscal = 250.1, spend:total:carryover = 18 (7月31日): the sources of the 268.1
 */
export function spendingYear(): ProgressRecord[] {
  const r4 = amendedRecord(rec(4, '刘洋', '2021-02-28', '本月支出40万元', { amounts: [spend('spend:total', 40, 'add')] }), { amounts: [spend('spend:total', 41.5, 'add')] }, {
    by: person('刘洋'),
    message: { id: 'msg-4b', text: '更正：2月支出是41.5万元' },
    at: fromShanghai(2021, 3, 2, 10, 0),
  });
  const r10 = withdrawnRecord(
    rec(10, '陈静', '2021-06-10', '德胜街道地质科普活动5000人次', { indicatorIds: ['quantity-12'], amounts: [{ metricId: 'quantity-12.m2', value: 5000, unit: '人次' }] }),
    { by: person('陈静'), message: { id: 'msg-10b', text: '撤销，重复了' }, at: fromShanghai(2021, 6, 12, 9, 0) },
  );
  return [
    rec(1, '李强', '2021-05-30', '昨天科技工作者日主场活动办完了，约2100人次', { milestoneIds: ['schedule-q2.1'], indicatorIds: ['quantity-1'], amounts: [{ metricId: 'quantity-1.m1', value: 2100, unit: '人次' }] }),
    rec(2, '王芳', '2021-03-15', '《科普进行时》出了3期，公众号发布活动信息40期', {
      milestoneIds: ['schedule-annual.1'],
      indicatorIds: ['quantity-8'],
      amounts: [
        { metricId: 'quantity-8.m1', value: 3, unit: '期' },
        { metricId: 'quantity-8.m2', value: 40, unit: '期' },
      ],
    }),
    rec(3, '刘洋', '2021-01-31', '1月支出30.2万元', { amounts: [spend('spend:total', 30.2, 'add')] }),
    r4,
    rec(5, '刘洋', '2021-03-31', '本月支出38万元', { amounts: [spend('spend:total', 38, 'add')] }),
    rec(6, '刘洋', '2021-06-30', '上半年累计执行232.5万', { amounts: [spend('spend:total', 232.5, 'set')] }),
    rec(7, '刘洋', '2021-07-31', '本月支出35.6万元', { amounts: [spend('spend:total', 35.6, 'add')] }),
    rec(8, '刘洋', '2021-07-31', '截至7月底基本支出执行58.1万，项目支出执行210万', { amounts: [spend('spend:basic', 58.1, 'set'), spend('spend:project', 210, 'set')] }),
    rec(9, '刘洋', '2021-06-28', '问卷统计服务对象满意度92%', { indicatorIds: ['satisfaction-1'], amounts: [{ metricId: 'satisfaction-1.m1', value: 92, unit: '%' }] }),
    r10,
    rec(11, '杨磊', '2021-07-15', '学协会科普活动共3000人次', { indicatorIds: ['quantity-13'], amounts: [{ metricId: 'quantity-13.m2', value: 3000, unit: '人次' }] }),
    rec(12, '赵敏', '2021-03-20', '科协委员会今天开完了', { milestoneIds: ['schedule-q1.1'], indicatorIds: ['quantity-6'] }),
    rec(13, '黄涛', '2021-10-20', '学术交流月活动办了1次', { milestoneIds: ['schedule-q4.5'], indicatorIds: ['quantity-2'], amounts: [{ metricId: 'quantity-2.m1', value: 1, unit: '次' }] }),
    rec(14, '王芳', '2021-04-12', '筛选了大型专题活动的协作单位', { milestoneIds: ['schedule-q1.5'], indicatorIds: ['quality-13', 'quality-3'] }),
    rec(15, '刘洋', '2021-07-31', '截至7月底当年财政拨款执行250.1万元，上年结转执行18万元', { amounts: [spend('spend:total:fiscal', 250.1, 'set'), spend('spend:total:carryover', 18, 'set')] }),
  ];
}

export const REPORTERS = ['李强', '王芳', '刘洋', '陈静', '杨磊', '赵敏', '黄涛'];

/** Form settings for the tests: the finance bureau's budget by source, and who signs. */
export const FORM_SETTINGS = { financeHead: '孙丽', preparer: '周敏', phone: '010-83976271', budget: { fiscal: 520.41, carryover: 20, other: 0 } };

/** Every cell's shown text on a sheet, for "nothing internal on the form" checks. */
export function sheetTexts(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => out.push(String(shown(c) ?? ''))));
  return out;
}

/** The row where column `col` first reads `text`. */
export function findRow(ws: ExcelJS.Worksheet, col: number, text: string | RegExp): number {
  let found = 0;
  ws.eachRow((row, n) => {
    const v = String(shown(row.getCell(col)) ?? '');
    if (!found && (typeof text === 'string' ? v === text : text.test(v))) found = n;
  });
  if (!found) throw new Error(`no row with ${String(text)} in column ${col}`);
  return found;
}
