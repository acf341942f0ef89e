import type { ProgressRecord } from '../store/schema.js';

/**
 * Lookups the answers need on large record sets (100k records): by reporter, and by the
 * Shanghai day a record was confirmed. Built once per store revision, then each lookup is
 * a map hit or a binary search instead of a scan.
 */
export interface RecordIndex {
  byReporter(id: string): readonly ProgressRecord[];
  /** Records confirmed on days from..to (YYYY-MM-DD, inclusive), oldest first */
  confirmedBetween(from: string, to: string): readonly ProgressRecord[];
}

export function buildRecordIndex(records: readonly ProgressRecord[]): RecordIndex {
  const reporters = new Map<string, ProgressRecord[]>();
  for (const r of records) {
    const list = reporters.get(r.reporter.id);
    if (list) list.push(r);
    else reporters.set(r.reporter.id, [r]);
  }
  let byDay: { day: string; rec: ProgressRecord }[] | null = null;
  const days = () => {
    byDay ??= records.map((rec) => ({ day: rec.confirmedAt.slice(0, 10), rec })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    return byDay;
  };
  const lowerBound = (list: { day: string }[], day: string) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.day < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    byReporter: (id) => reporters.get(id) ?? [],
    confirmedBetween(from, to) {
      const list = days();
      const out: ProgressRecord[] = [];
      for (let i = lowerBound(list, from); i < list.length && list[i]!.day <= to; i++) out.push(list[i]!.rec);
      return out;
    },
  };
}
