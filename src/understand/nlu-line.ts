import type { NluLine, Understanding } from './types.js';

/** The nlu command's line: exactly text, kind, indicators, amounts, date — in that order. */
export function toNluLine(u: Understanding): NluLine {
  return {
    text: u.text,
    kind: u.kind,
    indicators: [...u.indicators],
    amounts: u.amounts.map((a) => ({ value: a.value, unit: a.unit })),
    date: u.date,
  };
}
