// The page every directory (名录) register is shown on — 成员单位, 监管对象, 从业人员, 执法检查人员: a searchable grid
// of the whole register with its counts, and the actions 新增 / 编辑 (or double-click) / a status change / 从 Excel
// 导入 / 导出 Excel. Each register passes what is its own: the columns, the labels, the edit and import dialogs, how
// its status changes (a 启用-停用 toggle or a dialog of its own) and its export method. After a save the grid
// reloads and the saved record stays selected and in view. A register with batch actions (`batch`) gets a tick box
// per row: the ticked rows are changed together (批量停用…, the register's own buttons) or exported alone (导出所选);
// a click still selects one row for 编辑.
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { ColDef, GridApi, IDatasource } from 'ag-grid-community';
import type { FileDownload } from '../../../shared/contract';
import { errorMessage } from '../api';
import { useCan } from '../app/permissions';
import { Button, Page } from './index';
import { SearchBox } from './filters';
import { DataGrid, rowNumberColumn, useSelectRow } from './grid';
import { pagedGridProps, useRefreshAfterFetch } from './paged';
import { useToast } from './toast';
import { useTrackedExport } from './TrackedExport';

/** What the page hands its add/edit dialog; `onSaved` closes it, selects the record and says 已保存“…”. */
export interface DirectoryEditorProps<T> {
  onClose: () => void;
  onSaved: (row: T) => void;
}

/** What the page hands a status dialog; `onSaved` closes it, selects the record and says `text`. */
export interface DirectoryStatusDialogProps<T> {
  onClose: () => void;
  onSaved: (row: T, text: string) => void;
}

/** How a register's records change status: a button that flips it at once, or a dialog of the register's own. */
export type DirectoryStatusAction<T> =
  | {
      kind: 'toggle';
      /** The button's text for the selected record (e.g. 停用, or 启用 for an inactive one). */
      label: (selected: T | null) => string;
      run: (row: T) => Promise<T>;
      /** The message once done, from the changed record. */
      done: (row: T) => string;
    }
  | {
      kind: 'dialog';
      label: string;
      dialog: (row: T, props: DirectoryStatusDialogProps<T>) => ReactNode;
    };

/** Batch actions over the rows ticked in the first column. */
export interface DirectoryBatch<T> {
  /** The register's buttons for the ticked rows (for those who may change records); `done` unticks the rows,
   *  reloads the register and says `text`. */
  actions?: (ticked: T[], done: (text: string) => void) => ReactNode;
  /** 导出所选: the ticked rows, in the columns of the whole export. */
  exportSelected?: (ticked: T[], progressId: string) => Promise<FileDownload>;
  /** Shown beside the counts, e.g. that a paged register ticks only the rows it has loaded. */
  note?: string;
}

export function DirectoryPage<T extends { id: number }>(props: {
  title: string;
  subtitle: string;
  /** The register's list query (every record, active or not)… */
  list?: { data?: T[] | undefined; isError: boolean; error: unknown };
  /** …or, for a long register, its blocks from the server: the datasource (new filters, a new one), whether the
   *  summary query is fetching (the blocks are read again after each fetch) and its error. The search box is then
   *  the page's (`search.value`), sent to the server. */
  paged?: { datasource: IDatasource; fetching: boolean; error: unknown };
  /** Filters of the register's own, before the search box. */
  filters?: ReactNode;
  /** What a save invalidates, so every list showing the register reloads. */
  queryKey: QueryKey;
  gridId: string;
  /** The grid's height; the grid's default when left out. */
  height?: string;
  /** The width of the 序号 column put before `columns`. */
  rowNumberWidth: number;
  /** The register's columns, after the 序号 column; a constant of the register's file. */
  columns: readonly ColDef<T>[];
  /** Rows shown greyed out (停用, 离职, 注销). */
  inactive: (row: T) => boolean;
  noRowsText: string;
  search: { label: string; placeholder: string; value?: string; onChange?: (text: string) => void };
  /** The counts beside the search box (of the whole register; the filtered count follows it). */
  summary: (rows: T[]) => ReactNode;
  /** The register's measure word for the filtered count: 筛选后 12 个. */
  unit: string;
  /** The 新增 button's text, e.g. 新增单位. */
  addLabel: string;
  /** The record's name in messages (已保存“…”). */
  name: (row: T) => string;
  status: DirectoryStatusAction<T>;
  /** The add/edit dialog: `row` is null for a new record. */
  editor: (row: T | null, props: DirectoryEditorProps<T>) => ReactNode;
  /** The Excel import dialog; `onImported` gets the summary to show. */
  /** The Excel import dialog (null: the register has no import). */
  importer: ((props: { onClose: () => void; onImported: (text: string) => void }) => ReactNode) | null;
  /** null: the register has no export. A long register passes `progressId` on with its call: the export then
   *  shows its bar (第 k / n 行) and 取消 (TrackedExport.tsx). */
  exportXlsx: ((progressId: string) => Promise<FileDownload>) | null;
  /** More buttons for the register as a whole, after the import. */
  extraActions?: ReactNode;
  /** Tick boxes for batch actions on several rows. */
  batch?: DirectoryBatch<T>;
}) {
  const { status } = props;
  const qc = useQueryClient();
  const toast = useToast();
  const can = useCan();
  const writer = can('records.write');
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [changingStatus, setChangingStatus] = useState<T | null>(null);
  const [importing, setImporting] = useState(false);
  const [selected, setSelected] = useState<T | null>(null);
  const [ticked, setTicked] = useState<T[]>([]);
  const [ownSearch, setOwnSearch] = useState('');
  const search = props.search.value ?? ownSearch;
  const setSearch = props.search.onChange ?? setOwnSearch;
  const gridApi = useRef<GridApi<T> | null>(null);
  // How many rows the search and the column filters leave (null: nothing filters the list). A paged register
  // counts on the server: its summary says how many match.
  const [shown, setShown] = useState<number | null>(null);
  const countShown = (api: GridApi<T>) =>
    setShown(api.isAnyFilterPresent() ? api.getDisplayedRowCount() : null);
  const { paged } = props;

  // After a save the grid reloads: the saved row stays in view and selected.
  useSelectRow(gridApi, paged ? undefined : props.list?.data, selected?.id ?? null);
  useRefreshAfterFetch(gridApi, paged?.fetching ?? false);
  const error = paged ? paged.error : props.list?.isError ? props.list.error : null;

  const saved = (row: T, text: string) => {
    setEditing(null);
    setChangingStatus(null);
    setSelected(row);
    toast('success', text);
    void qc.invalidateQueries({ queryKey: props.queryKey });
  };

  const exporting = useTrackedExport();
  const exportXlsx = (make: ((progressId: string) => Promise<FileDownload>) | null) =>
    make ? exporting.start(make) : Promise.resolve();
  const { batch } = props;
  const batchDone = (text: string) => {
    gridApi.current?.deselectAll();
    setTicked([]);
    toast('success', text);
    void qc.invalidateQueries({ queryKey: props.queryKey });
  };
  const exportTicked = batch?.exportSelected;

  const { rowNumberWidth, columns: own } = props;
  const columns = useMemo(() => [rowNumberColumn<T>(rowNumberWidth), ...own], [rowNumberWidth, own]);
  const rows = props.list?.data ?? [];

  return (
    <Page
      title={props.title}
      subtitle={props.subtitle}
      actions={
        <>
          {writer ? (
            <>
              <Button variant="primary" onClick={() => setEditing('new')}>
                {props.addLabel}
              </Button>
              <Button disabled={!selected} onClick={() => selected && setEditing(selected)}>
                编辑
              </Button>
              {status.kind === 'toggle' ? (
                <ToggleButton
                  action={status}
                  selected={selected}
                  onDone={(row) => {
                    setSelected(row);
                    return qc.invalidateQueries({ queryKey: props.queryKey });
                  }}
                />
              ) : (
                <Button disabled={!selected} onClick={() => selected && setChangingStatus(selected)}>
                  {status.label}
                </Button>
              )}
              {props.importer ? <Button onClick={() => setImporting(true)}>从 Excel 导入</Button> : null}
              {props.extraActions}
              {batch?.actions?.(ticked, batchDone)}
            </>
          ) : null}
          {can('print') && props.exportXlsx ? (
            <Button disabled={exporting.running} onClick={() => void exportXlsx(props.exportXlsx)}>
              {exporting.running ? '正在导出…' : '导出 Excel'}
            </Button>
          ) : null}
          {can('print') && exportTicked ? (
            <Button
              disabled={ticked.length === 0 || exporting.running}
              title={ticked.length === 0 ? '先在列表第一列勾选要导出的记录' : undefined}
              onClick={() => void exportXlsx((progressId) => exportTicked(ticked, progressId))}
            >
              导出所选{ticked.length ? `（${ticked.length}）` : ''}
            </Button>
          ) : null}
        </>
      }
    >
      {error ? <div role="alert">{errorMessage(error)}</div> : null}
      {exporting.view}
      <div className="grid-toolbar">
        {props.filters}
        <SearchBox
          label={props.search.label}
          placeholder={props.search.placeholder}
          value={search}
          onChange={setSearch}
        />
        <span className="muted" data-testid="directory-count">
          {props.summary(rows)}
          {shown !== null ? `；筛选后 ${shown} ${props.unit}` : ''}
        </span>
        {batch && ticked.length > 0 ? (
          <span className="muted" data-testid="directory-ticked">
            已勾选 {ticked.length} {props.unit}
          </span>
        ) : null}
        {batch?.note ? <span className="muted">{batch.note}</span> : null}
      </div>
      <DataGrid<T>
        gridId={props.gridId}
        height={props.height}
        onGridReady={(e) => (gridApi.current = e.api)}
        {...(paged
          ? pagedGridProps(paged.datasource)
          : {
              rowData: rows,
              quickFilterText: search,
              onFilterChanged: (e: { api: GridApi<T> }) => countShown(e.api),
              onRowDataUpdated: (e: { api: GridApi<T> }) => countShown(e.api),
            })}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        rowSelection={
          batch
            ? {
                mode: 'multiRow',
                checkboxes: true,
                // The Infinite Row Model cannot tick rows it has not loaded: no 全选 there.
                headerCheckbox: !paged,
                enableClickSelection: true,
              }
            : { mode: 'singleRow', checkboxes: false, enableClickSelection: true }
        }
        // The tick boxes first, before the pinned 序号 and name, so they stay in view when the grid scrolls sideways.
        selectionColumnDef={{ pinned: 'left', width: 48, resizable: false, suppressHeaderMenuButton: true }}
        onSelectionChanged={(e) => {
          const rows = e.api.getSelectedRows();
          // 编辑 and the status button act on one record: the one selected, not several ticked.
          setSelected(rows.length === 1 ? rows[0]! : null);
          if (batch) setTicked(rows);
        }}
        onRowDoubleClicked={(e) => e.data && writer && setEditing(e.data)}
        getRowClass={(p) => (p.data && props.inactive(p.data) ? 'row-inactive' : '')}
        overlayNoRowsTemplate={props.noRowsText}
      />
      {editing
        ? props.editor(editing === 'new' ? null : editing, {
            onClose: () => setEditing(null),
            onSaved: (row) => saved(row, `已保存“${props.name(row)}”`),
          })
        : null}
      {changingStatus && status.kind === 'dialog'
        ? status.dialog(changingStatus, { onClose: () => setChangingStatus(null), onSaved: saved })
        : null}
      {importing && props.importer
        ? props.importer({
            onClose: () => setImporting(false),
            onImported: (text) => {
              setImporting(false);
              toast('success', text);
              void qc.invalidateQueries({ queryKey: props.queryKey });
            },
          })
        : null}
    </Page>
  );
}

/** The 启用/停用 (or 在职/离职) button: flips the selected record at once and says so. */
function ToggleButton<T>(props: {
  action: Extract<DirectoryStatusAction<T>, { kind: 'toggle' }>;
  selected: T | null;
  onDone: (row: T) => Promise<unknown>;
}) {
  const { action, selected } = props;
  const toast = useToast();
  const toggle = useMutation({
    mutationFn: action.run,
    onSuccess: (row) => {
      toast('success', action.done(row));
      return props.onDone(row);
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  return (
    <Button disabled={!selected || toggle.isPending} onClick={() => selected && toggle.mutate(selected)}>
      {action.label(selected)}
    </Button>
  );
}
