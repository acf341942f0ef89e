import { describe, expect, it } from 'vitest';
import { choosePuppetName } from '../../src/transports/wechaty/puppet.js';
import { describeLoginTimeout, describeStartFailure } from '../../src/transports/wechaty/texts.js';
import { parseNetworkError } from '../../src/transports/shared/texts.js';

describe('choosePuppetName', () => {
  it('uses WECHATY_PUPPET when set', () => {
    expect(choosePuppetName({ WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 't' })).toBe('wechaty-puppet-service');
  });

  it('uses the token service when only a service token is given', () => {
    expect(choosePuppetName({ WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_xxx' })).toBe('wechaty-puppet-service');
  });

  it('falls back to the free web puppet, as wechaty does', () => {
    expect(choosePuppetName({})).toBe('wechaty-puppet-wechat4u');
  });
});

describe('fatal lines', () => {
  it('reads the code and host of a network error', () => {
    expect(parseNetworkError('getaddrinfo ENOTFOUND login.wx.qq.com')).toEqual({ code: 'ENOTFOUND', syscall: 'getaddrinfo', host: 'login.wx.qq.com' });
    expect(parseNetworkError('connect ECONNREFUSED 10.0.0.1:443')).toEqual({ code: 'ECONNREFUSED', syscall: 'connect', host: '10.0.0.1:443' });
    expect(parseNetworkError('token invalid')).toBeNull();
  });

  it('names the unreachable WeChat login host in one line', () => {
    const line = describeLoginTimeout(15, 'getaddrinfo ENOTFOUND login.wx.qq.com');
    expect(line).toMatch(/^无法连接微信登录服务器 login\.wx\.qq\.com（getaddrinfo ENOTFOUND），15 秒内没有收到登录二维码/);
    expect(line).not.toMatch(/\n/);
  });

  it('quotes any other last error, flattened to one line', () => {
    const line = describeLoginTimeout(120, 'token not found\n  at x');
    expect(line).toContain('最近的错误：token not found at x');
    expect(line).not.toMatch(/\n/);
  });

  it('points at the puppet settings when there was no error at all', () => {
    expect(describeLoginTimeout(120, null)).toContain('WECHATY_PUPPET');
  });

  it('names the puppet that failed to start', () => {
    expect(describeStartFailure('wechaty-puppet-service', 'WECHATY_PUPPET_SERVICE_TOKEN not found')).toContain('wechaty-puppet-service');
  });
});
