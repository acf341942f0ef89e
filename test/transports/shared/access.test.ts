import { describe, expect, it } from 'vitest';
import { admitPrivateMessage, admitRoomMessage, looksLikeName, nameSettingWarnings } from '../../../src/transports/shared/access.js';

describe('who a transport listens to, by id', () => {
  it('admits a listed room; in any other room only an admin asking for the id', () => {
    expect(admitRoomMessage({ listed: true, senderId: 'zhangsan', text: '这个季度要做什么', admins: [] })).toEqual({ ok: true });
    expect(admitRoomMessage({ listed: false, senderId: 'zhangsan', text: '这个季度要做什么', admins: ['zhangsan'] })).toEqual({
      ok: false,
      reason: 'room-not-listed',
    });
    expect(admitRoomMessage({ listed: false, senderId: 'zhangsan', text: '本群id', admins: ['zhangsan'] })).toEqual({ ok: true });
    expect(admitRoomMessage({ listed: false, senderId: 'stranger', text: '本群id', admins: ['zhangsan'] }).ok).toBe(false);
  });

  it('admits a private chat from someone known, or anyone asking for their own id', () => {
    expect(admitPrivateMessage({ known: true, text: '周报' }).ok).toBe(true);
    expect(admitPrivateMessage({ known: false, text: '我的id' }).ok).toBe(true);
    expect(admitPrivateMessage({ known: false, text: '周报' })).toEqual({ ok: false, reason: 'stranger' });
  });

  it('tells ids from names: WeCom and WeChat ids are ASCII without spaces', () => {
    for (const id of ['ZhangSan', 'wrkSFfCgAAxxxx', 'wxid_abc123', '123456@chatroom', '@@3f2a']) expect(looksLikeName(id)).toBe(false);
    for (const name of ['科协工作群', '刘主任', 'Zhang San']) expect(looksLikeName(name)).toBe(true);
  });

  it('warns about every name-like setting, saying it allows nothing and how to find the id', () => {
    const lines = nameSettingWarnings({ rooms: ['科协工作群', 'wrOK'], digestRoom: '科协工作群', admins: ['赵主任', 'zhao'], leaders: ['刘主任'] });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/BOT_ROOMS.*科协工作群.*不会放行任何群.*本群id/);
    expect(lines[1]).toMatch(/BOT_DIGEST_ROOM.*不会往任何群推送/);
    expect(lines[2]).toMatch(/BOT_ADMINS.*赵主任.*不给任何人管理员权限.*我的id/);
    expect(lines[3]).toMatch(/BOT_LEADERS.*刘主任/);
    expect(nameSettingWarnings({ rooms: ['wrOK'], digestRoom: null, admins: ['zhao'], leaders: [] })).toEqual([]);
  });
});
