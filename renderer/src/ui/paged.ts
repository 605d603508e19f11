// Lists that page on the server: ag-grid's Infinite Row Model asks for blocks of rows as the person scrolls, with the
// grid's sort order; the list's filters and search live in the page and are part of the request. A register's
// summary (the filtered total and counts) comes from a react-query of the first, empty block, so the app's change
// events refresh it — and when it refreshes, the grid's cached blocks are dropped and read again.
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import type { GridApi, IDatasource } from 'ag-grid-community';
import type { ColumnFilter, PageOf } from '../../../shared/contract';

/** Rows per request: what the grid asks for at a time, and keeps. */
export const PAGE_BLOCK = 100;

export interface BlockRequest {
  startRow: number;
  endRow: number;
  sort: { colId: string; sort: 'asc' | 'desc' }[];
  /** The grid's column filters (ag-grid's filter model), when any is set. */
  filter?: Record<string, ColumnFilter>;
  /** The previous block's cursor, when the grid read it: the server seeks instead of counting rows. */
  after?: (string | number | null)[];
  /** The filtered total this view's first block gave: the server does not count a later block again. */
  knownTotal?: number;
}

/** Narrows a block request's sort to the list's sort keys (the grid asks only for columns that name one). */
export function asListRequest<K extends string>(
  req: BlockRequest,
): Omit<BlockRequest, 'sort' | 'filter'> & {
  sort: { colId: K; sort: 'asc' | 'desc' }[];
  filter?: Partial<Record<K, ColumnFilter>>;
} {
  return req as never;
}

/** A datasource over `read`; a new one (new filters) makes the grid start again from the top. It remembers the
 *  cursor after each block it read, so the next block down is sought by the server, not counted. */
/** The sort and column filters of the grid's latest request: what an export of the list follows. */
export type GridView = Pick<BlockRequest, 'sort' | 'filter'>;

export interface PagedSource extends IDatasource {
  /** The grid as the person sees it now (its sort and column filters). */
  view(): GridView;
}

export function usePagedSource<T>(
  read: (req: BlockRequest) => Promise<PageOf<T, unknown>>,
  filterKey: string,
  onError: (e: unknown) => void,
): PagedSource {
  return useMemo<PagedSource>(
    () => {
      const cursors = new Map<string, (string | number | null)[]>();
      // The total each order's first block gave. A later block sent with it is not counted by the server, and its
      // answer leaves the grid's row count alone (only a first block, read again on a refresh, changes it).
      const totals = new Map<string, number>();
      let view: GridView = { sort: [] };
      return {
        rowCount: undefined,
        view: () => view,
        getRows: (p) => {
          const sort = p.sortModel.map((s) => ({ colId: s.colId, sort: s.sort }));
          const filter = p.filterModel as Record<string, ColumnFilter> | null;
          const hasFilter = filter !== null && Object.keys(filter).length > 0;
          view = { sort, ...(hasFilter ? { filter } : {}) };
          const order = JSON.stringify([sort, hasFilter ? filter : null]);
          const after = p.startRow > 0 ? cursors.get(`${order}@${p.startRow}`) : undefined;
          const knownTotal = p.startRow > 0 ? totals.get(order) : undefined;
          read({
            startRow: p.startRow,
            endRow: p.endRow,
            sort,
            ...(hasFilter ? { filter } : {}),
            ...(after ? { after } : {}),
            ...(knownTotal !== undefined ? { knownTotal } : {}),
          }).then(
            (page) => {
              if (page.next) cursors.set(`${order}@${p.endRow}`, page.next);
              if (p.startRow === 0) totals.set(order, page.total);
              p.successCallback(page.rows, knownTotal !== undefined ? undefined : page.total);
            },
            (e: unknown) => {
              onError(e);
              p.failCallback();
            },
          );
        },
      };
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the filters are in filterKey; read closes over them
    [filterKey],
  );
}

/** Reads the blocks again each time the summary query has fetched anew (after its first load): something changed.
 *  (A fetch, not a time stamp: the data's time may stand still, as under a fixed test clock.) */
export function useRefreshAfterFetch<T>(api: RefObject<GridApi<T> | null>, fetching: boolean): void {
  const seen = useRef({ fetching, loads: 0 });
  useEffect(() => {
    const was = seen.current.fetching;
    seen.current.fetching = fetching;
    if (!was || fetching) return;
    seen.current.loads++;
    const g = api.current;
    if (seen.current.loads > 1 && g && !g.isDestroyed()) g.refreshInfiniteCache();
  }, [api, fetching]);
}

/** The grid options of a list that pages on the server: the Infinite Row Model over `datasource`, blocks of
 *  PAGE_BLOCK rows; the server filters (the toolbar, and the column filters a column enables) and sorts the columns
 *  that name a sort key. */
export function pagedGridProps(datasource: IDatasource) {
  return {
    rowModelType: 'infinite' as const,
    datasource,
    cacheBlockSize: PAGE_BLOCK,
    maxBlocksInCache: 20,
    defaultColDef: { sortable: false, filter: false, resizable: true },
  };
}

/** A text column filter the server understands (包含, 不包含, 等于, 不等于, 空白, 非空白), applied with its button. */
export const TEXT_FILTER = {
  filter: 'agTextColumnFilter',
  filterParams: {
    filterOptions: ['contains', 'notContains', 'equals', 'notEqual', 'blank', 'notBlank'],
    maxNumConditions: 2,
    buttons: ['apply', 'reset'],
    closeOnApply: true,
  },
};

/** A date column filter the server understands (dates as YYYY-MM-DD). */
export const DATE_FILTER = {
  filter: 'agDateColumnFilter',
  filterParams: {
    filterOptions: ['equals', 'lessThan', 'greaterThan', 'inRange', 'blank', 'notBlank'],
    // A text box read as YYYY-MM-DD: the browser's date box would show the browser language's order (mm/dd/yyyy).
    browserDatePicker: false,
    maxNumConditions: 1,
    buttons: ['apply', 'reset'],
    closeOnApply: true,
  },
};

/** A number column filter the server understands. */
export const NUMBER_FILTER = {
  filter: 'agNumberColumnFilter',
  filterParams: {
    filterOptions: ['equals', 'notEqual', 'lessThan', 'greaterThan', 'inRange', 'blank', 'notBlank'],
    maxNumConditions: 1,
    buttons: ['apply', 'reset'],
    closeOnApply: true,
  },
};
