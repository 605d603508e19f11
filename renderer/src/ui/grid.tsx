// The project's ag-grid setup: Chinese locale, one theme, the bundled CJK font, column state (widths, order,
// sort, hidden columns) remembered per grid and per user on this machine, an optional 序号 column that follows the
// rows' order, and the keyboard of a Windows list: Enter or F2 on a row selects it and opens it as a double-click
// does. At 1366×768 a register is wider than the screen: its key column is pinned at the left (pinned: 'left' in
// its column list) and always shows, the 列 button chooses which of the others show, and the grid fills the height
// left below it (`height="fill"`, the default). 打印当前列表, beside 列, prints the list as shown (ui/grid-print.ts) in
// the app's print preview, opened over the page so that 返回 finds the page, its filters and its scroll as they were.
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
import { createPortal } from 'react-dom';
import { UserContext } from '../app/permissions';
import { errorMessage } from '../api';
import { PrintPreview, type PrintDocument } from '../print/PrintPreview';
import { printListFileName, printListHtml } from '../../../shared/print/grid-list';
import { formatDate } from '../../../shared/format';
import { gridPrintList, gridTitle } from './grid-print';
import { useToast } from './toast';

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

/** What follows an element in its parent (a register's detail panel under its grid), margins included. */
function heightBelow(el: HTMLElement): number {
  let h = 0;
  for (let n = el.nextElementSibling; n; n = n.nextElementSibling) {
    if (!(n instanceof HTMLElement) || n.offsetParent === null) continue; // hidden, or a dialog's fixed layer
    const cs = getComputedStyle(n);
    if (cs.position === 'fixed' || cs.position === 'absolute') continue;
    h += n.getBoundingClientRect().height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom);
  }
  return h;
}

/** The height left for an element from its top to the bottom of the window, less what follows it on the page (a
 *  register's selected record under its grid stays in view), kept as the window and the page change. */
function useFillHeight(ref: RefObject<HTMLElement | null>, on: boolean): number | null {
  const [h, setH] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!on || !el) return;
    const scroller = el.closest('.content');
    const measure = () => {
      const top = el.getBoundingClientRect().top + (scroller?.scrollTop ?? 0);
      const below = heightBelow(el);
      setH(Math.max(FILL_MIN, Math.floor(window.innerHeight - top - below - FILL_MARGIN)));
    };
    measure();
    window.addEventListener('resize', measure);
    // What is above or below the grid can grow or shrink (a notice, wrapped filters, another record's details):
    // its parent then changes size, and so do the siblings after it.
    const ro = new ResizeObserver(measure);
    if (el.parentElement) ro.observe(el.parentElement);
    for (let n = el.nextElementSibling; n; n = n.nextElementSibling) ro.observe(n);
    // A detail panel that appears or goes (a row selected) is a new sibling: watched from then on.
    const mo = new MutationObserver(() => {
      for (let n = el.nextElementSibling; n; n = n.nextElementSibling) ro.observe(n);
      measure();
    });
    if (el.parentElement) mo.observe(el.parentElement, { childList: true });
    return () => {
      mo.disconnect();
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
    /** The printed list's title; the page's heading (and its open tab) when left out. */
    printTitle?: string;
  },
) {
  const {
    gridId,
    height,
    seqColumn,
    printTitle,
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
  const toast = useToast();
  const [preparing, setPreparing] = useState(false);
  const [printed, setPrinted] = useState<PrintDocument | null>(null);
  const printList = async () => {
    const api = apiRef.current;
    const el = wrap.current;
    if (!api || api.isDestroyed() || !el) return;
    setPreparing(true);
    try {
      const now = new Date();
      const list = await gridPrintList(api, el, printTitle ?? gridTitle(el), now);
      setPrinted({ html: printListHtml(list), fileName: printListFileName(list.title, formatDate(now)) });
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setPreparing(false);
    }
  };
  return (
    <div
      className="grid-wrap"
      ref={wrap}
      style={{ height: fill ? (fillHeight ?? 'calc(100vh - 250px)') : height }}
      data-grid={gridId}
    >
      <button
        type="button"
        className="grid-print-button"
        aria-label="打印当前列表"
        title="打印当前列表：按当前的筛选、排序和显示的列打印全部符合条件的行"
        disabled={preparing}
        onClick={() => void printList()}
      >
        {preparing ? '正在准备…' : '打印'}
      </button>
      {printed ? <ListPreview doc={printed} onBack={() => setPrinted(null)} /> : null}
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

/** The printed list's preview over the whole window (the page stays mounted beneath it, unchanged); while it is
 *  open the page itself is left out of printing (print.css: body.list-printing). */
function ListPreview(props: { doc: PrintDocument; onBack: () => void }) {
  useLayoutEffect(() => {
    document.body.classList.add('list-printing');
    return () => document.body.classList.remove('list-printing');
  }, []);
  return createPortal(
    <div className="list-print-overlay" role="region" aria-label="打印当前列表">
      <PrintPreview doc={props.doc} error={null} onBack={props.onBack} />
    </div>,
    document.body,
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
