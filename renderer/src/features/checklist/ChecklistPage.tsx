// 任务清单: pick the year and quarter, then see the list by item, by department or as a matrix; set up a
// new year from a template or from last year's list. A search box narrows every view to the matching items; 导出
// Excel writes the whole year's list.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Checklist, ChecklistItem } from '../../../../shared/contract';
import { api, errorMessage, saveDownload } from '../../api';
import { useToast } from '../../ui/toast';
import { Button, Notice, Page, Tabs } from '../../ui';
import { CreateChecklist } from './CreateChecklist';
import { ItemsView } from './ItemsView';
import { DepartmentView } from './DepartmentView';
import { MatrixView } from './MatrixView';
import { ItemDialog } from './ItemDialog';
import { ReportDialog, type ReportTarget } from './ReportDialog';
import { WorkbookDialog } from './WorkbookDialog';
import { QUARTER_LABELS, VIEW_LABELS, type ChecklistView } from './text';
import { navigate } from '../../app/router';
import { useCan } from '../../app/permissions';
import { useRemembered } from '../../app/signin';

/** The items whose 序号, task, text, remark or departments contain every word of the search. */
export function matchingItems(list: Checklist, search: string): Checklist {
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return list;
  return {
    ...list,
    items: list.items.filter((i) => {
      const hay = [i.code, i.title, i.text, i.remark, ...i.units.map((u) => u.shortName)]
        .join('\n')
        .toLowerCase();
      return words.every((w) => hay.includes(w));
    }),
  };
}

export function ChecklistPage() {
  const toast = useToast();
  const can = useCan();
  const status = useQuery({
    queryKey: ['calendar', 'status'],
    queryFn: () => api.invoke('calendar.status', {}),
  });
  // Kept while a print preview is open and after its 返回 (the preview replaces the whole window).
  const [year, setYear] = useRemembered<number | null>('checklist.year', null);
  const [quarter, setQuarter] = useRemembered<1 | 2 | 3 | 4 | null>('checklist.quarter', null);
  const [view, setView] = useRemembered<ChecklistView>('checklist.view', 'items');
  const [editing, setEditing] = useState<ChecklistItem | 'new' | null>(null);
  const [reporting, setReporting] = useState<ReportTarget | null>(null);
  const [workbook, setWorkbook] = useState(false);
  const [search, setSearch] = useState('');
  const y = year ?? status.data?.year ?? null;
  const q = quarter ?? status.data?.quarter ?? null;

  const list = useQuery({
    queryKey: ['checklist', 'get', y],
    queryFn: () => api.invoke('checklist.get', { year: y! }),
    enabled: y !== null,
  });
  const progress = useQuery({
    queryKey: ['checklist', 'progress', y, q],
    queryFn: () => api.invoke('checklist.progress', { year: y!, quarter: q! }),
    enabled: y !== null && q !== null && !!list.data,
  });

  const shownList = useMemo(() => (list.data ? matchingItems(list.data, search) : null), [list.data, search]);
  if (y === null || q === null) return <div className="splash">正在加载…</div>;
  const checklist = list.data;
  const exportXlsx = async () => {
    try {
      saveDownload(await api.invoke('checklist.exportXlsx', { year: y }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <Page
      title={checklist ? checklist.title : `${y} 年任务清单`}
      subtitle={
        checklist
          ? `${checklist.document ? `依据 ${checklist.document}。` : ''}${checklist.leadRule}`
          : undefined
      }
      actions={
        <>
          <label className="inline-field">
            年度
            <select
              aria-label="年度"
              className="input"
              value={y}
              onChange={(e) => setYear(Number(e.target.value))}
            >
              {[y - 2, y - 1, y, y + 1].map((v) => (
                <option key={v} value={v}>
                  {v} 年
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            季度
            <select
              aria-label="季度"
              className="input"
              value={q}
              onChange={(e) => setQuarter(Number(e.target.value) as 1 | 2 | 3 | 4)}
            >
              {([1, 2, 3, 4] as const).map((v) => (
                <option key={v} value={v}>
                  {QUARTER_LABELS[v]}
                </option>
              ))}
            </select>
          </label>
          {checklist ? (
            <>
              <Button onClick={() => navigate(`/print/checklist-list?year=${y}`)}>打印清单</Button>
              <Button onClick={() => void exportXlsx()}>导出 Excel</Button>
              <Button onClick={() => navigate(`/print/checklist-progress?year=${y}&quarter=${q}`)}>
                打印落实情况
              </Button>
              {can('records.write') ? (
                <Button onClick={() => setWorkbook(true)}>部门填报表（Excel）</Button>
              ) : null}
              {can('records.write') ? (
                <Button variant="primary" onClick={() => setEditing('new')}>
                  新增任务
                </Button>
              ) : null}
            </>
          ) : null}
        </>
      }
    >
      {list.isError ? <Notice kind="error">{errorMessage(list.error)}</Notice> : null}
      {list.isSuccess && !checklist ? (
        can('records.write') ? (
          <CreateChecklist year={y} />
        ) : (
          <Notice kind="info">{y} 年尚未建立任务清单。</Notice>
        )
      ) : null}
      {checklist && progress.data ? (
        <>
          <div className="grid-toolbar">
            <Tabs
              tabs={(Object.keys(VIEW_LABELS) as ChecklistView[]).map((k) => ({
                key: k,
                label: VIEW_LABELS[k],
              }))}
              active={view}
              onChange={setView}
            />
            <input
              type="search"
              className="input search"
              aria-label="搜索任务"
              placeholder="搜索任务、内容或单位"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            {search.trim() ? (
              <span className="muted nowrap" aria-live="polite">
                找到 {shownList?.items.length ?? 0} 项
              </span>
            ) : null}
            <span className={progress.data.deadlinePassed ? 'late-note' : 'muted'}>
              {QUARTER_LABELS[q]}填报截止：{progress.data.deadline}
              {progress.data.deadlinePassed ? '（已过截止日，未填报的显示为逾期）' : ''}
            </span>
          </div>
          {view === 'items' ? (
            <ItemsView
              checklist={shownList ?? checklist}
              progress={progress.data}
              onEdit={setEditing}
              onReport={setReporting}
            />
          ) : null}
          {view === 'departments' ? (
            <DepartmentView
              checklist={shownList ?? checklist}
              progress={progress.data}
              onReport={setReporting}
            />
          ) : null}
          {view === 'matrix' ? (
            <MatrixView checklist={shownList ?? checklist} progress={progress.data} onReport={setReporting} />
          ) : null}
        </>
      ) : null}
      {editing && checklist ? (
        <ItemDialog
          checklistId={checklist.id}
          order={checklist.items.map((i) => i.id)}
          item={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => setEditing(null)}
        />
      ) : null}
      {reporting && checklist && progress.data ? (
        <ReportDialog
          target={reporting}
          checklist={checklist}
          progress={progress.data}
          onClose={() => setReporting(null)}
          onSaved={() => setReporting(null)}
        />
      ) : null}
      {workbook && checklist && progress.data ? (
        <WorkbookDialog
          year={y}
          quarter={q}
          departments={progress.data.departments}
          onClose={() => setWorkbook(false)}
          onImported={() => setWorkbook(false)}
        />
      ) : null}
    </Page>
  );
}
