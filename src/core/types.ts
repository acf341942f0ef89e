/**
 * The shapes every part of the bot speaks in. Transports turn platform events into an
 * InboundMessage and send OutboundMessages; nothing platform-specific crosses this line.
 */
export type ChatKind = 'room' | 'private' | 'console';

export interface Person {
  /** Stable platform id (WeCom userid, wechaty contact id, or the console user name) */
  id: string;
  /** Display name shown in replies and digests */
  name: string;
}

export interface ChatRef {
  id: string;
  name: string | null;
  kind: ChatKind;
}

export interface InboundMessage {
  /** Platform message id: used for de-duplication and as the record's evidence */
  id: string;
  text: string;
  chat: ChatRef;
  sender: Person;
  /** When the message was sent */
  at: Date;
}

export interface OutboundMessage {
  text: string;
  /** A file to send along (an exported .xlsx, a chart PNG) */
  file?: { path: string; name: string; kind: 'file' | 'image' };
}

/** The clock is passed in everywhere; the core never reads the system time. */
export type Clock = () => Date;

/**
 * Who the bot treats as admin / leader: stable platform ids (WeCom userid, WeChat wxid; the
 * terminal user's name on the console, where it is the id).
 */
export interface Roles {
  admins: string[];
  leaders: string[];
}

/** By id only: anyone can take a display name, so a name never grants a role. */
export function hasRole(list: readonly string[], person: Person): boolean {
  return list.includes(person.id);
}

/** What the bot does with one inbound message: zero or more replies to the same chat. */
export type MessageHandler = (msg: InboundMessage) => Promise<OutboundMessage[]>;

/**
 * A chat platform. The transport owns connection, filtering (who the bot listens to),
 * de-duplication and the shape of replies (@-mention in rooms); the core owns meaning.
 */
export interface Transport {
  readonly name: string;
  /** Starts receiving; resolves once the bot can send (logged in, for WeChat). */
  start(handler: MessageHandler): Promise<void>;
  /** Posts to the digest audience: the digest room and/or leaders' private chats; the terminal prints. */
  broadcast(messages: OutboundMessage[]): Promise<void>;
  stop(): Promise<void>;
}
