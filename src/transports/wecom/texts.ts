/**
 * Every operator-facing sentence of the WeCom transport, in one place. Fatal lines are one
 * line, Chinese then English, naming the setting to fix: the composition root prints them as
 * the process's last words.
 */
import { oneLine, parseNetworkError } from '../shared/texts.js';

/** The SDK's words for a refused subscribe (errcode 853000 for a wrong bot id or secret). */
export function isAuthRefusal(message: string): boolean {
  return /Authentication failed|auth failure attempts/i.test(message);
}

/** A refusal no retry will fix: the credentials' own code, or the SDK out of attempts. */
export function isFinalRefusal(message: string): boolean {
  return /code:\s*853000\b/.test(message) || /auth failure attempts/i.test(message);
}

export function describeAuthRefused(message: string): string {
  const code = /code:\s*(\d+)/.exec(message)?.[1];
  const why = code ? `errcode ${code}` : oneLine(message, 120);
  return (
    `企业微信拒绝了机器人的凭证（${why}）：请核对 WECOM_BOT_ID 和 WECOM_BOT_SECRET（管理后台 → 智能机器人 → API 模式 → 长连接）` +
    ` — WeCom refused the bot credentials (${why}); check WECOM_BOT_ID and WECOM_BOT_SECRET`
  );
}

/** Neither authenticated nor refused in time: most likely the address cannot be reached. */
export function describeConnectTimeout(seconds: number, wsUrl: string, lastError: string | null): string {
  const net = lastError ? parseNetworkError(lastError) : null;
  const cause = net ? `（${[net.syscall, net.code].filter(Boolean).join(' ')}）` : lastError ? `（${oneLine(lastError, 120)}）` : '';
  return (
    `${seconds} 秒内连不上企业微信 ${wsUrl}${cause}：请检查网络、代理，私有化部署/政务微信请设置 WECOM_WS_URL` +
    ` — could not connect to WeCom at ${wsUrl} within ${seconds} s; check the network or WECOM_WS_URL`
  );
}

export const KNOCKED_OUT =
  '另一个程序用同一个机器人（WECOM_BOT_ID）连上了企业微信，本连接被挤下线：同一个机器人同时只能连一处，请停掉另一处再启动' +
  ' — another process connected with the same WECOM_BOT_ID and WeCom closed this connection; stop the other one, then restart';

export const STOPPED_BEFORE_CONNECT = '企业微信传输在连上之前已停止 — the WeCom transport stopped before it connected';

export const NOT_CONNECTED = '企业微信未连接，无法发送 — WeCom is not connected, cannot send';
