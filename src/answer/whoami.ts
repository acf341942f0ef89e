/**
 * "本群id" / "我的id": how an admin finds the ids that BOT_ROOMS, BOT_DIGEST_ROOM, BOT_ADMINS
 * and BOT_LEADERS take. Rooms and roles are granted by id only (a name can be forged), so the
 * bot must be able to say what the ids are. Admins get the chat's id; everyone gets their own.
 */
import type { InboundMessage } from '../core/types.js';

export type IdQuestion = 'room' | 'me';

const ROOM = /^(?:请问)?(?:本群|这个群|该群|群聊|群)(?:的)?(?:id|编号)(?:是(?:什么|多少|啥))?[?？。!！]*$/i;
const ME = /^(?:请问)?(?:我的|我)(?:的)?(?:id|编号|userid|用户id|微信id)(?:是(?:什么|多少|啥))?[?？。!！]*$/i;

/** Which id the message asks for, or null. Expects text already trimmed (and NFKC-normalised). */
export function idQuestion(text: string): IdQuestion | null {
  const t = text.replace(/\s+/g, '');
  if (ROOM.test(t)) return 'room';
  if (ME.test(t)) return 'me';
  return null;
}

const WHERE = '群id 填 BOT_ROOMS / BOT_DIGEST_ROOM，个人id 填 BOT_ADMINS / BOT_LEADERS（.env），改完重启机器人。';

/** The reply: admins get the chat's id and their own; anyone else only their own. */
export function answerIdQuestion(q: IdQuestion, msg: InboundMessage, isAdmin: boolean): string {
  const me = `你的id：${msg.sender.id}`;
  if (msg.chat.kind !== 'room') {
    const where = msg.chat.kind === 'console' ? '终端对话' : '私聊';
    return q === 'room' ? `这里是${where}，没有群id：请在群里@我说“本群id”。\n${me}` : me;
  }
  if (isAdmin) return [`本群id：${msg.chat.id}`, me, WHERE].join('\n');
  if (q === 'room') return `本群id只告诉管理员（BOT_ADMINS）。\n${me}（可以发给管理员）`;
  return me;
}
