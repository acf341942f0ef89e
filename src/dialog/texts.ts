/**
 * Every sentence the report dialog says, in one place: what it understood, what it asks,
 * and how to answer. Short, plain, readable on a phone.
 */
import { formatNumber } from '../progress/progress.js';

export const T = {
  confirmHint: '回复“确认”保存，“取消”放弃；也可以直接改，如“改成1800人次”“日期是5月7日”。',
  confirmHintMany: (n: number) =>
    `回复“确认”全部保存；“确认1”只存第1条；“去掉${n}”删掉第${n}条；“取消”全部放弃。也可以改，如“${n}改成1800人次”“${n}日期是5月7日”。`,
  understoodOne: '我理解为：',
  alsoPossible: '（也可能是下面这些，是的话回复序号改选）',
  spendingReading: '部门经费执行数',
  hello: '你好！我是绩效助手。可以问“这个季度要做什么”，或直接报进度，如“昨天科技工作者日办完了，约2100人次”。发“帮助”看全部用法。',
  welcome: '不客气，有进度随时报给我。',
  understoodMany: (n: number) => `我理解为以下${n}条：`,
  chooseFirst: (n: number) => `请先回复数字（1-${n}）选一项，或回复“取消”。`,
  chooseRange: (n: number) => `请回复1到${n}之间的数字，或回复“取消”。`,
  onlyOneReading: '这条只有一种理解，回复“确认”保存，或“取消”放弃。',
  whatIsWrong: '哪里不对？可以直接改，如“改成1800人次”“日期是5月7日”“是数量指标5”；或回复“取消”。',
  badDate: '没看懂这个日期。请写成“日期是5月7日”“是昨天”或“上周五”。',
  cancelled: '已取消，这条没有保存。',
  cancelledMany: (n: number) => `已取消，这${n}条都没有保存。`,
  correctionKept: '好的，没有改，记录保持原样。',
  whichDraft: (n: number) => `改第几条？请在前面写上序号，如“${n}改成1800人次”“1日期是5月7日”。`,
  draftRange: (count: number) => `现在共${count}条待确认，请写1到${count}之间的序号。`,
  dropped: (i: number) => `已去掉第${i}条。`,
  addedAnother: (n: number) => `收到，这是另一件事，和上一条一起等你确认（共${n}条）：`,
  askMode: (value: number, unit: string, what: string, before: number) =>
    `“${formatNumber(value)}${unit}”是这次新增的，还是到现在的累计？${what}此前已累计${formatNumber(before)}${unit}。回复“新增”或“累计”。`,
  answerModeFirst: '请先回复“新增”或“累计”，或回复“取消”。',
  askAmount: (value: number, unit: string) =>
    value >= 1e12
      ? `“${formatNumber(value)}${unit}”不可能是一次活动的数。是多少？请回复正确的数字，如“改成2100${unit}”，或回复“取消”。`
      : value <= 0
      ? `“${formatNumber(value)}${unit}”不是能累计的数。是多少？请回复正确的数字，如“改成${formatNumber(Math.abs(value) || 1)}${unit}”，或回复“取消”。`
      : `“${formatNumber(value)}${unit}”是这个数吗？看着太大了。请回复正确的数字，如“改成2100${unit}”；确实如此就回复“是”。`,
  amountImpossible: (value: number, unit: string) => `“${formatNumber(value)}${unit}”不可能是一次活动的数，请回复正确的数字，或“取消”。`,
  alreadySaved: (ids: string[]) => `这条已保存过 ${ids.join('、')}，没有再存一遍。`,
  savedMany: (ids: string[]) => `已保存 ${ids.join('、')}。`,
  restWaiting: (n: number) => `其余${n}条还在等确认：回复“确认”保存，“取消”放弃。`,
  uncounted: '（计划里没有对应的数字指标，只记录不累计）',
  setLine: (counts: string, value: string, unit: string, before: string, target: string, pct: string) =>
    `${counts} 到目前共 ${value}${unit}（原累计 ${before}）→ ${value} / ${target}（${pct}）`,
  sameDayAs: (what: string) => `（“当天”按${what}的日期）`,
  // corrections
  whose: (name: string) => `（这是${name}报的）`,
  withdrawAsk: (summary: string, whose: string) => [`要撤销 ${summary}${whose}吗？`, '撤销后它不再计入进度，原记录和修改历史都保留。', '回复“确认”撤销，“取消”放弃。'],
  amendWhat: (id: string) => `要改 ${id} 的什么？例如“更正：人数是2300人次”或“更正：日期是5月7日”。`,
  amendNothing: (summary: string) => `${summary} 已经是这样了，不用改。要改别的记录，请写明记录号，如“更正 R2021-0003：人数是2300人次”。`,
  amendAsk: (id: string, whose: string) => `要把 ${id}${whose}改成这样吗？`,
  amendLinks: (what: string) => `关联：${what}`,
  amendFigure: (label: string, old: string | null, value: string, unit: string) => `${label}：${old !== null ? `${old} → ` : '新增 '}${value}${unit}`,
  amendDate: (from: string, to: string) => `日期：${from} → ${to}`,
  amendConfirm: '回复“确认”更正，“取消”放弃。',
  amendOdd: (value: string, unit: string) => `“${value}${unit}”不像一次活动的数（是负数、零或大得离谱），没有改。请写正确的数，如“更正：人数是2300人次”。`,
  savedDiffers: (id: string) => `注意：${id} 存的是当时确认的内容，和刚才改过的不一样；要改请说“更正 ${id}：……”。`,
  withdrawn: (summary: string) => `已撤销 ${summary}。\n它不再计入进度，原记录和修改历史都保留着。`,
  amended: (id: string, what: string) => `已更正 ${id}：${what}`,
  correctionFailed: (why: string) => `没改成：${why}。记录保持原样。`,
  // the bot's own lines around the dialog
  storeBusy: '抱歉，暂时记不下这条（存储出错），请稍后再发一次。',
  nothingToConfirm: '现在没有等你确认的进度。要报进度，直接说做了什么，如“昨天科普日主场活动办完了，约3000人次”。',
  nothingToCancel: '现在没有等你确认的进度，不用取消。要撤销已保存的记录，请说“撤销”。',
  finishFirst: '你还有一条进度在等确认：先回复“确认”或“取消”，再改以前的记录。',
  notInPlan: '这条像是进度，但没对上计划里的哪一项。请带上活动名称再发一次，如“科普日主场活动办完了，约3000人次”。',
  correctHow: '要改已保存的记录，请直接说“撤销”（或“撤销 R2021-0003”），或“更正：人数是2300人次”。',
  saveFailed: (done: string[]) => `${done.length ? `已保存 ${done.join('、')}；` : ''}保存失败了（存储出错），${done.length ? '其余的' : '这条'}还没有存。请稍后回复“确认”再试，或联系管理员。`,
  spendLine: (label: string, value: string, total: boolean) => `${label} ${total ? `到目前共 ${value}` : `+${value}`}万元（记入经费执行数，见监控表、自评表）`,
};

const LINE_LABEL = { total: '经费支出合计', basic: '基本支出', project: '项目支出' } as const;
const SOURCE_LABEL = { fiscal: '当年财政拨款', carryover: '上年结转', other: '其他资金' } as const;
/** 基本支出 / 项目支出（上年结转） */
export function spendLabel(line: keyof typeof LINE_LABEL, source: keyof typeof SOURCE_LABEL | null): string {
  return source ? `${LINE_LABEL[line]}（${SOURCE_LABEL[source]}）` : LINE_LABEL[line];
}
