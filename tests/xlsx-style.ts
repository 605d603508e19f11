// Reads an .xlsx's cell styles the way Excel does (exceljs does not read quotePrefix): the cell's `s` index in
// the sheet XML, and that entry of <cellXfs> in styles.xml, with the number format it names.
import { strFromU8, unzipSync } from 'fflate';

export interface CellStyle {
  quotePrefix: boolean;
  numFmtId: number;
  /** The format code of a custom number format (numFmtId ≥ 164). */
  formatCode: string | null;
}

const attr = (s: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(s)?.[1];

export function cellStyle(xlsx: Uint8Array, sheet: number, ref: string): CellStyle {
  const parts = unzipSync(xlsx);
  const sheetXml = strFromU8(parts[`xl/worksheets/sheet${sheet}.xml`]!);
  const cell = new RegExp(`<c r="${ref}"([^>]*)>`).exec(sheetXml);
  if (!cell) throw new Error(`no cell ${ref} in sheet ${sheet}`);
  const s = Number(attr(cell[1]!, 's') ?? 0);
  const styles = strFromU8(parts['xl/styles.xml']!);
  const xfs = /<cellXfs\b[\s\S]*?<\/cellXfs>/.exec(styles)![0];
  const xf = [...xfs.matchAll(/<xf\b([^>]*?)\/?>/g)][s]![1]!;
  const numFmtId = Number(attr(xf, 'numFmtId') ?? 0);
  const fmt = new RegExp(`<numFmt numFmtId="${numFmtId}" formatCode="([^"]*)"`).exec(styles)?.[1] ?? null;
  return {
    quotePrefix: attr(xf, 'quotePrefix') === '1',
    numFmtId,
    formatCode: fmt?.replace(/&quot;/g, '"') ?? null,
  };
}
