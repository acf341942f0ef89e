import OpenAI from 'openai';
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/core/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import { ZodError } from 'zod';
import { shanghaiDay, shanghaiParts } from '../core/time.js';
import type { Plan } from '../plan/schema.js';
import type { Refiner, UnderstandContext, Understanding } from '../understand/types.js';
import { applyAnswer, LlmAnswerSchema, type LlmAnswer } from './answer.js';
import type { ResponseFormatMode } from './config.js';
import { fingerprint, redact, redactingLog, silentLog, type Log } from './log.js';
import { renderPlanForPrompt } from './plan-prompt.js';
import { renderPrompt, type Prompts } from './prompts.js';

export interface LlmRefinerOptions {
  client: OpenAI;
  model: string;
  /** The whole budget for one message, the SDK's retries included */
  timeoutMs: number;
  prompts: Prompts;
  log?: Log;
  /** Default json_schema; json_object for providers without strict structured output (DeepSeek …) */
  responseFormat?: ResponseFormatMode;
  /** When set, a rules reading at or above it is returned without a request (understandMessage gates too). */
  minConfidence?: number;
}

/** True when the rules are unsure enough that the model should be asked. */
export function shouldAsk(rules: Pick<Understanding, 'confidence'>, minConfidence: number): boolean {
  return rules.confidence < minConfidence;
}

/** A failure the refiner recognises; `reason` is a short tag for logs and dashboards. */
class LlmAnswerError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'LlmAnswerError';
  }
}

const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];
const MAX_TOKENS = 400;

/**
 * Settles with `work` or rejects at the deadline, whichever is first. Needed on top of the
 * abort signal because the SDK sleeps out a server's retry-after without watching it.
 */
function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => {}); // a loser's late failure is already accounted for
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new LlmAnswerError('timeout'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Stops a message from closing the delimiters it is quoted in. */
export function quoteMessage(text: string): string {
  return text.replace(/<\s*\/?\s*message\b[^>]*>/gi, '[标记已移除]');
}

/** Some servers wrap JSON mode output in ``` fences; accept that, nothing looser. */
function stripFences(content: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(content);
  return m ? m[1]! : content;
}

/** What a failure was, for a warn line: a tag, the HTTP status and the SDK's words (redacted), never the request. */
function describeFailure(e: unknown, timedOut: boolean, secrets: string[]): { reason: string; status?: number; error?: string } {
  const said = (err: Error) => redact(err.message, secrets).slice(0, 200);
  if (timedOut || e instanceof OpenAI.APIConnectionTimeoutError) return { reason: 'timeout' };
  if (e instanceof OpenAI.RateLimitError) return { reason: 'rate-limited', status: 429, error: said(e) };
  if (e instanceof OpenAI.APIError && e.status !== undefined) return { reason: 'api-error', status: e.status, error: said(e) };
  if (e instanceof OpenAI.APIConnectionError) return { reason: 'connection', error: said(e) };
  if (e instanceof LengthFinishReasonError) return { reason: 'truncated' };
  if (e instanceof ContentFilterFinishReasonError) return { reason: 'content-filter' };
  // JSON.parse quotes the model's text, which may echo the message: keep only the tag.
  if (e instanceof SyntaxError) return { reason: 'malformed-json' };
  if (e instanceof ZodError) return { reason: 'schema', error: e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join('; ').slice(0, 200) };
  if (e instanceof LlmAnswerError) return { reason: e.reason };
  return { reason: 'unexpected', error: e instanceof Error ? `${e.name}: ${said(e)}` : typeof e };
}

/**
 * The LLM as a second reader. It only reads: the answer is data checked against the plan,
 * and on any failure the rules' Understanding comes back unchanged. Nothing here can save,
 * withdraw or amend a record; the result goes through the same confirmation as the rules'.
 */
export function createLlmRefiner(options: LlmRefinerOptions): Refiner {
  const { client, model, timeoutMs, prompts, minConfidence } = options;
  const mode = options.responseFormat ?? 'json_schema';
  const keySecrets = client.apiKey ? [client.apiKey] : [];
  const log = redactingLog(options.log ?? silentLog, keySecrets);
  const planText = new WeakMap<Plan, string>();

  const systemFor = (plan: Plan): string => {
    let rendered = planText.get(plan);
    if (rendered === undefined) {
      rendered = renderPrompt(prompts.system, {
        plan: renderPlanForPrompt(plan),
        year: String(plan.year),
        department: plan.department,
        today: '',
        rules: '',
        message: '',
      });
      planText.set(plan, rendered);
    }
    return rendered;
  };

  const userFor = (text: string, rules: Understanding, ctx: UnderstandContext): string => {
    const today = `${shanghaiDay(ctx.now)} 星期${WEEKDAY[shanghaiParts(ctx.now).weekday]}`;
    const hint = JSON.stringify({ kind: rules.kind, indicators: rules.indicators, amounts: rules.amounts, date: rules.date });
    return renderPrompt(prompts.user, {
      plan: '',
      year: String(ctx.plan.year),
      department: ctx.plan.department,
      today,
      rules: hint,
      message: quoteMessage(text),
    });
  };

  const ask = async (text: string, rules: Understanding, ctx: UnderstandContext, signal: AbortSignal): Promise<LlmAnswer> => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: systemFor(ctx.plan) },
      { role: 'user', content: userFor(text, rules, ctx) },
    ];
    const requestOptions = { signal, timeout: timeoutMs };
    if (mode === 'json_schema') {
      const completion = await client.chat.completions.parse(
        { model, messages, temperature: 0, max_tokens: MAX_TOKENS, response_format: zodResponseFormat(LlmAnswerSchema, 'nlu') },
        requestOptions,
      );
      const message = completion.choices[0]?.message;
      if (!message) throw new LlmAnswerError('no-choice');
      if (message.refusal) throw new LlmAnswerError('refusal');
      if (!message.parsed) throw new LlmAnswerError('empty');
      return message.parsed;
    }
    const completion = await client.chat.completions.create(
      { model, messages, temperature: 0, max_tokens: MAX_TOKENS, response_format: { type: 'json_object' } },
      requestOptions,
    );
    const choice = completion.choices[0];
    if (!choice) throw new LlmAnswerError('no-choice');
    if (choice.finish_reason === 'length') throw new LlmAnswerError('truncated');
    const content = choice.message.content;
    if (!content) throw new LlmAnswerError('empty');
    return LlmAnswerSchema.parse(JSON.parse(stripFences(content)));
  };

  return {
    async refine(text, rules, ctx) {
      if (minConfidence !== undefined && !shouldAsk(rules, minConfidence)) return rules;
      const about = { input: fingerprint(text), model };
      const started = Date.now();
      // One deadline for the whole exchange: the SDK's own timeout is per attempt and retries would multiply it.
      const signal = AbortSignal.timeout(timeoutMs);
      log.debug({ ...about, text }, 'llm: asking');
      let answer: LlmAnswer;
      try {
        answer = await beforeDeadline(ask(text, rules, ctx, signal), signal);
      } catch (e) {
        const failure = describeFailure(e, signal.aborted, [...keySecrets, text]);
        log.warn({ ...about, ...failure, elapsedMs: Date.now() - started }, 'llm: no usable answer; using the rules');
        return rules;
      }
      const result = applyAnswer(answer, rules, ctx.plan);
      const elapsedMs = Date.now() - started;
      if (!result.ok) {
        log.warn({ ...about, reason: result.reason, dropped: result.dropped, elapsedMs }, 'llm: answer unusable; using the rules');
        log.debug({ ...about, answer }, 'llm: the unusable answer');
        return rules;
      }
      const u = result.understanding;
      if (result.dropped.ids || result.dropped.amounts || result.dropped.date)
        log.warn({ ...about, dropped: result.dropped }, 'llm: dropped parts of the answer the plan does not have');
      log.info({ ...about, kind: u.kind, ids: u.indicators.length, rulesKind: rules.kind, elapsedMs }, 'llm: answered');
      return u;
    },
  };
}
