// 打印当前列表 for any DataGrid: the list as the person sees it, gathered from the grid and the page around it.
// - Rows: a grid with all its rows at once gives them after its filters, search (quick filter) and sort; a grid
//   that pages on the server is read block by block through its own datasource (the same page method, with the
//   grid's sort and column filters and the page's filters the datasource closes over), up to PRINT_LIST_MAX_ROWS.
// - Columns: the shown ones in their order (the 列 chooser and moved columns respected); a column with nothing to
//   print (操作 buttons) is left out. Cells are written as the grid writes them: its value getter, then its value
//   formatter.
// - Filters: the toolbar above the grid (.grid-toolbar: its selects, search box, date boxes, checkboxes), the
//   columns' own filters and the quick filter, in words.
import type { Column, ColDef, GridApi, IDatasource, IGetRowsParams, SortModelItem } from 'ag-grid-community';
import { PAGE_MAX_ROWS } from '../../../shared/contract';
import { formatDateTime } from '../../../shared/format';
import {
  PRINT_LIST_MAX_ROWS,
  describeColumnFilter,
  printListTooLong,
  type ColumnFilterModel,
  type PrintList,
  type PrintListColumn,
} from '../../../shared/print/grid-list';
import { AppError } from '../../../shared/errors';

/** A node as value getters see it: the row's position and data (the 序号 column reads rowIndex). */
interface PrintNode<T> {
  rowIndex: number | null;
  data: T | undefined;
  id?: string;
}

/** The columns worth printing: shown, in order, with something to print (a field or a value getter). */
function printableColumns<T>(api: GridApi<T>): Column[] {
  return api.getAllDisplayedColumns().filter((c) => {
    const d = c.getColDef() as ColDef<T>;
    return Boolean(d.headerName) && (d.field !== undefined || d.valueGetter !== undefined);
  });
}

function fieldValue(data: unknown, field: string): unknown {
  let v: unknown = data;
  for (const part of field.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.map(text).join('、');
  return '';
}

/** The cell's raw value (value getter or field) and its text as the grid shows it (after the value formatter). */
function cell<T>(api: GridApi<T>, col: Column, node: PrintNode<T>): { raw: unknown; shown: string } {
  const d = col.getColDef() as ColDef<T>;
  const data = node.data;
  const context: unknown = api.getGridOption('context');
  const base = { api, column: col, colDef: d, context, data, node } as never;
  let raw: unknown;
  if (typeof d.valueGetter === 'function')
    raw = d.valueGetter({
      ...(base as object),
      getValue: (field: string) => fieldValue(data, field),
    } as never);
  else if (d.field !== undefined) raw = fieldValue(data, d.field);
  const formatted: unknown =
    typeof d.valueFormatter === 'function'
      ? d.valueFormatter({ ...(base as object), value: raw } as never)
      : raw;
  return { raw, shown: text(formatted) };
}

/** The grid's sort as its datasource is asked for it: the sorted columns in the order they were sorted. */
function sortModel<T>(api: GridApi<T>): SortModelItem[] {
  return api
    .getColumnState()
    .filter((s) => s.sort === 'asc' || s.sort === 'desc')
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((s) => ({ colId: s.colId, sort: s.sort as 'asc' | 'desc' }));
}

/** Every row of a paged grid under its current view, read through its datasource a block at a time. */
async function pagedRows<T>(api: GridApi<T>, source: IDatasource): Promise<T[]> {
  const sort = sortModel(api);
  const filter = api.getFilterModel();
  const rows: T[] = [];
  let total: number | null = null;
  for (let start = 0; total === null || start < total; start += PAGE_MAX_ROWS) {
    const block = await new Promise<{ rows: T[]; last: number | undefined }>((resolve, reject) => {
      source.getRows({
        startRow: start,
        endRow: start + PAGE_MAX_ROWS,
        sortModel: sort,
        filterModel: filter,
        context: api.getGridOption('context'),
        successCallback: (r: T[], last?: number) => resolve({ rows: r, last }),
        failCallback: () => reject(new AppError('INTERNAL', '读取列表失败，未能打印')),
      } as IGetRowsParams);
    });
    rows.push(...block.rows);
    // The datasource gives the filtered total with each block (ag-grid's lastRow); a short block is the end.
    const last = block.last ?? (block.rows.length < PAGE_MAX_ROWS ? rows.length : undefined);
    if (last !== undefined && last >= 0) total = last;
    const known = total ?? rows.length;
    if (known > PRINT_LIST_MAX_ROWS) throw new AppError('VALIDATION', printListTooLong(known));
    if (block.rows.length === 0) break;
  }
  return rows;
}

/** The rows a grid with all its rows shows now: after its filters and quick filter, in its sort order. */
function shownRows<T>(api: GridApi<T>): { node: PrintNode<T> }[] {
  const out: { node: PrintNode<T> }[] = [];
  api.forEachNodeAfterFilterAndSort((n) => {
    if (!n.group && n.data !== undefined) out.push({ node: n as unknown as PrintNode<T> });
  });
  return out;
}

/** The label a control above the grid goes by: its aria-label, or the text of the label around it. */
function labelOf(el: HTMLElement): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return aria.trim();
  const label = el.closest('label');
  if (!label) return '';
  const own = [...label.childNodes]
    .filter((n) => n.nodeType === Node.TEXT_NODE || (n instanceof HTMLElement && !n.matches('select, input')))
    .map((n) => n.textContent ?? '')
    .join('');
  return own.replace(/\s+/g, ' ').trim();
}

/** The toolbars above the grid (the nearest .grid-toolbar siblings before it, or before one of its parents). */
function toolbarsAbove(grid: HTMLElement): HTMLElement[] {
  for (let el: HTMLElement | null = grid; el && !el.matches('.page'); el = el.parentElement) {
    const found: HTMLElement[] = [];
    for (let s = el.previousElementSibling; s; s = s.previousElementSibling)
      if (s instanceof HTMLElement && s.matches('.grid-toolbar')) found.unshift(s);
    if (found.length) return found;
  }
  return [];
}

/** The toolbar's filters in words: 年度 2026 年, 状态 办理中, 搜索“诊所”; a select left at its 全部… choice says
 *  nothing. */
export function toolbarFilters(grid: HTMLElement): { filters: string[]; searched: boolean } {
  const filters: string[] = [];
  let searched = false;
  for (const bar of toolbarsAbove(grid)) {
    for (const el of bar.querySelectorAll<HTMLElement>('select, input')) {
      if (el.closest('[aria-hidden="true"], [hidden]')) continue;
      if (el instanceof HTMLSelectElement) {
        const opt = el.selectedOptions[0];
        if (!opt || opt.dataset.all !== undefined || /^全部/.test(opt.text.trim())) continue;
        const label = labelOf(el);
        filters.push(label ? `${label} ${opt.text.trim()}` : opt.text.trim());
      } else if (el instanceof HTMLInputElement) {
        if (el.type === 'checkbox' || el.type === 'radio') {
          if (el.checked) filters.push(labelOf(el));
        } else if (el.type === 'search') {
          const v = el.value.trim();
          if (v) {
            filters.push(`搜索“${v}”`);
            searched = true;
          }
        } else if (el.type !== 'button' && el.type !== 'file' && el.type !== 'hidden') {
          const v = el.value.trim();
          if (v) filters.push(`${labelOf(el)} ${v}`.trim());
        }
      }
    }
  }
  return { filters: filters.filter(Boolean), searched };
}

/** Everything 打印当前列表 prints, or an AppError with what to do (too many rows). */
export async function gridPrintList<T>(
  api: GridApi<T>,
  grid: HTMLElement,
  title: string,
  now: Date = new Date(),
): Promise<PrintList> {
  const columns = printableColumns(api);
  const source =
    api.getGridOption('rowModelType') === 'infinite' ? api.getGridOption('datasource') : undefined;
  let nodes: { node: PrintNode<T> }[];
  if (source) {
    nodes = (await pagedRows(api, source)).map((data, i) => ({ node: { rowIndex: i, data } }));
  } else {
    nodes = shownRows(api);
    if (nodes.length > PRINT_LIST_MAX_ROWS) throw new AppError('VALIDATION', printListTooLong(nodes.length));
  }
  const numeric = columns.map(() => true);
  const rows = nodes.map(({ node }) =>
    columns.map((c, i) => {
      const { raw, shown } = cell(api, c, node);
      if (typeof raw !== 'number' && shown !== '') numeric[i] = false;
      return shown;
    }),
  );
  const printColumns: PrintListColumn[] = columns.map((c, i) => ({
    header: c.getColDef().headerName ?? '',
    width: c.getActualWidth(),
    // A column stretched to fill the grid (flex) needs only its minimum width.
    ...(c.getColDef().flex ? { needs: Math.min(c.getActualWidth(), c.getColDef().minWidth ?? 160) } : {}),
    ...(numeric[i] && rows.length ? { align: 'right' as const } : {}),
  }));
  const { filters, searched } = toolbarFilters(grid);
  const quick = (api.getGridOption('quickFilterText') ?? '').trim();
  if (quick && !searched) filters.push(`搜索“${quick}”`);
  const model = api.getFilterModel() as Record<string, ColumnFilterModel>;
  for (const [colId, m] of Object.entries(model)) {
    const header = api.getColumn(colId)?.getColDef().headerName ?? colId;
    filters.push(describeColumnFilter(header, m));
  }
  return { title, filters, columns: printColumns, rows, printedAt: formatDateTime(now) };
}

/** The list's title: the page's heading, with the tab the grid is under when the page has tabs. */
export function gridTitle(grid: HTMLElement): string {
  const page = grid.closest('.page');
  const heading = page?.querySelector('h1')?.textContent?.trim() ?? '';
  const tab = page?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.textContent?.trim();
  if (tab && heading && !heading.includes(tab)) return `${heading}·${tab}`;
  return heading || tab || '列表';
}
