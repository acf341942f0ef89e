import type { NluLine, Understanding } from './types.js';

/** The nlu command's line: exactly text, kind, indicators, amounts, date — in that order. */
export function toNluLine(u: Understanding): NluLine {
  return {
    text: u.text,
    kind: u.kind,
    indicators: [...u.indicators],
    // every stated quantity; a running total says so (mode "set"), an increment is plain
    amounts: u.amounts.map((a) => (a.mode === 'set' ? { value: a.value, unit: a.unit, mode: 'set' as const } : { value: a.value, unit: a.unit })),
    // the activity's date: reports and corrections have one; a question or a notice does not
    date: u.kind === 'report' || u.kind === 'correction' ? u.date : null,
  };
}
