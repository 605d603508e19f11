// 议定事项督办: every decision of the joint meetings' minutes until it is closed with a result, the most
// urgent first (overdue, then by due date). Filter by status, responsible department and meeting year; open
// one (double-click or 督办) for its history, to add progress, close or reopen it. The filtered list exports to Excel
// and prints; rows ticked in the first column are urged together (批量催办, then the printable 督办催办通知), closed
// together (批量办结) with one result, or exported alone (导出所选).
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { Decision } from '../../../../shared/contract';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { useRemembered } from '../../app/signin';
import { Button, Field, FormDialog, Notice, Page } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { DataGrid } from '../../ui/grid';
import { DecisionDialog, DecisionStatus } from './DecisionDialog';
import {
  DECISION_STATE_LABELS,
  byUrgency,
  decisionState,
  dueNote,
  latestProgress,
  latestProgressDetail,
  leadOf,
  partnersOf,
  urgingSummary,
} from './DecisionText';
import { UrgeDialog } from './UrgeDialog';
import './decisions.css';

type StatusFilter = 'open' | 'done' | 'all';
const STATUS_OPTIONS: { value: StatusFilter; label: string }[] = [
  { value: 'open', label: '未办结' },
  { value: 'done', label: '已办结' },
  { value: 'all', label: '全部' },
];
const EMPTY: Record<StatusFilter, string> = {
  open: '没有未办结的议定事项',
  done: '没有已办结的议定事项',
  all: '没有议定事项。会议纪要中的议定事项保存后显示在这里。',
};

/** Long text wraps, up to two lines; the tooltip has the rest. */
const clamped = (p: ICellRendererParams<Decision>) => (
  <div className="decision-cell">
    <div className="decision-clamp">{p.value as string}</div>
  </div>
);

const decisionsQuery = (departmentId: number | null, year: number | null) => ({
  queryKey: ['meetings', 'decisions', departmentId, year],
  queryFn: () =>
    api.invoke('decisions.list', {
      status: 'all' as const,
      ...(departmentId !== null ? { departmentId } : {}),
      ...(year !== null ? { year } : {}),
    }),
});

/** 批量办结: one 办理结果 for every ticked decision; the server refuses the whole batch (naming the decision) if any
 *  one cannot be closed, so nothing is half done. */
function BatchCloseDialog(props: { decisions: Decision[]; onClose: () => void; onDone: () => void }) {
  const toast = useToast();
  const [result, setResult] = useState('');
  const { errors, failure, busy, submit } = useFormSubmit();
  const save = () =>
    void submit(async () => {
      const closed = await api.invoke('decisions.closeMany', {
        decisionIds: props.decisions.map((d) => d.id),
        result,
      });
      toast('success', `已办结 ${closed.length} 项议定事项`);
      props.onDone();
    });
  return (
    <FormDialog
      title={`批量办结：已选 ${props.decisions.length} 项`}
      onClose={props.onClose}
      onSave={save}
      busy={busy}
      failure={failure}
      saveLabel="办结所选事项"
    >
      <ol className="decision-batch-list" aria-label="所选议定事项">
        {props.decisions.map((d) => (
          <li key={d.id}>
            {d.text.length > 60 ? `${d.text.slice(0, 60)}…` : d.text}
            <span className="muted">
              （{leadOf(d)}，{d.dueDate}）
            </span>
          </li>
        ))}
      </ol>
      <Field label="办理结果" error={errors.result} hint="同一办理结果记入每一项，各项分别记入操作日志">
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            value={result}
            placeholder="例如：已在第四季度联席会议上通报完成情况"
            onChange={(e) => setResult(e.target.value)}
          />
        )}
      </Field>
    </FormDialog>
  );
}

export function DecisionsView() {
  const toast = useToast();
  const can = useCan();
  const writable = can('meetings.write');
  // Kept while a print preview is open and after its 返回 (the preview replaces the whole window).
  const [status, setStatus] = useRemembered<StatusFilter>('decisions.status', 'open');
  const [departmentId, setDepartmentId] = useRemembered<number | null>('decisions.department', null);
  const [year, setYear] = useRemembered<number | null>('decisions.year', null);
  const [opened, setOpened] = useState<Decision | null>(null);
  const [selectedIds, setSelectedIds] = useState<number[]>([]);
  const [batchClosing, setBatchClosing] = useState(false);
  const [urging, setUrging] = useState(false);

  // Department and year are filtered by the server; status here, so the counts cover both states.
  const list = useQuery(decisionsQuery(departmentId, year));
  const everything = useQuery(decisionsQuery(null, null));
  const departments = useQuery({
    queryKey: ['departments', 'list', 'all'],
    queryFn: () => api.invoke('departments.list', { includeInactive: true }),
  });

  const years = useMemo(() => {
    const found = new Set((everything.data ?? []).map((d) => Number(d.meetingDate.slice(0, 4))));
    if (year !== null) found.add(year);
    return [...found].sort((a, b) => b - a);
  }, [everything.data, year]);

  const all = list.data ?? [];
  const open = all.filter((d) => d.status === 'open');
  const overdue = open.filter((d) => d.overdue).length;
  const rows = useMemo(
    () => (list.data ?? []).filter((d) => status === 'all' || d.status === status).sort(byUrgency),
    [list.data, status],
  );

  const columns = useMemo<ColDef<Decision>[]>(
    () => [
      {
        headerName: '状态',
        colId: 'state',
        valueGetter: (p) => (p.data ? DECISION_STATE_LABELS[decisionState(p.data)] : ''),
        width: 84,
        cellRenderer: (p: ICellRendererParams<Decision>) => (p.data ? <DecisionStatus d={p.data} /> : null),
      },
      {
        headerName: '议定事项',
        colId: 'text',
        field: 'text',
        flex: 2,
        minWidth: 200,
        autoHeight: true,
        tooltipField: 'text',
        cellRenderer: clamped,
      },
      {
        headerName: '牵头单位',
        colId: 'lead',
        valueGetter: (p) => (p.data ? leadOf(p.data) : ''),
        width: 120,
        cellClass: 'cell-lead',
      },
      {
        headerName: '配合单位',
        colId: 'partners',
        valueGetter: (p) => (p.data ? partnersOf(p.data) : ''),
        flex: 1,
        minWidth: 120,
        autoHeight: true,
        tooltipValueGetter: (p) => p.value as string,
        cellRenderer: clamped,
      },
      {
        headerName: '完成时限',
        colId: 'due',
        field: 'dueDate',
        width: 118,
        autoHeight: true,
        cellRenderer: (p: ICellRendererParams<Decision>) => {
          if (!p.data) return null;
          const note = dueNote(p.data);
          return (
            <div className="decision-cell">
              {p.data.dueDate}
              {note ? <div className={`decision-due-${note.kind}`}>{note.text}</div> : null}
            </div>
          );
        },
      },
      {
        headerName: '催办',
        colId: 'urged',
        valueGetter: (p) => (p.data ? urgingSummary(p.data) : ''),
        width: 128,
        autoHeight: true,
        cellRenderer: (p: ICellRendererParams<Decision>) => {
          const last = p.data?.urgings.at(-1);
          if (!p.data) return null;
          return (
            <div className="decision-cell" aria-label={urgingSummary(p.data)}>
              {last ? (
                <>
                  催办 {p.data.urgings.length} 次<div className="muted">最近 {last.urgedOn}</div>
                </>
              ) : (
                <span className="muted">未催办</span>
              )}
            </div>
          );
        },
      },
      {
        headerName: '来源会议',
        colId: 'meeting',
        valueGetter: (p) => (p.data ? `${p.data.meetingTitle}（${p.data.meetingDate}）` : ''),
        flex: 1.3,
        minWidth: 170,
        autoHeight: true,
        tooltipValueGetter: (p) => p.value as string,
        cellRenderer: (p: ICellRendererParams<Decision>) =>
          p.data ? (
            <div className="decision-cell">
              <button
                type="button"
                className="decision-meeting-link"
                aria-label={p.value as string}
                onClick={() => navigate(`/meetings/${p.data!.meetingId}`)}
              >
                <span className="decision-meeting-title">{p.data.meetingTitle}</span>
                <span className="decision-meeting-date">{p.data.meetingDate}</span>
              </button>
            </div>
          ) : null,
      },
      {
        headerName: '最新进展',
        colId: 'progress',
        valueGetter: (p) => (p.data ? latestProgress(p.data) : ''),
        flex: 1.5,
        minWidth: 180,
        autoHeight: true,
        tooltipValueGetter: (p) => (p.data ? latestProgressDetail(p.data) : ''),
        cellClass: 'decision-progress-cell',
        cellRenderer: clamped,
      },
      {
        headerName: '操作',
        colId: 'actions',
        width: 80,
        sortable: false,
        filter: false,
        cellRenderer: (p: ICellRendererParams<Decision>) =>
          p.data ? (
            <button type="button" className="btn btn-small" onClick={() => setOpened(p.data!)}>
              {writable && p.data.status === 'open' ? '督办' : '查看'}
            </button>
          ) : null,
      },
    ],
    [writable],
  );

  // The ticked rows that are still shown (a filter change may hide some).
  const selected = rows.filter((d) => selectedIds.includes(d.id));
  const filter = {
    status,
    ...(departmentId !== null ? { departmentId } : {}),
    ...(year !== null ? { year } : {}),
  };
  const exportXlsx = async (ids?: number[]) => {
    try {
      saveDownload(await api.invoke('decisions.exportXlsx', ids ? { status: 'all', ids } : filter));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const print = () => {
    const q = new URLSearchParams({ status });
    if (departmentId !== null) q.set('dept', String(departmentId));
    if (year !== null) q.set('year', String(year));
    navigate(`/print/decisions?${q.toString()}`);
  };

  const error = list.error ?? departments.error;
  return (
    <Page
      title="议定事项督办"
      subtitle="联席会议纪要中的议定事项，逾期的排在最前，其余按完成时限；双击一行查看督办记录。"
      actions={
        <>
          {writable ? (
            <>
              <Button
                disabled={selected.length === 0}
                title={selected.length === 0 ? '先在列表第一列勾选要催办的事项' : undefined}
                onClick={() => setUrging(true)}
              >
                批量催办{selected.length ? `（${selected.length}）` : ''}
              </Button>
              <Button
                disabled={selected.length === 0}
                title={selected.length === 0 ? '先在列表第一列勾选要办结的事项' : undefined}
                onClick={() => setBatchClosing(true)}
              >
                批量办结{selected.length ? `（${selected.length}）` : ''}
              </Button>
            </>
          ) : null}
          {can('print') ? (
            <>
              <Button onClick={print}>打印</Button>
              <Button onClick={() => void exportXlsx()}>导出 Excel</Button>
              {writable ? (
                <Button
                  disabled={selected.length === 0}
                  title={selected.length === 0 ? '先在列表第一列勾选要导出的事项' : undefined}
                  onClick={() => void exportXlsx(selected.map((d) => d.id))}
                >
                  导出所选{selected.length ? `（${selected.length}）` : ''}
                </Button>
              ) : null}
            </>
          ) : null}
        </>
      }
    >
      <div className="grid-toolbar decision-toolbar">
        <label className="inline-field">
          办理状态
          <select
            className="input"
            aria-label="办理状态"
            value={status}
            onChange={(e) => setStatus(e.target.value as StatusFilter)}
          >
            {STATUS_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          责任单位
          <select
            className="input"
            aria-label="责任单位"
            value={departmentId ?? ''}
            onChange={(e) => setDepartmentId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">全部单位</option>
            {(departments.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.shortName}
                {d.active ? '' : '（已停用）'}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          会议年度
          <select
            className="input"
            aria-label="会议年度"
            value={year ?? ''}
            onChange={(e) => setYear(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">全部年度</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
        </label>
        {list.data ? (
          <p className="decision-counts" aria-live="polite">
            未办结 <strong>{open.length}</strong> 项，其中逾期{' '}
            <strong className={overdue ? 'decision-count-overdue' : ''}>{overdue}</strong> 项；已办结{' '}
            {all.length - open.length} 项
          </p>
        ) : null}
      </div>
      {error ? <Notice kind="error">{errorMessage(error)}</Notice> : null}
      <DataGrid<Decision>
        gridId="meeting-decisions"
        rowData={rows}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        getRowClass={(p) => (p.data?.overdue ? 'decision-row-overdue' : '')}
        onRowDoubleClicked={(e) => e.data && setOpened(e.data)}
        {...(writable
          ? {
              rowSelection: {
                mode: 'multiRow' as const,
                checkboxes: (p: { data?: Decision }) => p.data?.status === 'open',
                isRowSelectable: (n: { data?: Decision }) => n.data?.status === 'open',
                headerCheckbox: true,
                enableClickSelection: false,
              },
              onSelectionChanged: (e: { api: { getSelectedRows: () => Decision[] } }) =>
                setSelectedIds(e.api.getSelectedRows().map((d) => d.id)),
            }
          : {})}
        tooltipShowDelay={400}
        overlayNoRowsTemplate={EMPTY[status]}
        loading={list.isPending}
      />
      {urging ? (
        <UrgeDialog decisions={selected} onClose={() => setUrging(false)} onDone={() => undefined} />
      ) : null}
      {batchClosing ? (
        <BatchCloseDialog
          decisions={selected}
          onClose={() => setBatchClosing(false)}
          onDone={() => {
            setBatchClosing(false);
            setSelectedIds([]);
          }}
        />
      ) : null}
      {opened ? <DecisionDialog key={opened.id} decision={opened} onClose={() => setOpened(null)} /> : null}
    </Page>
  );
}
