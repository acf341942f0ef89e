import { z } from 'zod';

/**
 * The LLM settings, read from the environment. Only OPENAI_API_KEY is needed to switch the
 * LLM on; everything else has a default chosen from the base URL's provider.
 */
export type ResponseFormatMode = 'json_schema' | 'json_object';

export interface LlmConfig {
  apiKey: string;
  /** null: the SDK's default (api.openai.com) */
  baseURL: string | null;
  model: string;
  /** The whole budget for one message, retries included */
  timeoutMs: number;
  maxRetries: number;
  /** Below this rules confidence the model is asked */
  minConfidence: number;
  /** json_schema (strict structured output) or json_object (JSON mode + schema in the prompt) */
  responseFormat: ResponseFormatMode;
}

export class LlmConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`LLM 设置有误：\n${problems.map((p) => `  - ${p}`).join('\n')}\n请修改 .env（或环境变量）后重启；删去某一行即用默认值，删去 OPENAI_API_KEY 则只用规则理解。`);
    this.name = 'LlmConfigError';
  }
}

/** Known OpenAI-compatible hosts: a sensible model and the JSON mode they accept (DeepSeek etc. reject json_schema). */
const PROVIDERS: { host: RegExp; model: string; responseFormat: ResponseFormatMode }[] = [
  { host: /deepseek\.com$/, model: 'deepseek-chat', responseFormat: 'json_object' },
  { host: /dashscope(-intl)?\.aliyuncs\.com$/, model: 'qwen-plus', responseFormat: 'json_object' },
  { host: /moonshot\.(cn|ai)$/, model: 'moonshot-v1-8k', responseFormat: 'json_object' },
  { host: /bigmodel\.cn$/, model: 'glm-4-flash', responseFormat: 'json_object' },
];
const FALLBACK = { model: 'gpt-4o-mini', responseFormat: 'json_schema' as ResponseFormatMode };

/** Empty strings count as unset: `OPENAI_BASE_URL=` in a .env means "default". */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

const intSetting = (name: string, min: number, max: number, def: number, unit: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(String(def))
      .transform((s, ctx) => {
        const n = Number(s);
        if (!/^\d+$/.test(s) || n < min || n > max) {
          ctx.addIssue({ code: 'custom', message: `${name}=${JSON.stringify(s)} 不可用：应为 ${min}–${max} 之间的整数${unit}，例如 ${name}=${def}` });
          return z.NEVER;
        }
        return n;
      }),
  );

const EnvSchema = z.object({
  OPENAI_API_KEY: z.preprocess(blankToUndefined, z.string().optional()),
  OPENAI_BASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((s) => {
        try {
          return ['http:', 'https:'].includes(new URL(s).protocol);
        } catch {
          return false;
        }
      }, 'OPENAI_BASE_URL 不是 http(s) 地址：应形如 https://api.deepseek.com 或 http://127.0.0.1:11434/v1')
      .optional(),
  ),
  OPENAI_MODEL: z.preprocess(blankToUndefined, z.string().optional()),
  LLM_TIMEOUT_MS: intSetting('LLM_TIMEOUT_MS', 100, 120_000, 10_000, '（毫秒，每条消息的总时限，含重试）'),
  LLM_MAX_RETRIES: intSetting('LLM_MAX_RETRIES', 0, 10, 2, '（429/5xx/断线时 SDK 重试次数）'),
  LLM_MIN_CONFIDENCE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('0.6')
      .transform((s, ctx) => {
        const n = Number(s);
        if (!/^\d*\.?\d+$/.test(s) || n < 0 || n > 1) {
          ctx.addIssue({ code: 'custom', message: `LLM_MIN_CONFIDENCE=${JSON.stringify(s)} 不可用：应为 0 到 1 之间的小数，例如 LLM_MIN_CONFIDENCE=0.6（规则把握低于它时才问模型）` });
          return z.NEVER;
        }
        return n;
      }),
  ),
  LLM_RESPONSE_FORMAT: z.preprocess(
    blankToUndefined,
    z.enum(['json_schema', 'json_object'], { message: 'LLM_RESPONSE_FORMAT 只能是 json_schema（严格结构化输出）或 json_object（JSON 模式，DeepSeek/通义/Kimi/智谱用这个）' }).optional(),
  ),
});

/** The provider defaults for a base URL (null = api.openai.com). */
export function providerDefaults(baseURL: string | null): { model: string; responseFormat: ResponseFormatMode } {
  if (!baseURL) return FALLBACK;
  const host = new URL(baseURL).hostname;
  return PROVIDERS.find((p) => p.host.test(host)) ?? FALLBACK;
}

/**
 * The LLM settings, or null when OPENAI_API_KEY is unset (the bot then runs on rules alone).
 * Throws LlmConfigError naming each bad setting and how to fix it; never echoes the key.
 */
export function readLlmConfig(env: Record<string, string | undefined>): LlmConfig | null {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new LlmConfigError(parsed.error.issues.map((i) => i.message));
  const e = parsed.data;
  if (!e.OPENAI_API_KEY) return null;
  const baseURL = e.OPENAI_BASE_URL ?? null;
  const defaults = providerDefaults(baseURL);
  return {
    apiKey: e.OPENAI_API_KEY,
    baseURL,
    model: e.OPENAI_MODEL ?? defaults.model,
    timeoutMs: e.LLM_TIMEOUT_MS,
    maxRetries: e.LLM_MAX_RETRIES,
    minConfidence: e.LLM_MIN_CONFIDENCE,
    responseFormat: e.LLM_RESPONSE_FORMAT ?? defaults.responseFormat,
  };
}
