import { fromShanghai, shanghaiParts } from '../core/time.js';
import type { InboundMessage, Roles } from '../core/types.js';
import { hasRole } from '../core/types.js';
import type { RecordStore } from '../store/types.js';
import type { Plan } from './schema.js';
import { calendarWarning } from '../schedule/calendar.js';

/**
 * Which year the bot is in, and what it does at the turn of the year: answers about a finished
 * year as of its last day, never files a report dated in a year without a plan into another
 * year's records, and tells admins once how to import the new year's plan.
 */
export const YT = {
  noPlanNotice: (year: number, latest: number | null) =>
    `还没有${year}年的绩效计划${latest ? `（现在用的是${latest}年的）` : ''}。导入方法：把${year}年的绩效目标表（Word 另存为 .txt，或 .docx / .xlsx）放到服务器上，运行\n` +
    `npm run import-plan -- ${year}年绩效目标表.docx\n生成 data/plans/${year}.json 后重启助手。没有进度节点的表，导入后可以在群里说“设置进度：… 第三季度 负责人…”补上。`,
  reportNoPlan: (year: number, planYear: number) =>
    `这条的日期在${year}年，但还没有${year}年的绩效计划，所以没有保存（不会记到${planYear}年的记录里）。请管理员先导入${year}年的计划，再来报。`,
  reportOtherYear: (year: number, planYear: number) =>
    `这条的日期在${year}年，不属于${planYear}年的计划，所以没有保存。请说明${planYear}年内的日期，或按${year}年的计划另报。`,
};

/** The year a day or instant falls in, Beijing time. */
function yearOf(at: Date): number {
  return shanghaiParts(at).year;
}

/** The moment answers about a plan are given at: now, or the plan year's last minute once it is over. */
export function asOfFor(plan: Plan, now: Date): Date {
  const end = fromShanghai(plan.year, 12, 31, 23, 59);
  return now.getTime() > end.getTime() ? end : now;
}

/** "2021年的情况" / "2021年总体进度": the plan of the year a question names, when there is one. */
export function namedPlan(text: string, plans: Map<number, Plan>): Plan | null {
  const m = /((?:19|20)\d{2})\s*年度?(?!\d|\s*\d{1,2}\s*月)/.exec(text);
  if (!m) return null;
  // only a question about that year: "审议2020年工作报告" in a report is not one
  if (!/(情况|进度|完成|怎么样|如何|多少|哪些|总体|概况|小结|周报|要做什么|任务|指标|[?？吗])/.test(text.slice(m.index + m[0].length))) return null;
  return plans.get(Number(m[1])) ?? null;
}

/** Why a report with this activity date cannot go into the plan's records, or null when it can. */
export function reportYearProblem(activityDate: string, planYear: number, plans: Map<number, Plan>): string | null {
  const year = Number(activityDate.slice(0, 4));
  if (year === planYear) return null;
  return plans.has(year) ? YT.reportOtherYear(year, planYear) : YT.reportNoPlan(year, planYear);
}

/** The notice for a year without a plan, or null. */
export function missingPlanNotice(plans: Map<number, Plan>, now: Date): { year: number; text: string } | null {
  const year = yearOf(now);
  if (plans.has(year)) return null;
  const earlier = [...plans.keys()].filter((y) => y < year).sort((a, b) => b - a);
  return { year, text: YT.noPlanNotice(year, earlier[0] ?? null) };
}

const NOTICE_JOB = 'plan-missing-notice';
const CALENDAR_JOB = 'calendar-missing-notice';

/**
 * Tells admins, once per year, that the year has no plan (and, for a year the working calendar
 * does not know, that only weekends count as days off): the first admin message of that year
 * gets the notice. "Once" is kept in the store (state.json), so a restart does not repeat it.
 */
export function createYearNotice(deps: { plans: Map<number, Plan>; store: RecordStore; roles: Roles; onNotice?: (text: string) => void }) {
  return {
    async check(msg: InboundMessage, now: Date): Promise<string | null> {
      if (!hasRole(deps.roles.admins, msg.sender)) return null;
      const year = shanghaiParts(now).year;
      const texts: string[] = [];
      const once = async (job: string, text: string | null) => {
        if (!text) return;
        if (deps.store.jobRuns().some((r) => r.job === job && r.period === String(year))) return;
        const at = now.toISOString();
        try {
          await deps.store.addJobRun({ job, period: String(year), dueAt: at, ranAt: at, status: 'posted', note: null });
        } catch {
          return; // not kept: say it next time rather than every time
        }
        deps.onNotice?.(text);
        texts.push(text);
      };
      await once(NOTICE_JOB, missingPlanNotice(deps.plans, now)?.text ?? null);
      await once(CALENDAR_JOB, calendarWarning([year]));
      return texts.length ? texts.join('\n\n') : null;
    },
  };
}

/**
 * The terminal demo on a fresh clone: with no plan for this year, the chat runs at the same day
 * and time of the latest plan's year (2026-11-30 → 2021-11-30), and says so in one line.
 */
export function demoStart(plans: Map<number, Plan>, realNow: Date): { start: Date; line: string } | null {
  const p = shanghaiParts(realNow);
  if (plans.has(p.year) || !plans.size) return null;
  const years = [...plans.keys()].sort((a, b) => a - b);
  const earlier = years.filter((y) => y < p.year);
  const year = earlier.length ? earlier[earlier.length - 1]! : years[0]!;
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const day = p.month === 2 && p.day === 29 && !leap(year) ? 28 : p.day;
  const start = fromShanghai(year, p.month, day, p.hour, p.minute);
  return {
    start,
    line: `演示：还没有${p.year}年的计划，时钟拨到${year}年${p.month}月${day}日（今天的同一天），按${year}年计划回答；--now 2021-05-10 可换时间。`,
  };
}
