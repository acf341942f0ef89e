/** Every word the milestone editing says in the chat, in one place. */
export const MT = {
  adminsOnly: '只有管理员（BOT_ADMINS）可以设置、修改或删除进度节点。',
  usage:
    '设置进度的写法：\n“设置进度：科普日主场活动 第三季度 负责人王丽”\n“删除进度 科普日主场活动”\n“把科普日主场活动的负责人改成李强”',
  noWhen: '没看出是哪个季度或日期。请写上“第三季度”“9月底前”“全年”之类，如“设置进度：科普日主场活动 第三季度 负责人王丽”。',
  noName: '没看出是哪一项。请写上进度的名称，如“设置进度：科普日主场活动 第三季度”。',
  notFound: (name: string) => `计划里没有找到进度「${name}」。说“这个季度要做什么”或“全年任务”可以看现有的进度。`,
  ambiguous: (names: string[]) => `「${names[0]}」等 ${names.length} 项都像，请写得更具体一些：\n${names.map((n, i) => `${i + 1}. ${n}`).join('\n')}`,
  hasRecords: (label: string, ids: string[]) =>
    `${label}已经有 ${ids.length} 条记录（${ids.slice(0, 3).join('、')}${ids.length > 3 ? '…' : ''}），不能删除；可以改它的季度、日期或负责人。`,
  nothingChanges: (label: string) => `${label}已经是这样了，不用改。`,
  restateAdd: (label: string, due: string, owners: string) => `要新增进度节点：\n${label}\n截止：${due}${owners}\n回复“确认”保存，“取消”放弃。`,
  restateChange: (label: string, lines: string[]) => `要修改进度节点 ${label}：\n${lines.join('\n')}\n回复“确认”保存，“取消”放弃。`,
  restateRemove: (label: string) => `要删除进度节点 ${label} 吗？\n删除会记在修改历史里（谁、何时、哪条消息），随时可以再加回来。\n回复“确认”删除，“取消”放弃。`,
  similar: (labels: string[]) => `（计划里已有相近的：${labels.join('、')}。要改它，请用它的名称或“三季度第1项”这样的编号。）`,
  replaced: '（上一条没确认的进度节点修改已作废）',
  owners: (names: string[]) => (names.length ? `\n负责人：${names.join('、')}` : ''),
  lineQuarter: (from: string, to: string) => `时间：${from} → ${to}`,
  lineOwners: (from: string[], to: string[]) => `负责人：${from.length ? from.join('、') : '（无）'} → ${to.length ? to.join('、') : '（无）'}`,
  lineText: (from: string, to: string) => `名称：${from} → ${to}`,
  saved: (label: string) => `已保存：${label}。提醒会点名负责人。`,
  removed: (label: string) => `已删除进度节点 ${label}（修改历史里留着原样）。`,
  cancelled: '好的，进度节点没有改。',
  expired: (minutes: number) => `上一条进度节点的修改超过${minutes}分钟没确认，已作废。`,
  saveFailed: (why: string) => `没保存成功（${why}），进度节点保持原样。请稍后再试或联系管理员。`,
  invalid: (why: string) => `这样改之后计划文件不合格（${why}），没有保存。`,
};
