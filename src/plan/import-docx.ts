import mammoth from 'mammoth';

/**
 * The Word form (.docx) as the text layout the text importer reads: one paragraph or
 * table cell per line, as Word's own "save as text" does.
 */
export async function docxToText(file: string): Promise<string> {
  const { value } = await mammoth.extractRawText({ path: file });
  return value;
}
