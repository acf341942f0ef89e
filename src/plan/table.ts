/**
 * A document as the importer sees it, whatever file it came from: paragraphs outside tables
 * and table rows of cells. Each piece carries a reference a person can find in the source
 * ("第12行" in a .txt, "表1第3行第2格" in a .docx, "Sheet1!C5" in an .xlsx).
 *
 * Merged cells follow Word's text export: a horizontally merged cell is one cell; a vertically
 * merged cell appears in its first row and as an empty cell in the rows below.
 */
export interface Cell {
  text: string;
  ref: string;
  /** First source line of the cell (for .txt); 0 when the source has no lines */
  line: number;
}

export interface Row {
  cells: Cell[];
  ref: string;
  line: number;
}

export type Block = { kind: 'para'; text: string; ref: string; line: number } | { kind: 'row'; row: Row };

export interface Doc {
  blocks: Block[];
}

/**
 * Word's "save as text" layout: a tab starts each cell, a line without a tab continues the cell
 * above (a line break inside it), an empty line ends a row; lines outside rows are paragraphs.
 */
export function textToDoc(source: string): Doc {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const blocks: Block[] = [];
  let row: Row | null = null;
  const endRow = () => {
    if (row && row.cells.length) blocks.push({ kind: 'row', row });
    row = null;
  };
  lines.forEach((raw, i) => {
    const no = i + 1;
    if (raw.trim() === '' && !raw.startsWith('\t')) {
      endRow();
      return;
    }
    if (raw.startsWith('\t')) {
      // several tabs on a line: several cells (Word writes one per line, other tools do not)
      const parts = raw.slice(1).split('\t');
      row ??= { cells: [], ref: `第${no}行`, line: no };
      for (const p of parts) row.cells.push({ text: p.trim(), ref: `第${no}行`, line: no });
      return;
    }
    if (row && row.cells.length) {
      const last = row.cells[row.cells.length - 1]!;
      last.text = last.text ? `${last.text}\n${raw.trim()}` : raw.trim();
      return;
    }
    blocks.push({ kind: 'para', text: raw.trim(), ref: `第${no}行`, line: no });
  });
  endRow();
  return { blocks };
}

/** The Doc back in Word's text layout (used to feed the 2021 form's reader from .docx / .xlsx). */
export function docToText(doc: Doc): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'para') out.push(b.text);
    else {
      for (const c of b.row.cells) out.push(`\t${c.text}`);
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

/** A cell's text on one line: line breaks inside a cell are layout, not meaning. */
export function flat(text: string): string {
  return text.replace(/\s*\n\s*/g, '').replace(/\s+/g, ' ').trim();
}
