// The project's ag-grid setup: Chinese locale, one theme, the bundled CJK font, column state (widths, order,
// sort, hidden columns) remembered per grid on this machine, an optional 序号 column that follows the rows' order,
// and the keyboard of a Windows list: Enter or F2 on a row selects it and opens it as a double-click does.
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type ColDef,
  type ColumnState,
  type GridApi,
  type GridReadyEvent,
  type RowDoubleClickedEvent,
} from 'ag-grid-community';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';

ModuleRegistry.registerModules([AllCommunityModule]);

export const gridTheme = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 14,
  headerFontWeight: 600,
  rowHeight: 36,
  headerHeight: 38,
  accentColor: '#1f5fa8',
  headerBackgroundColor: '#eef2f8',
});

const stateKey = (id: string) => `zongjian.grid.${id}`;

const SEQ = 'seq';

/** A 序号 column for a grid's own column list, pinned at the left: the row's position when it was drawn. It has no
 *  colId of its own, so the ids ag-grid gives the columns after it (and the widths remembered under them) stay as
 *  they were. */
export function rowNumberColumn<T>(width: number): ColDef<T> {
  return {
    headerName: '序号',
    valueGetter: (p) => (p.node?.rowIndex ?? 0) + 1,
    width,
    sortable: false,
    filter: false,
    pinned: 'left',
  };
}

/** 序号: the row's position in the grid as shown (after sorting and filtering), pinned at the left. */
function seqColumnDef<T>(width: number): ColDef<T> {
  return { ...rowNumberColumn<T>(width), colId: SEQ };
}

export function DataGrid<T>(
  props: AgGridReactProps<T> & {
    gridId: string;
    height?: number | string;
    /** Put a 序号 column of this width first, renumbered after new data, sorting or filtering. */
    seqColumn?: number;
  },
) {
  const {
    gridId,
    height,
    seqColumn,
    columnDefs,
    onGridReady,
    onSortChanged,
    onRowDataUpdated,
    onFilterChanged,
    onCellKeyDown,
    ...rest
  } = props;
  const apiRef = useRef<GridApi<T> | null>(null);
  const columns = useMemo(
    () => (seqColumn === undefined || !columnDefs ? columnDefs : [seqColumnDef<T>(seqColumn), ...columnDefs]),
    [columnDefs, seqColumn],
  );
  // A value getter is not asked again when rows only move, so the numbers are refreshed by hand.
  const renumber = (api: GridApi<T>) => {
    if (seqColumn !== undefined) api.refreshCells({ columns: [SEQ], force: true });
  };
  const save = useCallback(() => {
    const api = apiRef.current;
    if (api && !api.isDestroyed())
      localStorage.setItem(stateKey(gridId), JSON.stringify(api.getColumnState()));
  }, [gridId]);
  return (
    <div className="grid-wrap" style={{ height: height ?? 'calc(100vh - 250px)' }} data-grid={gridId}>
      <AgGridReact<T>
        theme={gridTheme}
        localeText={AG_GRID_LOCALE_CN}
        defaultColDef={{ sortable: true, filter: true, resizable: true }}
        onGridReady={(e: GridReadyEvent<T>) => {
          apiRef.current = e.api;
          const saved = localStorage.getItem(stateKey(gridId));
          if (saved) e.api.applyColumnState({ state: JSON.parse(saved) as ColumnState[], applyOrder: true });
          onGridReady?.(e);
        }}
        onColumnResized={(e) => e.finished && save()}
        onColumnMoved={(e) => e.finished && save()}
        onSortChanged={(e) => {
          save();
          renumber(e.api);
          onSortChanged?.(e);
        }}
        onRowDataUpdated={(e) => {
          renumber(e.api);
          onRowDataUpdated?.(e);
        }}
        onFilterChanged={(e) => {
          renumber(e.api);
          onFilterChanged?.(e);
        }}
        onCellKeyDown={(e) => {
          const key = e.event instanceof KeyboardEvent ? e.event : null;
          const data = e.data;
          if (
            key &&
            (key.key === 'Enter' || key.key === 'F2') &&
            !key.ctrlKey &&
            !key.altKey &&
            !key.shiftKey &&
            data &&
            !e.node.group
          ) {
            key.preventDefault();
            if (e.api.getGridOption('rowSelection')) e.node.setSelected(true, true);
            rest.onRowDoubleClicked?.({
              type: 'rowDoubleClicked',
              api: e.api,
              context: e.context as unknown,
              node: e.node,
              data,
              rowIndex: e.rowIndex,
              rowPinned: e.rowPinned,
              event: key,
              eventPath: [],
            } as unknown as RowDoubleClickedEvent<T>);
          }
          onCellKeyDown?.(e);
        }}
        onColumnVisible={save}
        columnDefs={columns}
        {...rest}
      />
    </div>
  );
}

/** On the grid's first drawing, shows and selects the record a link opened (e.g. from the dashboard). */
export function revealRow<T>(api: GridApi<T>, id: number | null): void {
  const node = id === null ? undefined : api.getRowNode(String(id));
  if (node) {
    api.ensureNodeVisible(node, 'middle');
    node.setSelected(true);
  }
}

/** Keeps the grid's highlighted row on the record the panel has selected (after a save, a refresh, a filter). */
export function useSelectRow<T extends { id: number }>(
  gridApi: RefObject<GridApi<T> | null>,
  rows: readonly T[] | undefined,
  selectedId: number | null,
): void {
  useEffect(() => {
    const g = gridApi.current;
    if (!g || g.isDestroyed() || selectedId === null) return;
    const node = g.getRowNode(String(selectedId));
    if (node && !node.isSelected()) {
      g.ensureNodeVisible(node, 'middle');
      node.setSelected(true);
    }
  }, [gridApi, rows, selectedId]);
}
