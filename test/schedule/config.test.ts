import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, ScheduleConfigError, scheduleConfigFromEnv } from '../../src/schedule/config.js';

function errorOf(env: Record<string, string>): ScheduleConfigError {
  try {
    scheduleConfigFromEnv(env);
  } catch (e) {
    if (e instanceof ScheduleConfigError) return e;
    throw e;
  }
  throw new Error('expected ScheduleConfigError');
}

describe('schedule settings from the environment', () => {
  it('uses 09:00 daily checks, reminders 10 and 3 working days out, 24 h catch-up, 1500-char messages and the chart by default', () => {
    expect(scheduleConfigFromEnv({})).toEqual(DEFAULT_SCHEDULE);
    expect(DEFAULT_SCHEDULE).toMatchObject({ reminderDays: [10, 3], catchUpHours: 24, maxMessageChars: 1500, chart: true });
    expect(DEFAULT_SCHEDULE.cron.reminder).toBe('0 9 * * *');
  });

  it('reads every setting when given', () => {
    const c = scheduleConfigFromEnv({
      BOT_WEEKLY_CRON: '0 8 * * *',
      BOT_QUARTERLY_CRON: '0 10 * * *',
      BOT_REMINDER_CRON: '30 9 * * *',
      BOT_REMINDER_DAYS: '3,10,5',
      BOT_CATCHUP_HOURS: '12',
      BOT_MAX_MESSAGE_CHARS: '800',
      BOT_CHART: 'off',
    });
    expect(c).toEqual({ cron: { weekly: '0 8 * * *', quarterly: '0 10 * * *', reminder: '30 9 * * *' }, reminderDays: [10, 5, 3], catchUpHours: 12, maxMessageChars: 800, chart: false });
  });

  it('turns reminders off with BOT_REMINDER_DAYS=off', () => {
    expect(scheduleConfigFromEnv({ BOT_REMINDER_DAYS: 'off' }).reminderDays).toEqual([]);
  });

  it('rejects a bad cron expression naming the setting, the value, the field node-cron objects to, and the fix', () => {
    const e = errorOf({ BOT_QUARTERLY_CRON: '0 25 * * *' });
    expect(e.setting).toBe('BOT_QUARTERLY_CRON');
    expect(e.message).toContain('BOT_QUARTERLY_CRON="0 25 * * *"');
    expect(e.message).toContain('hour');
    expect(e.message).toContain('例如 "0 9 * * *"');
  });

  it('rejects a cron expression with the wrong number of fields', () => {
    expect(errorOf({ BOT_WEEKLY_CRON: 'every monday' }).message).toMatch(/BOT_WEEKLY_CRON.*expected 5 or 6 fields/);
  });

  it('rejects reminder days, hours, sizes and switches that are not what they should be, naming the setting', () => {
    expect(errorOf({ BOT_REMINDER_DAYS: '10,abc' }).message).toMatch(/^BOT_REMINDER_DAYS="10,abc".*abc/);
    expect(errorOf({ BOT_CATCHUP_HOURS: '-1' }).setting).toBe('BOT_CATCHUP_HOURS');
    expect(errorOf({ BOT_MAX_MESSAGE_CHARS: '50' }).message).toMatch(/BOT_MAX_MESSAGE_CHARS="50".*200–20000/);
    expect(errorOf({ BOT_CHART: 'maybe' }).message).toMatch(/BOT_CHART="maybe".*on 或 off/);
  });
});
