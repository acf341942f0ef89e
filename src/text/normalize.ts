/**
 * Text normalisation shared by the importer and the understanding:
 * full-width ASCII to half-width, ≧/>= to ≥, ideographic spaces, and Word artefacts.
 */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

export function normalizeText(text: string): string {
  return toHalfWidth(text)
    .replace(/\[bookmark:[^\]]*\]/g, '')
    .replace(/≧|>=/g, '≥')
    .replace(/≦|<=/g, '≤')
    .replace(/[～〜]/g, '~')
    .replace(/[—–－]/g, '-');
}

/** For stored text: full-width digits, letters and ％ become half-width; punctuation stays as written. */
export function cleanStoredText(text: string): string {
  return text
    .replace(/\[bookmark:[^\]]*\]/g, '')
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF05]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}
