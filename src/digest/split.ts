/**
 * Splits a text into messages of at most `max` characters, breaking at line breaks. A blank
 * line (between sections) is the preferred break; a single line longer than `max` is cut
 * hard. Chunks carry no leading or trailing blank lines; the text's own lines are unchanged.
 */
export function splitMessage(text: string, max: number): string[] {
  if (!Number.isInteger(max) || max < 1) throw new Error(`max 须为正整数：${max}`);
  const lines: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line.length <= max) lines.push(line);
    else for (let i = 0; i < line.length; i += max) lines.push(line.slice(i, i + max));
  }

  const chunks: string[] = [];
  let cur: string[] = [];
  let len = -1; // length of cur.join('\n')
  const flush = () => {
    while (cur.length && cur[cur.length - 1]!.trim() === '') cur.pop();
    if (cur.length) chunks.push(cur.join('\n'));
    cur = [];
    len = -1;
  };
  for (const line of lines) {
    if (!cur.length && line.trim() === '') continue;
    if (len + 1 + line.length > max) {
      // break at the last blank line of the chunk when it keeps at least half of it
      const blank = cur.findLastIndex((l) => l.trim() === '');
      if (blank > 0 && cur.slice(0, blank).join('\n').length >= max / 2) {
        const rest = cur.slice(blank + 1);
        cur = cur.slice(0, blank);
        flush();
        cur = rest;
        len = rest.length ? rest.join('\n').length : -1;
        if (len + 1 + line.length > max) flush();
      } else flush();
      if (line.trim() === '') continue;
    }
    cur.push(line);
    len += 1 + line.length;
  }
  flush();
  return chunks;
}
