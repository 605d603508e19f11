// The project's ag-grid setup: Chinese locale, one theme, the bundled CJK font, column state (widths, order,
// sort, hidden columns) remembered per grid and per user on this machine, an optional 序号 column that follows the
// rows' order, and the keyboard of a Windows list: Enter or F2 on a row selects it and opens it as a double-click
// does. At 1366×768 a register is wider than the screen: its key column is pinned at the left (pinned: 'left' in
// its column list) and always shows, the 列 button chooses which of the others show, and the grid fills the height
// left below it (`height="fill"`, the default).
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
import {
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type RefObject,
} from 'react';
import { UserContext } from '../app/permissions';

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

/** Column state per user (two people sharing a PC keep their own columns); the machine-wide key of earlier versions
 *  is still read when the user has none of their own. */
const stateKey = (id: string, userId: number | null) =>
  userId === null ? `zongjian.grid.${id}` : `zongjian.grid.u${userId}.${id}`;

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

/** The grid fills the window's height below its top, less this (the page's bottom padding). */
const FILL_MARGIN = 20;
const FILL_MIN = 240;

/** The height left for an element from its top to the bottom of the window, kept as the window and the page above
 *  it change. */
function useFillHeight(ref: RefObject<HTMLElement | null>, on: boolean): number | null {
  const [h, setH] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!on || !el) return;
    const scroller = el.closest('.content');
    const measure = () => {
      const top = el.getBoundingClientRect().top + (scroller?.scrollTop ?? 0);
      setH(Math.max(FILL_MIN, Math.floor(window.innerHeight - top - FILL_MARGIN)));
    };
    measure();
    window.addEventListener('resize', measure);
    // What is above the grid can grow or shrink (a notice, wrapped filters): its parent then changes size.
    const ro = new ResizeObserver(measure);
    if (el.parentElement) ro.observe(el.parentElement);
    return () => {
      window.removeEventListener('resize', measure);
      ro.disconnect();
    };
  }, [ref, on]);
  return on ? h : null;
}

export function DataGrid<T>(
  props: AgGridReactProps<T> & {
    gridId: string;
    /** A CSS height, or 'fill' (the default): down to the bottom of the window. */
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
  const user = useContext(UserContext);
  const userId = user?.id ?? null;
  const wrap = useRef<HTMLDivElement>(null);
  const fill = height === undefined || height === 'fill';
  const fillHeight = useFillHeight(wrap, fill);
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
      localStorage.setItem(stateKey(gridId, userId), JSON.stringify(api.getColumnState()));
  }, [gridId, userId]);
  const [choosing, setChoosing] = useState(false);
  return (
    <div
      className="grid-wrap"
      ref={wrap}
      style={{ height: fill ? (fillHeight ?? 'calc(100vh - 250px)') : height }}
      data-grid={gridId}
    >
      <button
        type="button"
        className="grid-columns-button"
        aria-label="选择显示的列"
        title="选择显示的列"
        aria-expanded={choosing}
        onClick={() => setChoosing((c) => !c)}
      >
        列
      </button>
      {choosing && apiRef.current ? (
        <ColumnChooser
          api={apiRef.current}
          onClose={() => setChoosing(false)}
          onReset={() => {
            localStorage.removeItem(stateKey(gridId, userId));
            localStorage.removeItem(stateKey(gridId, null));
          }}
        />
      ) : null}
      <AgGridReact<T>
        theme={gridTheme}
        localeText={AG_GRID_LOCALE_CN}
        defaultColDef={{ sortable: true, filter: true, resizable: true }}
        onGridReady={(e: GridReadyEvent<T>) => {
          apiRef.current = e.api;
          const saved =
            localStorage.getItem(stateKey(gridId, userId)) ?? localStorage.getItem(stateKey(gridId, null));
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

/** The 列 popover: a checkbox per column (the pinned key columns and 序号 always show), and 恢复默认. Esc, a click
 *  elsewhere or 完成 closes it; each change is remembered at once (onColumnVisible saves the column state). */
function ColumnChooser<T>(props: { api: GridApi<T>; onClose: () => void; onReset: () => void }) {
  const { api, onClose } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [, redraw] = useState(0);
  useEffect(() => {
    const away = (e: MouseEvent) => {
      const t = e.target as Node;
      if (ref.current && !ref.current.contains(t) && !(t as Element).closest?.('.grid-columns-button'))
        onClose();
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', esc, true);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', esc, true);
    };
  }, [onClose]);
  const columns = (api.getColumns() ?? []).filter((c) => {
    const d = c.getColDef();
    // The key columns pinned at the left (名称, 编号…) always show.
    return c.getColId() !== SEQ && !d.lockVisible && d.pinned !== 'left' && d.headerName;
  });
  return (
    <div className="grid-columns-popover" ref={ref} role="dialog" aria-label="选择显示的列">
      <div className="grid-columns-list">
        {columns.map((c) => (
          <label key={c.getColId()}>
            <input
              type="checkbox"
              checked={c.isVisible()}
              onChange={(e) => {
                api.setColumnsVisible([c], e.target.checked);
                redraw((n) => n + 1);
              }}
            />
            {c.getColDef().headerName}
          </label>
        ))}
      </div>
      <div className="grid-columns-actions">
        <button
          type="button"
          className="btn btn-link"
          onClick={() => {
            api.resetColumnState();
            props.onReset();
            redraw((n) => n + 1);
          }}
        >
          恢复默认
        </button>
        <button type="button" className="btn btn-default" onClick={onClose}>
          完成
        </button>
      </div>
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
