/**
 * Every user- and operator-facing sentence of the WeChat transport, in one place so the wording
 * can be reviewed without hunting. Fatal lines are one line, Chinese then English, because the
 * composition root prints them as the process's last words.
 */

import { oneLine, parseNetworkError } from '../shared/texts.js';

export { APOLOGY } from '../shared/texts.js';

function isWechatHost(host: string): boolean {
  return /(^|\.)qq\.com(:\d+)?$/i.test(host);
}

/**
 * The one line printed when neither a QR code nor a login arrived in time, naming the most
 * likely cause: the last error the puppet reported.
 */
export function describeLoginTimeout(seconds: number, lastError: string | null): string {
  const wait = `${seconds} 秒内没有收到登录二维码`;
  const waitEn = `no login QR code within ${seconds} s`;
  if (lastError) {
    const net = parseNetworkError(lastError);
    if (net) {
      const what = [net.syscall, net.code].filter(Boolean).join(' ');
      if (net.host && isWechatHost(net.host)) {
        return (
          `无法连接微信登录服务器 ${net.host}（${what}），${wait}，请检查网络、DNS 或代理` +
          ` — cannot reach WeChat login server ${net.host} (${what}); ${waitEn}; check the network, DNS or proxy`
        );
      }
      const target = net.host ?? '';
      return (
        `无法连接服务器 ${target}（${what}），${wait}，请检查网络或 WECHATY_PUPPET_SERVICE_ENDPOINT` +
        ` — cannot reach ${target || 'the server'} (${what}); ${waitEn}; check the network or the puppet service endpoint`
      );
    }
    const msg = oneLine(lastError);
    return `${wait}，最近的错误：${msg} — ${waitEn}; last error: ${msg}`;
  }
  return (
    `${wait}，也没有登录；请检查 WECHATY_PUPPET 和 WECHATY_PUPPET_SERVICE_TOKEN` +
    ` — ${waitEn} and no login; check WECHATY_PUPPET and WECHATY_PUPPET_SERVICE_TOKEN`
  );
}

/** The one line printed when the puppet refuses to start at all (missing token, unknown puppet…). */
export function describeStartFailure(puppet: string, error: string): string {
  const msg = oneLine(error);
  return (
    `微信机器人启动失败（${puppet}）：${msg}；请检查 WECHATY_PUPPET 与相关设置` +
    ` — the WeChat puppet ${puppet} failed to start: ${msg}; check WECHATY_PUPPET and its settings`
  );
}

export const NOT_LOGGED_IN = '微信未登录，无法发送 — WeChat is not logged in, cannot send';
