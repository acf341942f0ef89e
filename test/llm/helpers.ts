import path from 'node:path';
import OpenAI from 'openai';
import { loadPlanFile } from '../../src/plan/load.js';
import type { Log } from '../../src/llm/log.js';
import type { UnderstandContext, Understanding } from '../../src/understand/types.js';
import { fromShanghai } from '../../src/core/time.js';

export const plan = loadPlanFile(path.resolve(import.meta.dirname, '../../data/plans/2021.json'));
/** 2021-05-10, a Monday, 10:00 in Beijing */
export const ctx: UnderstandContext = { plan, now: fromShanghai(2021, 5, 10, 10, 0) };

/** A rules reading written by hand, so these tests do not depend on the rules engine. */
export function rulesReading(text: string, over: Partial<Understanding> = {}): Understanding {
  return {
    text,
    kind: 'other',
    indicators: [],
    amounts: [],
    date: null,
    confidence: 0.3,
    candidates: [],
    question: null,
    correction: null,
    source: 'rules',
    ...over,
  };
}

export interface LogLine {
  level: 'warn' | 'info' | 'debug';
  obj: object;
  msg?: string;
}

/** A Log that keeps every line. */
export function captureLog(): Log & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (obj: object, msg?: string) => lines.push({ level, obj, msg });
  return { lines, warn: at('warn'), info: at('info'), debug: at('debug'), text: () => JSON.stringify(lines) };
}

export const API_KEY = 'sk-test-SECRET-9f8e7d6c5b4a';

export function clientFor(baseURL: string, maxRetries = 2, timeoutMs = 5000): OpenAI {
  return new OpenAI({ apiKey: API_KEY, baseURL, maxRetries, timeout: timeoutMs });
}
