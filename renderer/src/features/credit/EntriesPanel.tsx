// 台账记录: every entry of the credit ledger, newest first, read from the server a block at a time as the person
// scrolls; filtered by year of the fact, kind of subject, type of entry and words (and the grid's column filters),
// sorted on the server. Double-click opens the subject's 信用档案.
import { useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import {
  CREDIT_ENTRY_TYPES,
  CREDIT_ENTRY_TYPE_LABELS,
  CREDIT_SUBJECT_KINDS,
  CREDIT_SUBJECT_KIND_LABELS,
  outcomeLabel,
  type CREDIT_ENTRY_SORT_KEYS,
  type CreditEntry,
  type CreditEntryType,
  type CreditSubjectKind,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api, errorMessage } from '../../api';
import { navigate } from '../../app/router';
import { Notice, Page } from '../../ui';
import { FilterSelect, SearchBox, YearFilter, labelled } from '../../ui/filters';
import { DataGrid } from '../../ui/grid';
import {
  DATE_FILTER,
  NUMBER_FILTER,
  TEXT_FILTER,
  asListRequest,
  pagedGridProps,
  usePagedSource,
  useRefreshAfterFetch,
} from '../../ui/paged';
import { useToast } from '../../ui/toast';
import { CREDIT_KEY, localTime, profilePath } from './text';

const COLUMNS: ColDef<CreditEntry>[] = [
  { headerName: '序号', colId: 'seq', field: 'seq', width: 96, pinned: 'left', sortable: true },
  {
    headerName: '事实日期',
    colId: 'factDate',
    field: 'factDate',
    width: 128,
    pinned: 'left',
    sortable: true,
    ...DATE_FILTER,
  },
  {
    headerName: '主体类别',
    valueGetter: (p) => (p.data ? CREDIT_SUBJECT_KIND_LABELS[p.data.subjectKind] : ''),
    width: 100,
  },
  {
    headerName: '名称',
    colId: 'subjectName',
    field: 'subjectName',
    width: 210,
    pinned: 'left', // whose record it is stays in view at 1366×768
    tooltipField: 'subjectName',
    sortable: true,
    ...TEXT_FILTER,
  },
  { headerName: '代码/证书编号', colId: 'subjectCode', field: 'subjectCode', width: 200, ...TEXT_FILTER },
  {
    headerName: '记录类型',
    colId: 'type',
    valueGetter: (p) => (p.data ? CREDIT_ENTRY_TYPE_LABELS[p.data.type] : ''),
    width: 150,
    sortable: true,
  },
  {
    headerName: '结果/行为',
    colId: 'behaviourName',
    valueGetter: (p) =>
      p.data
        ? p.data.behaviourName
          ? `${p.data.behaviourCode ?? ''} ${p.data.behaviourName}`.trim()
          : p.data.outcome
            ? outcomeLabel(p.data.type, p.data.outcome)
            : ''
        : '',
    width: 220,
    tooltipValueGetter: (p) => (typeof p.value === 'string' ? p.value : ''),
    ...TEXT_FILTER,
  },
  {
    headerName: '记分',
    colId: 'points',
    valueGetter: (p) => p.data?.points ?? null,
    valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : String(p.value)),
    width: 90,
    sortable: true,
    ...NUMBER_FILTER,
  },
  {
    headerName: '更正',
    valueGetter: (p) =>
      p.data
        ? p.data.correctedBy !== null
          ? `已由第 ${p.data.correctedBy} 条更正`
          : p.data.amendsSeq !== null
            ? `更正第 ${p.data.amendsSeq} 条`
            : ''
        : '',
    width: 150,
  },
  {
    headerName: '记录人',
    colId: 'recorderName',
    field: 'recorderName',
    width: 120,
    sortable: true,
    ...TEXT_FILTER,
  },
  {
    headerName: '记录时间',
    valueGetter: (p) => (p.data ? localTime(p.data.recordedAt) : ''),
    width: 150,
  },
];

export function EntriesPanel() {
  const toast = useToast();
  const today = todayIso();
  const [year, setYear] = useState(0);
  const [kind, setKind] = useState<CreditSubjectKind | ''>('');
  const [type, setType] = useState<CreditEntryType | ''>('');
  const [search, setSearch] = useState('');
  const filter = {
    ...(year ? { year } : {}),
    ...(kind ? { subjectKind: kind } : {}),
    ...(type ? { type } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
  };
  // The filtered total and counts (an empty first block); change events refresh it, and with it the grid's blocks.
  const summary = useQuery({
    queryKey: [...CREDIT_KEY, 'entries', 'summary', filter],
    queryFn: () => api.invoke('credit.entries', { ...filter, startRow: 0, endRow: 0 }),
  });
  const datasource = usePagedSource(
    (req) =>
      api.invoke('credit.entries', {
        ...filter,
        ...asListRequest<(typeof CREDIT_ENTRY_SORT_KEYS)[number]>(req),
      }),
    JSON.stringify(filter),
    (e) => toast('error', errorMessage(e)),
  );
  const gridApi = useRef<GridApi<CreditEntry> | null>(null);
  useRefreshAfterFetch(gridApi, summary.isFetching);
  const counts = summary.data?.counts;
  return (
    <Page
      title="台账记录"
      subtitle="信用台账的全部记录，最新的在前。台账只增不改：误录的记录由“更正”记录抵消。双击一行查看该主体的信用档案。"
    >
      {summary.isError ? <Notice kind="error">{errorMessage(summary.error)}</Notice> : null}
      <div className="grid-toolbar credit-filters">
        <YearFilter value={year} onChange={setYear} today={today} />
        <FilterSelect
          compact
          label="主体类别"
          value={kind}
          onChange={setKind}
          allLabel="全部主体"
          options={labelled(CREDIT_SUBJECT_KINDS, CREDIT_SUBJECT_KIND_LABELS)}
        />
        <FilterSelect
          compact
          label="记录类型"
          value={type}
          onChange={setType}
          allLabel="全部类型"
          options={labelled(CREDIT_ENTRY_TYPES, CREDIT_ENTRY_TYPE_LABELS)}
        />
        <SearchBox
          label="搜索台账记录"
          placeholder="搜索名称、代码、行为、内容…"
          value={search}
          onChange={setSearch}
        />
        <span className="muted" data-testid="entries-count">
          {summary.data && counts
            ? `共 ${summary.data.total} 条：有记分 ${counts.scored}，更正 ${counts.corrections}`
            : '正在统计…'}
        </span>
      </div>
      <DataGrid<CreditEntry>
        gridId="credit-entries"
        onGridReady={(e) => (gridApi.current = e.api)}
        {...pagedGridProps(datasource)}
        columnDefs={COLUMNS}
        getRowId={(p) => String(p.data.seq)}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onRowDoubleClicked={(e) => e.data && navigate(profilePath(e.data.subjectKind, e.data.subjectId))}
        tooltipShowDelay={300}
        overlayNoRowsTemplate="没有符合条件的台账记录。"
      />
    </Page>
  );
}
