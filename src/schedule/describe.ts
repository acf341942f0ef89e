import { formatMonthDay, shanghaiDay, shanghaiParts, weekdayName } from '../core/time.js';
import { DEFAULT_CRON, JOB_NAMES, type JobName, type ScheduleConfig } from './config.js';
import { nextRuns, type Occurrence } from './jobs.js';
import { quarterName } from '../plan/labels.js';

const JOB_TITLE: Record<JobName, string> = { weekly: '周报', quarterly: '季度小结', reminder: '季末提醒' };

function rule(config: ScheduleConfig, job: JobName): string {
  switch (job) {
    case 'weekly':
      return '每周第一个工作日';
    case 'quarterly':
      return '季度结束后第一个工作日';
    case 'reminder':
      return config.reminderDays.length ? `季末前第${config.reminderDays.join('、')}个工作日` : '已关闭';
  }
}

function when(o: Occurrence): string {
  const day = shanghaiDay(o.dueAt);
  const { year, hour, minute } = shanghaiParts(o.dueAt);
  return `${year}年${formatMonthDay(day)}（${weekdayName(day)}）${hour}:${String(minute).padStart(2, '0')}`;
}

function what(o: Occurrence): string {
  if (o.job === 'quarterly' && o.quarter) return ` ${o.quarter.year}年${quarterName(o.quarter.q)}小结`;
  if (o.job === 'reminder' && o.quarter) return ` ${quarterName(o.quarter.q)}还剩${o.workingDaysLeft}个工作日`;
  return '';
}

/** The reply to "下次推送": each job, its rule, and its next runs (Beijing time, working calendar). */
export function describeSchedule(config: ScheduleConfig, now: Date, n = 3): string {
  const next = nextRuns(config, now, n);
  const lines = ['定时推送（北京时间，按国家法定工作日）：'];
  for (const job of JOB_NAMES) {
    const cron = config.cron[job] === DEFAULT_CRON ? '' : `（cron ${config.cron[job]}）`;
    lines.push(`${JOB_TITLE[job]}：${rule(config, job)}${cron}`);
    const runs = next[job];
    lines.push(runs.length ? runs.map((o) => `  ${when(o)}${what(o)}`).join('\n') : '  近期没有（检查该任务的 cron 设置是否落在规定的工作日上）');
  }
  return lines.join('\n');
}
