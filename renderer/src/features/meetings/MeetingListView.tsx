// 会议列表: a year's 联席会议 beside the calendar — pick the year, search by title or place, read date, type, title,
// status and the notice's 文号 in a list; a double-click opens the meeting.
import { useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { MEETING_STATUS_LABELS, MEETING_TYPE_LABELS, type MeetingListRow } from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api, errorMessage } from '../../api';
import { navigate } from '../../app/router';
import { useRemembered } from '../../app/signin';
import { Notice, Page } from '../../ui';
import { DataGrid } from '../../ui/grid';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekday = (iso: string) => WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()]!;

export function MeetingListView() {
  const thisYear = Number(todayIso().slice(0, 4));
  const [year, setYear] = useRemembered<number>('meetings.list.year', thisYear);
  const [search, setSearch] = useState('');
  const list = useQuery({
    queryKey: ['meetings', 'list', year, search.trim()],
    queryFn: () => api.invoke('meetings.list', { year, search: search.trim() }),
    placeholderData: keepPreviousData,
  });
  const rows = list.data ?? [];
  const years = useMemo(
    () =>
      [...new Set([thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3, year])].sort(
        (a, b) => b - a,
      ),
    [thisYear, year],
  );

  const columns = useMemo<ColDef<MeetingListRow>[]>(
    () => [
      {
        headerName: '日期',
        colId: 'date',
        field: 'date',
        width: 190,
        valueFormatter: (p) => (p.data ? `${p.data.date}（${weekday(p.data.date)}）${p.data.startTime}` : ''),
      },
      {
        headerName: '类型',
        colId: 'type',
        width: 190,
        valueGetter: (p) =>
          p.data
            ? `${MEETING_TYPE_LABELS[p.data.type]}${p.data.number ? `（第${p.data.number}次）` : ''}`
            : '',
      },
      {
        headerName: '会议名称',
        colId: 'title',
        field: 'title',
        flex: 2,
        minWidth: 220,
        tooltipField: 'title',
      },
      {
        headerName: '地点',
        colId: 'place',
        flex: 1,
        minWidth: 140,
        valueGetter: (p) => (p.data ? [p.data.place, p.data.room].filter(Boolean).join(' ') : ''),
      },
      {
        headerName: '状态',
        colId: 'status',
        width: 90,
        valueGetter: (p) => (p.data ? MEETING_STATUS_LABELS[p.data.status] : ''),
      },
      { headerName: '文号', colId: 'docNumber', field: 'docNumber', width: 170 },
    ],
    [],
  );

  return (
    <Page title="会议列表" subtitle="按年度列出联席会议，可按会议名称或地点搜索；双击一行打开会议。">
      <div className="grid-toolbar">
        <label className="inline-field">
          年度
          <select
            className="input"
            aria-label="会议年度"
            value={year}
            onChange={(e) => setYear(Number(e.target.value))}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          className="input search"
          aria-label="搜索会议"
          placeholder="搜索会议名称或地点"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        {list.data ? (
          <span className="muted nowrap" aria-live="polite">
            {year} 年{search.trim() ? '找到' : '共'} {rows.length} 次会议
          </span>
        ) : null}
      </div>
      {list.isError ? <Notice kind="error">{errorMessage(list.error)}</Notice> : null}
      <DataGrid<MeetingListRow>
        gridId="meeting-list"
        height="calc(100vh - 290px)"
        rowData={rows}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        onRowDoubleClicked={(e) => e.data && navigate(`/meetings/${e.data.id}`)}
        overlayNoRowsTemplate={search.trim() ? '没有符合条件的会议' : `${year} 年没有联席会议`}
        loading={list.isPending}
      />
    </Page>
  );
}
