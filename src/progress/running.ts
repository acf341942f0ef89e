/**
 * A running value from dated reports that are either increments ("本月支出12万元", mode add)
 * or levels ("截至6月底累计执行96万元", mode set). Generic: any metric whose reports mix the two.
 *
 * The rule: the latest 'set' dated on or before the cut-off fixes the level as of its day; every
 * 'add' dated after that day is added on top. Adds dated on or before the set's day are taken to be
 * inside the level already (a level "截至6月底" includes June's increments), whatever order they were
 * confirmed in. Two sets on the same day: the one confirmed last wins. Withdrawn reports are the
 * caller's to leave out.
 */
export type RunningMode = 'add' | 'set';

export interface RunningEntry {
  /** YYYY-MM-DD the figure is as of (the activity's day) */
  activityDate: string;
  /** When it was confirmed (ISO); orders sets on the same day */
  confirmedAt: string;
  value: number;
  /** missing = add */
  mode?: RunningMode | null;
  /** A tiebreak for entries confirmed at the same instant (e.g. the record's sequence number) */
  seq?: number;
}

export interface RunningValue {
  /** null when no entry is dated on or before the cut-off */
  value: number | null;
  /** The level the value starts from, or null when only increments count */
  base: RunningEntry | null;
  /** The entries the value is made of: the base (if any) then the increments after it, in date order */
  counted: RunningEntry[];
  /** Entries on or before the cut-off that the base already includes */
  absorbed: RunningEntry[];
}

function laterSet(a: RunningEntry, b: RunningEntry): boolean {
  if (a.activityDate !== b.activityDate) return a.activityDate > b.activityDate;
  if (a.confirmedAt !== b.confirmedAt) return a.confirmedAt > b.confirmedAt;
  return (a.seq ?? 0) > (b.seq ?? 0);
}

const byDate = (a: RunningEntry, b: RunningEntry) =>
  a.activityDate < b.activityDate ? -1 : a.activityDate > b.activityDate ? 1 : a.confirmedAt < b.confirmedAt ? -1 : a.confirmedAt > b.confirmedAt ? 1 : (a.seq ?? 0) - (b.seq ?? 0);

/** The value as of the end of `cutoff` (YYYY-MM-DD); entries dated after it do not count. */
export function runningValue<E extends RunningEntry>(entries: readonly E[], cutoff: string): RunningValue & { base: E | null; counted: E[]; absorbed: E[] } {
  const upTo = entries.filter((e) => e.activityDate <= cutoff);
  let base: E | null = null;
  for (const e of upTo) if (e.mode === 'set' && (base === null || laterSet(e, base))) base = e;
  const counted: E[] = [];
  const absorbed: E[] = [];
  for (const e of upTo) {
    if (e === base) continue;
    if (base && e.activityDate <= base.activityDate) absorbed.push(e);
    else counted.push(e);
  }
  counted.sort(byDate);
  absorbed.sort(byDate);
  if (!base && !counted.length) return { value: null, base: null, counted: [], absorbed };
  const sum = counted.reduce((s, e) => s + e.value, base ? base.value : 0);
  return { value: Math.round(sum * 1e6) / 1e6, base, counted: base ? [base, ...counted] : counted, absorbed };
}
