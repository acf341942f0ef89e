import { importPlanText } from './import-text.js';
import { importColumns, type ImportOptions, type ImportOutcome } from './import-columns.js';
import { docToText, textToDoc, type Doc } from './table.js';

export type { ImportOptions, ImportOutcome, Unplaced } from './import-columns.js';

/** The 2021 form: indicators written 指标1： … under 数量指标 / 质量指标 … and a quarterly 进度 block. */
function isFormLayout(text: string): boolean {
  // a column table may also number its 三级 cells 指标1：…; its header names the columns
  return /^\t?指标\d+[:：]/m.test(text) && !/^\t(三级指标|指标内容|指标值及单位|指标目标值|度量单位)\s*$/m.test(text);
}

/** The 2021 form's reader; a text it reads no indicator from goes to the column reader instead. */
function fromForm(text: string, fallback: () => ImportOutcome | Promise<ImportOutcome>): ImportOutcome | Promise<ImportOutcome> {
  try {
    const { plan, unplaced } = importPlanText(text);
    if (!plan.indicators.length) return fallback();
    return { kind: 'plan', plan, unplaced, notes: [] };
  } catch (e) {
    const other = fallback();
    const failed = (o: ImportOutcome) => (o.kind === 'fail' ? { kind: 'fail' as const, reason: `按 2021 年申报表的格式读不通（${firstLine((e as Error).message)}）；按分栏表也读不通（${o.reason}）` } : o);
    return other instanceof Promise ? other.then(failed) : failed(other);
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 200);
}

/** Word's save-as-text (.txt). */
export function importPlanSource(text: string, options: ImportOptions = {}): ImportOutcome {
  if (!text.trim()) return { kind: 'fail', reason: '文件是空的' };
  if (isFormLayout(text)) return fromForm(text, () => importColumns(textToDoc(text), options)) as ImportOutcome;
  return importColumns(textToDoc(text), options);
}

/** A table already read into rows and cells (.docx, .xlsx). */
export function importPlanDoc(doc: Doc, options: ImportOptions = {}): ImportOutcome {
  const text = docToText(doc);
  if (isFormLayout(text)) return fromForm(text, () => importColumns(doc, options)) as ImportOutcome;
  return importColumns(doc, options);
}

/** Any supported file by its name: .txt, .docx, .xlsx. Never throws. */
export async function importPlanFile(name: string, data: Buffer, options: ImportOptions = {}): Promise<ImportOutcome> {
  try {
    // a zip whatever its name says (renamed, or saved without an extension): look inside
    if (data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) && !/\.(docx|xlsx)$/i.test(name)) {
      const { readZipEntry } = await import('./unzip.js');
      if (readZipEntry(data, 'word/document.xml')) name = `${name}.docx`;
      else if (readZipEntry(data, 'xl/workbook.xml')) name = `${name}.xlsx`;
    }
    if (/\.docx$/i.test(name)) {
      const { docxToDoc } = await import('./docx-table.js');
      const doc = docxToDoc(data);
      const text = docToText(doc);
      if (isFormLayout(text)) {
        // the 2021 form keeps going through the reader it was checked with
        const { docxToText } = await import('./import-docx.js');
        return fromForm(await docxToText(data), () => importColumns(doc, options));
      }
      return importColumns(doc, options);
    }
    if (/\.xlsx$/i.test(name)) {
      const { xlsxToDoc } = await import('./xlsx-table.js');
      return importPlanDoc(await xlsxToDoc(data), options);
    }
    if (/\.(doc|xls|wps|et|pdf)$/i.test(name))
      return { kind: 'fail', reason: `不能直接读 ${name.split('.').pop()} 文件：请在 Word / Excel 里另存为 .docx、.xlsx 或纯文本 .txt` };
    return importPlanSource(decodeText(data), options);
  } catch (e) {
    return { kind: 'fail', reason: `${name} 读不出来：${firstLine((e as Error).message)}` };
  }
}

/**
 * Word's "save as text" writes UTF-8, UTF-16 ("Unicode") or, on Chinese Windows, GB18030/GBK:
 * a byte-order mark decides, else UTF-8 when it decodes cleanly, else GB18030.
 */
export function decodeText(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}
