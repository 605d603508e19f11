// By item: each task with its lead and participating units and how many have reported this quarter; expand
// a task to see every unit's status and report from there.
import { indexProgress } from '../../../../shared/domain/progress-index';
import { useMemo, useState } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { Checklist, ChecklistItem, ChecklistProgressView } from '../../../../shared/contract';
import { UNIT_ROLE_LABELS } from '../../../../shared/domain/checklist';
import { useCan } from '../../app/permissions';
import { DataGrid } from '../../ui/grid';
import { StatusBadge } from './StatusBadge';
import type { ReportTarget } from './ReportDialog';

type Row =
  | { kind: 'item'; key: string; item: ChecklistItem; reported: number; total: number }
  | {
      kind: 'unit';
      key: string;
      item: ChecklistItem;
      departmentId: number;
      shortName: string;
      role: 'lead' | 'participant';
    };

export function ItemsView(props: {
  checklist: Checklist;
  progress: ChecklistProgressView;
  onEdit: (item: ChecklistItem) => void;
  onReport: (t: ReportTarget) => void;
}) {
  const { checklist, progress } = props;
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const idx = useMemo(() => indexProgress(progress), [progress]);

  const rows: Row[] = [];
  for (const item of checklist.items) {
    const reported = item.units.filter((u) => idx.cell(item.id, u.departmentId)?.status).length;
    rows.push({ kind: 'item', key: `i${item.id}`, item, reported, total: item.units.length });
    if (expanded.has(item.id)) {
      for (const u of item.units)
        rows.push({ kind: 'unit', key: `u${item.id}:${u.departmentId}`, item, ...u });
    }
  }
  const toggle = (id: number) => {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  };

  const writer = useCan()('records.write');
  const columns: ColDef<Row>[] = [
    {
      headerName: '',
      width: 56,
      sortable: false,
      filter: false,
      cellRenderer: (p: ICellRendererParams<Row>) =>
        p.data?.kind === 'item' ? (
          <button
            type="button"
            className="btn-link expander"
            aria-label={`${expanded.has(p.data.item.id) ? '收起' : '展开'}${p.data.item.title}`}
            onClick={() => toggle(p.data!.item.id)}
          >
            {expanded.has(p.data.item.id) ? '▾' : '▸'}
          </button>
        ) : null,
    },
    { headerName: '序号', valueGetter: (p) => p.data?.item.code, width: 80 },
    {
      headerName: '工作任务',
      valueGetter: (p) => p.data?.item.title,
      flex: 2,
      minWidth: 260,
      tooltipValueGetter: (p) => p.data?.item.text,
      cellClass: (p) => (p.data?.item.retired ? 'cell-retired' : ''),
    },
    {
      headerName: '牵头单位',
      valueGetter: (p) => p.data?.item.units.find((u) => u.role === 'lead')?.shortName ?? '',
      width: 140,
      cellClass: 'cell-lead',
    },
    {
      headerName: '参与单位',
      valueGetter: (p) =>
        p.data?.item.units
          .filter((u) => u.role === 'participant')
          .map((u) => u.shortName)
          .join('、') ?? '',
      flex: 2,
      minWidth: 200,
    },
    {
      headerName: '备注',
      valueGetter: (p) => p.data?.item.remark,
      width: 230,
      cellRenderer: (p: ICellRendererParams<Row>) => {
        const m = p.data?.kind === 'item' ? p.data.item.measure : null;
        if (!m) return p.value as string;
        const met = m.achieved >= m.requiredPerYear;
        return (
          <span
            title={`${m.counted ? `按${m.source}记录统计` : `${m.source}模块上线后自动统计；目前没有记录`}${m.rule ? `。依据：${m.rule}` : ''}`}
          >
            {p.value as string}{' '}
            <span className={`status-badge ${met ? 'measure-met' : 'status-late'}`}>
              本年 {m.short ? `${m.short} ` : ''}
              {m.achieved}/{m.requiredPerYear}
            </span>
          </span>
        );
      },
    },
    {
      headerName: '本季度填报',
      valueGetter: (p) => (p.data?.kind === 'item' ? `${p.data.reported}/${p.data.total}` : ''),
      width: 110,
    },
  ];
  // 编辑 only for a role that maintains the checklist; the others read every column in the grid itself.
  if (writer)
    columns.push({
      headerName: '操作',
      width: 90,
      sortable: false,
      filter: false,
      cellRenderer: (p: ICellRendererParams<Row>) =>
        p.data?.kind === 'item' ? (
          <button type="button" className="btn-link" onClick={() => props.onEdit(p.data!.item)}>
            编辑
          </button>
        ) : null,
    });

  return (
    <DataGrid<Row>
      gridId="checklist-items"
      rowData={rows}
      columnDefs={columns}
      getRowId={(p) => p.data.key}
      isFullWidthRow={(p) => p.rowNode.data?.kind === 'unit'}
      fullWidthCellRenderer={(p: ICellRendererParams<Row>) => {
        const r = p.data;
        if (r?.kind !== 'unit') return null;
        const cell = idx.cell(r.item.id, r.departmentId);
        const report = idx.report(r.item.id, r.departmentId);
        return (
          <div className="unit-row" role="group" aria-label={`${r.item.title} · ${r.shortName}`}>
            <span className={r.role === 'lead' ? 'cell-lead' : ''}>
              {r.shortName}（{UNIT_ROLE_LABELS[r.role]}）
            </span>
            <StatusBadge status={cell?.status ?? null} late={cell?.late ?? false} />
            <span className="muted unit-narrative">
              {report ? `${report.reporterName}：${report.narrative || '（无文字说明）'}` : ''}
            </span>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => props.onReport({ itemId: r.item.id, departmentId: r.departmentId })}
            >
              {writer ? '填报' : '查看'}
            </button>
          </div>
        );
      }}
      getRowClass={(p) => (p.data?.item.retired ? 'row-inactive' : '')}
      tooltipShowDelay={300}
    />
  );
}
