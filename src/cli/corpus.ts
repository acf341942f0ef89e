import { readFileSync } from 'node:fs';
import type { LabelledMessage } from '../understand/evaluate.js';
import type { KindExample } from '../understand/kind-model.js';
import { PHRASINGS } from '../../test/understand/phrasings.js';

/** The labelled corpus: dev is what the rules and the kind model are tuned on; test is held out. */
/**
 * dev: tuned on; test: never tuned on, only its totals are looked at; final: written last, by a
 * third hand, and measured once after all tuning.
 */
export const CORPUS_PARTS = { dev: 'test/fixtures/corpus/dev.jsonl', test: 'test/fixtures/corpus/test.jsonl', final: 'test/fixtures/corpus/final.jsonl' } as const;

export function readCorpus(file: string): LabelledMessage[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as LabelledMessage;
      } catch {
        throw new Error(`${file} 第${i + 1}行不是 JSON`);
      }
    });
}

/** The labelled phrasings of test/understand/phrasings.ts (never the test part of the corpus). */
export function phrasingExamples(): KindExample[] {
  return PHRASINGS.map((p) => ({ text: p.text, kind: p.kind }));
}

/** Fold of the i-th dev message in k-fold cross-validation: every k-th, so each fold spans the year. */
export const foldOf = (i: number, k = 5) => i % k;
