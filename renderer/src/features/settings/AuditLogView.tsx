// 操作日志: who changed what and when (before/after kept in each record), filtered by dates, person and
// words, and exported to Excel for an inspection.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import type { AuditFilter, AuditRow } from '../../../../shared/contract';
import { api, errorMessage, saveDownload } from '../../api';
import { Button, Notice, Page } from '../../ui';
import { DataGrid } from '../../ui/grid';
import { useToast } from '../../ui/toast';
import { formatDateTime } from '../../../../shared/format';
import { auditActionLabel, auditEntityLabel } from '../../../../shared/domain/audit-labels';

const fmt = (iso: string) => formatDateTime(iso);
const blankToUndefined = (f: Record<string, string>): AuditFilter =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v.trim() !== '')) as AuditFilter;

export function AuditLogView() {
  const toast = useToast();
  const [form, setForm] = useState({ from: '', to: '', actor: '', text: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const rows = useQuery({
    queryKey: ['audit', filter],
    queryFn: () => api.invoke('audit.list', { ...filter, limit: 1000 }),
  });
  const columns = useMemo<ColDef<AuditRow>[]>(
    () => [
      { headerName: '时间', valueGetter: (p) => (p.data ? fmt(p.data.at) : ''), width: 180 },
      { headerName: '操作人', field: 'actorName', width: 180 },
      { headerName: '计算机', field: 'seat', width: 120 },
      { headerName: '操作', field: 'summary', flex: 1, minWidth: 300, tooltipField: 'summary' },
      { headerName: '对象', valueGetter: (p) => (p.data ? auditEntityLabel(p.data.entity) : ''), width: 150 },
      { headerName: '操作类型', valueGetter: (p) => (p.data ? auditActionLabel(p.data.action) : ''), width: 170 },
    ],
    [],
  );
  const exportXlsx = async () => {
    try {
      saveDownload(await api.invoke('audit.exportXlsx', filter));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  return (
    <Page
      title="操作日志"
      subtitle="每一次数据修改和每一次登录（含失败）都记录操作人、时间和修改前后的内容。"
      actions={<Button onClick={() => void exportXlsx()}>导出 Excel</Button>}
    >
      <form
        className="grid-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(blankToUndefined(form));
        }}
      >
        <label className="inline-field">
          从
          <input
            className="input"
            type="date"
            aria-label="开始日期"
            value={form.from}
            onChange={set('from')}
          />
        </label>
        <label className="inline-field">
          至
          <input className="input" type="date" aria-label="结束日期" value={form.to} onChange={set('to')} />
        </label>
        <input
          className="input search"
          aria-label="操作人"
          placeholder="操作人"
          value={form.actor}
          onChange={set('actor')}
        />
        <input
          className="input search"
          aria-label="关键词"
          placeholder="操作内容关键词"
          value={form.text}
          onChange={set('text')}
        />
        <Button type="submit" variant="primary">
          查询
        </Button>
        <span className="muted">
          {rows.data
            ? `共 ${rows.data.length} 条${rows.data.length === 1000 ? '（仅显示最近 1000 条，导出包含全部）' : ''}`
            : ''}
        </span>
      </form>
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
