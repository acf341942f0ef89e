import type { ProgressRecord, RecordFields } from '../store/schema.js';

/**
 * The records as they stood at `at` (ISO): reports confirmed later left out, and withdrawals
 * and amendments made later undone from each record's history. Activities dated after the
 * day are left out too: they had not happened. This is what a digest or a form made at that
 * moment saw, so figures "as of 6月30日" can be told after the fact. (The forms' recordsAsOf in
 * export/common.ts asks something else: every activity up to a day, however late reported.)
 */
export function recordsAsTheyStood(records: readonly ProgressRecord[], at: string, day: string): ProgressRecord[] {
  const t = Date.parse(at);
  const out: ProgressRecord[] = [];
  for (const rec of records) {
    if (Date.parse(rec.confirmedAt) > t) continue;
    let r: ProgressRecord = rec;
    const later = rec.history.filter((h) => Date.parse(h.at) > t && h.action !== 'create');
    for (const h of [...later].reverse()) {
      if (h.action === 'withdraw') r = { ...r, status: 'active' };
      else if (h.action === 'amend' && h.before) r = { ...r, ...(h.before as Partial<RecordFields>) };
    }
    if (r.activityDate > day) continue;
    out.push(r);
  }
  return out;
}
