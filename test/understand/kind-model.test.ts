import { describe, expect, it } from 'vitest';
import { defaultKindModel, kindFeatures, predictKind, scoreKind, trainKindModel, type KindExample } from '../../src/understand/kind-model.js';

const TINY: KindExample[] = [
  { text: '科普日办完了，来了2000人次', kind: 'report' },
  { text: '编程大赛办完了，参赛300人', kind: 'report' },
  { text: '培训班开完了，培训120人', kind: 'report' },
  { text: '总体进度怎么样？', kind: 'question' },
  { text: '科普日是什么时候？', kind: 'question' },
  { text: '这个季度要做什么？', kind: 'question' },
  { text: '刚才那条撤销', kind: 'correction' },
  { text: '撤销上一条，报错了', kind: 'correction' },
  { text: '收到', kind: 'other' },
  { text: '好的，谢谢', kind: 'other' },
];

describe('kind model features', () => {
  it('reads the prepared text: digits folded, ends marked, cues added', () => {
    const f = kindFeatures('@绩效助手 科普日来了2100人次');
    expect(f).toContain('了0人');
    expect(f).toContain('^科');
    expect(f).toContain('次$');
    expect(f).toContain('#number+unit');
    expect(f.some((x) => x.includes('绩效助手'))).toBe(false);
    expect(kindFeatures('办了吗?')).toEqual(expect.arrayContaining(['#question-mark', '#ends-as-question']));
  });
});

describe('training', () => {
  it('is reproducible: the same examples give the same model', () => {
    const a = trainKindModel(TINY, { minCount: 1, epochs: 100 });
    const b = trainKindModel(TINY, { minCount: 1, epochs: 100 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('learns a tiny corpus well enough to read new phrasings of each kind', () => {
    const m = trainKindModel(TINY, { minCount: 1, epochs: 100 });
    expect(scoreKind(m, '主场活动办完了，来了500人次').kind).toBe('report');
    expect(scoreKind(m, '编程大赛是什么时候？').kind).toBe('question');
    expect(scoreKind(m, '撤销刚才那条').kind).toBe('correction');
    expect(scoreKind(m, '好的收到').kind).toBe('other');
  });

  it('keeps only the strongest features it is asked to', () => {
    const m = trainKindModel(TINY, { minCount: 1, epochs: 20, maxFeatures: 25 });
    expect(Object.keys(m.weights)).toHaveLength(25);
  });
});

describe('the committed model', () => {
  it('loads and predicts deterministically, with probabilities summing to 1', () => {
    const m = defaultKindModel();
    expect(m.kinds).toEqual(['question', 'report', 'correction', 'other']);
    expect(Object.keys(m.weights).length).toBeGreaterThan(500);
    const a = predictKind('数量指标12现在完成多少了？');
    expect(predictKind('数量指标12现在完成多少了？')).toEqual(a);
    expect(Object.values(a.p).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 9);
    expect(a.kind).toBe('question');
    expect(predictKind('昨天科普讲座办完了，来了300人').kind).toBe('report');
  });

  it('carries the thresholds the trainer chose for each combination family', () => {
    const names = (defaultKindModel().policies ?? []).map((p) => p.policy.name).sort();
    expect(names).toEqual(['blend', 'question-other', 'unsure']);
  });
});
