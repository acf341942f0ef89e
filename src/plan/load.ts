import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { PlanSchema, type Plan } from './schema.js';
import { applyOverlay } from './milestone-edit.js';
import { overlayPath, readOverlay } from './milestone-file.js';

export class PlanLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`计划文件 ${file} 无法使用：\n${problems.map((p) => `  - ${p}`).join('\n')}\n请修正该文件，或用 npm run import-plan 重新生成。`);
    this.name = 'PlanLoadError';
  }
}

export function formatZodPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

/** Describes a value at a path of the raw JSON so the message can quote what is there. */
function describeAt(raw: unknown, p: readonly PropertyKey[]): string {
  let v: unknown = raw;
  for (const k of p) {
    if (v && typeof v === 'object') v = (v as Record<PropertyKey, unknown>)[k];
    else return '';
  }
  if (v === undefined) return '（缺失）';
  const s = JSON.stringify(v);
  return s && s.length > 40 ? `${s.slice(0, 40)}…` : (s ?? '');
}

export function zodProblems(error: z.ZodError, raw: unknown): string[] {
  return error.issues.slice(0, 10).map((iss) => {
    const where = formatZodPath(iss.path) || '(根)';
    const got = describeAt(raw, iss.path);
    return `${where}: ${iss.message}${got ? `（现在是 ${got}）` : ''}`;
  });
}

/** Parses and validates a plan; the errors name the file, the place in it and what is wrong. */
export function parsePlanJson(text: string, file: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const col = before.length - before.lastIndexOf('\n');
      where = `第 ${line} 行第 ${col} 列：`;
    }
    throw new PlanLoadError(file, [`${where}不是合法的 JSON（${msg}）`]);
  }
  const result = PlanSchema.safeParse(raw);
  if (!result.success) throw new PlanLoadError(file, zodProblems(result.error, raw));
  return result.data;
}

export function loadPlanFile(file: string): Plan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PlanLoadError(file, [`读不到文件（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`]);
  }
  return parsePlanJson(text, file);
}

/** Every `YYYY.json` in the plans folder, by year. */
export function loadPlans(dir: string): Map<number, Plan> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d{4}\.json$/.test(n));
  } catch (e) {
    throw new PlanLoadError(dir, [`读不到计划目录（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`]);
  }
  if (!names.length) throw new PlanLoadError(dir, ['目录里没有计划文件（如 2021.json）']);
  const plans = new Map<number, Plan>();
  for (const n of names.sort()) {
    const file = path.join(dir, n);
    const plan = loadPlanFile(file);
    if (`${plan.year}.json` !== n) throw new PlanLoadError(file, [`year: 文件名是 ${n}，但 year 是 ${plan.year}`]);
    // milestones admins set in the chat (YYYY.milestones.json), replayed over the imported plan
    const overlayFile = overlayPath(dir, plan.year);
    const overlay = readOverlay(overlayFile);
    if (!overlay) {
      plans.set(plan.year, plan);
      continue;
    }
    try {
      plans.set(plan.year, applyOverlay(plan, overlay));
    } catch (e) {
      throw new PlanLoadError(overlayFile, [`进度节点的修改放不进 ${n}：${(e as Error).message}`]);
    }
  }
  return plans;
}

/**
 * The plan for a given year: that year's if there is one, otherwise the nearest earlier
 * (or, before the first plan, the first). `exact` tells the answer to say which year it uses.
 */
export function choosePlan(plans: Map<number, Plan>, year: number): { plan: Plan; exact: boolean } {
  const exact = plans.get(year);
  if (exact) return { plan: exact, exact: true };
  const years = [...plans.keys()].sort((a, b) => a - b);
  const earlier = years.filter((y) => y < year);
  const pick = earlier.length ? earlier[earlier.length - 1]! : years[0]!;
  return { plan: plans.get(pick)!, exact: false };
}
