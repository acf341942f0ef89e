import { describe, expect, it } from 'vitest';
import { conversationOf, messageText, sentAt, stripLeadingMentions, type WecomMessageBody } from '../../../src/transports/wecom/inbound.js';

const base: WecomMessageBody = { msgid: 'm1', chattype: 'group', chatid: 'wrGroup', from: { userid: 'ZhangSan' }, msgtype: 'text', text: { content: '@绩效助手 周报' } };

describe('reading a WeCom message callback', () => {
  it('drops the mentions in front of a group message, keeping ones inside the text', () => {
    expect(stripLeadingMentions('@绩效助手 这个季度要做什么')).toBe('这个季度要做什么');
    expect(stripLeadingMentions('@绩效助手\u2005周报')).toBe('周报');
    expect(stripLeadingMentions('@李四 @绩效助手 昨天和 @王五 一起办了讲座')).toBe('昨天和 @王五 一起办了讲座');
    expect(stripLeadingMentions('@绩效助手')).toBe('');
  });

  it('reads text, a voice transcript and the text parts of a mixed message; not pictures or files', () => {
    expect(messageText(base)).toBe('@绩效助手 周报');
    expect(messageText({ ...base, msgtype: 'voice', voice: { content: '本周进度' } })).toBe('本周进度');
    expect(
      messageText({ ...base, msgtype: 'mixed', mixed: { msg_item: [{ msgtype: 'text', text: { content: '活动照片' } }, { msgtype: 'image' }, { msgtype: 'text', text: { content: '约300人' } }] } }),
    ).toBe('活动照片\n约300人');
    expect(messageText({ ...base, msgtype: 'image' })).toBeNull();
    expect(messageText({ ...base, msgtype: 'file' })).toBeNull();
  });

  it('answers a group in its chatid and a one-to-one chat in the sender’s userid', () => {
    expect(conversationOf(base)).toBe('wrGroup');
    expect(conversationOf({ ...base, chattype: 'single', chatid: undefined })).toBe('ZhangSan');
  });

  it('dates a message by create_time in seconds (or milliseconds), else by its arrival', () => {
    const arrived = new Date('2021-06-10T02:00:00Z');
    expect(sentAt({ ...base, create_time: 1623290390 }, arrived).toISOString()).toBe('2021-06-10T01:59:50.000Z');
    expect(sentAt({ ...base, create_time: 1623290390000 }, arrived).toISOString()).toBe('2021-06-10T01:59:50.000Z');
    expect(sentAt(base, arrived)).toBe(arrived);
  });
});
