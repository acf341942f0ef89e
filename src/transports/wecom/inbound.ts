/**
 * Reading one WeCom 智能机器人 message callback (the `body` of an `aibot_msg_callback` frame):
 * the words, the conversation and the author. Pure, so each case is testable on its own.
 */

/** The fields of a message callback this bot reads (see the SDK's BaseMessage). */
export interface WecomMessageBody {
  msgid: string;
  chattype: 'single' | 'group';
  /** Only in group chats */
  chatid?: string;
  from: { userid: string };
  msgtype: string;
  text?: { content: string };
  /** WeCom transcribes a voice message: the text is in `content` */
  voice?: { content: string };
  mixed?: { msg_item: { msgtype: string; text?: { content: string } }[] };
  /** Seconds since the epoch, when present */
  create_time?: number;
}

/** The words of a text, voice or mixed (text + pictures) message; null for pictures, files and videos. */
export function messageText(body: WecomMessageBody): string | null {
  switch (body.msgtype) {
    case 'text':
      return body.text?.content ?? null;
    case 'voice':
      return body.voice?.content ?? null;
    case 'mixed': {
      const parts = (body.mixed?.msg_item ?? []).filter((i) => i.msgtype === 'text' && i.text?.content).map((i) => i.text!.content);
      return parts.length ? parts.join('\n') : null;
    }
    default:
      return null;
  }
}

/**
 * A group message reaches the bot only when it is @-mentioned, and its text still starts with
 * the mention (`@绩效助手 本周进度`). The mentions in front are dropped; ones inside the text stay.
 */
export function stripLeadingMentions(text: string): string {
  return text.replace(/^(?:\s*@[^\s\u2005\u00a0]+[\s\u2005\u00a0]*)+/u, '').trim();
}

/** When the message was sent: its create_time (seconds), else when it arrived. */
export function sentAt(body: WecomMessageBody, arrived: Date): Date {
  const t = body.create_time;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) return arrived;
  return new Date(t < 1e12 ? t * 1000 : t);
}

/** The conversation to answer in: the group's chatid, or in a one-to-one chat the sender's userid. */
export function conversationOf(body: WecomMessageBody): string {
  return body.chattype === 'group' && body.chatid ? body.chatid : body.from.userid;
}
