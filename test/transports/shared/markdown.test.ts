import { describe, expect, it } from 'vitest';
import { digestMarkdown } from '../../../src/transports/shared/markdown.js';

describe('digest text as markdown', () => {
  it('bolds the title, the numbered sections and short heads ending in a colon; keeps indents visible', () => {
    const text = ['【绩效周报】2021年5月31日（周一）', '5月24日以来新报 1 条', '', '一、新报进展（5月24日—5月30日）', '  张三 5月30日 2100人次（R2021-0001）', '以下 2 项尚未报送：'].join('\n');
    expect(digestMarkdown(text).split('\n')).toEqual([
      '**【绩效周报】2021年5月31日（周一）**',
      '5月24日以来新报 1 条',
      '',
      '**一、新报进展（5月24日—5月30日）**',
      '\u3000张三 5月30日 2100人次（R2021-0001）',
      '**以下 2 项尚未报送：**',
    ]);
  });
});
