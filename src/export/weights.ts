import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Plan } from '../plan/schema.js';

/**
 * The self-evaluation's weights. Districts differ (DOMAIN.md: 预算执行率 10, 产出 50, 效益 30,
 * 满意度 10 is common, not universal), so they are configuration: the four block weights, and
 * optionally fixed weights for single items (an indicator id, or "schedule" for 进度指标);
 * a block's remaining weight is split equally among its other items.
 */
export const SelfEvalWeightsSchema = z
  .object({
    budget: z.number().nonnegative(),
    output: z.number().nonnegative(),
    benefit: z.number().nonnegative(),
    satisfaction: z.number().nonnegative(),
    items: z.record(z.string().regex(/^((quantity|quality|cost|benefit|satisfaction)-\d+|schedule)$/, '应为指标编号（如 quantity-1）或 schedule'), z.number().nonnegative()).default({}),
  })
  .strict()
  .refine((w) => Math.abs(w.budget + w.output + w.benefit + w.satisfaction - 100) < 1e-9, {
    message: 'budget + output + benefit + satisfaction 应等于 100',
  });
export type SelfEvalWeights = z.infer<typeof SelfEvalWeightsSchema>;

export const DEFAULT_WEIGHTS: SelfEvalWeights = { budget: 10, output: 50, benefit: 30, satisfaction: 10, items: {} };

export class WeightsError extends Error {
  override name = 'WeightsError';
}

/** Parses a weights file's text; the error says which field is wrong and how to fix it. */
export function parseWeights(text: string, source = '权重配置'): SelfEvalWeights {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new WeightsError(`${source} 不是合法的 JSON：${(e as Error).message}`);
  }
  const r = SelfEvalWeightsSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${i.path.join('.') || '(整体)'}：${i.message}`);
    throw new WeightsError(`${source} 有误：${lines.join('；')}。示例：{"budget":10,"output":50,"benefit":30,"satisfaction":10,"items":{"quantity-1":5}}`);
  }
  return r.data;
}

export function loadWeightsFile(file: string): SelfEvalWeights {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new WeightsError(`读不到权重文件 ${file}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
  }
  return parseWeights(text, file);
}

export type Block = 'output' | 'benefit' | 'satisfaction';

/** The block an item scores in: 产出 (数量/质量/时效/进度/成本, and 二级 the importer did not know), 效益, 满意度. */
export function blockOf(itemId: string): Block {
  if (itemId === 'schedule' || /^(quantity|quality|timeliness|cost|other)-/.test(itemId)) return 'output';
  if (itemId.startsWith('benefit-')) return 'benefit';
  return 'satisfaction';
}

/**
 * Each item's weight: fixed ones as configured, the rest of its block split equally.
 * Throws (saying what to change) when the configuration does not fit the plan.
 */
export function itemWeights(plan: Plan, w: SelfEvalWeights, itemIds: readonly string[]): Map<string, number> {
  const problems: string[] = [];
  for (const id of Object.keys(w.items)) if (!itemIds.includes(id)) problems.push(`items.${id}：${plan.year}年计划中没有这个指标`);
  const out = new Map<string, number>();
  for (const block of ['output', 'benefit', 'satisfaction'] as const) {
    const ids = itemIds.filter((id) => blockOf(id) === block);
    const fixed = ids.filter((id) => w.items[id] !== undefined);
    const fixedSum = fixed.reduce((s, id) => s + w.items[id]!, 0);
    const rest = ids.filter((id) => w.items[id] === undefined);
    const left = w[block] - fixedSum;
    if (left < -1e-9) problems.push(`${block} 块内单项权重之和 ${fixedSum} 超过了该块的 ${w[block]} 分`);
    else if (!rest.length && Math.abs(left) > 1e-9 && ids.length) problems.push(`${block} 块内单项权重之和 ${fixedSum} 应等于该块的 ${w[block]} 分`);
    for (const id of fixed) out.set(id, w.items[id]!);
    for (const id of rest) out.set(id, Math.max(0, left) / rest.length);
  }
  if (problems.length) throw new WeightsError(`权重配置与计划不符：${problems.join('；')}`);
  return out;
}
