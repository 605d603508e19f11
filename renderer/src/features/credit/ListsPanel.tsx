// 红黑名单: every listing decision with its status on today (待公示 / 公示中 / 已到期 / 已修复 / 未公示 / 已撤销 —
// disclosure ends by itself), filters by list, severity and status; a new listing, a repair application and the
// leader's decision on it; the public list as xlsx and as a printed GB/T 9704 list (only what is disclosed today,
// natural persons masked, no tiers).
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import {
  CREDIT_LIST_LABELS,
  CREDIT_SUBJECT_KIND_LABELS,
  LISTING_SEVERITIES,
  LISTING_SEVERITY_LABELS,
  LISTING_STATUSES,
  LISTING_STATUS_LABELS,
  type CreditListKind,
  type CreditListing,
  type ListingSeverity,
  type ListingStatus,
} from '../../../../shared/contract';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Page } from '../../ui';
import { FilterSelect, labelled, SearchBox } from '../../ui/filters';
import { DataGrid } from '../../ui/grid';
import { useToast } from '../../ui/toast';
import { ListingDialog } from './ListingDialog';
import { RepairApplyDialog, RepairDecisionDialog } from './RepairDialogs';
import { CREDIT_KEY, profilePath, publicListPrintPath } from './text';

const LIST_FILTERS: { value: CreditListKind; label: string }[] = [
  { value: 'black', label: '黑名单' },
  { value: 'red', label: '红名单' },
];

export function useListings(subject?: { kind: CreditListing['subject']['kind']; id: number }) {
  return useQuery({
    queryKey: [...CREDIT_KEY, 'listings', subject?.kind ?? 'all', subject?.id ?? 0],
    queryFn: () =>
      api.invoke('credit.listings', subject ? { subjectKind: subject.kind, subjectId: subject.id } : {}),
  });
}

export const pendingRepairOf = (l: CreditListing) => l.repairs.find((r) => r.status === 'pending');

/** What the repair column says. */
export function repairText(l: CreditListing): string {
  if (l.status === 'repaired') return `已修复（${l.repairedOn}）`;
  const pending = pendingRepairOf(l);
  if (pending) return `待审批（${pending.appliedOn} 申请）`;
  const rejected = l.repairs.filter((r) => r.status === 'rejected').length;
  return rejected ? `已驳回 ${rejected} 次` : '';
}

/** The actions a listing offers to this user: apply (科员), decide (领导/管理员). */
export function useRepairActions() {
  const can = useCan();
  return {
    canApply: (l: CreditListing) =>
      can('records.write') && l.list === 'black' && l.status === 'disclosed' && !pendingRepairOf(l),
    canDecide: (l: CreditListing) => can('approve') && Boolean(pendingRepairOf(l)),
  };
}

export function ListsPanel() {
  const can = useCan();
  const toast = useToast();
  const listings = useListings();
  const actions = useRepairActions();
  const [search, setSearch] = useState('');
  const [list, setList] = useState<'all' | CreditListKind>('all');
  const [severity, setSeverity] = useState<'all' | ListingSeverity>('all');
  const [status, setStatus] = useState<'all' | ListingStatus>('all');
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<CreditListing | null>(null);
  const [applying, setApplying] = useState<CreditListing | null>(null);
  const [deciding, setDeciding] = useState<CreditListing | null>(null);

  const all = useMemo(() => listings.data ?? [], [listings.data]);
  const rows = useMemo(
    () =>
      all.filter(
        (l) =>
          (list === 'all' || l.list === list) &&
          (severity === 'all' || l.severity === severity) &&
          (status === 'all' || l.status === status),
      ),
    [all, list, severity, status],
  );
  // The selection follows fresh data (a decision changes the row).
  const current = selected ? (all.find((l) => l.id === selected.id) ?? null) : null;

  const columns = useMemo<ColDef<CreditListing>[]>(
    () => [
      {
        headerName: '名单',
        width: 92,
        pinned: 'left',
        valueGetter: (p) => (p.data ? CREDIT_LIST_LABELS[p.data.list] : ''),
        cellClass: (p) => (p.data?.list === 'black' ? 'cell-black' : 'cell-red'),
      },
      {
        headerName: '名称/姓名',
        width: 230,
        pinned: 'left',
        valueGetter: (p) => p.data?.subject.name ?? '',
        tooltipValueGetter: (p) => p.data?.subject.name ?? '',
      },
      {
        headerName: '状态',
        field: 'status',
        width: 100,
        valueFormatter: (p) => (p.value ? LISTING_STATUS_LABELS[p.value as ListingStatus] : ''),
        cellClass: (p) => `listing-status listing-${p.value as string}`,
      },
      {
        headerName: '失信程度',
        field: 'severity',
        width: 100,
        valueFormatter: (p) => (p.value ? LISTING_SEVERITY_LABELS[p.value as ListingSeverity] : '—'),
      },
      { headerName: '依据文号', field: 'basisNumber', width: 190 },
      { headerName: '列入日期', field: 'decisionDate', width: 116 },
      {
        headerName: '公示期限',
        width: 210,
        valueGetter: (p) =>
          p.data?.disclosureStart ? `${p.data.disclosureStart} 至 ${p.data.disclosureEnd}` : '不予公示',
      },
      {
        headerName: '最短公示期满',
        field: 'minimumPeriodEnd',
        width: 130,
        valueFormatter: (p) => (p.value as string | null) ?? '',
      },
      {
        headerName: '信用修复',
        width: 180,
        valueGetter: (p) => (p.data ? repairText(p.data) : ''),
        cellClass: (p) => (p.data && pendingRepairOf(p.data) ? 'cell-warning' : ''),
      },
      {
        headerName: '类别',
        width: 100,
        valueGetter: (p) => (p.data ? CREDIT_SUBJECT_KIND_LABELS[p.data.subject.kind] : ''),
      },
      { headerName: '代码/证书编号', width: 200, valueGetter: (p) => p.data?.subject.code ?? '' },
      {
        headerName: '主要事实',
        field: 'basisText',
        flex: 1,
        minWidth: 240,
        tooltipField: 'basisText',
      },
      { headerName: '台账记录', field: 'ledgerSeq', width: 100, valueFormatter: (p) => `第 ${p.value} 条` },
    ],
    [],
  );

  const exportXlsx = async (which: CreditListKind) => {
    try {
      saveDownload(await api.invoke('credit.publicListXlsx', { list: which }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const count = (s: ListingStatus) => all.filter((l) => l.status === s).length;

  return (
    <Page
      title="红黑名单"
      subtitle="列入决定记入信用台账；公示期按信用修复管理办法核对（轻微不公示，一般 3 个月至 1 年，严重 1 至 3 年），到期自动停止公示。信用修复经领导批准后停止公示，记录保留。"
      actions={
        <>
          {can('records.write') ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              列入红黑名单
            </Button>
          ) : null}
          {current && actions.canApply(current) ? (
            <Button onClick={() => setApplying(current)}>申请信用修复</Button>
          ) : null}
          {current && actions.canDecide(current) ? (
            <Button variant="primary" onClick={() => setDeciding(current)}>
              审批信用修复
            </Button>
          ) : null}
          <Button
            disabled={!current}
            onClick={() => current && navigate(profilePath(current.subject.kind, current.subject.id))}
          >
            查看信用档案
          </Button>
        </>
      }
    >
      {listings.isError ? <div role="alert">{errorMessage(listings.error)}</div> : null}
      {can('print') ? (
        <div className="grid-toolbar public-list-actions" role="group" aria-label="对外公示名单">
          <span className="muted">对外公示名单（仅公示中，自然人信息脱敏，不含信用等级）：</span>
          <Button onClick={() => void exportXlsx('black')}>导出黑名单 xlsx</Button>
          <Button onClick={() => navigate(publicListPrintPath('black'))}>打印黑名单</Button>
          <Button onClick={() => void exportXlsx('red')}>导出红名单 xlsx</Button>
          <Button onClick={() => navigate(publicListPrintPath('red'))}>打印红名单</Button>
        </div>
      ) : null}
      <div className="grid-toolbar credit-filters">
        <SearchBox
          label="搜索红黑名单"
          placeholder="搜索名称、文号、事实…"
          value={search}
          onChange={setSearch}
        />
        <FilterSelect
          compact
          label="名单"
          value={list}
          onChange={setList}
          allLabel="全部名单"
          allValue="all"
          options={LIST_FILTERS}
        />
        <FilterSelect
          compact
          label="失信程度"
          value={severity}
          onChange={setSeverity}
          allLabel="全部失信程度"
          allValue="all"
          options={labelled(LISTING_SEVERITIES, LISTING_SEVERITY_LABELS)}
        />
        <FilterSelect
          compact
          label="公示状态"
          value={status}
          onChange={setStatus}
          allLabel="全部状态"
          allValue="all"
          options={labelled(LISTING_STATUSES, LISTING_STATUS_LABELS)}
        />
        <span className="muted credit-counts">
          显示 {rows.length} / {all.length}；公示中 {count('disclosed')}，已修复 {count('repaired')}，已到期{' '}
          {count('expired')}；待审批修复 {all.filter((l) => pendingRepairOf(l)).length}
        </span>
      </div>
      <DataGrid<CreditListing>
        gridId="credit-listings"
        quickFilterText={search}
        rowData={rows}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onSelectionChanged={(e) => setSelected(e.api.getSelectedRows()[0] ?? null)}
        onRowDoubleClicked={(e) => e.data && navigate(profilePath(e.data.subject.kind, e.data.subject.id))}
        tooltipShowDelay={300}
        animateRows={false}
        overlayNoRowsTemplate="没有符合条件的列入决定。"
      />
      {creating ? <ListingDialog onClose={() => setCreating(false)} /> : null}
      {applying ? <RepairApplyDialog listing={applying} onClose={() => setApplying(null)} /> : null}
      {deciding && pendingRepairOf(deciding) ? (
        <RepairDecisionDialog
          listing={deciding}
          repair={pendingRepairOf(deciding)!}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </Page>
  );
}
