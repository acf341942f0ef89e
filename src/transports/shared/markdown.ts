/**
 * Digest text is plain (WeChat shows markdown as raw characters). Platforms that render
 * markdown (WeCom's markdown message; Feishu and DingTalk cards alike) get the same text with
 * its title and section heads in bold, and indented lines kept indented.
 */

const TITLE = /^【[^】]+】/;
const SECTION = /^[一二三四五六七八九十]+、/;
const HEAD = /^[^\s].{0,30}[：:]$/;

export function digestMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const t = line.trimEnd();
      if (t === '') return t;
      if (TITLE.test(t) || SECTION.test(t) || HEAD.test(t)) return `**${t}**`;
      // leading spaces vanish in markdown, four of them make a code block: keep the indent with ideographic spaces
      const indent = /^ +/.exec(t)?.[0].length ?? 0;
      return indent ? '\u3000'.repeat(Math.ceil(indent / 2)) + t.slice(indent) : t;
    })
    .join('\n');
}

/**
 * Plain text for a markdown renderer: a single newline would join two lines into one
 * paragraph, so each line ends in a hard break (two spaces), which plain renderers ignore.
 */
export function keepLineBreaks(text: string): string {
  return text.replace(/\r\n/g, '\n').split('\n').join('  \n');
}
