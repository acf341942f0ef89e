import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One captured request to the fake server. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (to send broken JSON) */
  body?: unknown;
  /** Wait before answering */
  delayMs?: number;
  /** Accept the request and never answer */
  hang?: boolean;
}

export interface FakeServer {
  /** http://127.0.0.1:<port>/v1 */
  baseURL: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A local OpenAI-compatible server on an ephemeral 127.0.0.1 port: the real SDK talks to it
 * over HTTP, so retries, timeouts and parsing are the SDK's own.
 */
export async function startFakeOpenAI(reply: (req: SeenRequest, index: number) => FakeReply): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        /* keep the raw text */
      }
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(seen);
      const r = reply(seen, requests.length - 1);
      if (r.hang) return;
      const send = () => {
        if (res.destroyed) return;
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? {});
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
        res.end(text);
      };
      if (r.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, r.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A chat.completion whose message content is `content` (an object is JSON-encoded). */
export function completion(content: unknown, finishReason = 'stop'): object {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1620000000,
    model: 'fake-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: typeof content === 'string' ? content : JSON.stringify(content), refusal: null },
        finish_reason: finishReason,
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}
