import { normalizeText } from '../text/normalize.js';

/** Only this much of a message is read: a pasted 100 KB document is not a report. */
export const MAX_CHARS = 2000;

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ZERO_WIDTH = /[\u200b-\u200c\u200e\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;
/** Pictographs, skin tones, flags, keycap and variation selectors, ZWJ. */
const EMOJI = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\u{E0020}-\u{E007F}\uFE0E\uFE0F\u200D\u20E3]/gu;
const LONE_SURROGATE = /[\ud800-\udfff]/gu;
/** WeChat's own emoticons arrive as text: [强] [微笑] [OK] [抱拳] */
const WECHAT_EMOTICON = /\[[\u4e00-\u9fffA-Za-z]{1,6}\]/g;
/** A mention is "@name" followed by a (often U+2005) space; the bot's own name may be glued to the text. */
const BOT_MENTION = /@绩效助手/g;
const LEADING_MENTIONS = /^(?:\s*@[^\s@\u2005]{1,24}(?:[\s\u2005]+|$))+/;
const LEADING_KEYWORD = /^\s*#\s*绩效\s*[:：]?\s*/;
const NON_ASCII_SPACE = /(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])/g;

/** ①②… and ✅ mark list items: kept as "；1、" and "；" so that NFKC does not glue ② into 2街道. */
export function markListItems(s: string): string {
  return s
    .replace(/[\u2460-\u2473]/g, (c) => `；${c.charCodeAt(0) - 0x245f}、`)
    .replace(/[✅☑✔]\uFE0F?/g, '；')
    // "… 2. 6月5日…": a number and a point after a space or a line break is a list item, not 2.6
    .replace(/(^|[\s，,。；;：:])([1-9]|1[0-9])(?:[.．]\s+|[.．](?=[^\d\s])|[、)）]\s*)/g, (_m, pre: string, n: string) => `${pre}；${n}、`);
}

/**
 * The text the rules read: at most MAX_CHARS, half-width, no control characters, emoji,
 * mentions of the bot, the leading #绩效 keyword, or spaces inside Chinese text.
 * Never throws.
 */
export function prepareText(raw: unknown): string {
  let s = typeof raw === 'string' ? raw : raw == null ? '' : String(raw);
  if (s.length > MAX_CHARS) s = s.slice(0, MAX_CHARS);
  s = normalizeText(markListItems(s))
    .replace(CONTROL, ' ')
    .replace(ZERO_WIDTH, '')
    .replace(EMOJI, ' ')
    .replace(LONE_SURROGATE, '')
    .replace(WECHAT_EMOTICON, ' ')
    .replace(BOT_MENTION, ' ')
    .replace(/[\s\u2005\u00a0]+/g, ' ');
  s = s.replace(LEADING_MENTIONS, '').replace(LEADING_KEYWORD, '');
  s = s.trim().replace(NON_ASCII_SPACE, '');
  return s;
}

/** Replaces [start, end) with spaces so later passes skip it while offsets stay valid. */
export function blank(s: string, start: number, end: number): string {
  return s.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + s.slice(end);
}

