import type { Plan } from '../plan/schema.js';

export type MessageKind = 'question' | 'report' | 'correction' | 'other';

export interface Amount {
  value: number;
  /** 人次, 人, 场, 次, 期, 份, 个, 家, 万元, % … as written (万 already multiplied out, except 万元) */
  unit: string;
  /**
   * 'add' (default): new this time (本月支出12万元, 又发了3期); 'set': a running total or level
   * to date (截至6月底累计执行96万元, 到目前一共45期) that replaces what was counted before.
   */
  mode?: 'add' | 'set';
  /** 共45期 with nothing saying whether that is new or the total so far: the dialog asks. */
  modeUnsure?: boolean;
  /** What is counted, as written next to the figure (4个社区 → 社区, 作品86件 → 作品): a figure counts toward a metric only when these words fit it */
  noun?: string;
  /** 其中学生1200人次: a part of a figure already given, never added on top of it */
  part?: boolean;
}

/** One reading of a report: the milestone it completes and/or the indicators it advances. */
export interface LinkCandidate {
  milestoneId: string | null;
  indicatorIds: string[];
  /** 0…1 */
  score: number;
}

export type QuarterRef = 1 | 2 | 3 | 4;

/** What a question asks for; the answer module renders each. */
export type QuestionIntent =
  /** 这个季度要做什么 / 下季度 / 第三季度有什么任务 / 全年任务 */
  | { type: 'due'; quarter: QuarterRef | 'annual' | 'all'; relative: 'this' | 'next' | 'last' | null }
  /** 科普日是哪个季度的 / 编程大赛什么时候 */
  | { type: 'when'; query: string; milestoneIds: string[] }
  /** 数量指标5是什么 / 满意度要求多少 */
  | { type: 'indicator'; indicatorIds: string[] }
  /** 数量指标12完成了多少 / 科技工作者日办了吗 / 受益人数到多少了 */
  | { type: 'progress'; indicatorIds: string[]; milestoneIds: string[] }
  /** 总体进度怎么样 / 完成情况 */
  | { type: 'overview' }
  /** 还有哪些任务没完成 */
  | { type: 'unfinished' }
  /** 本周谁报了进度 / 今天有谁报 */
  | { type: 'who-reported'; range: 'today' | 'week' | 'last-week' | 'month' | 'quarter' }
  /** 我报了哪些 / 我的记录 */
  | { type: 'my-records'; month?: string }
  /** 经费多少 / 预算 */
  | { type: 'funding' }
  /** 成本上限 / 花了多少钱 */
  | { type: 'cost' }
  /** 年度目标有哪些 */
  | { type: 'goals' }
  /** 帮助 / 怎么用 / 你能做什么 */
  | { type: 'help' }
  /** 周报 / 季度小结 / 提醒 */
  | { type: 'digest'; kind: 'weekly' | 'quarterly' | 'reminder' }
  /** 下次推送 */
  | { type: 'schedule' }
  /** 导出监控表 / 导出自评表 / 导出记录 */
  | { type: 'export'; kind: 'monitor' | 'selfeval' | 'records'; /** 监控表: 1 to this month (导出1-6月监控表) */ through?: number };

export interface CorrectionIntent {
  action: 'withdraw' | 'amend';
  /** R2021-0003 when the message names one; null = the author's latest record */
  recordId: string | null;
  amounts: Amount[];
  date: string | null;
  indicators: string[];
}

/** One of several activities a report holds (周一开了工作会，周三杂志也订好了): read on its own. */
export interface Activity {
  /** The words about this activity */
  text: string;
  candidates: LinkCandidate[];
  amounts: Amount[];
  date: string | null;
}

export interface Understanding {
  text: string;
  kind: MessageKind;
  /** Plan ids (milestones schedule-… and indicators quantity-… etc.), best first */
  indicators: string[];
  amounts: Amount[];
  /** YYYY-MM-DD, or null */
  date: string | null;
  /** 0…1: how sure the reader is of kind and linking (the LLM is asked below a threshold) */
  confidence: number;
  /** For reports: readings best first */
  candidates: LinkCandidate[];
  question: QuestionIntent | null;
  correction: CorrectionIntent | null;
  /** Which reader answered */
  source: 'rules' | 'llm';
  /** A report of several activities: each on its own (candidates/amounts above are the first's and the whole message's) */
  activities?: Activity[];
}

export interface UnderstandContext {
  plan: Plan;
  /** The message's time: relative dates (昨天, 上周五) count from it, in Asia/Shanghai */
  now: Date;
}

/** Changes to a pending proposal: 改成1800人次 / 是数量指标13 / 日期是5月7日 / 选2. */
export interface Adjustment {
  amounts: Amount[];
  date: string | null;
  /** Plan ids named in the message */
  indicators: string[];
  /** "2" / "第二个" when choosing among numbered alternatives */
  choice: number | null;
}

/** The nlu command's line: exactly these keys (plus `source` once an LLM may answer). */
export interface NluLine {
  text: string;
  kind: MessageKind;
  indicators: string[];
  amounts: { value: number; unit: string; mode?: 'set' }[];
  date: string | null;
}

/**
 * A second reader (the LLM) consulted only when the rules are unsure. It must return the
 * rules' answer on any failure; it never acts, it only reads.
 */
export interface Refiner {
  refine(text: string, rules: Understanding, ctx: UnderstandContext): Promise<Understanding>;
}
