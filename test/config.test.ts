import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.js';

function settingOf(env: NodeJS.ProcessEnv): string | null {
  try {
    readConfig(env);
    return null;
  } catch (e) {
    return e instanceof ConfigError ? e.setting : 'not a ConfigError';
  }
}

describe('WeCom settings', () => {
  it('reads WECOM_BOT_ID, WECOM_BOT_SECRET and an optional WECOM_WS_URL for BOT_TRANSPORT=wecom', () => {
    const c = readConfig({ BOT_TRANSPORT: 'wecom', WECOM_BOT_ID: ' aib123 ', WECOM_BOT_SECRET: 's3cret', WECOM_WS_URL: 'wss://zwwx.example.gov.cn/aibot' });
    expect(c.transport).toBe('wecom');
    expect(c.wecom).toEqual({ botId: 'aib123', secret: 's3cret', wsUrl: 'wss://zwwx.example.gov.cn/aibot' });
    expect(readConfig({ BOT_TRANSPORT: 'wecom', WECOM_BOT_ID: 'aib123', WECOM_BOT_SECRET: 's' }).wecom!.wsUrl).toBeNull();
  });

  it('names the missing or malformed setting', () => {
    expect(settingOf({ BOT_TRANSPORT: 'wecom', WECOM_BOT_SECRET: 's' })).toBe('WECOM_BOT_ID');
    expect(settingOf({ BOT_TRANSPORT: 'wecom', WECOM_BOT_ID: 'aib123' })).toBe('WECOM_BOT_SECRET');
    expect(settingOf({ BOT_TRANSPORT: 'wecom', WECOM_BOT_ID: 'aib123', WECOM_BOT_SECRET: 's', WECOM_WS_URL: 'openws.work.weixin.qq.com' })).toBe('WECOM_WS_URL');
    expect(settingOf({ BOT_TRANSPORT: 'dingtalk' })).toBe('BOT_TRANSPORT');
  });

  it('does not ask for WeCom settings on the other transports', () => {
    expect(readConfig({}).wecom).toBeNull();
    expect(readConfig({ BOT_TRANSPORT: 'wechaty' }).wecom).toBeNull();
  });
});
