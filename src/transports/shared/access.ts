/**
 * Who a transport listens to, by stable id only. A group's name and a person's nickname can be
 * set by anyone, so a setting that holds a name grants nothing; the start-up log says so and
 * how to find the id ("本群id" / "我的id"). The one exception to "listed rooms and their members
 * only": an admin may ask for the ids in a room that is not listed yet, and anyone may ask for
 * their own id in a private chat, so the settings can be filled in at all.
 */
import { idQuestion } from '../../answer/whoami.js';

export type Verdict = { ok: true } | { ok: false; reason: 'room-not-listed' | 'stranger' };

const OK: Verdict = { ok: true };

/** A room message addressed to the bot: handled when the room is listed, or when an admin asks for its id. */
export function admitRoomMessage(o: { listed: boolean; senderId: string; text: string; admins: readonly string[] }): Verdict {
  if (o.listed) return OK;
  if (idQuestion(o.text.trim()) && o.admins.includes(o.senderId)) return OK;
  return { ok: false, reason: 'room-not-listed' };
}

/** A private message: handled from people the bot knows (members of listed rooms, admins, leaders), or when it asks for an id. */
export function admitPrivateMessage(o: { known: boolean; text: string }): Verdict {
  if (o.known || idQuestion(o.text.trim())) return OK;
  return { ok: false, reason: 'stranger' };
}

/**
 * WeCom userids and chatids, WeChat wxids and room ids are printable ASCII without spaces;
 * a value with Chinese characters or spaces is a display name.
 */
export function looksLikeName(ref: string): boolean {
  return /[^\x21-\x7e]/.test(ref.trim());
}

export interface IdSettings {
  rooms: readonly string[];
  digestRoom: string | null;
  admins: readonly string[];
  leaders: readonly string[];
}

/** One warning line for every setting value that looks like a name: what it allows now (nothing) and how to find the id. */
export function nameSettingWarnings(s: IdSettings): string[] {
  const room = (setting: string, v: string, what: string) =>
    `${setting} 里的“${v}”像是群名，不是群id：群名谁都能改，按群名${what}。请管理员在群里@机器人说“本群id”，把回复的id填进 ${setting}。`;
  const person = (setting: string, v: string, what: string) =>
    `${setting} 里的“${v}”像是名字，不是个人id：名字谁都能改，按名字${what}。请本人私聊机器人说“我的id”，把回复的id填进 ${setting}。`;
  return [
    ...s.rooms.filter(looksLikeName).map((v) => room('BOT_ROOMS', v, '不会放行任何群')),
    ...(s.digestRoom && looksLikeName(s.digestRoom) ? [room('BOT_DIGEST_ROOM', s.digestRoom, '不会往任何群推送')] : []),
    ...s.admins.filter(looksLikeName).map((v) => person('BOT_ADMINS', v, '不给任何人管理员权限')),
    ...s.leaders.filter(looksLikeName).map((v) => person('BOT_LEADERS', v, '不给任何人领导权限，也不会私聊推送')),
  ];
}
