/**
 * Sentences and line-shaping every transport shares: the apology for a failed message, and
 * reading a network error (`getaddrinfo ENOTFOUND host`, `connect ECONNREFUSED 1.2.3.4:443`)
 * so a fatal line can name the host and the likely fix.
 */

export const APOLOGY = '抱歉，处理这条消息时出错了，请稍后再试。';

const NETWORK_CODES = [
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNABORTED',
  'EPROTO',
  'CERT_HAS_EXPIRED',
] as const;

export function oneLine(s: string, max = 200): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

interface NetworkCause {
  code: string;
  syscall: string | null;
  host: string | null;
}

/** Reads `getaddrinfo ENOTFOUND login.wx.qq.com` / `connect ECONNREFUSED 1.2.3.4:443` style messages. */
export function parseNetworkError(message: string): NetworkCause | null {
  for (const code of NETWORK_CODES) {
    const at = message.indexOf(code);
    if (at < 0) continue;
    const before = message.slice(0, at).trim().split(/\s+/).pop() ?? '';
    const after = message.slice(at + code.length).trim().split(/[\s,;]+/)[0] ?? '';
    const host = after.replace(/^["'(]+|["'),.]+$/g, '');
    return {
      code,
      syscall: /^[a-z]+$/.test(before) ? before : null,
      host: host === '' ? null : host,
    };
  }
  return null;
}


export const NO_DIGEST_SETTINGS = '没有设置 BOT_DIGEST_ROOM 或 BOT_LEADERS，播报没有发出';
export const NO_DIGEST_TARGET = '找不到任何播报对象（BOT_DIGEST_ROOM / BOT_LEADERS）— no digest target found';
export const EVERY_DIGEST_SEND_FAILED = '播报全部发送失败 — every digest send failed';
