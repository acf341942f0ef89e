import type ExcelJS from 'exceljs';

/**
 * A tiny spreadsheet evaluator for the formula shapes the exports write (IF, OR, AND, N, ROUND, MIN,
 * MAX, SUM, COUNT, COUNTBLANK, AVERAGE, ISNUMBER, arithmetic, comparisons, &, cell and range
 * references, 'Sheet'!A1). It lets a test type a figure into a cell and see what Excel or
 * LibreOffice would show in the cells that depend on it.
 */
type V = number | string | boolean | null;
type Arg = V | V[];

interface Tok {
  t: 'num' | 'str' | 'ref' | 'id' | 'op' | '(' | ')' | ',';
  v: string;
}

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ') {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let str = '';
      while (j < s.length) {
        if (s[j] === '"' && s[j + 1] === '"') {
          str += '"';
          j += 2;
        } else if (s[j] === '"') break;
        else str += s[j++];
      }
      out.push({ t: 'str', v: str });
      i = j + 1;
      continue;
    }
    const ref = /^(?:'[^']+'!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?/.exec(s.slice(i));
    if (ref) {
      out.push({ t: 'ref', v: ref[0] });
      i += ref[0].length;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(s.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Z]+(?=\()/.exec(s.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = /^(<=|>=|<>|[-+*/&=<>])/.exec(s.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0] });
      i += op[0].length;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c, v: c });
      i++;
      continue;
    }
    throw new Error(`cannot read formula at ${s.slice(i)}`);
  }
  return out;
}

const isBlank = (v: V) => v === null || v === '';
const num = (v: V): number => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : isBlank(v) ? 0 : Number(v));
const flat = (args: Arg[]): V[] => args.flatMap((a) => (Array.isArray(a) ? a : [a]));

export class Evaluator {
  private overrides = new Map<string, V>();
  constructor(private wb: ExcelJS.Workbook) {}

  /** Types a value into a cell, as a filer would. */
  set(sheet: string, addr: string, v: V): void {
    this.overrides.set(`${sheet}!${addr}`, v);
  }

  value(sheet: string, addr: string): V {
    const key = `${sheet}!${addr.replace(/\$/g, '')}`;
    if (this.overrides.has(key)) return this.overrides.get(key)!;
    const ws = this.wb.getWorksheet(sheet);
    if (!ws) throw new Error(`no sheet ${sheet}`);
    let cell = ws.getCell(addr.replace(/\$/g, ''));
    if (cell.isMerged && cell.master !== cell) cell = cell.master;
    const v = cell.value as unknown;
    if (v === null || v === undefined) return null;
    if (typeof v === 'object' && v !== null && 'formula' in v) return this.formula(sheet, (v as { formula: string }).formula);
    if (typeof v === 'object' && v !== null && 'sharedFormula' in v) throw new Error('shared formulas are not used');
    return v as V;
  }

  formula(sheet: string, f: string): V {
    const toks = tokenize(f);
    let p = 0;
    const peek = () => toks[p];
    const next = () => toks[p++]!;
    const self = this;

    function range(r: string): V[] | V {
      const m = /^(?:'([^']+)'!|([^!']+)!)?([A-Z$]+\d+)(?::([A-Z$]+\d+))?$/.exec(r)!;
      const sh = m[1] ?? m[2] ?? sheet;
      if (!m[4]) return self.value(sh, m[3]!);
      const a = /([A-Z]+)(\d+)/.exec(m[3]!.replace(/\$/g, ''))!;
      const b = /([A-Z]+)(\d+)/.exec(m[4].replace(/\$/g, ''))!;
      const colN = (c: string) => [...c].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
      const out: V[] = [];
      for (let rr = Number(a[2]); rr <= Number(b[2]); rr++)
        for (let cc = colN(a[1]!); cc <= colN(b[1]!); cc++) {
          let col = '';
          for (let n = cc; n > 0; n = Math.floor((n - 1) / 26)) col = String.fromCharCode(65 + ((n - 1) % 26)) + col;
          out.push(self.value(sh, `${col}${rr}`));
        }
      return out;
    }

    function primary(): Arg {
      const t = next();
      if (t.t === 'num') return Number(t.v);
      if (t.t === 'str') return t.v;
      if (t.t === 'ref') return range(t.v);
      if (t.t === 'op' && t.v === '-') return -num(primary() as V);
      if (t.t === '(') {
        const v = compare();
        next();
        return v;
      }
      if (t.t === 'id') {
        next(); // (
        const args: Arg[] = [];
        if (peek()?.t !== ')') {
          args.push(compare());
          while (peek()?.t === ',') {
            next();
            args.push(compare());
          }
        }
        next(); // )
        return call(t.v, args);
      }
      throw new Error(`unexpected ${t.v}`);
    }
    function term(): Arg {
      let v = primary();
      while (peek()?.t === 'op' && (peek()!.v === '*' || peek()!.v === '/')) {
        const op = next().v;
        const r = primary();
        v = op === '*' ? num(v as V) * num(r as V) : num(v as V) / num(r as V);
      }
      return v;
    }
    function sum(): Arg {
      let v = term();
      while (peek()?.t === 'op' && (peek()!.v === '+' || peek()!.v === '-')) {
        const op = next().v;
        const r = term();
        v = op === '+' ? num(v as V) + num(r as V) : num(v as V) - num(r as V);
      }
      return v;
    }
    function concat(): Arg {
      let v = sum();
      while (peek()?.t === 'op' && peek()!.v === '&') {
        next();
        const r = sum();
        v = `${text(v as V)}${text(r as V)}`;
      }
      return v;
    }
    function compare(): Arg {
      const v = concat();
      const t = peek();
      if (t?.t === 'op' && ['=', '<>', '<', '<=', '>', '>='].includes(t.v)) {
        next();
        const r = concat() as V;
        const l = v as V;
        const both = typeof l === 'string' || typeof r === 'string' ? [isBlank(l) ? '' : String(l), isBlank(r) ? '' : String(r)] : [num(l), num(r)];
        const [a, b] = both as [number, number];
        return { '=': a === b, '<>': a !== b, '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b }[t.v]!;
      }
      return v;
    }
    function text(v: V): string {
      if (isBlank(v)) return '';
      if (typeof v === 'number') return String(Math.round(v * 1e10) / 1e10);
      return String(v);
    }
    function call(name: string, args: Arg[]): V {
      const a = args as V[];
      switch (name) {
        case 'IF':
          return a[0] ? (a[1] ?? true) : (a[2] ?? false);
        case 'OR':
          return flat(args).some(Boolean);
        case 'AND':
          return flat(args).every(Boolean);
        case 'N':
          return typeof a[0] === 'number' ? a[0] : 0;
        case 'ROUND':
          return Math.round(num(a[0]!) * 10 ** num(a[1]!)) / 10 ** num(a[1]!);
        case 'MIN':
          return Math.min(...flat(args).filter((x): x is number => typeof x === 'number'));
        case 'MAX':
          return Math.max(...flat(args).filter((x): x is number => typeof x === 'number'));
        case 'SUM':
          return flat(args).reduce<number>((s, x) => s + (typeof x === 'number' ? x : 0), 0);
        case 'COUNT':
          return flat(args).filter((x) => typeof x === 'number').length;
        case 'COUNTBLANK':
          return flat(args).filter(isBlank).length;
        case 'AVERAGE': {
          const ns = flat(args).filter((x): x is number => typeof x === 'number');
          return ns.reduce((s, x) => s + x, 0) / ns.length;
        }
        case 'ISNUMBER':
          return typeof a[0] === 'number';
        default:
          throw new Error(`function ${name} not supported`);
      }
    }
    const v = compare();
    if (p !== toks.length) throw new Error(`trailing tokens in ${f}`);
    return Array.isArray(v) ? (v[0] ?? null) : v;
  }
}

/**
 * Every formula cell of a sheet whose cached result differs from what the formula computes:
 * what a viewer that does not recalculate would show wrongly.
 */
export function staleFormulas(wb: ExcelJS.Workbook, sheet: string): string[] {
  const ev = new Evaluator(wb);
  const out: string[] = [];
  wb.getWorksheet(sheet)!.eachRow((row) =>
    row.eachCell((cell) => {
      const v = cell.value as unknown;
      if (!v || typeof v !== 'object' || !('formula' in v)) return;
      const raw = (v as { result?: unknown }).result;
      const computed = ev.value(sheet, cell.address) ?? '';
      // exceljs reads a stored result of 0 (or "") back as no result at all
      if (raw === undefined && (computed === 0 || computed === '')) return;
      const cached = raw ?? '';
      const same = typeof cached === 'number' && typeof computed === 'number' ? Math.abs(cached - computed) < 1e-9 : cached === computed;
      if (!same) out.push(`${cell.address}: cached ${JSON.stringify(cached)}, computes ${JSON.stringify(computed)}`);
    }),
  );
  return out;
}
