import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Plan } from '../plan/schema.js';

/**
 * The parts of the two forms that the plan does not hold and that differ by office and bureau:
 * who signs, the phone, the budget by funding source, the 监控表's cut-off month.
 * Read from the JSON file EXPORT_FORM_FILE names (or --form); every field is optional.
 */
const Money = z.number().nonnegative();
const BySource = z.object({ fiscal: Money.optional(), carryover: Money.optional(), other: Money.optional() }).strict();

export const FormSettingsSchema = z
  .object({
    /** 填报单位（盖章）; default: the plan's 部门（单位）名称 */
    unit: z.string().min(1).optional(),
    /** 单位负责人; default: the plan's 部门（单位）负责人 */
    unitHead: z.string().optional(),
    financeHead: z.string().optional(),
    /** 填报人 */
    preparer: z.string().optional(),
    /** 联系电话; default: the plan's */
    phone: z.string().optional(),
    /** 年初预算数 by funding source (万元); default: 当年财政拨款 = 资金总额 − 其他, 上年结转 0 */
    budget: BySource.optional(),
    /** 全年（调整）预算数 by funding source; default: as 年初预算数 */
    adjustedBudget: BySource.optional(),
    /** 全年（调整）预算数 by budget line; default: as the plan's 基本支出 / 项目支出 */
    adjustedLines: z.object({ basic: Money.optional(), project: Money.optional() }).strict().optional(),
    /** The 监控表 covers 1 to this month (bureaus collect January–July in August) */
    monitorThrough: z.number().int().min(1).max(12).optional(),
  })
  .strict();
export type FormSettings = z.infer<typeof FormSettingsSchema>;

export const DEFAULT_MONITOR_THROUGH = 7;

export class FormSettingsError extends Error {
  override name = 'FormSettingsError';
}

export const FORM_EXAMPLE =
  '{"financeHead":"李红","preparer":"王芳","phone":"010-83976271","budget":{"fiscal":520.41,"carryover":20,"other":0},"monitorThrough":7}';

export function parseFormSettings(text: string, source = '表格设置'): FormSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new FormSettingsError(`${source} 不是合法的 JSON：${(e as Error).message}。示例：${FORM_EXAMPLE}`);
  }
  const r = FormSettingsSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.') || '(整体)'}：${i.message}`);
    throw new FormSettingsError(`${source} 有误：${lines.join('；')}。示例：${FORM_EXAMPLE}`);
  }
  return r.data;
}

export function loadFormSettingsFile(file: string): FormSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FormSettingsError(`读不到表格设置文件 ${file}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}），请检查 EXPORT_FORM_FILE 或 --form`);
  }
  return parseFormSettings(text, file);
}

export interface Signatures {
  unit: string;
  unitHead: string;
  financeHead: string;
  preparer: string;
  phone: string;
}

export function signaturesOf(plan: Plan, s: FormSettings): Signatures {
  return {
    unit: s.unit ?? plan.department,
    unitHead: s.unitHead ?? plan.head.name,
    financeHead: s.financeHead ?? '',
    preparer: s.preparer ?? '',
    phone: s.phone ?? plan.head.phone,
  };
}
