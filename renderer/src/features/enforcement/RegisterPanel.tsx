// The page the 转报移送 and 12345 投诉 registers share: filters (年度, 状态, 单位, the register's own, search) and
// counts above a grid, the selected record's details under it, and a warning when records from earlier years are
// still open, so a year filter never hides one. A record opened by a link (the dashboard) is selected at once,
// whatever its year. The action bar (登记…, 编辑, the register's own) opens one dialog at a time over the page.
// Each register passes its columns, labels, details, actions and dialogs. A long register (12345 投诉) pages on the
// server (`paged`: ag-grid's Infinite Row Model, filters, search and sort in SQL); a short one gets its rows at once.
import { useMemo, useRef, useState, type ReactNode } from 'react';
import type { ColDef, GridApi, IDatasource } from 'ag-grid-community';
import type { Department, FileDownload } from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { errorMessage } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Notice, Page } from '../../ui';
import { FilterSelect, SearchBox, YearFilter, type FilterOption } from '../../ui/filters';
import { DataGrid, revealRow, useSelectRow } from '../../ui/grid';
import { pagedGridProps, useRefreshAfterFetch } from '../../ui/paged';
import { useTrackedExport } from '../../ui/TrackedExport';
import { selectableDepartments } from './ReferralCommon';

/** The filters every case register has; the register builds its list query from them. */
export interface RegisterFilters<S extends string> {
  today: string;
  /** 0: every year. */
  year: number;
  setYear: (year: number) => void;
  status: S;
  setStatus: (status: S) => void;
  /** 0: every department. */
  departmentId: number;
  setDepartmentId: (id: number) => void;
  search: string;
  setSearch: (text: string) => void;
  selectedId: number | null;
  setSelectedId: (id: number | null) => void;
}

/** This year's records, or every year's when a link opens one record (`openId`), which is then selected. */
export function useRegisterFilters<S extends string>(
  openId: number | null,
  allStatuses: S,
): RegisterFilters<S> {
  const today = todayIso();
  const [year, setYear] = useState(openId ? 0 : Number(today.slice(0, 4)));
  const [status, setStatus] = useState<S>(allStatuses);
  const [departmentId, setDepartmentId] = useState(0);
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(openId);
  return {
    today,
    year,
    setYear,
    status,
    setStatus,
    departmentId,
    setDepartmentId,
    search,
    setSearch,
    selectedId,
    setSelectedId,
  };
}

/** The dialog open over the register: add (row null) or edit, or one of the register's own actions. */
export type RegisterOpen<T, K extends string> = { kind: 'edit'; row: T | null } | { kind: K; row: T };

/** A button after 编辑 that opens the register's dialog `kind` for the selected record. */
export interface RegisterAction<T, K extends string> {
  kind: K;
  label: string | ((selected: T | null) => string);
  /** Whether it applies to the selected record (every record when left out). */
  enabled?: (row: T) => boolean;
  danger?: boolean;
}

export function RegisterPanel<
  T extends { id: number; receivedOn: string },
  S extends string,
  K extends string,
>(props: {
  title: string;
  subtitle: string;
  filters: RegisterFilters<S>;
  /** The register's list for the filters (all its rows at once)… */
  list?: { data?: T[] | undefined; isError: boolean; error: unknown };
  /** …or its blocks from the server: the datasource (new filters, a new one), whether the summary query is fetching
   *  (the blocks are read again after each fetch), its error, the selected record as the server has it now, and the
   *  announcement of earlier open records (the server counts them). */
  paged?: {
    datasource: IDatasource;
    fetching: boolean;
    error: unknown;
    selected: T | null;
    earlier: ReactNode | null;
  };
  /** Every record still open, whatever its year; those from before the year shown are announced. */
  stillOpen?: T[] | undefined;
  /** The status that means "still open", which the announcement's link filters on. */
  openStatus: S;
  /** The announcement's text, from the earlier open records, and its link's text. */
  earlier: { text: (rows: T[]) => ReactNode; showAll: string };
  statusOptions: FilterOption<S>[];
  department: { label: string; allLabel: string; departments: Department[] };
  /** Filters of the register's own, after 单位. */
  extraFilters?: ReactNode;
  search: { label: string; placeholder: string };
  /** The counts at the end of the filters (paged: over the whole filtered register, from the server). */
  summary: (rows: T[]) => ReactNode;
  gridId: string;
  /** The grid's height: down to the bottom of the window when left out (the details are below it). */
  height?: string;
  columns: ColDef<T>[];
  /** Width of a 序号 column the grid renumbers itself. */
  seqColumn?: number;
  /** Rows marked overdue. */
  late: (row: T) => boolean;
  noRowsText: string;
  /** The first button's text (登记…): a new record. 编辑 and double-click edit the selected one. */
  addLabel: string;
  /** The buttons after 编辑; the action bar is shown to those who may change records. */
  actions: RegisterAction<T, K>[];
  detail: (selected: T) => ReactNode;
  /** The dialog an action opened; `close` closes it. */
  dialog: (open: RegisterOpen<T, K>, close: () => void) => ReactNode;
  /** Buttons for the register as a whole (从 Excel 导入), after the record's actions. */
  registerActions?: ReactNode;
  /** 导出 Excel (for those who may print): the whole list the filters select, with its bar and 取消. */
  exportXlsx?: (progressId: string) => Promise<FileDownload>;
}) {
  const { filters: f } = props;
  const can = useCan();
  const writer = can('records.write');
  const exporting = useTrackedExport();
  const exportXlsx = props.exportXlsx;
  const paged = props.paged;
  const rows = useMemo(() => props.list?.data ?? [], [props.list?.data]);
  const selected = paged
    ? paged.selected?.id === f.selectedId
      ? paged.selected
      : null
    : (rows.find((r) => r.id === f.selectedId) ?? null);
  const earlier = f.year ? (props.stillOpen ?? []).filter((r) => r.receivedOn < `${f.year}-01-01`) : [];
  const earlierText = paged ? paged.earlier : earlier.length > 0 ? props.earlier.text(earlier) : null;
  const error = paged ? paged.error : props.list?.isError ? props.list.error : null;
  const [open, setOpen] = useState<RegisterOpen<T, K> | null>(null);
  const gridApi = useRef<GridApi<T> | null>(null);
  useSelectRow(gridApi, paged ? undefined : rows, f.selectedId);
  useRefreshAfterFetch(gridApi, paged?.fetching ?? false);
  const choices = selectableDepartments(props.department.departments);

  return (
    <Page
      title={props.title}
      subtitle={props.subtitle}
      actions={
        <>
          {writer ? (
            <>
              <Button variant="primary" onClick={() => setOpen({ kind: 'edit', row: null })}>
                {props.addLabel}
              </Button>
              <Button
                disabled={!selected}
                onClick={() => selected && setOpen({ kind: 'edit', row: selected })}
              >
                编辑
              </Button>
              {props.actions.map((a) => (
                <Button
                  key={a.kind}
                  variant={a.danger ? 'danger' : 'default'}
                  disabled={!selected || (a.enabled ? !a.enabled(selected) : false)}
                  onClick={() => selected && setOpen({ kind: a.kind, row: selected })}
                >
                  {typeof a.label === 'string' ? a.label : a.label(selected)}
                </Button>
              ))}
              {props.registerActions}
            </>
          ) : null}
          {exportXlsx && can('print') ? (
            <Button disabled={exporting.running} onClick={() => void exporting.start(exportXlsx)}>
              {exporting.running ? '正在导出…' : '导出 Excel'}
            </Button>
          ) : null}
        </>
      }
    >
      {exporting.view}
      {error ? <Notice kind="error">{errorMessage(error)}</Notice> : null}
      {earlierText ? (
        <Notice kind="warning">
          {earlierText}{' '}
          <Button
            variant="link"
            onClick={() => {
              f.setYear(0);
              f.setStatus(props.openStatus);
            }}
          >
            {props.earlier.showAll}
          </Button>
        </Notice>
      ) : null}
      <div className="grid-toolbar case-filters">
        <YearFilter value={f.year} onChange={f.setYear} today={f.today} />
        <FilterSelect label="状态" value={f.status} onChange={f.setStatus} options={props.statusOptions} />
        <FilterSelect
          label={props.department.label}
          value={f.departmentId}
          onChange={f.setDepartmentId}
          allLabel={props.department.allLabel}
          options={choices.map((d) => ({ value: d.id, label: d.shortName }))}
        />
        {props.extraFilters}
        <SearchBox
          label={props.search.label}
          placeholder={props.search.placeholder}
          value={f.search}
          onChange={f.setSearch}
        />
        <span className="muted">{props.summary(rows)}</span>
      </div>
      <DataGrid<T>
        gridId={props.gridId}
        height={props.height}
        suppressColumnVirtualisation // a dozen columns: all rendered, so none is missing from a row
        onGridReady={(e) => (gridApi.current = e.api)}
        seqColumn={props.seqColumn}
        {...(paged ? pagedGridProps(paged.datasource) : { rowData: rows, quickFilterText: f.search })}
        columnDefs={props.columns}
        getRowId={(p) => String(p.data.id)}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        // A record opened by its link (the dashboard) is shown in the grid once the rows are drawn.
        onFirstDataRendered={(e) => revealRow(e.api, f.selectedId)}
        onSelectionChanged={(e) => f.setSelectedId(e.api.getSelectedRows()[0]?.id ?? null)}
        // A click shows the row even when the grid already had it selected (a save may have shown another since).
        onRowClicked={(e) => e.data && f.setSelectedId(e.data.id)}
        onRowDoubleClicked={(e) => e.data && writer && setOpen({ kind: 'edit', row: e.data })}
        getRowClass={(p) => (p.data && props.late(p.data) ? 'case-row-late' : '')}
        overlayNoRowsTemplate={props.noRowsText}
      />
      {selected ? (
        props.detail(selected)
      ) : (
        <p className="muted">{writer ? '选择一行查看详情；双击编辑。' : '选择一行查看详情。'}</p>
      )}
      {open ? props.dialog(open, () => setOpen(null)) : null}
    </Page>
  );
}
