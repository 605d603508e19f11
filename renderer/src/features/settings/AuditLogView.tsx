// 操作日志: who changed what and when (before/after kept in each record), filtered by dates, person and words (and
// the grid's column filters), read from the server a block at a time as the person scrolls, and exported to Excel
// (the whole filtered log) for an inspection.
import { useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import type { AUDIT_SORT_KEYS, AuditFilter, AuditListRow } from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { Button, DateInput, Notice, Page } from '../../ui';
import { DataGrid } from '../../ui/grid';
import {
  TEXT_FILTER,
  asListRequest,
  pagedGridProps,
  usePagedSource,
  useRefreshAfterFetch,
} from '../../ui/paged';
import { useToast } from '../../ui/toast';
import { useTrackedExport } from '../../ui/TrackedExport';
import { formatDateTime } from '../../../../shared/format';
import { auditActionLabel, auditEntityLabel } from '../../../../shared/domain/audit-labels';

const fmt = (iso: string) => formatDateTime(iso);
const blankToUndefined = (f: Record<string, string>): AuditFilter =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v.trim() !== '')) as AuditFilter;

const COLUMNS: ColDef<AuditListRow>[] = [
  {
    headerName: '时间',
    colId: 'at',
    valueGetter: (p) => (p.data ? fmt(p.data.at) : ''),
    width: 180,
    sortable: true,
  },
  {
    headerName: '操作人',
    colId: 'actorName',
    field: 'actorName',
    width: 180,
    sortable: true,
    ...TEXT_FILTER,
  },
  { headerName: '计算机', colId: 'seat', field: 'seat', width: 120, sortable: true, ...TEXT_FILTER },
  {
    headerName: '操作',
    colId: 'summary',
    field: 'summary',
    flex: 1,
    minWidth: 300,
    tooltipField: 'summary',
    ...TEXT_FILTER,
  },
  // Chinese names of the stored kinds (the column filters match stored values, so these two sort but do not filter:
  // the 操作 column's words and the filter bar find rows).
  {
    headerName: '对象',
    colId: 'entity',
    valueGetter: (p) => (p.data ? auditEntityLabel(p.data.entity) : ''),
    width: 150,
    sortable: true,
  },
  {
    headerName: '操作类型',
    colId: 'action',
    valueGetter: (p) => (p.data ? auditActionLabel(p.data.action) : ''),
    width: 170,
    sortable: true,
  },
];

export function AuditLogView() {
  const toast = useToast();
  const [form, setForm] = useState({ from: '', to: '', actor: '', text: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  // The filtered total (an empty first block); the app's change events refresh it, and with it the grid's blocks.
  const summary = useQuery({
    queryKey: ['audit', 'summary', filter],
    queryFn: () => api.invoke('audit.page', { ...filter, startRow: 0, endRow: 0 }),
  });
  const datasource = usePagedSource(
    (req) => api.invoke('audit.page', { ...filter, ...asListRequest<(typeof AUDIT_SORT_KEYS)[number]>(req) }),
    JSON.stringify(filter),
    (e) => toast('error', errorMessage(e)),
  );
  const gridApi = useRef<GridApi<AuditListRow> | null>(null);
  useRefreshAfterFetch(gridApi, summary.isFetching);
  const [shown, setShown] = useState<number | null>(null);
  const columns = useMemo(() => COLUMNS, []);
  // The whole filtered log (it can be hundreds of thousands of rows): with its bar and 取消.
  const exporting = useTrackedExport();
  const exportXlsx = () => exporting.start((progressId) => api.invoke('audit.exportXlsx', { ...filter, progressId }));
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  return (
    <Page
      title="操作日志"
      subtitle="每一次数据修改和每一次登录（含失败）都记录操作人、时间和修改前后的内容。"
      actions={
        <Button disabled={exporting.running} onClick={() => void exportXlsx()}>
          {exporting.running ? '正在导出…' : '导出 Excel'}
        </Button>
      }
    >
      {exporting.view}
      <form
        className="grid-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(blankToUndefined(form));
        }}
      >
        <label className="inline-field">
          从
          <DateInput
            aria-label="开始日期"
            value={form.from}
            onChange={(picked) => setForm({ ...form, from: picked })}
          />
        </label>
        <label className="inline-field">
          至
          <DateInput
            aria-label="结束日期"
            value={form.to}
            onChange={(picked) => setForm({ ...form, to: picked })}
          />
        </label>
        <input
          className="input search search-narrow"
          aria-label="操作人"
          placeholder="操作人"
          value={form.actor}
          onChange={set('actor')}
        />
        <input
          className="input search search-narrow"
          aria-label="关键词"
          placeholder="操作内容关键词"
          value={form.text}
          onChange={set('text')}
        />
        <Button type="submit" variant="primary">
          查询
        </Button>
        <span className="muted" data-testid="audit-count">
          {summary.data
            ? `共 ${summary.data.total} 条${shown !== null && shown !== summary.data.total ? `，表头筛选后 ${shown} 条` : ''}；导出包含查询条件下的全部记录`
            : '正在统计…'}
        </span>
      </form>
      {summary.isError ? <Notice kind="error">{errorMessage(summary.error)}</Notice> : null}
      <DataGrid<AuditListRow>
        gridId="audit"
        onGridReady={(e) => (gridApi.current = e.api)}
        {...pagedGridProps(datasource)}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        // The grid's own column filters narrow the blocks on the server; the count says how many remain.
        onModelUpdated={(e) => {
          const n = e.api.getDisplayedRowCount();
          setShown(e.api.isAnyFilterPresent() ? n : null);
        }}
        overlayNoRowsTemplate="没有符合条件的操作记录。"
      />
    </Page>
  );
}
