// Items × departments at a glance: 牵/参 for the role, coloured by this quarter's status (red when late).
import { indexProgress } from '../../../../shared/domain/progress-index';
import { useMemo } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type {
  Checklist,
  ChecklistItem,
  ChecklistProgressView,
  MatrixCell,
} from '../../../../shared/contract';
import { PROGRESS_STATUS_LABELS } from '../../../../shared/domain/checklist';
import { DataGrid } from '../../ui/grid';
import { STATUS_COLORS } from './text';
import type { ReportTarget } from './ReportDialog';

/** 牵·已完成, 参·逾期, 参·未报: a unit's role and its quarter's state. */
function matrixLabel(c: MatrixCell): string {
  return `${c.role === 'lead' ? '牵' : '参'}·${c.status ? PROGRESS_STATUS_LABELS[c.status] : c.late ? '逾期' : '未报'}`;
}

export function MatrixView(props: {
  checklist: Checklist;
  progress: ChecklistProgressView;
  onReport: (t: ReportTarget) => void;
}) {
  const { checklist, progress } = props;
  const idx = useMemo(() => indexProgress(progress), [progress]);
  const columns: ColDef<ChecklistItem>[] = [
    { headerName: '序号', field: 'code', width: 80, pinned: 'left' },
    { headerName: '工作任务', field: 'title', width: 240, pinned: 'left', tooltipField: 'text' },
    ...progress.departments.map((d): ColDef<ChecklistItem> => ({
      headerName: d.shortName,
      colId: `d${d.id}`,
      headerTooltip: d.shortName,
      wrapHeaderText: true,
      autoHeaderHeight: true,
      width: 96,
      sortable: false,
      filter: false,
      // The cell's words (a printed list shows them; the button below shows the same).
      valueGetter: (p) => {
        const c = p.data ? idx.cell(p.data.id, d.id) : undefined;
        return c ? matrixLabel(c) : '';
      },
      cellRenderer: (p: ICellRendererParams<ChecklistItem>) => {
        const c = p.data ? idx.cell(p.data.id, d.id) : undefined;
        if (!c) return null;
        const label = matrixLabel(c);
        return (
          <button
            type="button"
            className={`matrix-cell${c.role === 'lead' ? ' matrix-lead' : ''}`}
            style={{
              background: c.status ? STATUS_COLORS[c.status] : c.late ? '#c53030' : '#e2e8f0',
              color: c.status || c.late ? '#fff' : '#2d3748',
            }}
            aria-label={`${p.data!.title} ${d.shortName} ${label}`}
            onClick={() => props.onReport({ itemId: p.data!.id, departmentId: d.id })}
          >
            {label}
          </button>
        );
      },
    })),
  ];
  return (
    <DataGrid<ChecklistItem>
      gridId="checklist-matrix"
      rowData={checklist.items.filter((i) => !i.retired)}
      columnDefs={columns}
      getRowId={(p) => String(p.data.id)}
      tooltipShowDelay={300}
    />
  );
}
