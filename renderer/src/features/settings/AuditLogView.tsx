// The latest entries of the audit trail: who changed what, when, with before/after kept in the record.
// Filters and export come with the security issue's full audit viewer.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import type { AuditRow } from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { Notice, Page } from '../../ui';
import { DataGrid } from '../../ui/grid';

const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

export function AuditLogView() {
  const rows = useQuery({ queryKey: ['audit'], queryFn: () => api.invoke('audit.list', { limit: 500 }) });
  const columns = useMemo<ColDef<AuditRow>[]>(
    () => [
      { headerName: '时间', valueGetter: (p) => (p.data ? fmt(p.data.at) : ''), width: 180 },
      { headerName: '操作人', field: 'actorName', width: 180 },
      { headerName: '操作', field: 'summary', flex: 1, minWidth: 300 },
      { headerName: '对象', field: 'entity', width: 120 },
      { headerName: '接口', field: 'action', width: 200 },
    ],
    [],
  );
  return (
    <Page title="操作日志" subtitle="每一次数据修改都记录操作人、时间和修改前后的内容（最近 500 条）。">
      {rows.isError ? <Notice kind="error">{errorMessage(rows.error)}</Notice> : null}
      <DataGrid<AuditRow>
        gridId="audit"
        rowData={rows.data ?? []}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
      />
    </Page>
  );
}
