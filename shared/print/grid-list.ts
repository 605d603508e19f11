// 打印当前列表: any grid of the app printed as the person sees it — its title, what filters it (the toolbar's
// filters, the search, the columns' own filters), how many rows, when it was printed (Beijing time), and the shown
// columns in their order with every matching row, the cells written as the grid writes them. A4 landscape when the
// columns need the width, portrait otherwise; the header row repeats on every page (print.css, .doc-table thead).
import { esc } from './html';

/** At most this many rows go into one printed list; more asks the person to filter or export to Excel. */
export const PRINT_LIST_MAX_ROWS = 5000;

export const printListTooLong = (total: number): string =>
  `当前列表共 ${total} 行，超过 ${PRINT_LIST_MAX_ROWS} 行，请先筛选或导出 Excel`;

export interface PrintListColumn {
  header: string;
  /** The column's width on screen (px). The printed table sizes its columns to their content (codes and dates on
   *  one line); the widths decide between portrait and landscape. */
  width: number;
  /** The width it needs (px) when less than it has on screen (a column stretched to fill the grid): what decides
   *  between portrait and landscape. */
  needs?: number;
  /** Numbers are set right-aligned. */
  align?: 'left' | 'right';
}

export interface PrintList {
  title: string;
  /** What filters the list, one phrase each: 年度 2026 年, 搜索“诊所”, 名称 包含“诊所”. */
  filters: string[];
  columns: PrintListColumn[];
  /** The cells as the grid shows them, one string per column. */
  rows: string[][];
  /** 打印时间, already in Beijing time (2026-12-05 10:46). */
  printedAt: string;
}

/** "筛选：年度 2026 年；搜索“诊所”", or 筛选：无（全部记录）. */
export function printListFilterLine(filters: readonly string[]): string {
  return filters.length ? `筛选：${filters.join('；')}` : '筛选：无（全部记录）';
}

/** Beyond this many columns, or this much width on screen, the list is printed on A4 landscape. */
const PORTRAIT_MAX_COLUMNS = 5;
const PORTRAIT_MAX_WIDTH = 760;

export function printListLandscape(columns: readonly PrintListColumn[]): boolean {
  const width = columns.reduce((s, c) => s + (c.needs ?? c.width), 0);
  return columns.length > PORTRAIT_MAX_COLUMNS || width > PORTRAIT_MAX_WIDTH;
}

/** Kept on one line: a code, a date or a number (printable ASCII without spaces, not too long) — a cell wraps only
 *  between words — and a short name or state (已反馈, 区市场监管局); longer Chinese text wraps anywhere. */
const WORD = /^(?:[\x21-\x7e]{1,24}|\S{1,6})$/u;

export function printListHtml(list: PrintList): string {
  const landscape = printListLandscape(list.columns);
  const head = list.columns.map((c) => `<th>${esc(c.header)}</th>`).join('');
  const body = list.rows
    .map(
      (r) =>
        `<tr>${list.columns
          .map((c, i) => {
            const v = r[i] ?? '';
            const cls = [c.align === 'right' ? 'c-num' : '', WORD.test(v) ? 'c-word' : ''].filter(Boolean);
            return `<td${cls.length ? ` class="${cls.join(' ')}"` : ''}>${esc(v)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  const empty = `<tr><td colspan="${Math.max(list.columns.length, 1)}" class="c-seq">没有符合条件的记录</td></tr>`;
  return `<article class="print-doc grid-list-print ${landscape ? 'landscape' : 'portrait'}">
<header class="doc-head">
  <h1 class="doc-title">${esc(list.title)}</h1>
  <p class="doc-subtitle list-filters">${esc(printListFilterLine(list.filters))}</p>
  <p class="doc-meta"><span class="list-count">共 ${list.rows.length} 条</span><span>打印时间：${esc(list.printedAt)}</span></p>
</header>
<table class="doc-table">
  <thead><tr>${head}</tr></thead>
  <tbody>
${body || empty}
  </tbody>
</table>
</article>`;
}

/** The file name 保存为 PDF suggests: the title and the day, without characters a file name cannot hold. */
export function printListFileName(title: string, date: string): string {
  const safe = title.replace(/[\\/:*?"<>|\s]+/g, '').slice(0, 80) || '列表';
  return `${safe}（${date}）.pdf`;
}

/** ag-grid's filter of one column (its filter model), in words: 名称 包含“诊所”, 收到日期 介于 2026-01-01 至 2026-03-31. */
export interface ColumnFilterModel {
  filterType?: string;
  type?: string | null;
  filter?: string | number | null;
  filterTo?: string | number | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  operator?: 'AND' | 'OR';
  conditions?: ColumnFilterModel[];
}

const OPERATORS: Record<string, string> = {
  contains: '包含',
  notContains: '不包含',
  equals: '等于',
  notEqual: '不等于',
  startsWith: '开头是',
  endsWith: '结尾是',
  blank: '为空',
  notBlank: '不为空',
  lessThan: '小于',
  lessThanOrEqual: '小于等于',
  greaterThan: '大于',
  greaterThanOrEqual: '大于等于',
  inRange: '介于',
};
const DATE_OPERATORS: Record<string, string> = { lessThan: '早于', greaterThan: '晚于', equals: '为' };

function oneCondition(m: ColumnFilterModel): string {
  const type = m.type ?? 'contains';
  const date = m.filterType === 'date';
  const word = (date ? DATE_OPERATORS[type] : undefined) ?? OPERATORS[type] ?? type;
  if (type === 'blank' || type === 'notBlank') return word;
  const from = date ? (m.dateFrom ?? '').slice(0, 10) : m.filter;
  const to = date ? (m.dateTo ?? '').slice(0, 10) : m.filterTo;
  if (type === 'inRange') return `${word} ${from ?? ''} 至 ${to ?? ''}`;
  return m.filterType === 'text' || m.filterType === undefined
    ? `${word}“${from ?? ''}”`
    : `${word} ${from ?? ''}`;
}

export function describeColumnFilter(header: string, m: ColumnFilterModel): string {
  if (m.conditions && m.conditions.length) {
    const join = m.operator === 'OR' ? '或' : '且';
    return `${header} ${m.conditions.map(oneCondition).join(join)}`;
  }
  return `${header} ${oneCondition(m)}`;
}
