import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The prompt templates, read once at start-up so wording is reviewed in prompts/, not in code. */
export interface Prompts {
  system: string;
  user: string;
}

export const DEFAULT_PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** Placeholders the refiner fills; a template naming any other is a typo caught at start-up. */
export const PLACEHOLDERS = ['plan', 'year', 'department', 'today', 'rules', 'message'] as const;
export type PlaceholderName = (typeof PLACEHOLDERS)[number];

const FILES: Record<keyof Prompts, { file: string; required: PlaceholderName[] }> = {
  system: { file: 'understand.system.md', required: ['plan'] },
  user: { file: 'understand.user.md', required: ['message'] },
};

export class PromptLoadError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`提示词文件 ${file} ${problem}。该文件随代码放在 prompts/ 下：请从仓库恢复它（git checkout -- prompts/），或删去 OPENAI_API_KEY 只用规则理解。`);
    this.name = 'PromptLoadError';
  }
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

function readTemplate(dir: string, file: string, required: PlaceholderName[]): string {
  const full = path.join(dir, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PromptLoadError(full, code === 'ENOENT' ? '不存在' : `无法读取（${code ?? (e as Error).message}）`);
  }
  if (text.trim() === '') throw new PromptLoadError(full, '是空的');
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!))
      throw new PromptLoadError(full, `含未知占位符 {{${m[1]}}}（可用：${PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')}）`);
  }
  for (const r of required) {
    if (!new RegExp(`\\{\\{\\s*${r}\\s*\\}\\}`).test(text)) throw new PromptLoadError(full, `缺少占位符 {{${r}}}`);
  }
  return text.trim();
}

/** Reads prompts/understand.system.md and prompts/understand.user.md; errors name the file. */
export function loadPrompts(dir: string = DEFAULT_PROMPTS_DIR): Prompts {
  return {
    system: readTemplate(dir, FILES.system.file, FILES.system.required),
    user: readTemplate(dir, FILES.user.file, FILES.user.required),
  };
}

/**
 * Fills {{placeholders}} in one pass: a value is never re-scanned, so a message that
 * contains "{{plan}}" stays text.
 */
export function renderPrompt(template: string, values: Record<PlaceholderName, string>): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => values[name as PlaceholderName] ?? '');
}
