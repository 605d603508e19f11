// 信用主体: every institution and every practitioner with a credit record, with tier, score, the current cycle's
// points, open warnings and 红黑名单 status; filters by kind, tier, points, list status and warnings; double-click
// opens the profile.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import {
  CREDIT_SUBJECT_KIND_LABELS,
  CREDIT_TIERS,
  listingText,
  type CreditSubjectRow,
  type CreditTier,
} from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Page } from '../../ui';
import { FilterSelect, type FilterOption, SearchBox } from '../../ui/filters';
import { DataGrid } from '../../ui/grid';
import { EntryDialog } from './EntryDialog';
import { LedgerCheck } from './LedgerCheck';
import { TierBadge } from './TierBadge';
import { CREDIT_KEY, TIER_NAMES, profilePath } from './text';

type KindFilter = 'all' | CreditSubjectRow['kind'];
type TierFilter = 'all' | CreditTier | 'none';
type PointsFilter = 'all' | 'scored' | 'threshold';
type ListFilter = 'all' | 'black' | 'red' | 'black-any' | 'repaired' | 'none';
const KIND_FILTERS: FilterOption<KindFilter>[] = [
  { value: 'institution', label: '医疗机构' },
  { value: 'practitioner', label: '医务人员' },
];
const TIER_FILTERS: FilterOption<TierFilter>[] = [
  ...CREDIT_TIERS.map((t) => ({ value: t, label: `${t} 级（${TIER_NAMES[t]}）` })),
  { value: 'none', label: '未评定' },
];
const POINTS_FILTERS: FilterOption<PointsFilter>[] = [
  { value: 'scored', label: '本周期有记分' },
  { value: 'threshold', label: '本周期达到阈值' },
];
const LIST_FILTERS: FilterOption<ListFilter>[] = [
  { value: 'black', label: '黑名单公示中' },
  { value: 'red', label: '红名单公示中' },
  { value: 'black-any', label: '曾列入黑名单' },
  { value: 'repaired', label: '已信用修复' },
  { value: 'none', label: '未列入名单' },
];

/** A subject's lists in force, or what it had: 黑名单（严重）公示中 · 已修复 … */
const listsText = (r: CreditSubjectRow): string => r.lists.map(listingText).join('；');

function listMatches(r: CreditSubjectRow, f: ListFilter): boolean {
  const live = (list: 'black' | 'red') => r.lists.some((l) => l.list === list && l.status === 'disclosed');
  switch (f) {
    case 'all':
      return true;
    case 'black':
    case 'red':
      return live(f);
    case 'black-any':
      return r.lists.some((l) => l.list === 'black');
    case 'repaired':
      return r.lists.some((l) => l.status === 'repaired');
    case 'none':
      return r.lists.length === 0;
  }
}

export function useCreditSubjects() {
  return useQuery({
    queryKey: [...CREDIT_KEY, 'subjects'],
    queryFn: () => api.invoke('credit.subjects', {}),
  });
}

const rowKey = (r: CreditSubjectRow) => `${r.kind}-${r.id}`;

export function SubjectsPanel() {
  const can = useCan();
  const list = useCreditSubjects();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<KindFilter>('all');
  const [tier, setTier] = useState<TierFilter>('all');
  const [points, setPoints] = useState<PointsFilter>('all');
  const [lists, setLists] = useState<ListFilter>('all');
  const [warningsOnly, setWarningsOnly] = useState(false);
  const [recording, setRecording] = useState(false);
  const [selected, setSelected] = useState<CreditSubjectRow | null>(null);

  const all = useMemo(() => list.data ?? [], [list.data]);
  const rows = useMemo(
    () =>
      all.filter(
        (r) =>
          (kind === 'all' || r.kind === kind) &&
          (tier === 'all' || (tier === 'none' ? r.tier === null : r.tier === tier)) &&
          (points === 'all' || (points === 'scored' ? r.cyclePoints > 0 : r.reachedThreshold !== null)) &&
          listMatches(r, lists) &&
          (!warningsOnly || r.openWarnings > 0),
      ),
    [all, kind, tier, points, lists, warningsOnly],
  );

  const columns = useMemo<ColDef<CreditSubjectRow>[]>(
    () => [
      {
        headerName: '类别',
        valueGetter: (p) => (p.data ? CREDIT_SUBJECT_KIND_LABELS[p.data.kind] : ''),
        width: 100,
        pinned: 'left',
      },
      { headerName: '名称', field: 'name', width: 240, pinned: 'left', tooltipField: 'name' },
      {
        headerName: '信用等级',
        field: 'tier',
        width: 118,
        cellRenderer: (p: { data?: CreditSubjectRow }) => <TierBadge tier={p.data?.tier ?? null} />,
        valueFormatter: (p) => (p.value as CreditTier | null) ?? '—', // as the badge shows it (a printed list)
        tooltipValueGetter: (p) => p.data?.summary ?? '',
        comparator: (a: CreditTier | null, b: CreditTier | null) => (a ?? 'Z').localeCompare(b ?? 'Z'),
      },
      { headerName: '信用分', field: 'score', width: 92, filter: 'agNumberColumnFilter' },
      {
        headerName: '本周期记分',
        field: 'cyclePoints',
        width: 120,
        filter: 'agNumberColumnFilter',
        cellClass: (p) => (p.data?.reachedThreshold ? 'cell-threshold' : ''),
        // Blank for a subject without records: nothing has been counted.
        valueFormatter: (p) =>
          p.data && p.data.entryCount > 0
            ? `${p.data.cyclePoints}${p.data.reachedThreshold ? `（≥${p.data.reachedThreshold}）` : ''}`
            : '',
      },
      {
        headerName: '未处理预警',
        field: 'openWarnings',
        width: 124,
        cellClass: (p) => (p.value ? 'cell-warning' : ''),
        valueFormatter: (p) => (p.value ? String(p.value) : ''),
      },
      {
        headerName: '红黑名单',
        width: 190,
        valueGetter: (p) => (p.data ? listsText(p.data) : ''),
        tooltipValueGetter: (p) => (p.data ? listsText(p.data) : ''),
        cellClass: (p) =>
          p.data?.lists.some((l) => l.list === 'black' && l.status === 'disclosed') ? 'cell-black' : '',
      },
      {
        headerName: '记分周期',
        width: 200,
        valueGetter: (p) => (p.data?.cycleStart ? `${p.data.cycleStart} 至 ${p.data.cycleLastDay}` : ''),
      },
      {
        headerName: '记录数',
        field: 'entryCount',
        width: 90,
        filter: 'agNumberColumnFilter',
        valueFormatter: (p) => (p.value ? String(p.value) : ''),
      },
      { headerName: '最近事实日期', field: 'lastFactDate', width: 140 },
      { headerName: '代码/证书编号', field: 'code', width: 200 },
      { headerName: '机构类别/人员类别与执业机构', field: 'detail', flex: 1, minWidth: 240 },
      { headerName: '状态', field: 'status', width: 80 },
    ],
    [],
  );

  const rated = all.filter((r) => r.tier !== null);
  return (
    <Page
      title="信用主体"
      subtitle="全部监管对象与已有信用记录的从业人员。信用等级由台账按规则计算，不对外公布；医疗机构的等级同步到监管对象名录，供双随机抽查分层。"
      actions={
        <>
          {can('records.write') ? (
            <Button variant="primary" onClick={() => setRecording(true)}>
              新增信用记录
            </Button>
          ) : null}
          <Button
            disabled={!selected}
            onClick={() => selected && navigate(profilePath(selected.kind, selected.id))}
          >
            查看信用档案
          </Button>
        </>
      }
    >
      <LedgerCheck />
      {list.isError ? <div role="alert">{errorMessage(list.error)}</div> : null}
      <div className="grid-toolbar credit-filters">
        <SearchBox
          label="搜索信用主体"
          placeholder="搜索名称、代码、机构…"
          value={search}
          onChange={setSearch}
        />
        <FilterSelect
          compact
          label="主体类别"
          value={kind}
          onChange={setKind}
          allLabel="全部主体"
          allValue="all"
          options={KIND_FILTERS}
        />
        <FilterSelect
          compact
          label="信用等级"
          value={tier}
          onChange={setTier}
          allLabel="全部等级"
          allValue="all"
          options={TIER_FILTERS}
        />
        <FilterSelect
          compact
          label="本周期记分"
          value={points}
          onChange={setPoints}
          allLabel="全部记分情况"
          allValue="all"
          options={POINTS_FILTERS}
        />
        <FilterSelect
          compact
          label="名单情况"
          value={lists}
          onChange={setLists}
          allLabel="全部名单情况"
          allValue="all"
          options={LIST_FILTERS}
        />
        <label className="inline-field">
          <input type="checkbox" checked={warningsOnly} onChange={(e) => setWarningsOnly(e.target.checked)} />
          只看有未处理预警的
        </label>
        <span className="muted credit-counts">
          显示 {rows.length} / {all.length}；已评定 {rated.length}：
          {CREDIT_TIERS.map((t) => `${t} ${rated.filter((r) => r.tier === t).length}`).join('，')}；未处理预警{' '}
          {all.reduce((n, r) => n + r.openWarnings, 0)}
        </span>
      </div>
      <DataGrid<CreditSubjectRow>
        gridId="credit-subjects"
        quickFilterText={search}
        rowData={rows}
        columnDefs={columns}
        getRowId={(p) => rowKey(p.data)}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onSelectionChanged={(e) => setSelected(e.api.getSelectedRows()[0] ?? null)}
        onRowDoubleClicked={(e) => e.data && navigate(profilePath(e.data.kind, e.data.id))}
        getRowClass={(p) => (p.data?.openWarnings ? 'row-warning' : '')}
        tooltipShowDelay={300}
        animateRows={false}
        overlayNoRowsTemplate="没有符合条件的信用主体。"
      />
      {recording ? (
        <EntryDialog
          onClose={() => setRecording(false)}
          onSaved={(kindSaved, id) => {
            setRecording(false);
            navigate(profilePath(kindSaved, id));
          }}
        />
      ) : null}
    </Page>
  );
}
