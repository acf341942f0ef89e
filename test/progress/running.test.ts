import { describe, expect, it } from 'vitest';
import { runningValue, type RunningEntry } from '../../src/progress/running.js';

const e = (activityDate: string, value: number, mode?: 'add' | 'set', confirmedAt = `${activityDate}T12:00:00+08:00`): RunningEntry => ({ activityDate, confirmedAt, value, mode });

describe('runningValue', () => {
  it('adds increments when nobody states a level', () => {
    const r = runningValue([e('2021-01-31', 10), e('2021-02-28', 12.5, 'add'), e('2021-03-31', 7)], '2021-12-31');
    expect(r.value).toBe(29.5);
    expect(r.base).toBeNull();
    expect(r.counted).toHaveLength(3);
  });

  it('returns null when nothing is dated on or before the cut-off', () => {
    expect(runningValue([e('2021-08-31', 10)], '2021-07-31').value).toBeNull();
    expect(runningValue([], '2021-07-31').value).toBeNull();
  });

  it('a level replaces the increments before it and later increments go on top', () => {
    // 1月 10, 2月 20 (adds), 截至6月底累计 96.4 (set), 7月 35.6 (add)
    const entries = [e('2021-01-31', 10), e('2021-02-28', 20), e('2021-06-30', 96.4, 'set'), e('2021-07-31', 35.6, 'add')];
    const r = runningValue(entries, '2021-07-31');
    expect(r.value).toBe(132);
    expect(r.base?.value).toBe(96.4);
    expect(r.absorbed.map((x) => x.value)).toEqual([10, 20]);
    // at a June cut-off the July add does not count yet
    expect(runningValue(entries, '2021-06-30').value).toBe(96.4);
    // before the level exists, the increments are all there is
    expect(runningValue(entries, '2021-05-31').value).toBe(30);
  });

  it('an increment on the same day as a level is inside the level, whichever was confirmed first', () => {
    const addFirst = [e('2021-06-30', 12, 'add', '2021-06-30T09:00:00+08:00'), e('2021-06-30', 96, 'set', '2021-06-30T10:00:00+08:00')];
    const setFirst = [e('2021-06-30', 96, 'set', '2021-06-30T09:00:00+08:00'), e('2021-06-30', 12, 'add', '2021-06-30T10:00:00+08:00')];
    expect(runningValue(addFirst, '2021-06-30').value).toBe(96);
    expect(runningValue(setFirst, '2021-06-30').value).toBe(96);
  });

  it('a level reported after the increments, dated later, wins over their sum', () => {
    // increments reported in July for May and June, then the ledger level as of 6月30日
    const entries = [e('2021-05-31', 40, 'add', '2021-07-02T09:00:00+08:00'), e('2021-06-30', 30, 'add', '2021-07-02T09:05:00+08:00'), e('2021-06-30', 75, 'set', '2021-07-03T09:00:00+08:00')];
    expect(runningValue(entries, '2021-07-31').value).toBe(75);
  });

  it('an old level confirmed late does not override a newer level', () => {
    const entries = [e('2021-06-30', 96, 'set', '2021-07-01T09:00:00+08:00'), e('2021-03-31', 30, 'set', '2021-07-05T09:00:00+08:00'), e('2021-07-15', 4, 'add')];
    const r = runningValue(entries, '2021-07-31');
    expect(r.value).toBe(100);
    expect(r.base?.value).toBe(96);
  });

  it('two levels on the same day: the later confirmed one is the correction', () => {
    const entries = [e('2021-06-30', 96, 'set', '2021-07-01T09:00:00+08:00'), e('2021-06-30', 98.5, 'set', '2021-07-01T15:00:00+08:00')];
    expect(runningValue(entries, '2021-06-30').value).toBe(98.5);
  });

  it('a level of zero is a level', () => {
    expect(runningValue([e('2021-01-31', 10), e('2021-02-01', 0, 'set')], '2021-03-01').value).toBe(0);
  });

  it('keeps decimals exact to the cent', () => {
    expect(runningValue([e('2021-01-31', 0.1), e('2021-02-28', 0.2)], '2021-12-31').value).toBe(0.3);
  });
});
