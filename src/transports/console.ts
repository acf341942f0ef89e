import readline from 'node:readline';
import { displayName } from '../text/display-name.js';
import type { Clock, InboundMessage, MessageHandler, OutboundMessage, Transport } from '../core/types.js';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The person typing (platform id = display name) */
  user: string;
  clock: Clock;
  /** A prompt and a greeting when a person types; none when lines are piped in */
  interactive: boolean;
  greeting?: string;
}

export interface ConsoleTransport extends Transport {
  /** Resolves when the input ends (EOF / Ctrl-D) and every line has been answered. */
  readonly closed: Promise<void>;
}

export const CONSOLE_CHAT = { id: 'console', name: '终端', kind: 'console' as const };

function render(msgs: OutboundMessage[]): string {
  return msgs
    .map((m) => (m.file ? `${m.text}\n[${m.file.kind === 'image' ? '图片' : '文件'}] ${m.file.path}` : m.text))
    .join('\n\n');
}

/**
 * The terminal chat: each line typed (or piped) is one message from `user`; replies are
 * printed. Lines are answered in order, one at a time, so a piped script behaves like a
 * person typing. Broadcasts (digests) are printed with a header.
 */
export function createConsoleTransport(opts: ConsoleOptions): ConsoleTransport {
  const { output } = opts;
  let rl: readline.Interface | null = null;
  let seq = 0;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const write = (s: string) => output.write(s.endsWith('\n') ? s : `${s}\n`);
  const prompt = () => {
    if (opts.interactive) output.write(`${opts.user}> `);
  };

  return {
    name: 'console',
    closed,
    async start(handler: MessageHandler) {
      rl = readline.createInterface({ input: opts.input, terminal: false, crlfDelay: Infinity });
      if (opts.interactive && opts.greeting) write(opts.greeting);
      prompt();
      void (async () => {
        try {
          for await (const line of rl!) {
            if (!line.trim()) {
              prompt();
              continue;
            }
            const msg: InboundMessage = {
              id: `console-${Date.now().toString(36)}-${++seq}`,
              text: line,
              chat: { ...CONSOLE_CHAT },
              sender: { id: opts.user, name: displayName(opts.user) },
              at: opts.clock(),
            };
            const replies = await handler(msg);
            if (replies.length) write(`${opts.interactive ? '助手：' : ''}${render(replies)}`);
            if (!opts.interactive) write('');
            prompt();
          }
        } finally {
          resolveClosed();
        }
      })();
    },
    async broadcast(msgs: OutboundMessage[]) {
      if (!msgs.length) return;
      write(`\n——— 推送 ———\n${render(msgs)}\n————————`);
      prompt();
    },
    async stop() {
      rl?.close();
    },
  };
}

/** A stream for log lines that start on a clean line and give the prompt back (terminal chat). */
export function promptSafe(out: NodeJS.WritableStream, reprompt: () => void): NodeJS.WritableStream & { isTTY?: boolean } {
  const w = Object.create(out) as NodeJS.WritableStream & { isTTY?: boolean };
  w.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const ok = (out.write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(typeof chunk === 'string' ? `\r\x1b[K${chunk}` : chunk, ...rest);
    reprompt();
    return ok;
  }) as typeof out.write;
  w.isTTY = (out as { isTTY?: boolean }).isTTY;
  return w;
}
