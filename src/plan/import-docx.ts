import mammoth from 'mammoth';

/**
 * The Word form (.docx) as the text layout the text importer reads — the layout of Word's own
 * "save as text": every table cell starts a line with a tab, each paragraph or line break
 * inside a cell is a line of its own, and an empty line ends a table row.
 *
 * mammoth's raw-text mode drops soft line breaks (<w:br/>) and runs a cell's lines together,
 * so this goes through mammoth's HTML (which keeps <p>, <br />, <td> and the merges) instead.
 * Vertically merged cells appear once, in their first row, as Word's text export does.
 */
export async function docxToText(file: string | Buffer): Promise<string> {
  const input = typeof file === 'string' ? { path: file } : { buffer: file };
  const { value } = await mammoth.convertToHtml(input);
  return htmlToFormText(value);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** mammoth's HTML (flat, well-formed, no attributes that matter) → the form's text layout. */
export function htmlToFormText(html: string): string {
  const out: string[] = [];
  /** The line being built, and whether it is the first line of a table cell (gets the tab). */
  let line = '';
  let lineOpen = false;
  let cellStart = false;
  let depth = 0; // table nesting

  const flush = (force = false) => {
    if (!lineOpen && !force) return;
    out.push((cellStart ? '\t' : '') + line);
    line = '';
    lineOpen = false;
    cellStart = false;
  };

  for (const tok of html.match(/<[^>]+>|[^<]+/g) ?? []) {
    if (tok[0] !== '<') {
      line += decodeEntities(tok);
      lineOpen = true;
      continue;
    }
    const tag = /^<\/?\s*([a-z0-9]+)/i.exec(tok)?.[1]?.toLowerCase() ?? '';
    const closing = tok[1] === '/';
    switch (tag) {
      case 'table':
        if (!closing) flush();
        depth += closing ? -1 : 1;
        break;
      case 'tr':
        if (closing) out.push('');
        break;
      case 'td':
      case 'th':
        if (!closing) {
          flush();
          cellStart = true;
        } else if (cellStart) flush(true); // an empty cell is still a line: "\t"
        else flush();
        break;
      case 'br':
        flush(true);
        break;
      case 'p':
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
      case 'li':
        if (closing) flush(cellStart);
        break;
      default:
        // inline markup (strong, em, a, sup, …) carries no layout
        break;
    }
  }
  flush();
  void depth;
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
