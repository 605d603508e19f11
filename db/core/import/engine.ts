// The generic import engine. A register declares its fields once (name, required, type, coded values, key, the
// header words offices use for it) and how to plan and write rows given in its own terms; the engine does the
// rest: finds the header row, proposes which column is which field, reads coded values, dates and yes/no marks,
// and hands the register rows keyed by its own headers with its own values. The registers' planners check what
// only they know (duplicates, existing records, references) and say what each row will do.
import { createHash } from 'node:crypto';
import type { EntityName } from '../../../shared/contract/changes';
import type {
  ImportColumn,
  ImportFieldInfo,
  ImportFieldType,
  ImportPreviewResult,
  ImportPreviewRow,
  ImportRegisterKey,
  ImportValueField,
} from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { HandlerContext } from '../context';
import type { SheetRow } from '../xlsx';
import type { SheetGrid } from './grid';
import { normalizeWord, parseDate, parseYesNo, proposeValue, type CodedOption } from './values';

export interface ImportField {
  /** The register's own header for it (机构名称); also its name in mappings. */
  name: string;
  required?: boolean;
  type?: ImportFieldType;
  /** Other headers offices use for it (医疗机构名称, 单位名称…). */
  aliases?: readonly string[];
  /** Coded fields: the app's values and the words used for them. */
  options?: readonly CodedOption[];
  key?: boolean;
  hint?: string;
}

export interface ImportPlan {
  rows: ImportPreviewRow[];
  /** Writes every row; called only when no row has an error, inside the mutation's transaction. `afterRow` is
   *  awaited after each planned row (written or not), for the import's progress bar. */
  write(afterRow?: () => Promise<void>): Promise<void>;
}

export interface ImportRegister {
  key: ImportRegisterKey;
  /** 监管对象 … */
  label: string;
  /** The audit entity of the import's summary row. */
  entity: EntityName;
  fields: readonly ImportField[];
  plan(ctx: HandlerContext, rows: SheetRow[]): Promise<ImportPlan>;
}

export const fieldInfo = (f: ImportField): ImportFieldInfo => ({
  name: f.name,
  required: f.required ?? false,
  type: f.type ?? 'text',
  options: f.options?.map((o) => o.value) ?? [],
  key: f.key ?? false,
  hint: f.hint ?? '',
});

// ------------------------------------------------------------------------------------------------ headers

const HEADER_SCAN_ROWS = 30;

/** A header cell for matching: parenthesised notes (（18位）, (必填)) and marks dropped. */
export function headerWord(s: string): string {
  return normalizeWord(s.replace(/[（(【[][^）)】\]]*[）)】\]]/g, '').replace(/必填|选填/g, ''));
}

/** How well a header cell names a field: 100 for its own name or an alias exactly, else the length of the
 *  longest name or alias the header contains, 0 for none. */
function headerScore(header: string, field: ImportField): number {
  const h = headerWord(header);
  if (h === '') return 0;
  const words = [field.name, ...(field.aliases ?? [])].map(headerWord);
  if (words.includes(h)) return 100;
  let best = 0;
  for (const w of words) if (w.length >= 2 && h.includes(w)) best = Math.max(best, w.length);
  return best;
}

/** The header row (1-based): among the first rows, the one naming the most fields; a merged title row repeats
 *  one text across its cells and names at most one. null when no row names a field. */
export function detectHeaderRow(sheet: SheetGrid, fields: readonly ImportField[]): number | null {
  let best: { row: number; score: number } | null = null;
  const last = Math.min(sheet.rows.length, HEADER_SCAN_ROWS);
  for (let i = 0; i < last; i++) {
    const distinct = [...new Set((sheet.rows[i] ?? []).filter((c) => c !== ''))];
    if (distinct.length < 2) continue;
    const named = new Set<string>();
    for (const cell of distinct) for (const f of fields) if (headerScore(cell, f) >= 2) named.add(f.name);
    if (named.size === 0) continue;
    const score = named.size * 100 + distinct.length;
    if (!best || score > best.score) best = { row: i + 1, score };
  }
  return best?.row ?? null;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export interface SheetColumns {
  columns: ImportColumn[];
  /** column key → index */
  index: Map<string, number>;
  dataRows: { rowNumber: number; cells: string[] }[];
}

/** The columns under the header row and the data rows below it (blank rows skipped). */
export function sheetColumns(sheet: SheetGrid, headerRow: number): SheetColumns {
  const header = sheet.rows[headerRow - 1] ?? [];
  const dataRows: SheetColumns['dataRows'] = [];
  for (let i = headerRow; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i] ?? [];
    if (cells.some((c) => c !== '')) dataRows.push({ rowNumber: i + 1, cells });
  }
  const width = Math.max(header.length, ...dataRows.slice(0, 50).map((r) => r.cells.length));
  const seen = new Map<string, number>();
  for (const h of header) if (h) seen.set(h, (seen.get(h) ?? 0) + 1);
  const columns: ImportColumn[] = [];
  const index = new Map<string, number>();
  for (let j = 0; j < width; j++) {
    const letter = columnLetter(j);
    const h = header[j] ?? '';
    const hasData = dataRows.some((r) => (r.cells[j] ?? '') !== '');
    if (h === '' && !hasData) continue;
    const key = h === '' ? `（${letter} 列，无表头）` : (seen.get(h) ?? 0) > 1 ? `${h}（${letter} 列）` : h;
    const samples: string[] = [];
    for (const r of dataRows) {
      const v = r.cells[j] ?? '';
      if (v !== '' && !samples.includes(v)) samples.push(v);
      if (samples.length >= 3) break;
    }
    columns.push({ key, letter, samples });
    index.set(key, j);
  }
  return { columns, index, dataRows };
}

/** The header layout's signature: the same headers in the same order give the same one, wherever the header is. */
export function headerSignature(columns: ImportColumn[]): string {
  const words = columns.map((c) => headerWord(c.key));
  return createHash('sha256').update(words.join('\u001f')).digest('hex').slice(0, 16);
}

/** Field → column, from the headers: each column to at most one field, the surest pairs first. */
export function proposeColumns(
  columns: ImportColumn[],
  fields: readonly ImportField[],
): Record<string, string | null> {
  const pairs: { field: string; column: string; score: number }[] = [];
  for (const f of fields)
    for (const c of columns) {
      const score = headerScore(c.key, f);
      if (score > 0) pairs.push({ field: f.name, column: c.key, score });
    }
  pairs.sort((a, b) => b.score - a.score);
  const out: Record<string, string | null> = Object.fromEntries(fields.map((f) => [f.name, null]));
  const taken = new Set<string>();
  for (const p of pairs) {
    if (out[p.field] !== null || taken.has(p.column)) continue;
    out[p.field] = p.column;
    taken.add(p.column);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ mapping

export interface Mapping {
  columns: Record<string, string | null>;
  values: Record<string, Record<string, string>>;
}

/** Checks a column mapping against the sheet: required fields mapped, no column twice, every column there. */
export function checkColumns(register: ImportRegister, sheet: SheetColumns, columns: Mapping['columns']) {
  const problems: string[] = [];
  const used = new Map<string, string>();
  for (const f of register.fields) {
    const c = columns[f.name] ?? null;
    if (c === null) {
      if (f.required) problems.push(`必填项“${f.name}”尚未对应到文件中的列`);
      continue;
    }
    if (!sheet.index.has(c)) problems.push(`“${f.name}”对应的列“${c}”不在该工作表的表头中`);
    const other = used.get(c);
    if (other) problems.push(`列“${c}”同时对应了“${other}”和“${f.name}”`);
    used.set(c, f.name);
  }
  for (const name of Object.keys(columns))
    if (!register.fields.some((f) => f.name === name)) problems.push(`“${name}”不是${register.label}的字段`);
  if (problems.length > 0) throw new AppError('IMPORT_INVALID', problems.join('；'), { problems });
}

/** Each coded field's distinct values in the file, with the app value each clearly corresponds to. */
export function valueChoices(
  register: ImportRegister,
  sheet: SheetColumns,
  columns: Mapping['columns'],
): ImportValueField[] {
  const out: ImportValueField[] = [];
  for (const f of register.fields) {
    const c = columns[f.name];
    if (f.type !== 'code' || !f.options || c === null || c === undefined) continue;
    const j = sheet.index.get(c);
    if (j === undefined) continue;
    const counts = new Map<string, number>();
    for (const r of sheet.dataRows) {
      const v = r.cells[j] ?? '';
      if (v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    out.push({
      field: f.name,
      options: f.options.map((o) => o.value),
      values: [...counts].map(([value, count]) => ({
        value,
        count,
        proposed: proposeValue(value, f.options!),
      })),
    });
  }
  return out;
}

/**
 * The sheet's rows in the register's terms: keyed by its field names (unmapped fields absent, so a register keeps
 * what a record has), coded values replaced by the app's, dates as YYYY-MM-DD, yes/no as 是/否. What cannot be
 * read is an error of its row; a value the mapping leaves unmatched is one too.
 */
export function transformRows(
  register: ImportRegister,
  sheet: SheetColumns,
  mapping: Mapping,
): { rows: SheetRow[]; errors: Map<number, string[]> } {
  const errors = new Map<number, string[]>();
  const mapped = register.fields.flatMap((f) => {
    const c = mapping.columns[f.name];
    const j = c === null || c === undefined ? undefined : sheet.index.get(c);
    if (j === undefined) return [];
    const exact = new Map((f.options ?? []).map((o) => [o.value, o.value]));
    const chosen = new Map(Object.entries(mapping.values[f.name] ?? {}).filter(([, v]) => v !== ''));
    return [{ f, j, exact, chosen }];
  });
  const rows: SheetRow[] = sheet.dataRows.map(({ rowNumber, cells: raw }) => {
    const cells: Record<string, string> = {};
    const problems: string[] = [];
    for (const { f, j, exact, chosen } of mapped) {
      const text = raw[j] ?? '';
      let value = text;
      if (text !== '') {
        if (f.type === 'code') {
          const v = chosen.get(text) ?? exact.get(text);
          if (v === undefined)
            problems.push(`${f.name}“${text}”尚未对应到本程序的取值，请在“对应取值”一步选择`);
          else if (!exact.has(v)) problems.push(`${f.name}“${text}”对应的“${v}”不是本程序的取值`);
          value = v ?? text;
        } else if (f.type === 'date') {
          const d = parseDate(text);
          if (d === null) problems.push(`${f.name}“${text}”不是可识别的日期`);
          value = d ?? text;
        } else if (f.type === 'bool') {
          const b = parseYesNo(text);
          if (b === null) problems.push(`${f.name}“${text}”应为 是/否（或 √/×）`);
          value = b === null ? text : b ? '是' : '否';
        }
      }
      cells[f.name] = value;
    }
    if (problems.length > 0) errors.set(rowNumber, problems);
    return { rowNumber, cells };
  });
  return { rows, errors };
}

/** The register's plan with the engine's own row errors joined in, and the counts. */
export async function planImport(
  ctx: HandlerContext,
  register: ImportRegister,
  sheet: SheetColumns,
  mapping: Mapping,
): Promise<{ preview: ImportPreviewResult; plan: ImportPlan }> {
  checkColumns(register, sheet, mapping.columns);
  if (sheet.dataRows.length === 0) throw new AppError('IMPORT_INVALID', '表头下面没有数据行');
  const { rows, errors } = transformRows(register, sheet, mapping);
  const plan = await register.plan(ctx, rows);
  for (const r of plan.rows) {
    const own = errors.get(r.rowNumber);
    if (own) r.errors = [...new Set([...own, ...r.errors])];
  }
  const taken = new Set(Object.values(mapping.columns).filter((c): c is string => c !== null));
  const preview: ImportPreviewResult = {
    rows: plan.rows,
    createCount: plan.rows.filter((r) => r.errors.length === 0 && r.action === 'create').length,
    updateCount: plan.rows.filter((r) => r.errors.length === 0 && r.action === 'update').length,
    unchangedCount: plan.rows.filter((r) => r.errors.length === 0 && r.action === 'unchanged').length,
    errorCount: plan.rows.filter((r) => r.errors.length > 0).length,
    unmappedColumns: sheet.columns.map((c) => c.key).filter((k) => !taken.has(k)),
  };
  return { preview, plan };
}
