// The Excel export of a long register (12345 投诉, 检查记录 …): the whole list its grid's filters, search and sort
// select, read block by block through the same block reader the grid pages with, numbered 1…n, with the window's
// progress bar (第 k / n 行) and 取消 (writeSheetFrom). Nothing is written, so stopping is always safe.
import type { FileDownload } from '../../shared/contract';
import { pagedList, type BlockView } from './paging';
import type { ProgressControl } from './progress';
import { writeSheetFrom, XLSX_MIME, type SheetColumn } from './xlsx';

export async function exportPagedList<T>(spec: {
  sheetName: string;
  fileName: string;
  /** What the bar says (正在导出12345投诉). */
  what: string;
  columns: SheetColumn<T>[];
  read: (view: BlockView) => Promise<{ rows: T[]; total: number; next?: (string | number | null)[] }>;
  progress: ProgressControl;
}): Promise<FileDownload> {
  const list = await pagedList(spec.read);
  async function* numbered(): AsyncGenerator<{ seq: number; item: T }[]> {
    let seq = 0;
    for await (const block of list.blocks) yield block.map((item) => ({ seq: ++seq, item }));
  }
  const bytes = await writeSheetFrom(
    spec.sheetName,
    [
      { header: '序号', width: 6, value: (r: { seq: number }) => r.seq },
      ...spec.columns.map((c) => ({ ...c, value: (r: { item: T }) => c.value(r.item) })),
    ],
    numbered(),
    { progress: spec.progress, what: spec.what, total: list.total },
  );
  return { fileName: spec.fileName, mimeType: XLSX_MIME, base64: bytes.toString('base64') };
}
