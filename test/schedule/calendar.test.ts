import { describe, expect, it } from 'vitest';
import {
  calendarWarning,
  coveredYears,
  firstWorkingDayAfter,
  firstWorkingDayOfWeek,
  isoWeekKey,
  isWorkingDay,
  uncoveredYears,
  workingDaysBefore,
  workingDaysBetween,
} from '../../src/schedule/calendar.js';

describe('working calendar (chinese-days, Shanghai days, whatever the host TZ)', () => {
  it('treats the 2021 国庆 holidays as days off and the 调休 weekend days around them as working days', () => {
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(`2021-10-0${d}`)).toBe(false);
    expect(isWorkingDay('2021-09-18')).toBe(true); // Saturday, 中秋 调休
    expect(isWorkingDay('2021-09-26')).toBe(true); // Sunday, 国庆 调休
    expect(isWorkingDay('2021-10-09')).toBe(true); // Saturday, 国庆 调休
    expect(isWorkingDay('2021-10-08')).toBe(true);
    expect(isWorkingDay('2021-10-10')).toBe(false); // ordinary Sunday
  });

  it('answers for the Shanghai calendar day even though the suite runs in America/Los_Angeles', () => {
    expect(process.env.TZ).toBe('America/Los_Angeles');
    expect(isWorkingDay('2021-10-08')).toBe(true); // Friday (the package's own isWorkday says Thursday's answer here)
    expect(isWorkingDay('2021-10-04')).toBe(false);
  });

  it('finds the first working day of a week, Saturday 调休 included', () => {
    expect(firstWorkingDayOfWeek('2021-10-06')).toBe('2021-10-08');
    expect(firstWorkingDayOfWeek('2022-10-05')).toBe('2022-10-08'); // Saturday
    expect(firstWorkingDayOfWeek('2021-10-13')).toBe('2021-10-11');
  });

  it('returns null for a week with no working day at all (春节 2022)', () => {
    expect(firstWorkingDayOfWeek('2022-02-02')).toBeNull();
  });

  it('finds the first working day after a quarter ends across 国庆 and 元旦', () => {
    expect(firstWorkingDayAfter('2021-09-30')).toBe('2021-10-08');
    expect(firstWorkingDayAfter('2021-12-31')).toBe('2022-01-04');
    expect(firstWorkingDayAfter('2022-09-30')).toBe('2022-10-08');
  });

  it('counts working days back from a day, skipping holidays and counting 调休 weekends', () => {
    // counting back from 1 Oct 2021: 30, 29, 28 → the third is 28 Sep
    expect(workingDaysBefore('2021-10-01', 3)).toBe('2021-09-28');
    // 30,29,28,27,26(Sun 调休),24,23,22,18(Sat 调休),17
    expect(workingDaysBefore('2021-10-01', 10)).toBe('2021-09-17');
    expect(workingDaysBetween('2021-09-28', '2021-09-30')).toBe(3);
  });

  it('keys weeks by ISO week number, the Thursday deciding the year', () => {
    expect(isoWeekKey('2021-10-08')).toBe('2021-W40');
    expect(isoWeekKey('2022-01-02')).toBe('2021-W52');
    expect(isoWeekKey('2022-01-04')).toBe('2022-W01');
  });

  it('reports the years the package has no holiday arrangement for instead of guessing', () => {
    expect(coveredYears).toContain(2021);
    expect(coveredYears).toContain(2022);
    expect(uncoveredYears([2021, 2022, 2099])).toEqual([2099]);
    expect(calendarWarning([2021, 2022])).toBeNull();
    expect(calendarWarning([2099])).toMatch(/2099.*chinese-days/);
  });
});
