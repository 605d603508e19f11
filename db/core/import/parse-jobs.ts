// What an import worker does (parse-worker.ts): read an uploaded workbook (zip guard, then exceljs on the rebuilt
// zip) into plain data — a sheet's rows, the checklist fill-in workbook's rows, the wizard's text grids, or the
// 依法执业自查 workbook's rows. The
// same functions run in the app's own thread only where no worker can be started (worker-pool.ts).
import { parseSheetRows, type SheetRow } from '../xlsx';
import { parseChecklistWorkbook, type WorkbookContents } from '../../checklist/workbook-file';
import { parseGrid, type WorkbookGrid } from './grid';
import { parseSelfcheckRows, type SelfcheckRows } from '../../selfcheck/workbook-read';

export type ParseJob =
  | { kind: 'sheet'; bytes: Uint8Array; required: string[] }
  | { kind: 'checklist'; bytes: Uint8Array }
  | { kind: 'grid'; bytes: Uint8Array; sha256: string }
  | { kind: 'selfcheck'; bytes: Uint8Array; headers: string[] };

export interface ParseResults {
  sheet: SheetRow[];
  checklist: WorkbookContents;
  grid: WorkbookGrid;
  selfcheck: SelfcheckRows;
}

export async function runParseJob(job: ParseJob): Promise<ParseResults[ParseJob['kind']]> {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  switch (job.kind) {
    case 'sheet':
      return parseSheetRows(bytes, job.required);
    case 'checklist':
      return parseChecklistWorkbook(bytes);
    case 'grid':
      return parseGrid(bytes, job.sha256);
    case 'selfcheck':
      return parseSelfcheckRows(bytes, job.headers);
  }
}
