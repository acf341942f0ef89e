import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_DIR, loadPrompts, PromptLoadError, renderPrompt } from '../../src/llm/prompts.js';

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function promptDir(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), 'prompts-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('prompts are files', () => {
  it('loads prompts/understand.system.md and prompts/understand.user.md from the repo', () => {
    const p = loadPrompts();
    expect(DEFAULT_PROMPTS_DIR.replaceAll('\\', '/')).toMatch(/\/prompts\/?$/);
    expect(p.system).toContain('{{plan}}');
    expect(p.system).toContain('JSON'); // JSON mode providers (DeepSeek) refuse a prompt without the word
    expect(p.user).toContain('<message>\n{{message}}\n</message>');
  });

  it('loads whatever the files say: the wording lives in the files, not the code', () => {
    const p = loadPrompts(promptDir({ 'understand.system.md': '计划：{{plan}}', 'understand.user.md': '消息：{{message}}' }));
    expect(p).toEqual({ system: '计划：{{plan}}', user: '消息：{{message}}' });
  });

  it('a missing prompt file is an error naming the file and how to restore it', () => {
    const d = promptDir({ 'understand.system.md': '{{plan}}' });
    expect(() => loadPrompts(d)).toThrow(PromptLoadError);
    expect(() => loadPrompts(d)).toThrow(`提示词文件 ${path.join(d, 'understand.user.md')} 不存在`);
    expect(() => loadPrompts(d)).toThrow(/git checkout -- prompts\//);
  });

  it('an empty prompt file is an error naming the file', () => {
    const d = promptDir({ 'understand.system.md': '  \n', 'understand.user.md': '{{message}}' });
    expect(() => loadPrompts(d)).toThrow(`提示词文件 ${path.join(d, 'understand.system.md')} 是空的`);
  });

  it('a typo in a placeholder or a template without the message is caught at load time', () => {
    expect(() => loadPrompts(promptDir({ 'understand.system.md': '{{plna}}', 'understand.user.md': '{{message}}' }))).toThrow(/未知占位符 \{\{plna\}\}/);
    expect(() => loadPrompts(promptDir({ 'understand.system.md': '{{plan}}', 'understand.user.md': '请分析' }))).toThrow(/缺少占位符 \{\{message\}\}/);
  });

  it('renders in one pass: a message containing {{plan}} stays text', () => {
    const values = { plan: 'PLAN', year: '2021', department: 'D', today: 'T', rules: 'R', message: '看看 {{plan}}' };
    expect(renderPrompt('<message>{{message}}</message>', values)).toBe('<message>看看 {{plan}}</message>');
  });
});
