import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '../../src/plan/load.js';
import { parseShanghai } from '../../src/core/time.js';
import { applyKindModel, understand, type Understanding } from '../../src/understand/index.js';
import { combineKind, DEFAULT_KIND_POLICY } from '../../src/understand/kind-combine.js';
import type { KindModel, KindPrediction } from '../../src/understand/kind-model.js';
import type { MessageKind } from '../../src/understand/types.js';

const plan = loadPlanFile('data/plans/2021.json');
const ctx = { plan, now: parseShanghai('2021-05-10T10:00')! };

/** A model reading that puts `p` on `kind` and spreads the rest. */
function says(kind: MessageKind, p: number): KindPrediction {
  const rest = (1 - p) / 3;
  return { kind, p: { question: rest, report: rest, correction: rest, other: rest, [kind]: p } };
}

describe('combineKind', () => {
  it('unsure: the model wins only when the rules are below t and the model is at least q', () => {
    const policy = { name: 'unsure', t: 0.5, q: 0.8 } as const;
    expect(combineKind({ kind: 'report', confidence: 0.4 }, says('other', 0.9), policy)).toBe('other');
    expect(combineKind({ kind: 'report', confidence: 0.6 }, says('other', 0.9), policy)).toBe('report');
    expect(combineKind({ kind: 'report', confidence: 0.4 }, says('other', 0.7), policy)).toBe('report');
  });

  it('question-other: never moves a report or a correction', () => {
    const policy = { name: 'question-other', t: 1.01, q: 0.5 } as const;
    expect(combineKind({ kind: 'other', confidence: 0.7 }, says('question', 0.9), policy)).toBe('question');
    expect(combineKind({ kind: 'report', confidence: 0.3 }, says('other', 0.99), policy)).toBe('report');
    expect(combineKind({ kind: 'question', confidence: 0.3 }, says('correction', 0.99), policy)).toBe('question');
  });

  it('blend: sure rules hold against a fairly sure model; unsure rules give way to a sure one', () => {
    const policy = { name: 'blend', w: 0.5 } as const;
    expect(combineKind({ kind: 'report', confidence: 0.95 }, says('other', 0.8), policy)).toBe('report');
    expect(combineKind({ kind: 'report', confidence: 0.35 }, says('other', 0.9), policy)).toBe('other');
  });
});

describe('applyKindModel: the message is read afresh as the kind the model chose', () => {
  const rulesOf = (text: string) => understand(text, ctx, { kindPolicy: null });
  const always = { name: 'unsure', t: 1.01, q: 0 } as const;

  it('report → other drops the plan readings', () => {
    const r = rulesOf('科普日主场活动办完了，约2100人次');
    expect(r.kind).toBe('report');
    const v = applyKindModel(r, ctx, always, says('other', 0.9));
    expect(v).toMatchObject({ kind: 'other', candidates: [], indicators: [] });
  });

  it('other → report links the plan and dates the activity', () => {
    const r: Understanding = { ...rulesOf('科普日主场活动办完了，约2100人次'), kind: 'other', candidates: [], indicators: [], confidence: 0.3 };
    const v = applyKindModel(r, ctx, always, says('report', 0.9));
    expect(v.kind).toBe('report');
    expect(v.indicators[0]).toBe('schedule-q3.1');
    expect(v.date).toBe('2021-05-10');
  });

  it('→ correction builds the correction intent', () => {
    const r: Understanding = { ...rulesOf('刚才那条人数改成1800人次'), kind: 'report', correction: null };
    const v = applyKindModel(r, ctx, always, says('correction', 0.9));
    expect(v.kind).toBe('correction');
    expect(v.correction).toMatchObject({ action: 'amend', amounts: [{ value: 1800, unit: '人次' }] });
  });

  it('keeps the rules when the policy says so', () => {
    const r = rulesOf('科普日主场活动办完了，约2100人次');
    expect(applyKindModel(r, ctx, { name: 'unsure', t: 0.1, q: 0.5 }, says('other', 0.99))).toBe(r);
  });
});

describe('understand with the kind model', () => {
  const loudOther: KindModel = { version: 1, kinds: ['question', 'report', 'correction', 'other'], bias: [0, 0, 0, 20], weights: {} };

  it('uses the given model and policy, and the rules alone when the policy is null', () => {
    const text = '科普日主场活动办完了，约2100人次';
    expect(understand(text, ctx, { kindPolicy: null, kindModel: loudOther }).kind).toBe('report');
    expect(understand(text, ctx, { kindPolicy: { name: 'unsure', t: 1.01, q: 0.5 }, kindModel: loudOther }).kind).toBe('other');
  });

  it('by default applies DEFAULT_KIND_POLICY with the committed model', () => {
    const text = '科普日主场活动办完了，约2100人次';
    expect(understand(text, ctx)).toEqual(understand(text, ctx, { kindPolicy: DEFAULT_KIND_POLICY }));
  });
});

describe('a reading the model switched', () => {
  it('is never surer than the two readers together, so an unsure message still goes to the LLM', () => {
    const r: Understanding = { ...understand('科普日主场活动办完了，约2100人次', ctx, { kindPolicy: null }), kind: 'other', candidates: [], indicators: [], confidence: 0.4 };
    const v = applyKindModel(r, ctx, { name: 'unsure', t: 0.5, q: 0.8 }, says('report', 0.95));
    expect(v.kind).toBe('report');
    expect(v.confidence).toBeLessThan(0.6);
  });
});
