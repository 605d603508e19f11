// 联合行动: 联合执法行动 and 专项整治 by year, with the year's count against the minimum (seed 003 §四(三): 部门间应组织
// 不少于每年1次联合执法整治) above the grid, the selected action's details under it, a dialog to register or edit one,
// removal with a reason, and the list as an Excel file.
import { useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import {
  JOINT_ACTION_KINDS,
  JOINT_ACTION_KIND_LABELS,
  JOINT_ACTION_STATUSES,
  JOINT_ACTION_STATUS_LABELS,
  formatYuan,
  yuanToFen,
  type JointAction,
  type JointActionKind,
  type JointActionStatus,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Notice, Page } from '../../ui';
import { FilterSelect, YearFilter, labelled, SearchBox } from '../../ui/filters';
import { DataGrid, useSelectRow } from '../../ui/grid';
import { useToast } from '../../ui/toast';
import { useInstitutions } from './InstitutionsPanel';
import { JointActionDialog } from './JointActionDialog';
import { CaseStatus, ReasonDialog, useDepartments, type BadgeKind } from './ReferralCommon';
import './joint-actions.css';

export const JOINT_ACTIONS_KEY = ['enforcement', 'joint-actions'] as const;

const BADGE: Record<JointActionStatus, BadgeKind> = {
  planned: 'handling',
  in_progress: 'open',
  done: 'done',
};
const yuan = (a: JointAction) => formatYuan(yuanToFen(a.finesYuan));
const departmentsText = (a: JointAction) =>
  a.participants.length ? a.participants.map((p) => p.shortName).join('、') : '—';

type Open = { kind: 'edit'; action: JointAction | null } | { kind: 'remove'; action: JointAction };

/** The year's joint actions against the minimum, as the meeting calendar shows its meetings. */
function YearCount({ year }: { year: number }) {
  const q = useQuery({
    queryKey: [...JOINT_ACTIONS_KEY, 'year', year],
    queryFn: () => api.invoke('jointActions.year', { year }),
  });
  if (q.isError) return <Notice kind="error">{errorMessage(q.error)}</Notice>;
  if (!q.data) return <div className="ja-count ja-count-loading">正在统计 {year} 年联合执法行动…</div>;
  const { completed, required, inProgress, planned, source, singleDepartment } = q.data;
  const thisYear = Number(todayIso().slice(0, 4));
  const short = Math.max(0, required - completed);
  const state =
    short === 0
      ? 'ok'
      : year >= thisYear && completed + inProgress + planned >= required
        ? 'planned'
        : 'short';
  const verdict =
    state === 'ok'
      ? '已达到要求'
      : state === 'planned'
        ? `尚差 ${short} 次，进行中或计划中 ${inProgress + planned} 次`
        : year < thisYear
          ? `未达到要求，少 ${short} 次`
          : `尚差 ${short} 次，请组织联合执法行动`;
  const others = [
    inProgress ? `进行中 ${inProgress} 次` : '',
    planned ? `计划中 ${planned} 次` : '',
    singleDepartment ? `单一部门专项整治 ${singleDepartment} 次不计入` : '',
  ].filter(Boolean);
  return (
    <div
      className={`ja-count ja-count-${state}`}
      data-state={state}
      role="status"
      aria-label="联合执法次数统计"
    >
      <span className="ja-count-text">
        {year} 年已开展 {completed} 次，要求每年不少于 {required} 次
      </span>
      <span className="ja-count-verdict">{verdict}</span>
      {others.length ? <span className="muted">（{others.join('，')}）</span> : null}
      <span className="ja-count-rule muted">
        计入：两个及以上部门参加、已完成、结束日期在本年度的行动。依据：{source}
      </span>
    </div>
  );
}

export function JointActionsPanel() {
  const toast = useToast();
  const can = useCan();
  const today = todayIso();
  const [year, setYear] = useState(Number(today.slice(0, 4))); // 0 = every year
  const [status, setStatus] = useState<'all' | JointActionStatus>('all');
  const [kind, setKind] = useState<JointActionKind | ''>('');
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [open, setOpen] = useState<Open | null>(null);
  const departments = useDepartments();
  const institutions = useInstitutions();
  const filter = { status, ...(year ? { year } : {}), ...(kind ? { kind } : {}) };
  const list = useQuery({
    queryKey: [...JOINT_ACTIONS_KEY, 'list', filter],
    queryFn: () => api.invoke('jointActions.list', filter),
  });
  const rows = useMemo(() => list.data ?? [], [list.data]);
  const selected = rows.find((a) => a.id === selectedId) ?? null;
  const gridApi = useRef<GridApi<JointAction> | null>(null);
  useSelectRow(gridApi, rows, selectedId);

  const exportXlsx = async () => {
    try {
      saveDownload(await api.invoke('jointActions.exportXlsx', year ? { year } : {}));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };

  const columns = useMemo<ColDef<JointAction>[]>(
    () => [
      { headerName: '行动名称', field: 'name', flex: 1, minWidth: 240, tooltipField: 'name', pinned: 'left' },
      {
        headerName: '类型',
        valueGetter: (p) => (p.data ? JOINT_ACTION_KIND_LABELS[p.data.kind] : ''),
        width: 120,
      },
      { headerName: '牵头单位', field: 'leadDepartmentName', width: 130 },
      {
        headerName: '参与单位',
        valueGetter: (p) => (p.data ? departmentsText(p.data) : ''),
        width: 220,
        tooltipValueGetter: (p) => (p.data ? departmentsText(p.data) : ''),
      },
      { headerName: '开始日期', field: 'startDate', width: 112 },
      { headerName: '结束日期', field: 'endDate', width: 112 },
      {
        headerName: '状态',
        valueGetter: (p) => (p.data ? JOINT_ACTION_STATUS_LABELS[p.data.status] : ''),
        width: 96,
        cellRenderer: (p: { data?: JointAction; value?: string }) =>
          p.data ? <CaseStatus kind={BADGE[p.data.status]} text={p.value ?? ''} /> : null,
      },
      {
        headerName: '计入次数',
        valueGetter: (p) => (p.data ? (p.data.counted ? '计入' : '—') : ''),
        width: 112,
        headerTooltip: '两个及以上部门参加、已完成的行动计入其结束年度的联合执法次数',
      },
      { headerName: '检查机构数', field: 'institutionsChecked', width: 108 },
      { headerName: '发现问题数', field: 'issuesFound', width: 108 },
      { headerName: '立案数', field: 'casesFiled', width: 88 },
      {
        headerName: '罚没金额（元）',
        valueGetter: (p) => (p.data ? yuan(p.data) : ''),
        width: 128,
        type: 'rightAligned',
      },
    ],
    [],
  );

  const writer = can('records.write');
  const totals = rows.reduce(
    (t, a) => ({
      checked: t.checked + a.institutionsChecked,
      issues: t.issues + a.issuesFound,
      cases: t.cases + a.casesFiled,
      fen: t.fen + yuanToFen(a.finesYuan),
    }),
    { checked: 0, issues: 0, cases: 0, fen: 0 },
  );

  return (
    <Page
      title="联合执法行动"
      subtitle="联合执法行动与专项整治：牵头和参与单位、时间、检查对象与结果。部门间每年至少组织 1 次联合执法整治（越政办发〔2020〕64号 四（三））。"
      actions={
        <>
          {writer ? (
            <>
              <Button variant="primary" onClick={() => setOpen({ kind: 'edit', action: null })}>
                新增行动
              </Button>
              <Button
                disabled={!selected}
                onClick={() => selected && setOpen({ kind: 'edit', action: selected })}
              >
                编辑
              </Button>
              <Button
                variant="danger"
                disabled={!selected}
                onClick={() => selected && setOpen({ kind: 'remove', action: selected })}
              >
                删除
              </Button>
            </>
          ) : null}
          {can('print') ? <Button onClick={() => void exportXlsx()}>导出 Excel</Button> : null}
        </>
      }
    >
      {list.isError ? <Notice kind="error">{errorMessage(list.error)}</Notice> : null}
      <YearCount year={year || Number(today.slice(0, 4))} />
      <div className="grid-toolbar case-filters">
        <YearFilter value={year} onChange={setYear} today={today} />
        <FilterSelect
          label="状态"
          value={status}
          onChange={setStatus}
          allLabel="全部"
          allValue="all"
          options={labelled(JOINT_ACTION_STATUSES, JOINT_ACTION_STATUS_LABELS)}
        />
        <FilterSelect
          label="类型"
          value={kind}
          onChange={setKind}
          allLabel="全部"
          options={labelled(JOINT_ACTION_KINDS, JOINT_ACTION_KIND_LABELS)}
        />
        <SearchBox label="搜索联合行动" placeholder="搜索名称、单位…" value={search} onChange={setSearch} />
        <span className="muted">
          共 {rows.length} 次：检查机构 {totals.checked} 家，发现问题 {totals.issues} 个，立案 {totals.cases}{' '}
          件，罚没 {formatYuan(totals.fen)} 元
        </span>
      </div>
      <DataGrid<JointAction>
        gridId="enforcement-joint-actions"
        quickFilterText={search}
        suppressColumnVirtualisation
        onGridReady={(e) => (gridApi.current = e.api)}
        seqColumn={72}
        rowData={rows}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onSelectionChanged={(e) => setSelectedId(e.api.getSelectedRows()[0]?.id ?? null)}
        onRowClicked={(e) => e.data && setSelectedId(e.data.id)}
        onRowDoubleClicked={(e) => e.data && writer && setOpen({ kind: 'edit', action: e.data })}
        overlayNoRowsTemplate="没有符合条件的联合行动。"
      />
      {selected ? (
        <JointActionDetail action={selected} />
      ) : (
        <p className="muted">{writer ? '选择一行查看详情；双击编辑。' : '选择一行查看详情。'}</p>
      )}
      {open?.kind === 'edit' ? (
        <JointActionDialog
          action={open.action}
          departments={departments.data ?? []}
          institutions={institutions.data ?? []}
          onClose={() => setOpen(null)}
          onSaved={(a) => {
            setOpen(null);
            setSelectedId(a.id);
            toast('success', `已保存“${a.name}”（${JOINT_ACTION_STATUS_LABELS[a.status]}）`);
          }}
        />
      ) : null}
      {open?.kind === 'remove' ? (
        <ReasonDialog
          title={`删除联合行动：${open.action.name}`}
          label="删除原因"
          confirm="删除"
          danger
          onClose={() => setOpen(null)}
          onConfirm={async (reason) => {
            await api.invoke('jointActions.remove', { id: open.action.id, reason });
            setOpen(null);
            setSelectedId(null);
            toast('success', `已删除“${open.action.name}”`);
          }}
        >
          <p>只删除误登记的行动。删除前的内容保留在操作日志中；删除后不再计入年度联合执法次数。</p>
        </ReasonDialog>
      ) : null}
    </Page>
  );
}

function JointActionDetail({ action: a }: { action: JointAction }) {
  const toast = useToast();
  const download = async (id: number) => {
    try {
      saveDownload(await api.invoke('jointActions.file', { id }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <section className="case-detail" aria-label="行动详情">
      <h2>
        {a.name}（{JOINT_ACTION_KIND_LABELS[a.kind]}）{' '}
        <CaseStatus kind={BADGE[a.status]} text={JOINT_ACTION_STATUS_LABELS[a.status]} />
        {a.statusSet ? <span className="muted ja-status-set">（状态已手动设定）</span> : null}
      </h2>
      <dl className="kv">
        <dt>时间</dt>
        <dd>
          {a.startDate} 至 {a.endDate}
        </dd>
        <dt>计入次数</dt>
        <dd>
          {a.counted
            ? `计入 ${a.endDate.slice(0, 4)} 年联合执法次数`
            : a.departmentCount < 2
              ? '单一部门开展，不计入'
              : '尚未完成，完成后计入'}
        </dd>
        <dt>部门</dt>
        <dd className="wide">
          牵头 <strong>{a.leadDepartmentName}</strong>
          {a.participants.length ? `；参与 ${departmentsText(a)}` : ''}（共 {a.departmentCount} 个部门）
        </dd>
        <dt>检查对象</dt>
        <dd className="wide">
          {a.targets.length ? a.targets.map((t) => t.name).join('、') : '—'}
          {a.scope ? <div className="muted">范围：{a.scope}</div> : null}
        </dd>
        <dt>结果</dt>
        <dd className="wide">
          检查机构 {a.institutionsChecked} 家，发现问题 {a.issuesFound} 个，立案 {a.casesFiled} 件，罚没金额{' '}
          {yuan(a)} 元
        </dd>
        <dt>工作成效</dt>
        <dd className="wide">{a.resultsText || '—'}</dd>
        <dt>附件</dt>
        <dd className="wide">
          {a.files.length
            ? a.files.map((f) => (
                <Button key={f.id} variant="link" onClick={() => void download(f.id)}>
                  {f.fileName}
                </Button>
              ))
            : '—'}
        </dd>
      </dl>
    </section>
  );
}
