// By department: one unit's own responsibilities, 牵头 first then 参与, with this quarter's status.
import { indexProgress } from '../../../../shared/domain/progress-index';
import { useMemo, useState } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { Checklist, ChecklistProgressView } from '../../../../shared/contract';
import { PROGRESS_STATUS_LABELS, UNIT_ROLE_LABELS, type UnitRole } from '../../../../shared/domain/checklist';
import { useCan } from '../../app/permissions';
import { DataGrid } from '../../ui/grid';
import { StatusBadge } from './StatusBadge';
import type { ReportTarget } from './ReportDialog';

interface Row {
  itemId: number;
  seq: number;
  code: string;
  title: string;
  role: UnitRole;
}

export function DepartmentView(props: {
  checklist: Checklist;
  progress: ChecklistProgressView;
  onReport: (t: ReportTarget) => void;
}) {
  const { checklist, progress } = props;
  const [deptId, setDeptId] = useState<number>(progress.departments[0]?.id ?? 0);
  const idx = useMemo(() => indexProgress(progress), [progress]);
  const rows: Row[] = checklist.items
    .filter((i) => !i.retired)
    .flatMap((i) =>
      i.units
        .filter((u) => u.departmentId === deptId)
        .map((u) => ({ itemId: i.id, seq: i.seq, code: i.code, title: i.title, role: u.role })),
    )
    .sort((a, b) => (a.role === b.role ? a.seq - b.seq : a.role === 'lead' ? -1 : 1));
  const dept = progress.departments.find((d) => d.id === deptId);

  const writer = useCan()('records.write');
  const columns: ColDef<Row>[] = [
    { headerName: '序号', field: 'code', width: 80 },
    { headerName: '工作任务', field: 'title', flex: 2, minWidth: 280 },
    {
      headerName: '角色',
      valueGetter: (p) => (p.data ? UNIT_ROLE_LABELS[p.data.role] : ''),
      width: 90,
      cellClass: (p) => (p.value === '牵头' ? 'cell-lead' : ''),
    },
    {
      headerName: '本季度状态',
      width: 130,
      valueGetter: (p) => {
        const c = p.data ? idx.cell(p.data.itemId, deptId) : undefined;
        return c?.status ? PROGRESS_STATUS_LABELS[c.status] : c?.late ? '逾期未报' : '未填报';
      },
      cellRenderer: (p: ICellRendererParams<Row>) => {
        const c = p.data ? idx.cell(p.data.itemId, deptId) : undefined;
        return <StatusBadge status={c?.status ?? null} late={c?.late ?? false} />;
      },
    },
    {
      headerName: '工作进展',
      valueGetter: (p) => (p.data ? (idx.report(p.data.itemId, deptId)?.narrative ?? '') : ''),
      flex: 2,
    },
    {
      headerName: '操作',
      width: 90,
      sortable: false,
      filter: false,
      cellRenderer: (p: ICellRendererParams<Row>) => (
        <button
          type="button"
          className="btn-link"
          onClick={() => props.onReport({ itemId: p.data!.itemId, departmentId: deptId })}
        >
          {writer ? '填报' : '查看'}
        </button>
      ),
    },
  ];

  return (
    <div>
      <div className="grid-toolbar">
        <label className="inline-field">
          责任单位
          <select
            aria-label="责任单位"
            className="input"
            value={deptId}
            onChange={(e) => setDeptId(Number(e.target.value))}
          >
            {progress.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.shortName}
              </option>
            ))}
          </select>
        </label>
        <a href={`#/print/checklist-list?year=${checklist.year}&dept=${deptId}`}>打印本单位清单</a>
        <span className="muted">
          {dept?.shortName}：牵头 {rows.filter((r) => r.role === 'lead').length} 项，参与{' '}
          {rows.filter((r) => r.role === 'participant').length} 项
        </span>
      </div>
      <DataGrid<Row>
        gridId="checklist-department"
        rowData={rows}
        columnDefs={columns}
        getRowId={(p) => String(p.data.itemId)}
      />
    </div>
  );
}
