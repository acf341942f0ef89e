import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../src/digest/split.js';

describe('splitMessage', () => {
  it('keeps a text that fits as one message', () => {
    expect(splitMessage('周报\n一切正常', 100)).toEqual(['周报\n一切正常']);
  });

  it('splits at line breaks into chunks no longer than the limit, losing no line', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `第${i + 1}行：科普活动受益人数2100人次`);
    const chunks = splitMessage(lines.join('\n'), 120);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(120);
    expect(chunks.join('\n').split('\n')).toEqual(lines);
  });

  it('prefers the blank line between sections as the break', () => {
    const a = Array.from({ length: 5 }, (_, i) => `一、第${i}行内容`).join('\n');
    const b = Array.from({ length: 5 }, (_, i) => `二、第${i}行内容`).join('\n');
    const chunks = splitMessage(`${a}\n\n${b}`, a.length + 12);
    expect(chunks[0]).toBe(a);
    expect(chunks[1]).toBe(b);
  });

  it('hard-splits a single line longer than the limit', () => {
    const long = '科'.repeat(250);
    const chunks = splitMessage(`开头\n${long}\n结尾`, 100);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(100);
    expect(chunks.join('').replace(/\n/g, '')).toBe(`开头${long}结尾`);
    expect(chunks.some((c) => c === '科'.repeat(100))).toBe(true);
  });

  it('drops blank lines at the edges of chunks and returns nothing for an empty text', () => {
    expect(splitMessage('\n\n', 10)).toEqual([]);
    expect(splitMessage('甲\n\n乙', 2)).toEqual(['甲', '乙']);
  });
});
