// 工作台: the first screen every morning. What is due and overdue across the modules (one list, most urgent first,
// each opening its record, filtered by department and by person), the year's obligations, the charts, and the
// date facts every deadline depends on. The leader's one-page summary prints from here.
import { useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import { api, errorMessage } from '../../api';
import { navigate } from '../../app/router';
import { formatDate } from '../../../../shared/format';
import { dueNote } from '../../../../shared/domain/enforcement-deadlines';
import {
  DUE_KIND_LABELS,
  URGENCY_LABELS,
  type DashboardData,
  type DueItem,
  type DueScope,
  type Urgency,
} from '../../../../shared/contract/dashboard';
import { Button, Notice, Page } from '../../ui';
import { FilterSelect } from '../../ui/filters';
import { DataGrid } from '../../ui/grid';
import { PAGE_BLOCK, usePagedSource, useRefreshAfterFetch } from '../../ui/paged';
import { useToast } from '../../ui/toast';
import { DashboardCharts } from './DashboardCharts';
import './dashboard.css';

const KIND_TEXT = {
  workday: '工作日',
  weekend: '休息日',
  holiday: '法定节假日',
  makeup_workday: '调休上班日',
} as const;

export const dashboardQuery = {
  queryKey: ['dashboard', 'data'],
  queryFn: () => api.invoke('dashboard.data', {}),
} as const;

const FILTERS: { key: DueScope; label: string }[] = [
  { key: 'soon', label: '逾期、今日与本周' },
  { key: 'overdue', label: '已逾期' },
  { key: 'today', label: '今日到期' },
  { key: 'week', label: '本周内' },
  { key: 'all', label: '全部' },
];

/** The due list: counts of every open item, each kind's count with 查看全部, and the grid, which reads the whole list a
 *  block at a time from the server (dashboard.due) with the toolbar's filters. */
function DueList({ data }: { data: DashboardData }) {
  const toast = useToast();
  const [scope, setScope] = useState<DueScope>('soon');
  const [department, setDepartment] = useState<number | 0>(0);
  const [person, setPerson] = useState('');
  const [kind, setKind] = useState<DueItem['kind'] | ''>('');
  const filter = {
    scope,
    ...(kind ? { kind } : {}),
    ...(department ? { departmentId: department } : {}),
    ...(person ? { person } : {}),
  };
  const summary = useQuery({
    queryKey: ['dashboard', 'due', filter],
    queryFn: () => api.invoke('dashboard.due', { ...filter, startRow: 0, endRow: 0 }),
  });
  const datasource = usePagedSource(
    (req) =>
      api.invoke('dashboard.due', {
        ...filter,
        ...req,
        sort: req.sort as { colId: 'dueOn'; sort: 'asc' | 'desc' }[],
      }),
    JSON.stringify(filter),
    (e) => toast('error', errorMessage(e)),
  );
  const gridApi = useRef<GridApi<DueItem> | null>(null);
  useRefreshAfterFetch(gridApi, summary.isFetching);
  const shown = summary.data?.total ?? null;
  const columns = useMemo<ColDef<DueItem>[]>(
    () => [
      {
        headerName: '状态',
        field: 'urgency',
        width: 110,
        valueFormatter: (p) => (p.value ? URGENCY_LABELS[p.value as Urgency] : ''),
        cellClass: (p) => `due-${p.value as Urgency}`,
      },
      {
        headerName: '类别',
        field: 'kind',
        width: 150,
        valueFormatter: (p) => (p.value ? DUE_KIND_LABELS[p.value as DueItem['kind']] : ''),
      },
      { headerName: '事项', field: 'title', flex: 2, minWidth: 240, tooltipField: 'detail' },
      { headerName: '情况', field: 'detail', flex: 2, minWidth: 220, tooltipField: 'detail' },
      { headerName: '截止日期', field: 'dueOn', width: 120, sortable: true },
      {
        headerName: '剩余',
        field: 'daysLeft',
        width: 110,
        valueFormatter: (p) => (p.data ? dueNote(p.data.dueOn, data.today) : ''),
      },
      {
        headerName: '责任单位',
        width: 170,
        valueGetter: (p) => p.data?.departments.map((d) => d.name).join('、') ?? '',
      },
      { headerName: '经办人', field: 'person', width: 110 },
      { headerName: '依据', field: 'rule', flex: 1, minWidth: 200, tooltipField: 'rule' },
    ],
    [data.today],
  );
  return (
    <section aria-label="待办与逾期">
      <h2 className="section-title">待办与逾期</h2>
      <div className="due-summary">
        <span className="due-count due-overdue">已逾期 {data.totals.overdue} 项</span>
        <span className="due-count due-today">今日到期 {data.totals.today} 项</span>
        <span className="due-count due-week">本周内 {data.totals.week} 项</span>
        <span className="due-count">稍后 {data.totals.later} 项</span>
      </div>
      <ul className="due-groups" aria-label="各类待办">
        {data.groups.map((g) => (
          <li key={g.kind}>
            {g.label} {g.total} 项
            {g.overdue ? <span className="due-overdue">（逾期 {g.overdue}）</span> : null}{' '}
            <button
              type="button"
              className="btn btn-link"
              aria-label={`查看全部${g.label}`}
              onClick={() => {
                setKind(g.kind);
                setScope('all');
              }}
            >
              查看全部
            </button>
          </li>
        ))}
      </ul>
      <div className="grid-toolbar">
        <FilterSelect
          label="范围"
          value={scope}
          onChange={setScope}
          options={FILTERS.map((f) => ({ value: f.key, label: f.label }))}
        />
        <FilterSelect
          label="类别"
          value={kind}
          onChange={setKind}
          allLabel="全部类别"
          options={data.sources.map((s) => ({ value: s.kind, label: s.label }))}
        />
        <FilterSelect
          label="责任单位"
          value={department}
          onChange={setDepartment}
          allLabel="全部单位"
          options={data.departments.map((d) => ({ value: d.id, label: d.name }))}
        />
        <FilterSelect
          label="经办人"
          value={person}
          onChange={setPerson}
          allLabel="全部人员"
          options={data.people.map((p) => ({ value: p, label: p }))}
        />
        <span className="muted">{shown === null ? '正在统计…' : `显示 ${shown} 项`}；双击一行打开该记录</span>
      </div>
      <DataGrid<DueItem>
        gridId="dashboard-due"
        height={Math.min(520, 80 + Math.max(shown ?? 4, 4) * 36)}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={PAGE_BLOCK}
        defaultColDef={{ sortable: false, filter: false, resizable: true }}
        onGridReady={(e) => (gridApi.current = e.api)}
        columnDefs={columns}
        getRowId={(p) => p.data.key}
        onRowDoubleClicked={(e) => e.data && navigate(e.data.link)}
        overlayNoRowsTemplate="没有符合条件的待办事项"
      />
      <p className="muted chart-figures">
        涵盖：
        {data.sources.map((s) => s.label).join('、')}。
      </p>
    </section>
  );
}

function Obligations({ data }: { data: DashboardData }) {
  return (
    <section aria-label="年度履职指标">
      <h2 className="section-title">{data.year} 年履职指标</h2>
      <div className="cards">
        {data.obligations.map((o) => (
          <a key={o.key} className={`stat-card obligation obligation-${o.status}`} href={`#${o.link}`}>
            <div className="stat-label">{o.label}</div>
            <div className="stat-value">
              {o.actual}
              {o.required !== null ? ` / ${o.required}` : ''} {o.unit}
            </div>
            <div className="stat-note">
              {o.status === 'met' ? '✓ 已达到' : o.status === 'behind' ? '✗ 未达到' : '○ 尚未达到'}：{o.note}
            </div>
          </a>
        ))}
      </div>
    </section>
  );
}

export function DashboardPage() {
  const cal = useQuery({
    queryKey: ['calendar', 'status'],
    queryFn: () => api.invoke('calendar.status', {}),
  });
  const dash = useQuery(dashboardQuery);
  const s = cal.data;
  return (
    <Page
      title="工作台"
      subtitle={
        s
          ? `今天是 ${formatDate(s.today)}，${KIND_TEXT[s.todayInfo.kind]}${s.todayInfo.name ? `（${s.todayInfo.name}）` : ''}`
          : undefined
      }
      actions={
        <Button onClick={() => navigate('/print/leader-summary')} disabled={!dash.data}>
          领导版一页纸
        </Button>
      }
    >
      {s?.warnNextYearMissing ? (
        <Notice kind="warning" title={`尚未录入 ${s.nextYear} 年节假日安排`}>
          内置的节假日表不包含 {s.nextYear} 年。国务院办公厅发布 {s.nextYear} 年放假安排后，请在
          <a href="#/basic/calendar"> 基础数据 → 工作日历 </a>
          中录入，否则跨年的“工作日”期限将只按周一至周五计算。
        </Notice>
      ) : s ? (
        <Notice kind="success">工作日历已包含 {s.nextYear} 年的节假日安排。</Notice>
      ) : null}
      {s ? (
        <p className="muted">
          本季度（第{s.quarter}季度）最后一个工作日：{formatDate(s.quarterLastWorkingDay)}
          ，为季度阶段性工作总结上报截止日。
        </p>
      ) : null}
      {dash.error ? <Notice kind="error">{(dash.error as Error).message}</Notice> : null}
      {dash.data ? (
        <>
          <DueList data={dash.data} />
          <Obligations data={dash.data} />
          <DashboardCharts charts={dash.data.charts} />
        </>
      ) : dash.isLoading ? (
        <p className="muted">正在汇总各模块的期限…</p>
      ) : null}
    </Page>
  );
}
