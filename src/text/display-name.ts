/**
 * Names are data (issue 14): a display name comes from the chat platform and its owner can set
 * it to anything, line breaks and "【管理员通知】…" included. Wherever a name is shown — in
 * replies and in the digests leaders read — it stays on one line inside the text around it.
 */

/** Longest name shown, in characters (code points); longer ones end in "…". */
export const MAX_NAME_CHARS = 20;

// control characters, line and paragraph separators, bidi overrides and isolates, other invisible format marks
// (ZWJ U+200D and variation selectors are kept: they are part of emoji)
const INVISIBLE = /[\p{Cc}\u2028\u2029\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/gu;

/**
 * The name as one line: line breaks and other control characters become spaces, runs of
 * spaces one space, the ends trimmed, at most `max` characters. An empty result gives
 * `fallback` (e.g. the platform id).
 */
export function displayName(name: string | null | undefined, fallback = '（无名）', max = MAX_NAME_CHARS): string {
  const flat = (name ?? '').replace(INVISIBLE, ' ').replace(/\s+/gu, ' ').trim();
  if (!flat) return fallback === '' ? fallback : displayName(fallback, '（无名）', max);
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
