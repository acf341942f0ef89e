import path from 'node:path';
import type { z } from 'zod';

/**
 * A data file that cannot be used as it is. The store never writes over such a file: the
 * message names the file, the place and the problem in Chinese, and says what to do.
 */
export class StoreLoadError extends Error {
  constructor(
    readonly file: string,
    /** `records[3].amounts[0].value`, `第 12 行第 5 列`, `schemaVersion`, `整个文件` */
    readonly place: string,
    readonly problem: string,
    readonly advice: string = restoreAdvice(file),
  ) {
    super(`无法载入数据文件 ${file}：${place}：${problem}。该文件保持原样，没有被改动。${advice}`);
    this.name = 'StoreLoadError';
  }
}

export function restoreAdvice(file: string): string {
  const backups = path.join(path.dirname(file), 'backups');
  const name = path.basename(file);
  return `处理办法：把 ${backups}/latest/${name}（最后一次保存后的副本，什么都不少）复制回来覆盖它；若那份也不能用，再用 ${backups}/ 里日期最近的文件夹中的 ${name}（那天第一次保存前的样子，少了那天保存的内容）。也可用文本编辑器按上面指出的位置修正。然后重新启动绩效助手。`;
}

/** A write refused (the change does not validate) or failed (disk full, no permission). Memory is unchanged. */
export class StoreWriteError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid' | 'io',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreWriteError';
  }
}

/** ['records', 3, 'amounts', 0, 'value'] → records[3].amounts[0].value */
export function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const k of p) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || '文件顶层';
}

function valueAt(data: unknown, p: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function preview(v: unknown): string {
  if (v === undefined) return '缺少这个字段';
  const s = JSON.stringify(v) ?? String(v);
  return `现在是 ${s.length > 60 ? `${s.slice(0, 57)}…` : s}`;
}

/** The id of the record a path points into, when there is one: helps find it in the file. */
function recordNote(data: unknown, p: readonly PropertyKey[]): string {
  if (p[0] !== 'records' || typeof p[1] !== 'number') return '';
  const id = valueAt(data, ['records', p[1], 'id']);
  return typeof id === 'string' ? `（记录 ${id}）` : '';
}

/** Turns zod issues into a StoreLoadError naming the first place and up to three problems. */
export function issuesError(file: string, data: unknown, issues: readonly z.core.$ZodIssue[], lead = ''): StoreLoadError {
  const first = issues[0]!;
  const place = formatPath(first.path) + recordNote(data, first.path);
  const problems = issues.slice(0, 3).map((iss, i) => {
    const where = i === 0 ? '' : `${formatPath(iss.path)}${recordNote(data, iss.path)}：`;
    return `${where}${iss.message}（${preview(valueAt(data, iss.path))}）`;
  });
  const more = issues.length > 3 ? `；另有 ${issues.length - 3} 处问题` : '';
  return new StoreLoadError(file, place, lead + problems.join('；') + more);
}

/**
 * Where a text stops being JSON, as 1-based line and column, with what was expected.
 * Node 20's JSON.parse messages often carry no position ("Unexpected end of JSON input",
 * "Unexpected token '}', ... is not valid JSON"), so this scans the text itself; it only
 * runs after JSON.parse has failed.
 */
export function locateJsonError(text: string): { line: number; column: number; reason: string; snippet: string } {
  let i = 0;
  class Stop {
    constructor(readonly at: number, readonly reason: string) {}
  }
  const fail = (reason: string): never => {
    throw new Stop(i, i >= text.length ? '文件在这里意外结束（可能只写了一半或被截断）' : reason);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('');
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail('字符串里不能直接换行或含控制字符（是不是少了一个右引号 "）');
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('\\u 后面应是 4 位十六进制数');
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail('反斜杠 \\ 后面的转义字符不对');
      } else i++;
    }
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('这里应是一个数字');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('这里应是用双引号括起来的字段名（是不是多了一个逗号）');
        str();
        ws();
        if (text[i] !== ':') fail('字段名后面应是冒号 :');
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail('这里应是逗号 , 或右花括号 }');
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('这里应是逗号 , 或右方括号 ]');
      }
    } else if (c === '"') str();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) num();
    else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else fail('这里应是一个值（数字、"文字"、true/false/null、{…} 或 […]；文字要用英文双引号括起来）');
  };
  let at = text.length;
  let reason = 'JSON 格式错误';
  try {
    value();
    ws();
    if (i < text.length) fail('完整的 JSON 结束后还有多余的内容');
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    at = e.at;
    reason = e.reason;
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', at);
  const whole = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  const col = at - lineStart;
  const snippet = whole.slice(Math.max(0, col - 30), col + 30).trim();
  return { line, column: col + 1, reason, snippet };
}

/** JSON.parse, or a StoreLoadError naming line and column. A UTF-8 BOM (Windows Notepad) is tolerated. */
export function parseJsonFile(file: string, text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new StoreLoadError(file, '整个文件', '文件是空的');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const { line, column, reason, snippet } = locateJsonError(body);
    throw new StoreLoadError(file, `第 ${line} 行第 ${column} 列`, `不是合法的 JSON：${reason}${snippet ? `；该处内容：${snippet}` : ''}`);
  }
  // JSON.parse keeps the last of two equal keys and drops the first: saving would lose it for good
  const dup = duplicateKeyAt(body);
  if (dup) {
    const before = body.slice(0, dup.at);
    const line = before.split('\n').length;
    const column = dup.at - before.lastIndexOf('\n');
    throw new StoreLoadError(file, `第 ${line} 行第 ${column} 列`, `同一处有两个“${dup.key}”：读入会丢掉前一个的内容，所以不读也不改；请删掉多余的那个（或从备份恢复）`);
  }
  return parsed;
}

/**
 * Where an object in (already valid) JSON text repeats a key, or null. A small scanner: strings,
 * objects and arrays, nothing else matters for keys.
 */
export function duplicateKeyAt(text: string): { key: string; at: number } | null {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i;
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(start, j + 1);
      i = j;
      const top = stack[stack.length - 1];
      if (top && expectKey) {
        const key = JSON.parse(raw) as string;
        if (top.has(key)) return { key, at: start };
        top.add(key);
        expectKey = false;
      }
      continue;
    }
    if (ch === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      stack.push(null);
    } else if (ch === '}' || ch === ']') {
      stack.pop();
    } else if (ch === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return null;
}
