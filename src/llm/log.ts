import { createHash } from 'node:crypto';

/**
 * The logging the LLM adapter needs: a subset of pino's Logger, so a pino logger can be
 * passed as is and a test can pass an array-backed fake.
 */
export interface Log {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export const silentLog: Log = { warn() {}, info() {}, debug() {} };

const MASK = '[redacted]';
/** Key shapes providers use (OpenAI/DeepSeek/Moonshot sk-…, Bearer headers): masked even when a server echoes a partial key. */
const KEY_PATTERNS: RegExp[] = [/\bsk-[A-Za-z0-9_*.\-]{4,}/g, /\bBearer\s+[^\s"',}]+/gi];

/** Replaces every secret (and anything shaped like an API key) in strings, deeply. */
export function redact<T>(value: T, secrets: readonly string[]): T {
  const live = secrets.filter((s) => s.length >= 4);
  const scrub = (s: string): string => {
    let out = s;
    for (const secret of live) out = out.split(secret).join(MASK);
    for (const p of KEY_PATTERNS) out = out.replace(p, MASK);
    return out;
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (depth > 6 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (v instanceof Error) return { name: v.name, message: scrub(v.message) };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  return walk(value, 0) as T;
}

/** A Log whose every line, fields and message, goes through `redact` first. */
export function redactingLog(log: Log, secrets: readonly string[]): Log {
  const wrap =
    (level: keyof Log) =>
    (obj: object, msg?: string): void => {
      const cleanObj = redact(obj, secrets);
      if (msg === undefined) log[level](cleanObj);
      else log[level](cleanObj, redact(msg, secrets));
    };
  return { warn: wrap('warn'), info: wrap('info'), debug: wrap('debug') };
}

/** What warn-level lines say about a message instead of its words: its length and a short hash. */
export function fingerprint(text: string): { chars: number; sha256: string } {
  return { chars: text.length, sha256: createHash('sha256').update(text).digest('hex').slice(0, 12) };
}
