import { z } from 'zod';
import { parseShanghai } from '../core/time.js';
import type { Plan } from '../plan/schema.js';
import type { Amount, CorrectionIntent, LinkCandidate, Understanding } from '../understand/types.js';

/**
 * What the model may say: data in the nlu shape, nothing else. Strict structured outputs
 * need every key present, hence .nullable() rather than .optional(); unknown keys are stripped.
 */
export const LlmAnswerSchema = z.object({
  kind: z.enum(['question', 'report', 'correction', 'other']),
  indicators: z.array(z.string()),
  amounts: z.array(z.object({ value: z.number(), unit: z.string() })),
  date: z.string().nullable(),
});
export type LlmAnswer = z.infer<typeof LlmAnswerSchema>;

/** How sure an LLM reading is taken to be: above the ask threshold, below a clear rules match. */
export const LLM_CONFIDENCE = 0.75;

export type ApplyResult =
  | { ok: true; understanding: Understanding; dropped: { ids: number; amounts: number; date: boolean } }
  | { ok: false; reason: string; dropped: { ids: number; amounts: number; date: boolean } };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_AMOUNTS = 6;

/** Known plan ids; a metric id (quantity-5.m3) is read as its indicator. */
function resolveIds(raw: string[], plan: Plan): { ids: string[]; dropped: number } {
  const milestones = new Set(plan.milestones.map((m) => m.id));
  const indicators = new Set(plan.indicators.map((i) => i.id));
  const ids: string[] = [];
  let dropped = 0;
  for (const r of raw) {
    const id = r.trim().replace(/\.m\d+$/, '');
    if (milestones.has(id) || indicators.has(id)) {
      if (!ids.includes(id)) ids.push(id);
    } else dropped++;
  }
  return { ids, dropped };
}

function cleanAmounts(raw: LlmAnswer['amounts']): { amounts: Amount[]; dropped: number } {
  const amounts = raw
    .map((a) => ({ value: a.value, unit: a.unit.trim() }))
    .filter((a) => Number.isFinite(a.value) && a.value >= 0 && a.unit.length > 0 && a.unit.length <= 8)
    .slice(0, MAX_AMOUNTS);
  return { amounts, dropped: raw.length - amounts.length };
}

/** Readings of a report: each named milestone with the named indicators (or its own), else the indicators alone. */
export function buildCandidates(ids: string[], plan: Plan): LinkCandidate[] {
  const indicatorIds = ids.filter((id) => !id.startsWith('schedule-'));
  const milestones = ids.flatMap((id) => plan.milestones.filter((m) => m.id === id));
  const score = (i: number) => Math.round((LLM_CONFIDENCE - 0.1 * i) * 100) / 100;
  if (milestones.length)
    return milestones.map((m, i) => ({
      milestoneId: m.id,
      indicatorIds: indicatorIds.length ? indicatorIds : [...m.indicators],
      score: score(i),
    }));
  return indicatorIds.length ? [{ milestoneId: null, indicatorIds, score: score(0) }] : [];
}

/**
 * Turns the model's answer into an Understanding, trusting nothing: ids the plan lacks are
 * dropped, amounts and dates are checked, and anything that would leave a reading without
 * substance (a report with no known id, a question with no intent) fails so the rules stand.
 * The model only refines kind/ids/amounts/date; a question's intent and a correction's
 * target record come from the rules.
 */
export function applyAnswer(answer: LlmAnswer, rules: Understanding, plan: Plan): ApplyResult {
  const { ids, dropped: droppedIds } = resolveIds(answer.indicators, plan);
  const { amounts, dropped: droppedAmounts } = cleanAmounts(answer.amounts);
  const dateOk = answer.date === null || (DATE.test(answer.date) && parseShanghai(answer.date) !== null);
  const date = dateOk ? answer.date : rules.date;
  const dropped = { ids: droppedIds, amounts: droppedAmounts, date: !dateOk };
  // the rules' reading of a figure the model also gives (a running total, the words next to it) is kept
  const withRulesReading = amounts.map((a) => rules.amounts.find((r) => r.value === a.value && r.unit === a.unit) ?? a);
  const base: Understanding = {
    ...rules,
    kind: answer.kind,
    indicators: ids,
    amounts: withRulesReading,
    date,
    confidence: LLM_CONFIDENCE,
    candidates: [],
    question: null,
    correction: null,
    source: 'llm',
  };
  // several activities are the rules' split; a model that reads something else than a report drops it
  if (answer.kind !== 'report') delete base.activities;

  switch (answer.kind) {
    case 'report': {
      if (ids.length === 0) return { ok: false, reason: 'report-without-known-ids', dropped };
      return { ok: true, understanding: { ...base, candidates: buildCandidates(ids, plan) }, dropped };
    }
    case 'question': {
      const question =
        rules.question ??
        (ids.length
          ? {
              type: 'progress' as const,
              indicatorIds: ids.filter((id) => !id.startsWith('schedule-')),
              milestoneIds: ids.filter((id) => id.startsWith('schedule-')),
            }
          : null);
      if (!question) return { ok: false, reason: 'question-without-intent', dropped };
      return { ok: true, understanding: { ...base, question }, dropped };
    }
    case 'correction': {
      const indicatorIds = ids.filter((id) => !id.startsWith('schedule-'));
      // The record to change is never the model's choice: the rules' (named in the text) or the author's latest.
      const correction: CorrectionIntent = rules.correction
        ? {
            ...rules.correction,
            amounts: amounts.length ? amounts : rules.correction.amounts,
            date: date ?? rules.correction.date,
            indicators: indicatorIds.length ? indicatorIds : rules.correction.indicators,
          }
        : {
            action: amounts.length || date || indicatorIds.length ? 'amend' : 'withdraw',
            recordId: null,
            amounts,
            date,
            indicators: indicatorIds,
          };
      return { ok: true, understanding: { ...base, correction }, dropped };
    }
    case 'other':
      return { ok: true, understanding: base, dropped };
  }
}
