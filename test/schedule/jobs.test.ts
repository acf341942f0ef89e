import { describe, expect, it } from 'vitest';
import { parseShanghai } from '../../src/core/time.js';
import { DEFAULT_SCHEDULE, scheduleConfigFromEnv } from '../../src/schedule/config.js';
import { isoRun, nextOccurrences, nextRuns, periodsOnDay } from '../../src/schedule/jobs.js';
import { describeSchedule } from '../../src/schedule/describe.js';
import type { JobName } from '../../src/schedule/config.js';

const at = (s: string) => parseShanghai(s)!;
const next = (job: JobName, from: string, n = 3, config = DEFAULT_SCHEDULE) => nextOccurrences(config, job, at(from), n).map((o) => `${isoRun(o.dueAt)} ${o.period}`);

describe('next runs on the working calendar (09:00 Shanghai)', () => {
  it('sends the weekly digest of the week of 4 Oct 2021 and the Q3 summary on Friday 8 October (国庆)', () => {
    const runs = nextRuns(DEFAULT_SCHEDULE, at('2021-09-30T10:00'), 3);
    expect(runs.weekly.map((o) => isoRun(o.dueAt))).toEqual(['2021-10-08T09:00+08:00', '2021-10-11T09:00+08:00', '2021-10-18T09:00+08:00']);
    expect(runs.quarterly.map((o) => `${isoRun(o.dueAt)} ${o.period}`)).toEqual([
      '2021-10-08T09:00+08:00 2021-Q3',
      '2022-01-04T09:00+08:00 2021-Q4',
      '2022-04-01T09:00+08:00 2022-Q1',
    ]);
    expect(runs.weekly[0]!.period).toBe('2021-W40');
  });

  it('moves the weekly digest past 春节 2021 to Thursday 18 Feb', () => {
    expect(next('weekly', '2021-02-09T10:00', 2)).toEqual(['2021-02-18T09:00+08:00 2021-W07', '2021-02-22T09:00+08:00 2021-W08']);
  });

  it('skips the weekly digest for the 春节 2022 week that has no working day', () => {
    expect(next('weekly', '2022-01-25T10:00', 1)).toEqual(['2022-02-07T09:00+08:00 2022-W06']);
  });

  it('moves the weekly digest past 清明 in 2021 and 2022', () => {
    expect(next('weekly', '2021-04-02T10:00', 1)).toEqual(['2021-04-06T09:00+08:00 2021-W14']);
    expect(next('weekly', '2022-04-02T10:00', 1)).toEqual(['2022-04-06T09:00+08:00 2022-W14']);
  });

  it('moves the weekly digest past 劳动节 in 2021 and 2022', () => {
    expect(next('weekly', '2021-04-30T10:00', 1)).toEqual(['2021-05-06T09:00+08:00 2021-W18']);
    expect(next('weekly', '2022-04-29T10:00', 1)).toEqual(['2022-05-05T09:00+08:00 2022-W18']);
  });

  it('moves the weekly digest past 中秋 in 2021 and 2022', () => {
    expect(next('weekly', '2021-09-18T10:00', 1)).toEqual(['2021-09-22T09:00+08:00 2021-W38']);
    expect(next('weekly', '2022-09-09T10:00', 1)).toEqual(['2022-09-13T09:00+08:00 2022-W37']);
  });

  it('sends on the Saturday 调休 after 国庆 2022, both the weekly and the Q3 summary', () => {
    expect(next('weekly', '2022-09-30T10:00', 2)).toEqual(['2022-10-08T09:00+08:00 2022-W40', '2022-10-10T09:00+08:00 2022-W41']);
    expect(next('quarterly', '2022-09-30T10:00', 1)).toEqual(['2022-10-08T09:00+08:00 2022-Q3']);
  });

  it('sends the Q4 summary after 元旦: 4 Jan 2022, and 3 Jan 2023 (元旦 2023 starts on 31 Dec)', () => {
    expect(next('quarterly', '2021-12-31T10:00', 1)).toEqual(['2022-01-04T09:00+08:00 2021-Q4']);
    expect(next('weekly', '2021-12-31T10:00', 1)).toEqual(['2022-01-04T09:00+08:00 2022-W01']);
    expect(next('quarterly', '2022-12-30T10:00', 1)).toEqual(['2023-01-03T09:00+08:00 2022-Q4']);
  });

  it('reminds 10 and 3 working days before a quarter ends, counting 中秋 off and 调休 weekends on', () => {
    expect(next('reminder', '2021-09-01T10:00', 2)).toEqual(['2021-09-17T09:00+08:00 2021-Q3-10d', '2021-09-28T09:00+08:00 2021-Q3-3d']);
    // Q4 2022 ends on Saturday 31 Dec, a day off (元旦)
    expect(next('reminder', '2022-12-01T10:00', 2)).toEqual(['2022-12-19T09:00+08:00 2022-Q4-10d', '2022-12-28T09:00+08:00 2022-Q4-3d']);
    const [o] = nextOccurrences(DEFAULT_SCHEDULE, 'reminder', at('2021-09-20T10:00'), 1);
    expect(o).toMatchObject({ workingDaysLeft: 3, quarter: { year: 2021, q: 3 } });
  });

  it('uses the time of day of a configured cron expression and still follows the calendar rule', () => {
    const config = scheduleConfigFromEnv({ BOT_WEEKLY_CRON: '30 8 * * *', BOT_REMINDER_DAYS: '5' });
    expect(next('weekly', '2021-09-30T10:00', 1, config)).toEqual(['2021-10-08T08:30+08:00 2021-W40']);
    expect(next('reminder', '2021-09-01T10:00', 1, config)).toEqual(['2021-09-26T09:00+08:00 2021-Q3-5d']); // Sunday 调休 counts
  });

  it('owes nothing on a day its rule does not name', () => {
    expect(periodsOnDay(DEFAULT_SCHEDULE, 'weekly', '2021-10-09')).toEqual([]); // 调休 Saturday, but the week already had Friday
    expect(periodsOnDay(DEFAULT_SCHEDULE, 'quarterly', '2021-10-11')).toEqual([]);
  });

  it('describes the schedule in Chinese for the 下次推送 command', () => {
    const text = describeSchedule(DEFAULT_SCHEDULE, at('2021-09-30T10:00'));
    expect(text).toContain('周报：每周第一个工作日');
    expect(text).toContain('2021年10月8日（周五）9:00');
    expect(text).toContain('2021年三季度小结');
    expect(text).toContain('四季度还剩10个工作日');
  });
});
