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
    expect(c.wecom).toEqual({ botId: 'aib123', secret: 's3cret', wsUrl: 'wss://zwwx.example.gov.cn/aibot', names: new Map() });
    expect(readConfig({ BOT_TRANSPORT: 'wecom', WECOM_BOT_ID: 'aib123', WECOM_BOT_SECRET: 's' }).wecom!.wsUrl).toBeNull();
  });

  it('reads WECOM_NAMES as userid:姓名 pairs for display', () => {
    const c = readConfig({ BOT_TRANSPORT: 'wecom', WECOM_BOT_ID: 'a', WECOM_BOT_SECRET: 's', WECOM_NAMES: 'ZhangSan:张三，LiSi：李四' });
    expect([...c.wecom!.names]).toEqual([
      ['ZhangSan', '张三'],
      ['LiSi', '李四'],
    ]);
    expect(settingOf({ BOT_TRANSPORT: 'wecom', WECOM_BOT_ID: 'a', WECOM_BOT_SECRET: 's', WECOM_NAMES: '张三' })).toBe('WECOM_NAMES');
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
