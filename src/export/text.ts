/**
 * Every Chinese word the exported workbooks and their chat summaries use, in one place,
 * so the wording of the forms can be reviewed against the finance bureau's templates.
 */
export const T = {
  font: '宋体',
  yuan: '万元',
  monitor: {
    sheet: '绩效监控表',
    title: (year: number) => `${year}年度部门（单位）整体绩效运行监控表`,
    info: (dept: string, asOf: string, months: string) => `部门（单位）名称：${dept}　　　监控期间：${months}（截至${asOf}）　　　金额单位：万元`,
    fundingHead: ['资金情况', '年初预算数', '执行数', '执行率', '全年预计执行数', '执行进度预警', '说明'],
    indicatorHead: ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '全年预计完成情况'],
    deviation: '偏差原因分析',
    deviationTicks: ['经费保障', '制度保障', '人员保障', '硬件条件保障', '其他', '说明（原因及纠偏措施）'],
    likelihood: '完成目标可能性',
    likelihoodChoices: ['确定能', '有可能', '完全不可能'],
    remark: '备注（依据：记录编号、上报人、日期）',
    id: '系统编号',
    spendingNote: (metricId: string) => `执行数取群里上报的「经费支出」最新累计数（${metricId}，成本指标口径），未必含基本支出，请与财务账核对后再报`,
    noSpending: '尚无经费支出上报，请按财务账填写',
    warning: { red: '红灯（<60%）', yellow: '黄灯（60%–80%）', green: '绿灯（≥80%）' },
    pleaseFill: '（滞后：请填写原因、可能性和纠偏措施）',
    schedule: '进度指标',
    milestoneTarget: (due: string) => `${due}前完成`,
    notes: [
      '说明：',
      '1. 实际完成值按群内上报、经确认的记录汇总，只计活动日期在截止日及以前的有效记录（已撤销的不计）。',
      '2. 全年预计完成情况按时间进度推算：有进度节点的指标按已到期节点的比例，其他按全年已过天数的比例；经费按执行数 ÷ 时间进度推算。',
      '3. 执行进度预警 =（执行数 ÷ 预算数）÷ 时间进度：低于60%为红灯，60%–80%为黄灯，80%及以上为绿灯。',
      '4. 黄色底色的单元格为滞后指标，须填写偏差原因、完成目标可能性和纠偏措施。',
    ],
    summary: (asOf: string, indicators: number, milestones: number, counts: string, exec: string) =>
      `绩效监控表（截至${asOf}）已生成：${indicators}项指标、${milestones}个进度节点，${counts}${exec}。`,
  },
  selfeval: {
    sheet: '绩效自评表',
    rulesSheet: '评分规则',
    title: (year: number) => `${year}年度部门（单位）整体绩效自评表（草稿）`,
    info: (dept: string, asOf: string) => `部门（单位）名称：${dept}　　　数据截至：${asOf}　　　金额单位：万元`,
    fundingHead: ['资金情况', '年初预算数', '全年执行数', '执行率', '分值', '得分', '说明'],
    goalsHead: ['年度总体目标', '预期目标', '实际完成情况'],
    indicatorHead: ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '评价（定性）', '偏差原因分析及改进措施', '依据（记录编号、上报人、日期）', '系统编号'],
    qualitativeChoices: ['达成', '部分达成', '未达成'],
    budgetRow: '预算执行率',
    total: '总分（已评部分）',
    grade: '等级（全部评完后才作数）',
    pending: '待人工评定分值',
    best: '最高可能总分',
    pendingNote: '（定性指标和无数据指标请人工评定后填入“得分”，总分和等级自动重算）',
    noData: '无上报数据，请核实后人工评分',
    gradeManually: '请评定：达成 80%–100%，部分达成 60%–80%，未达成 0–60% 的分值',
    schedule: '进度指标',
    scheduleText: (n: number) => `按季度完成工作计划中的${n}个工作节点`,
    scheduleTarget: (n: number) => `${n}个节点按期完成`,
    scheduleActual: (done: number, n: number) => `已完成${done}个（${Math.round((done / n) * 100)}%）`,
    aboveRange: '超过区间上限，按满分计，请在说明中注明',
    // a grade over part of the points reads as the department's grade: give it only when all is graded
    summary: (year: number, graded: string, total: string, grade: string, pending: string, best: string) =>
      Number(pending) > 0
        ? `${year}年度绩效自评表草稿已生成：已评${graded}分的指标得${total}分（得分率${Math.round((Number(total) / Math.max(Number(graded), 1e-9)) * 100)}%）；尚有${pending}分待人工评定，评完才定等级，最高可达${best}分。`
        : `${year}年度绩效自评表草稿已生成：总分${total}分，等级${grade}。`,
  },
  records: {
    sheet: '上报记录',
    historySheet: '修改历史',
    title: (year: number) => `${year}年度绩效上报记录（审计用）`,
    info: (dept: string, at: string) => `部门（单位）名称：${dept}　　　导出时间：${at}`,
    head: ['记录编号', '状态', '活动日期', '上报人', '群聊', '原文', '进度节点', '指标', '数量', '创建时间', '确认时间', '修改次数'],
    historyHead: ['记录编号', '序号', '时间', '操作', '操作人', '消息编号', '消息原文', '修改前的值'],
    status: { active: '有效', withdrawn: '已撤销' },
    action: { create: '新建', amend: '修改', withdraw: '撤销' },
    summary: (year: number, n: number, active: number, withdrawn: number, changes: number) =>
      `${year}年度上报记录审计表已生成：共${n}条记录（有效${active}条、已撤销${withdrawn}条），修改和撤销${changes}次。`,
  },
  status: {
    met: '已完成',
    onTrack: '正常',
    behind: '滞后',
    over: '超出',
    notStarted: '未开始',
    unknown: '无数据',
  },
} as const;
