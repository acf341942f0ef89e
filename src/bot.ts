import type { Clock, InboundMessage, OutboundMessage, Roles } from './core/types.js';
import { hasRole } from './core/types.js';
import type { Log } from './core/log.js';
import { silentLog } from './core/log.js';
import { KeyedQueue } from './core/keyed-queue.js';
import type { Plan } from './plan/schema.js';
import { choosePlan } from './plan/load.js';
import type { NewRecord, RecordStore } from './store/types.js';
import type { ProgressRecord, RecordFields } from './store/schema.js';
import type { Draft, Proposal } from './dialog/schema.js';
import type { Refiner, Understanding } from './understand/types.js';
import { DEFAULT_LLM_THRESHOLD, understandMessage } from './understand/index.js';
import { FUTURE, GREETING } from './understand/lexicon.js';
import { computeProgress, type Progress } from './progress/progress.js';
import { shanghaiDay, shanghaiParts } from './core/time.js';
import { choose, DEFAULT_PENDING_MINUTES, draftsOf, isExpired, newProposal, onTheDayOf, toNewRecord, withDrafts } from './dialog/proposal.js';
import { CANCEL, CONFIRM, draftsToSave, stepPending, withQuestion } from './dialog/step.js';
import { T } from './dialog/texts.js';
import { metricTotalLines, recordSummary, renderProposal, renderSaved } from './dialog/render.js';
import { proposeCorrection } from './dialog/correct.js';
import { answer, HELP_TEXT, NOT_UNDERSTOOD, type PlainIntent } from './answer/answer.js';
import { cleanStoredText } from './text/normalize.js';
import { markListItems } from './understand/text.js';
import { buildRecordIndex, type RecordIndex } from './answer/record-index.js';
import { answerIdQuestion, idQuestion } from './answer/whoami.js';
import type { MilestoneChat } from './plan/milestone-chat.js';
import { asOfFor, namedPlan, reportYearProblem } from './plan/plan-year.js';
import { withProposalId } from './dialog/proposal-id.js'; // issue 14

export type DigestKind = 'weekly' | 'quarterly' | 'reminder';
export type ExportKind = 'monitor' | 'selfeval' | 'records';

export interface PlanView {
  plan: Plan;
  records: readonly ProgressRecord[];
  now: Date;
}

export interface BotDeps {
  plans: Map<number, Plan>;
  store: RecordStore;
  clock: Clock;
  roles: Roles;
  refiner?: Refiner | null;
  llmThreshold?: number;
  log?: Log;
  /** Minutes a proposal waits for 确认 (BOT_PENDING_MINUTES) */
  pendingMinutes?: number;
  /** Longest message the bot reads, in characters */
  maxInputChars?: number;
  /** "周报" / "季度小结" / "提醒": the text the scheduled job would post now */
  digest?: (kind: DigestKind, view: PlanView) => Promise<OutboundMessage[]> | OutboundMessage[];
  /** "下次推送": the schedule */
  schedule?: (now: Date) => string;
  /** "导出监控表": a file to send */
  exporter?: (kind: ExportKind, view: PlanView, through?: number) => Promise<OutboundMessage>;
  /** issue 11: admins' 设置进度 / 删除进度 / 负责人改成 (src/plan/milestone-chat.ts) */
  milestones?: MilestoneChat;
  /** issue 11: once per year without a plan, the notice for admins (src/plan/plan-year.ts) */
  yearNotice?: { check(msg: InboundMessage, now: Date): Promise<string | null> };
}

export interface Bot {
  handle(msg: InboundMessage): Promise<OutboundMessage[]>;
}

export const DEFAULT_MAX_INPUT_CHARS = 2000;

/** 取消 with nothing pending must not reach the withdraw reading: 取消 drops proposals, 撤销 withdraws records. */
const NOTHING_TO_CANCEL = /^(?:取消|算了|不用了|不要了|放弃|不存|别存|不保存)[了吧!！。.~～]*$/;
const ACTIVITY = /会|活动|赛|讲座|培训|展|日|节|班|调研|走访|验收|发放|推送/;
const ANNOUNCE_EXAMPLE = '科普日主场活动昨天办完了，约3000人次';

/**
 * The bot's meaning, independent of any chat platform: one inbound message in, the replies
 * out. Reads through `understand`, keeps proposals and records in the store, and answers
 * from the plan and the records. It never reads the system clock or the environment.
 */
export function createBot(deps: BotDeps): Bot {
  const log = deps.log ?? silentLog;
  const ttl = deps.pendingMinutes ?? DEFAULT_PENDING_MINUTES;
  const maxInput = deps.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  const threshold = deps.llmThreshold ?? DEFAULT_LLM_THRESHOLD;
  const { store } = deps;

  // one message at a time per chat + author: a quick "确认" never overtakes its report
  const queue = new KeyedQueue();

  let indexCache: { key: string; index: RecordIndex } | null = null;
  function indexOf(plan: Plan): RecordIndex {
    const key = `${plan.year}:${store.revision()}`;
    if (indexCache?.key !== key) indexCache = { key, index: buildRecordIndex(store.records(plan.year)) };
    return indexCache.index;
  }

  let cache: { key: string; progress: Progress } | null = null;
  function progressOf(plan: Plan, now: Date): Progress {
    const key = `${plan.year}:${store.revision()}:${shanghaiDay(now)}`;
    if (cache?.key === key) return cache.progress;
    const progress = computeProgress(plan, store.records(plan.year), now);
    cache = { key, progress };
    return progress;
  }

  function planFor(at: Date): { plan: Plan; note: string | null } {
    const year = shanghaiParts(at).year;
    const { plan, exact } = choosePlan(deps.plans, year);
    return { plan, note: exact ? null : `（还没有${year}年的计划，以下按${plan.year}年计划）` };
  }

  const text = (t: string): OutboundMessage[] => [{ text: t }];

  /**
   * Saves the confirmed drafts. Each record carries its draft's key, so a draft confirmed again
   * (after a crash between saving and dropping the proposal, or a re-delivered 确认) is found,
   * not saved twice.
   */
  async function saveDrafts(p: Proposal, indices: readonly number[], plan: Plan, now: Date): Promise<OutboundMessage[]> {
    const drafts = draftsToSave(p, indices);
    // issue 11: a report dated in a year without a plan never goes into another year's records
    const yearProblem = drafts.map((d) => reportYearProblem(d.activityDate, p.planYear, deps.plans)).find((x) => x);
    if (yearProblem) {
      await store.deletePending(p.chat.id, p.author.id).catch(() => undefined);
      return text(yearProblem);
    }
    const saved: ProgressRecord[] = [];
    const already: { record: ProgressRecord; wanted: NewRecord }[] = [];
    for (const wanted of drafts.map((d) => toNewRecord(p, now, d))) {
      try {
        // checked inside the store's write queue: two 确认 racing still make one record
        const { record, created } = await store.addRecordOnce(wanted);
        if (created) saved.push(record);
        else already.push({ record, wanted });
      } catch (err) {
        log.error({ err: errText(err), chat: p.chat.id }, 'saving a record failed');
        return text(T.saveFailed(saved.map((r) => r.id)));
      }
    }
    // 确认2: the others keep waiting for their own answer
    const rest = draftsOf(p).filter((_, i) => !indices.includes(i));
    try {
      if (rest.length) await store.putPending(withDrafts({ ...p, more: undefined }, rest));
      else await store.deletePending(p.chat.id, p.author.id);
    } catch (err) {
      log.warn({ err: errText(err) }, 'dropping a saved proposal failed');
    }
    for (const rec of saved) log.info({ record: rec.id, chat: p.chat.id }, 'record saved');
    if (already.length) log.warn({ records: already.map((a) => a.record.id), chat: p.chat.id }, 'drafts confirmed again after they were saved; nothing added');
    const progress = progressOf(plan, now);
    const lines: string[] = [];
    if (already.length) lines.push(T.alreadySaved(already.map((a) => a.record.id)));
    // the proposal was changed after it was saved (a state file restored from before the save): say so, change nothing
    for (const { record, wanted } of already)
      if (JSON.stringify(wanted.amounts) !== JSON.stringify(record.amounts) || wanted.activityDate !== record.activityDate) lines.push(T.savedDiffers(record.id));
    if (saved.length === 1 && drafts.length === 1) lines.push(renderSaved(saved[0]!, plan, progress));
    else if (saved.length) {
      lines.push(T.savedMany(saved.map((r) => r.id)));
      const metrics = [...new Set(saved.flatMap((r) => r.amounts.map((a) => a.metricId).filter((id): id is string => !!id)))];
      for (const id of metrics) lines.push(...metricTotalLines(id, progress));
    }
    if (rest.length) lines.push(T.restWaiting(rest.length));
    return text(lines.join('\n'));
  }

  async function propose(p: Proposal, plan: Plan, now: Date, prefix = ''): Promise<OutboundMessage[]> {
    const progress = progressOf(plan, now);
    const asked = withQuestion(withProposalId(p), progress); // issue 14: a proposal always has its id
    try {
      await store.putPending(asked);
    } catch (err) {
      log.error({ err: errText(err) }, 'storing a proposal failed');
      return text(T.storeBusy);
    }
    const body = renderProposal(asked, plan, store.records(plan.year), progress, now);
    return text(prefix + body);
  }

  /** The proposal a report becomes: one draft per activity it holds. Null when nothing of it fits the plan. */
  function proposalFor(u: Understanding, msg: InboundMessage, plan: Plan, now: Date): Proposal | null {
    const records = store.records(plan.year);
    const m = { ...msg, text: cleanStoredText(msg.text) };
    const parts = u.activities?.length
      ? u.activities.map((a) => ({ ...u, candidates: a.candidates, amounts: a.amounts, date: a.date, activities: undefined, readText: a.text }))
      : [{ ...u, readText: undefined }];
    const drafts: Draft[] = [];
    let base: Proposal | null = null;
    for (const part of parts) {
      let p = newProposal({ u: part, readText: part.readText, msg: m, plan, records, now, ttlMinutes: ttl });
      if (!p) continue;
      // several activities: each takes its best reading; the author can still change it ("2是数量指标5")
      if (parts.length > 1 && p.stage === 'choose') p = choose(p, 1, plan, records) ?? p;
      p = onTheDayOf(p, msg.text, plan, records);
      if (!base) base = withProposalId(p); // issue 14: the id every record from it carries
      drafts.push(draftsOf(p)[0]!);
    }
    return base === null ? null : withDrafts(base as Proposal, drafts);
  }

  /** Replies to a message from someone with a proposal waiting; null = read it as a new message. */
  async function continueProposal(msg: InboundMessage, p: Proposal, plan: Plan, now: Date, t: string): Promise<OutboundMessage[] | null> {
    const step = stepPending(p, withoutEmoji(t), { plan, records: store.records(plan.year), progress: progressOf(plan, now), at: msg.at, now, ttlMinutes: ttl });
    switch (step.type) {
      case 'reply':
        return text(step.text);
      case 'update':
        return propose(step.next, plan, now, step.lead ? `${step.lead}\n` : '');
      case 'drop':
        await store.deletePending(p.chat.id, p.author.id);
        return text(step.text);
      case 'save':
        return saveDrafts(p, step.drafts, plan, now);
      case 'apply-correction':
        return applyCorrection(p, plan, now);
      case 'another-report': {
        // a second report while one waits gets its own draft, shown with the first: it never changes the first
        const u = await understandMessage(t, { plan, now: msg.at }, deps.refiner ?? null, threshold);
        const more = u.kind === 'report' ? proposalFor(u, msg, plan, now) : null;
        if (!more) return null;
        const all = [...draftsOf(p), ...draftsOf(more)];
        return propose(withDrafts({ ...p, expiresAt: more.expiresAt, amountsChecked: false }, all), plan, now, `${T.addedAnother(all.length)}\n`);
      }
      case 'pass':
        return null;
    }
  }

  /**
   * 撤销 / 更正 name a saved record; nothing changes until its author (or an admin) confirms
   * what the bot restates (src/dialog/correct.ts).
   */
  async function correct(msg: InboundMessage, u: Understanding, plan: Plan, now: Date): Promise<OutboundMessage[]> {
    const step = proposeCorrection({ msg, intent: u.correction!, plan, records: store.records(plan.year), isAdmin: hasRole(deps.roles.admins, msg.sender), now, ttlMinutes: ttl });
    if (step.type === 'reply') return text(step.text);
    try {
      await store.putPending(step.proposal);
    } catch (err) {
      log.error({ err: errText(err) }, 'storing a correction failed');
      return text(T.storeBusy);
    }
    return text(step.text);
  }

  /**
   * issue 14: the change is saved; failing to drop its proposal must not make the reply say it
   * was not (a second 确认 of it changes nothing: the store applies a message's change once).
   */
  async function dropDone(p: Proposal): Promise<void> {
    await store.deletePending(p.chat.id, p.author.id).catch((err: unknown) => log.warn({ err: errText(err) }, 'dropping a done correction failed'));
  }

  /** The confirmed correction, carried out; the record keeps who asked, when, and by which message. */
  async function applyCorrection(p: Proposal, plan: Plan, now: Date): Promise<OutboundMessage[]> {
    const c = p.correction!;
    const ctx = { by: { ...p.author }, message: { id: p.source.messageId, text: p.source.text }, at: now };
    try {
      const before = store.records(plan.year).find((r) => r.id === c.recordId);
      if (c.action === 'withdraw') {
        await store.withdrawRecord(plan.year, c.recordId, ctx);
        await dropDone(p); // issue 14
        log.info({ record: c.recordId, by: p.author.id }, 'record withdrawn');
        return text(T.withdrawn(before ? recordSummary(before, plan) : c.recordId));
      }
      const after = await store.amendRecord(plan.year, c.recordId, c.change as Partial<RecordFields>, ctx);
      await dropDone(p); // issue 14
      log.info({ record: c.recordId, by: p.author.id }, 'record amended');
      const progress = progressOf(plan, now);
      const lines = [T.amended(after.id, recordSummary(after, plan).replace(/^R\d{4}-\d+ /, ''))];
      for (const a of after.amounts) if (a.metricId) lines.push(...metricTotalLines(a.metricId, progress));
      return text(lines.join('\n'));
    } catch (err) {
      log.error({ err: errText(err), record: c.recordId }, 'correction failed');
      await store.deletePending(p.chat.id, p.author.id).catch(() => undefined);
      return text(T.correctionFailed(errText(err)));
    }
  }




  async function question(msg: InboundMessage, u: Understanding, plan: Plan, now: Date): Promise<OutboundMessage[]> {
    const q = u.question!;
    const view: PlanView = { plan, records: store.records(plan.year), now };
    switch (q.type) {
      case 'digest':
        if (!deps.digest) return text('这里没有开启定时汇总。');
        return deps.digest(q.kind, view);
      case 'schedule':
        return text(deps.schedule ? deps.schedule(now) : '这里没有开启定时推送。');
      case 'export': {
        const allowed = hasRole(deps.roles.admins, msg.sender) || hasRole(deps.roles.leaders, msg.sender);
        if (!allowed) return text('导出表格只对管理员和领导开放（BOT_ADMINS / BOT_LEADERS）。');
        if (!deps.exporter) return text('这里没有开启导出。');
        try {
          return [await deps.exporter(q.kind, view, q.through)];
        } catch (err) {
          log.error({ err: errText(err) }, 'export failed');
          return text(`导出失败：${errText(err)}`);
        }
      }
      default:
        return text(answer(q as PlainIntent, { plan, records: view.records, progress: progressOf(plan, now), now, asker: msg.sender, index: indexOf(plan) }));
    }
  }

  async function handleOne(msg: InboundMessage): Promise<OutboundMessage[]> {
    const now = deps.clock();
    const t = markListItems(msg.text).normalize('NFKC').replace(/^[\s\u200b\u2005]+|[\s\u200b\u2005]+$/g, '');
    if (!t) return text(HELP_TEXT);
    const askedId = idQuestion(t); // "本群id" / "我的id" (issue 12): how admins find the ids settings take
    if (askedId) return text(answerIdQuestion(askedId, msg, hasRole(deps.roles.admins, msg.sender)));
    if (t.length > maxInput)
      return text(`这条消息太长了（${t.length}字），我只读${maxInput}字以内的。请分成几条短消息发。`);
    // issue 11: "2021年总体进度" is answered from the plan of the year it names
    const named = namedPlan(t, deps.plans);
    const { plan, note } = named ? { plan: named, note: null } : planFor(msg.at);
    const prefix = note ? `${note}\n` : '';

    // issue 11 hook: an admin's milestone command, or the 确认/取消 that answers one
    const milestoneReply = deps.milestones ? await deps.milestones.handle(msg, t, plan, now) : null;
    if (milestoneReply) return milestoneReply;

    let pending = store.pending().find((p) => p.chat.id === msg.chat.id && p.author.id === msg.sender.id) ?? null;
    let expiredNote = '';
    if (pending && isExpired(pending, now)) {
      await store.deletePending(pending.chat.id, pending.author.id);
      expiredNote = `你上一条进度超过${ttl}分钟没确认，已作废（没有保存）。`;
      pending = null;
      if (CONFIRM.test(t) || CANCEL.test(t)) return text(`${expiredNote}需要的话请重新发一遍。`);
    }
    if (pending) {
      const pendingPlan = deps.plans.get(pending.planYear) ?? plan;
      const reply = await continueProposal(msg, pending, pendingPlan, now, t);
      if (reply) return reply;
    } else if (CONFIRM.test(t) && t.length <= 4) {
      return text(T.nothingToConfirm);
    } else if (NOTHING_TO_CANCEL.test(t)) {
      return text(T.nothingToCancel);
    }

    const u = await understandMessage(t, { plan, now: msg.at }, deps.refiner ?? null, threshold);
    log.debug({ kind: u.kind, source: u.source, confidence: u.confidence }, 'understood');
    const lead = expiredNote ? `${expiredNote}\n` : '';
    switch (u.kind) {
      case 'report': {
        const year = u.date ? Number(u.date.slice(0, 4)) : plan.year;
        const p = proposalFor(u, msg, year !== plan.year && deps.plans.get(year) ? deps.plans.get(year)! : plan, now);
        if (!p)
          return text(`${lead}${T.notInPlan}`);
        // issue 11: a report dated in a year without a plan is refused, with the reason
        const yearProblem = draftsOf(p).map((d) => reportYearProblem(d.activityDate, p.planYear, deps.plans)).find((x) => x);
        if (yearProblem) return text(lead + yearProblem);
        return propose(p, deps.plans.get(p.planYear) ?? plan, now, prefix + lead);
      }
      case 'correction':
        if (pending && pending.stage !== 'correct') return text(T.finishFirst);
        // the model has no power: only the rules' reading of an explicit 撤销 / 更正 changes records
        if (u.source !== 'rules' || !u.correction)
          return text(`${lead}${T.correctHow}`);
        return correct(msg, u, plan, now);
      case 'question': {
        const replies = await question(msg, u, plan, asOfFor(plan, now)); // issue 11: a finished year as of its last day
        if (!replies.length) return replies;
        const first = replies[0]!;
        const tail = pending ? '\n（你还有一条进度在等确认，回复“确认”或“取消”。）' : '';
        return [{ ...first, text: prefix + lead + first.text + (replies.length === 1 ? tail : '') }, ...replies.slice(1)];
      }
      default:
        if (pending)
          return text(
            pending.stage === 'choose'
              ? `你还有一条进度在等你选：回复数字（1-${pending.candidates.length}）或“取消”。`
              : `你还有一条${pending.stage === 'correct' ? '修改' : '进度'}在等确认：回复“确认”或“取消”。`,
          );
        // 务虚会明天开: the rules' own words for the future, about an activity — report it once done
        if (FUTURE.test(t) && ACTIVITY.test(t))
          return text(`${lead}这条像是预告。活动办完后再来报，如“${ANNOUNCE_EXAMPLE}”，我就记进度。`);
        // 你好 / 谢谢 / 收到 (the rules' GREETING): a greeting gets one back, not "没看懂"
        if (GREETING.test(t)) return text(lead + (/^(?:大家|各位)?(?:你好|您好|大家好|早|上午好|中午好|下午好|晚上好|hi|hello|嗨|哈喽|在吗)/i.test(t) ? T.hello : T.welcome));
        return text(lead + NOT_UNDERSTOOD);
    }
  }

  return {
    async handle(msg) {
      let replies: OutboundMessage[] = [];
      await queue.run(`${msg.chat.id}\u0000${msg.sender.id}`, async () => {
        try {
          replies = await handleOne(msg);
          // issue 11: admins hear once that the year has no plan, and how to import it
          const notice = deps.yearNotice ? await deps.yearNotice.check(msg, deps.clock()) : null;
          if (notice) replies = [{ text: notice }, ...replies];
        } catch (err) {
          log.error({ err: errText(err), chat: msg.chat.id }, 'handling a message failed');
          replies = text('抱歉，处理这条消息时出错了，请稍后再试。');
        }
      });
      return replies;
    },
  };
}

/** "好的👌" / "确认👍" are words with a gesture: the gesture does not change the answer. */
function withoutEmoji(t: string): string {
  return t.replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}]/gu, '').trim() || t;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
