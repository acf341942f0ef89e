import { describe, expect, it } from 'vitest';
import { answerIdQuestion, idQuestion } from '../../src/answer/whoami.js';
import { admin, bob, harness, room } from '../bot/helpers.js';

describe('"本群id" / "我的id"', () => {
  it('recognises the ways staff ask for the ids, and nothing that merely mentions an id', () => {
    for (const t of ['本群id', '本群 ID', '群id是多少？', '这个群的id', '请问本群id是什么']) expect(idQuestion(t)).toBe('room');
    for (const t of ['我的id', '我的ID是多少', '我的userid', '我id']) expect(idQuestion(t)).toBe('me');
    for (const t of ['身份证id丢了', '我的记录', '群里谁报了', 'id']) expect(idQuestion(t)).toBeNull();
  });

  it('gives an admin the room id and their own, saying which settings take them', async () => {
    const h = harness();
    const reply = await h.say(admin, '本群id');
    expect(reply).toContain(`本群id：${room.id}`);
    expect(reply).toContain(`你的id：${admin.id}`);
    expect(reply).toContain('BOT_ROOMS');
  });

  it('tells anyone else only their own id, and refuses the room id politely', async () => {
    const h = harness();
    const reply = await h.say(bob, '本群id');
    expect(reply).not.toContain(room.id);
    expect(reply).toContain('只告诉管理员');
    expect(reply).toContain(`你的id：${bob.id}`);
    expect(await h.say(bob, '我的id')).toBe(`你的id：${bob.id}`);
  });

  it('in a private chat there is no room id to give', () => {
    const msg = { id: 'm', text: '本群id', chat: { id: bob.id, name: bob.name, kind: 'private' as const }, sender: bob, at: new Date() };
    const reply = answerIdQuestion('room', msg, true);
    expect(reply).toContain('私聊');
    expect(reply).toContain(`你的id：${bob.id}`);
  });
});
