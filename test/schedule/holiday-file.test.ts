import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarWarning, firstWorkingDayAfter, firstWorkingDayOfWeek, isWorkingDay, resetHolidayYears, uncoveredYears } from '../../src/schedule/calendar.js';
import { CalendarError, loadHolidayFiles } from '../../src/schedule/holiday-file.js';
import { periodsOnDay } from '../../src/schedule/jobs.js';
import { DEFAULT_SCHEDULE } from '../../src/schedule/config.js';
import { runCli } from '../cli/run.js';

const dirs: string[] = [];
afterEach(() => {
  resetHolidayYears();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
function holidaysDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jx-hol-'));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  return dir;
}

// a made-up arrangement for a year chinese-days does not have (the shape the State Council publishes)
const Y2030 = {
  holidays: ['2030-01-01', '2030-10-01', '2030-10-02', '2030-10-03', '2030-10-04', '2030-10-07'],
  workdays: ['2030-09-29', '2030-10-12'],
  source: '测试用的安排',
};

describe('the working calendar past chinese-days’ years', () => {
  it('a year with neither the package nor a file: weekends off, and start-up says so with where to fill it', () => {
    expect(uncoveredYears([2030])).toEqual([2030]);
    expect(isWorkingDay('2030-10-01')).toBe(true); // a Tuesday: cannot be known
    expect(calendarWarning([2030])).toContain('data/holidays/2030.json');
  });

  it('an admin’s YYYY.json adds holidays and 调休 working days, so posts move with them', () => {
    const dir = holidaysDir({ '2030.json': Y2030, 'README.md': 'not a year' });
    expect(loadHolidayFiles(dir)).toEqual([2030]);
    expect(uncoveredYears([2030])).toEqual([]);
    expect(calendarWarning([2030])).toBeNull();
    expect(isWorkingDay('2030-10-01')).toBe(false);
    expect(isWorkingDay('2030-09-29')).toBe(true); // a Sunday worked
    expect(firstWorkingDayAfter('2030-09-30')).toBe('2030-10-08');
    // the week of 7 October: Monday the 7th is a holiday, so the weekly goes out on Tuesday
    expect(firstWorkingDayOfWeek('2030-10-07')).toBe('2030-10-08');
    expect(periodsOnDay(DEFAULT_SCHEDULE, 'quarterly', '2030-10-08').map((p) => p.period)).toEqual(['2030-Q3']);
  });

  it.each([
    [{ holidays: ['2030-13-01'] }, /不是真实的日期/],
    [{ holidays: ['2031-01-01'] }, /不在 2030 年/],
    [{ holidays: [], workdays: ['2030-10-08'] }, /不是周末/],
    [{ holidays: ['1月1日'] }, /YYYY-MM-DD/],
    [{ holiday: ['2030-01-01'] }, /2030\.json/],
    ['{ "holidays": [', /不是合法的 JSON/],
  ])('refuses a wrong file at start-up with the file, the entry and how to fix it (%j)', (body, msg) => {
    const dir = holidaysDir({ '2030.json': body });
    expect(() => loadHolidayFiles(dir)).toThrow(CalendarError);
    expect(() => loadHolidayFiles(dir)).toThrow(msg);
  });

  it('a missing folder is no extra years', () => {
    expect(loadHolidayFiles('/nonexistent/holidays')).toEqual([]);
  });

  it('npm run jobs reads the folder (HOLIDAYS_DIR) and stops on a bad file with one line', () => {
    const good = holidaysDir({ '2030.json': Y2030 });
    const r = runCli('src/cli/jobs.ts', ['--now', '2030-09-30T10:00'], '', { HOLIDAYS_DIR: good });
    expect(r.stderr).not.toContain('2030 年的放假安排');
    expect(r.stdout).toContain('2030-10-08T09:00+08:00');
    const bad = holidaysDir({ '2030.json': { holidays: ['2030-02-30'] } });
    const b = runCli('src/cli/jobs.ts', ['--now', '2030-09-30T10:00'], '', { HOLIDAYS_DIR: bad });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('2030-02-30 不是真实的日期');
  });
});
