/**
 * Every word the digests say, in one place, so wording can be reviewed without reading
 * the rendering code. Plain text: WeChat shows markdown as raw characters.
 */
export const T = {
  weeklyTitle: (date: string) => `【绩效周报】${date}`,
  weeklyNew: (since: string, n: number) => `${since}以来新报 ${n} 条`,
  targetsLine: (total: number, met: number, behind: number, over: number) =>
    `数值目标 ${total} 项：已达成 ${met} 项，滞后 ${behind} 项${over ? `，超支 ${over} 项` : ''}`,
  quarterOpen: (qName: string, n: number, due: string, days: number) =>
    n ? `${qName}未报里程碑 ${n} 项，${due}到期，还剩 ${days} 天` : `${qName}里程碑已全部报送`,
  overdueHead: (n: number) => (n ? `往季度逾期未报 ${n} 项` : '往季度没有逾期未报'),
  spendingHead: (spent: string, cap: string, pct: string) => `经费已支出 ${spent}，上限 ${cap}（${pct}）`,
  detailsFollow: '详情如下。',

  sectionNew: (since: string, until: string) => `一、新报进展（${since}—${until}）`,
  noNew: '这段时间没有新报的进展。',
  otherGroup: '未对应里程碑',
  reportLine: (who: string, day: string, amounts: string, id: string) => `  ${who} ${day}${amounts ? ` ${amounts}` : ''}（${id}）`,

  sectionTargets: '二、数值目标（完成值/目标，完成率，进度）',
  targetLine: (code: string, counts: string, actual: string, target: string, pct: string, pace: string) =>
    `${code} ${counts} ${actual}/${target}，${pct}，${pace}`,

  sectionOpen: (qName: string, due: string, days: number) => `三、${qName}未报里程碑（${due}到期，还剩 ${days} 天）`,
  noneOpen: '全部已报送。',
  owners: (names: string[]) => `（负责人：${names.join('、')}）`,

  sectionOverdue: '四、往季度逾期未报',
  overdueLine: (label: string, due: string, days: number) => `${label} ${due}到期，已逾期 ${days} 天`,
  noneOverdue: '没有。',

  sectionSpending: '五、经费',
  spendingLine: (spent: string, cap: string, pct: string, pace: string, evidence: string) =>
    `已支出 ${spent}，上限 ${cap}，占 ${pct}，执行进度${pace}（${evidence}）`,

  quarterlyTitle: (qName: string, year: number, from: string, to: string) => `【${year}年${qName}小结】${from}—${to}`,
  quarterlyMilestones: (total: number, done: number) => `本季度里程碑 ${total} 项：已完成 ${done} 项，未完成 ${total - done} 项`,
  quarterlyBehind: (n: number) => (n ? `滞后的指标 ${n} 项，请填写偏差原因` : '没有滞后的指标'),
  sectionDone: '一、本季度里程碑',
  doneHead: '已完成：',
  notDoneHead: '未完成：',
  evidenceLine: (id: string, who: string, reported: string, activity: string) => `  ${id} ${who} ${reported}报送（活动日期 ${activity}）`,
  sectionIndicators: (asOf: string) => `二、指标完成情况（截至${asOf}）`,
  indicatorRow: (target: string, actual: string, pct: string, pace: string) => `  年度指标值 ${target}｜实际完成值 ${actual}｜完成率 ${pct}｜${pace}`,
  qualitativeRow: (evidence: string) => `  定性指标｜${evidence}`,
  qualitativeNone: '暂无报送',
  qualitativeSilent: (codes: string) => `定性指标暂无报送：${codes}`,
  deviation: '  偏差原因：____',

  reminderTitle: (qName: string, days: number, due: string) => `【季末提醒】${qName}还剩 ${days} 个工作日（${due}截止）`,
  reminderOpen: (n: number) => `以下 ${n} 项尚未报送：`,
  reminderAllDone: (qName: string) => `${qName}的里程碑都已报送，辛苦了。`,
  /** A plan imported without a 进度 block: nothing to remind of until admins set milestones */
  reminderNone: (qName: string) => `计划里没有${qName}的进度节点。管理员可以在群里说“设置进度：活动名称 ${qName} 负责人某某”添加。`,
  reminderHow: '办完请在群里说一声，例如“昨天科普日主场活动办完了，约2100人次”。',

  none: '无',
};


/** The caption of the weekly progress picture. */
export const CHART_CAPTION = '本周进度图';

/** Why a job could not produce its digest (logged, and noted in the job run). */
export const NO_PLAN = (year: number) => `没有 ${year} 年的绩效计划：请先用 npm run import-plan 导入 data/plans/${year}.json`;
