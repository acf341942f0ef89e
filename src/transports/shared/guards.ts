/**
 * Small pure pieces every chat transport needs: which text the bot was addressed with, whether a
 * message was seen before, how loud an error storm may be. No platform types here, so each is
 * testable on its own and shared by the WeChat and WeCom transports.
 */

/** Remembers the last `capacity` message ids; `add` says whether the id is new. */
export class SeenIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity = 2000) {}

  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      // A Set iterates in insertion order: the first key is the oldest.
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Oldest first */
  values(): string[] {
    return [...this.ids];
  }
}

/**
 * Removes a leading keyword (e.g. `#绩效`, also typed with a full-width `＃`) and the
 * separators after it. Returns null when the text does not start with the keyword.
 */
export function stripKeyword(text: string, keyword: string): string | null {
  const kw = keyword.trim();
  if (kw === '') return null;
  const t = text.trim();
  const variants = kw.startsWith('#') ? [kw, '＃' + kw.slice(1)] : [kw];
  for (const v of variants) {
    if (t.toLowerCase().startsWith(v.toLowerCase())) {
      return t.slice(v.length).replace(/^[\s\u2005:：,，、]+/u, '').trim();
    }
  }
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes `@name` for each of the bot's names (its WeChat name, its alias in the room),
 * wherever it stands; WeChat ends a mention with U+2005 or a space. Mentions of other people
 * stay, since they may be part of what is reported. Returns null when no name was found.
 */
export function stripOwnMention(text: string, names: readonly string[]): string | null {
  let out = text;
  let found = false;
  for (const name of names) {
    if (!name) continue;
    const re = new RegExp(`@${escapeRegExp(name)}(?:[\\u2005\\u0020]|$)`, 'gu');
    const next = out.replace(re, ' ');
    if (next !== out) found = true;
    out = next;
  }
  return found ? out.replace(/[\u2005\s]+/gu, ' ').trim() : null;
}

/**
 * Error storms (an offline web puppet emits a dozen errors a second) become one line for the
 * first error and then at most one summary line per window.
 */
export class ErrorThrottle {
  private suppressed = 0;
  private lastLoggedAt: number | null = null;
  private total = 0;

  constructor(private readonly windowMs = 30_000) {}

  /** What to log for an error arriving at `now`: the error itself, a summary, or nothing. */
  note(now: number): { kind: 'first' } | { kind: 'summary'; count: number; total: number } | null {
    this.total++;
    if (this.lastLoggedAt === null) {
      this.lastLoggedAt = now;
      return { kind: 'first' };
    }
    this.suppressed++;
    if (now - this.lastLoggedAt < this.windowMs) return null;
    const count = this.suppressed;
    this.suppressed = 0;
    this.lastLoggedAt = now;
    return { kind: 'summary', count, total: this.total };
  }

  /** Forgets the storm, e.g. after a successful login: the next error is logged in full. */
  reset(): void {
    this.suppressed = 0;
    this.lastLoggedAt = null;
  }
}
