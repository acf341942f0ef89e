import { readZipEntry } from './unzip.js';
import type { Block, Cell, Doc } from './table.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * A .docx read from its own table structure (word/document.xml): paragraphs, rows and cells,
 * with horizontal merges (gridSpan) as one cell and vertical merges (vMerge continue) as an
 * empty cell below the first — the same shape as Word's text export, without losing cells.
 */
export function docxToDoc(file: Buffer): Doc {
  const xml = readZipEntry(file, 'word/document.xml');
  if (!xml) throw new Error('不是 Word 文档（里面没有 word/document.xml）');
  const s = xml.toString('utf8');
  const blocks: Block[] = [];
  let tableNo = 0;
  let depth = 0;
  let rowNo = 0;
  let cells: Cell[] | null = null;
  let cell: { lines: string[]; vcont: boolean } | null = null;
  let para: string[] | null = null; // the paragraph being read: its lines (soft breaks)
  const tokens = s.match(/<[^>]+>|[^<]+/g) ?? [];
  let inText = false;
  for (const tok of tokens) {
    if (tok[0] !== '<') {
      if (inText && para) para[para.length - 1] += decode(tok);
      continue;
    }
    const m = /^<(\/?)([a-zA-Z0-9]+:[a-zA-Z0-9]+)/.exec(tok);
    if (!m) continue;
    const closing = m[1] === '/';
    const selfClosing = tok.endsWith('/>');
    const tag = m[2];
    switch (tag) {
      case 'w:tbl':
        if (!closing) {
          depth++;
          if (depth === 1) {
            tableNo++;
            rowNo = 0;
          }
        } else depth--;
        break;
      case 'w:tr':
        if (depth !== 1) break;
        if (!closing) {
          rowNo++;
          cells = [];
        } else if (cells) {
          if (cells.length) blocks.push({ kind: 'row', row: { cells, ref: `表${tableNo}第${rowNo}行`, line: 0 } });
          cells = null;
        }
        break;
      case 'w:tc':
        if (depth !== 1) break;
        if (!closing) cell = { lines: [], vcont: false };
        else if (cell && cells) {
          const text = cell.vcont ? '' : cell.lines.join('\n').replace(/^\n+|\n+$/g, '');
          cells.push({ text: text.trim(), ref: `表${tableNo}第${rowNo}行第${cells.length + 1}格`, line: 0 });
          cell = null;
        }
        break;
      case 'w:vMerge':
        if (cell && depth === 1 && !/w:val="restart"/.test(tok)) cell.vcont = true;
        break;
      case 'w:p':
        if (!closing && !selfClosing) para = [''];
        else if (closing && para) {
          const text = para.map((l) => l.trim()).join('\n');
          if (cell) cell.lines.push(text);
          else if (depth === 0 && text.trim()) blocks.push({ kind: 'para', text: text.trim(), ref: `第${blocks.length + 1}段`, line: 0 });
          para = null;
        } else if (selfClosing && cell) cell.lines.push('');
        break;
      case 'w:t':
        inText = !closing && !selfClosing;
        break;
      case 'w:br':
      case 'w:cr':
        if (para) para.push('');
        break;
      case 'w:tab':
        if (para && !/<w:tabs|<w:tab w:val/.test(tok)) para[para.length - 1] += ' ';
        break;
      default:
        break;
    }
  }
  return { blocks };
}
