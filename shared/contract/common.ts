// Schemas reused across domains, with Chinese messages written for the people who will read them.
import { z } from 'zod';
import { isIsoDate } from '../dates';
import { hasHiddenMarks, safeFileName } from '../domain/file-names';

export const isoDate = z
  .string()
  .refine((s) => isIsoDate(s), { error: '日期格式应为 YYYY-MM-DD，且必须是真实存在的日期' });

export const id = z.number({ error: '缺少记录编号' }).int().positive();
/** The version an editor started from (the record's `version`): a save over a newer one answers CONFLICT with
 *  who saved it (db/core/versions.ts). Optional for callers that do not edit from a copy (the CLI, imports). */
export const editVersion = z.number({ error: '记录版本无效' }).int().positive().optional();

export const empty = z.object({}).strict();

export const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` })
    .default('');

export const requiredText = (max: number, label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 个字` });

/** A file carried over the transport: both Electron IPC and HTTP move JSON, so bytes travel as base64. */
export const fileUpload = z.object({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((n) => !hasHiddenMarks(n), {
      error: '文件名中含有不可见的控制字符（如从右向左显示标记），可能是伪装的文件，请改名后再上传',
    })
    .transform((n) => safeFileName(n)),
  base64: z
    .string()
    .min(1, { error: '文件为空' })
    .max(20 * 1024 * 1024 * 1.37, { error: '文件过大（上限 20 MB）' }),
});

export interface FileDownload {
  fileName: string;
  mimeType: string;
  base64: string;
}

// ------------------------------------------------------------------------------------------------- paged lists

/** The largest block one request may ask for (the grids ask for 100 rows at a time). */
export const PAGE_MAX_ROWS = 500;

/** A cursor: the sort values and the id of the last row of a block, as the server gave it (`PageOf.next`). */
const cursorValue = z.union([z.string().max(200), z.number(), z.null()]);

/** The comparisons ag-grid's column filters offer that the server translates (text: 包含, 不包含, 等于, 不等于, 空白,
 *  非空白; number and date: 等于 … 介于). */
export const TEXT_FILTER_TYPES = [
  'contains',
  'notContains',
  'equals',
  'notEqual',
  'blank',
  'notBlank',
] as const;
export const RANGE_FILTER_TYPES = [
  'equals',
  'notEqual',
  'lessThan',
  'lessThanOrEqual',
  'greaterThan',
  'greaterThanOrEqual',
  'inRange',
  'blank',
  'notBlank',
] as const;

/** One condition of a column filter, as ag-grid's filter model has it (its date filter gives 'YYYY-MM-DD hh:mm:ss'). */
const filterCondition = z.object({
  filterType: z.enum(['text', 'number', 'date']),
  type: z.enum([...TEXT_FILTER_TYPES, ...RANGE_FILTER_TYPES]),
  filter: z.union([z.string().max(100), z.number(), z.null()]).optional(),
  filterTo: z.number().nullable().optional(),
  dateFrom: z.string().max(30).nullable().optional(),
  dateTo: z.string().max(30).nullable().optional(),
});
/** A column's filter: one condition, or two joined by 并且/或者. */
export const columnFilter = z.union([
  filterCondition.strict(),
  z
    .object({
      filterType: z.enum(['text', 'number', 'date']),
      operator: z.enum(['AND', 'OR']),
      conditions: z.array(filterCondition.strict()).min(1).max(2),
    })
    .strict(),
]);
export type ColumnFilter = z.output<typeof columnFilter>;
export type FilterCondition = z.output<typeof filterCondition>;

/** What an export of a paged list is also given: the grid's sort and column filters as the person sees them, so
 *  the Excel file holds the rows the grid shows, in its order. */
export function listView<
  K extends readonly [string, ...string[]],
  F extends readonly [string, ...string[]] = K,
>(sortKeys: K, filterKeys?: F) {
  return {
    sort: z
      .array(z.object({ colId: z.enum(sortKeys), sort: z.enum(['asc', 'desc']) }))
      .max(3)
      .default([]),
    filter: z
      .partialRecord(z.enum(filterKeys ?? sortKeys), columnFilter, { error: '该列不能筛选' })
      .optional(),
  };
}

/** A block of a long list, as ag-grid's Infinite Row Model asks for it: the list's filters, then rows
 *  [startRow, endRow) in the order of `sort` (the list's sortable columns, then the list's own order), filtered on
 *  the server (the page's own filters, and the grid's column filters on the columns `filterKeys` allows). endRow =
 *  startRow asks for the totals only. `after`, the previous block's `next`, lets the server seek to the block
 *  instead of counting past startRow rows. */
export function pageInput<
  S extends z.ZodRawShape,
  K extends readonly [string, ...string[]],
  F extends readonly [string, ...string[]] = K,
>(filters: S, sortKeys: K, filterKeys?: F) {
  return z
    .object({
      ...filters,
      startRow: z.number().int().min(0),
      endRow: z.number().int().min(0),
      /** Words to look for in the list's text columns. */
      search: z.string().trim().max(100).optional(),
      /** The grid's sort, and its column filters (ag-grid's filter model) on the allowed columns only. */
      ...listView(sortKeys, filterKeys),
      after: z.array(cursorValue).max(5).optional(),
      /** The filtered total the grid already has from this view's first block: a later block is not counted again. */
      knownTotal: z.number().int().min(0).optional(),
    })
    .refine(
      (p) => {
        const { startRow, endRow } = p as { startRow: number; endRow: number };
        return endRow >= startRow && endRow - startRow <= PAGE_MAX_ROWS;
      },
      {
        error: `每次最多读取 ${PAGE_MAX_ROWS} 行`,
        path: ['endRow'],
      },
    );
}

/** A block of rows and how many the whole filtered list has. */
export interface PageOf<T, C = never> {
  rows: T[];
  total: number;
  /** Counts over the whole filtered list (the summary above the grid); with the first block only. */
  counts?: C;
  /** The cursor after this block's last row: passed back as `after` with the next block. */
  next?: (string | number | null)[];
}

/** The id a window makes for one long call and passes with it (`progressId`), then polls system.progress with. */
export const progressIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '进度编号无效' })
  .optional();
