// 12345 投诉: tickets by year of receipt, status, assigned department, category and 查实; the selected one's details
// (handling result, the feedback due date with its rule) under the grid. Complaints not yet fed back from earlier
// years are announced, so a year filter never hides one. Ten years hold some 60,000 tickets: the grid pages on the
// server (complaints.page), which filters, searches and sorts, and counts the summary over the whole selection.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CATEGORY_LABELS,
  COMPLAINT_STATUS_LABELS,
  type COMPLAINT_SORT_KEYS,
  type Complaint,
  type ComplaintCategory,
  type ComplaintStatus,
} from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { asListRequest, usePagedSource } from '../../ui/paged';
import { Button } from '../../ui';
import { ImportWizard } from '../../ui/ImportWizard';
import { FilterSelect, labelled } from '../../ui/filters';
import { useToast } from '../../ui/toast';
import { useInstitutions } from './InstitutionsPanel';
import { ComplaintDialog } from './ComplaintDialog';
import { ComplaintFeedbackDialog, ComplaintHandlingDialog } from './ComplaintProgressDialogs';
import {
  CASES_KEY,
  CaseStatus,
  DeadlineText,
  ReasonDialog,
  useDeadlines,
  useDepartments,
  type BadgeKind,
} from './ReferralCommon';
import { RegisterPanel, useRegisterFilters } from './RegisterPanel';

type ListStatus = 'all' | 'open' | ComplaintStatus;
const STATUS_FILTERS: { value: ListStatus; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'open', label: '未反馈（含逾期）' },
  { value: 'handling', label: '办理中' },
  { value: 'awaiting_feedback', label: '待反馈' },
  { value: 'feedback_overdue', label: '反馈逾期' },
  { value: 'fed_back', label: '已反馈' },
];
const SUBSTANTIATED_FILTERS: { value: 'yes' | 'no'; label: string }[] = [
  { value: 'yes', label: '查实' },
  { value: 'no', label: '未查实' },
];
const BADGE: Record<ComplaintStatus, BadgeKind> = {
  handling: 'handling',
  awaiting_feedback: 'open',
  feedback_overdue: 'late',
  fed_back: 'done',
};
const substantiatedText = (c: Complaint) =>
  c.substantiated === null ? '—' : c.substantiated ? '查实' : '未查实';

function timing(c: Complaint): string {
  if (c.feedbackDue === null) return '';
  if (c.dueNote !== null) return c.dueNote;
  return c.daysLate > 0 ? `逾期 ${c.daysLate} 日反馈` : '按期反馈';
}

// Sortable columns carry the server's sort keys as their ids (COMPLAINT_SORT_KEYS).
const COLUMNS: ColDef<Complaint>[] = [
  { headerName: '工单编号', field: 'ticketNo', width: 176, pinned: 'left', sortable: true },
  { headerName: '受理日期', field: 'receivedOn', width: 112, sortable: true },
  {
    headerName: '类别',
    colId: 'category',
    valueGetter: (p) => (p.data ? COMPLAINT_CATEGORY_LABELS[p.data.category] : ''),
    width: 104,
    sortable: true,
  },
  { headerName: '投诉内容', field: 'content', flex: 1, minWidth: 240, tooltipField: 'content' },
  {
    headerName: '被投诉机构',
    colId: 'institutionName',
    valueGetter: (p) => (p.data ? (p.data.institutionName ?? '—') : ''),
    width: 170,
    sortable: true,
  },
  { headerName: '承办单位', field: 'departmentName', width: 120, sortable: true },
  {
    headerName: '状态',
    valueGetter: (p) => (p.data ? COMPLAINT_STATUS_LABELS[p.data.status] : ''),
    width: 100,
    cellRenderer: (p: { data?: Complaint; value?: string }) =>
      p.data ? <CaseStatus kind={BADGE[p.data.status]} text={p.value ?? ''} /> : null,
  },
  {
    headerName: '办结日期',
    colId: 'handledOn',
    valueGetter: (p) => p.data?.handledOn ?? '',
    width: 112,
    sortable: true,
  },
  {
    headerName: '反馈期限',
    colId: 'feedbackDue',
    valueGetter: (p) => p.data?.feedbackDue ?? '',
    width: 112,
    sortable: true,
  },
  {
    headerName: '反馈日期',
    colId: 'feedbackOn',
    valueGetter: (p) => p.data?.feedbackOn ?? '',
    width: 112,
    sortable: true,
  },
  {
    headerName: '期限情况',
    valueGetter: (p) => (p.data ? timing(p.data) : ''),
    width: 118,
    cellClass: (p) => (p.data && p.data.daysLate > 0 ? 'case-late-text' : ''),
  },
  {
    headerName: '是否查实',
    colId: 'substantiated',
    valueGetter: (p) => (p.data ? substantiatedText(p.data) : ''),
    width: 96,
    sortable: true,
  },
];

/** `openId`: a complaint to show at once (the dashboard's links, /enforcement/complaints/ID), whatever its year. */
export function ComplaintsPanel({ openId = null }: { openId?: number | null }) {
  const qc = useQueryClient();
  const toast = useToast();
  const f = useRegisterFilters<ListStatus>(openId, 'all');
  const [category, setCategory] = useState<ComplaintCategory | ''>('');
  const [substantiated, setSubstantiated] = useState<'' | 'yes' | 'no'>('');
  const departments = useDepartments();
  const institutions = useInstitutions();
  const rules = useDeadlines({});
  const filter = {
    status: f.status,
    ...(f.year ? { year: f.year } : {}),
    ...(f.departmentId ? { departmentId: f.departmentId } : {}),
    ...(category ? { category } : {}),
    ...(substantiated ? { substantiated: substantiated === 'yes' } : {}),
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
  };
  // The summary: the filtered total and counts (an empty first block); the app's change events refresh it, and
  // with it the grid's blocks.
  const summary = useQuery({
    queryKey: [...CASES_KEY, 'complaints', 'summary', filter],
    queryFn: () => api.invoke('complaints.page', { ...filter, startRow: 0, endRow: 0 }),
  });
  const datasource = usePagedSource(
    (req) =>
      api.invoke('complaints.page', {
        ...filter,
        ...asListRequest<(typeof COMPLAINT_SORT_KEYS)[number]>(req),
      }),
    JSON.stringify(filter),
    (e) => toast('error', errorMessage(e)),
  );
  // Open tickets received before the year shown, whatever their year.
  const before = f.year ? `${f.year}-01-01` : null;
  const earlier = useQuery({
    queryKey: [...CASES_KEY, 'complaints', 'earlier', before],
    queryFn: () =>
      api.invoke('complaints.page', { status: 'open', receivedBefore: before!, startRow: 0, endRow: 0 }),
    enabled: before !== null,
  });
  const selected = useQuery({
    queryKey: [...CASES_KEY, 'complaints', 'one', f.selectedId],
    queryFn: () => api.invoke('complaints.get', { id: f.selectedId! }),
    enabled: f.selectedId !== null,
  });
  const counts = summary.data?.counts;
  const earlierOpen = before && earlier.data && earlier.data.total > 0 ? earlier.data : null;
  const refresh = () => qc.invalidateQueries({ queryKey: CASES_KEY });
  /** What a dialog does once saved: close, keep the complaint selected, say `text` (its 工单编号 for {}), reload. */
  const done = (close: () => void, text: string) => (c: Complaint) => {
    close();
    f.setSelectedId(c.id);
    toast('success', text.replace('{}', c.ticketNo));
    void refresh();
  };

  return (
    <RegisterPanel<Complaint, ListStatus, 'handle' | 'feedback' | 'reopen' | 'remove'>
      title="12345 投诉"
      subtitle={`12345 热线转来的医疗卫生行业投诉举报：承办单位${rules.data?.complaintFeedback.text ?? ''}。查实的投诉将计入被投诉机构的信用记录。`}
      filters={f}
      paged={{
        datasource,
        fetching: summary.isFetching,
        error: summary.error,
        selected: selected.data ?? null,
        earlier: earlierOpen ? (
          <>
            往年受理、尚未反馈的投诉 {earlierOpen.total} 件（其中反馈逾期{' '}
            {earlierOpen.counts?.feedback_overdue ?? 0} 件）。
          </>
        ) : null,
      }}
      openStatus="open"
      earlier={{ text: () => null, showAll: '查看全部未反馈' }}
      statusOptions={STATUS_FILTERS}
      department={{ label: '承办单位', allLabel: '全部', departments: departments.data ?? [] }}
      extraFilters={
        <>
          <FilterSelect
            label="类别"
            value={category}
            onChange={setCategory}
            allLabel="全部"
            options={labelled(COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_LABELS)}
          />
          <FilterSelect
            label="查实"
            ariaLabel="是否查实"
            value={substantiated}
            onChange={setSubstantiated}
            allLabel="全部"
            options={SUBSTANTIATED_FILTERS}
          />
        </>
      }
      search={{ label: '搜索投诉', placeholder: '搜索工单号、内容、机构…' }}
      summary={() =>
        summary.data && counts ? (
          <>
            共 {summary.data.total} 件：办理中 {counts.handling}，待反馈 {counts.awaiting_feedback}
            ，反馈逾期 {counts.feedback_overdue}，已反馈 {counts.fed_back}；查实 {counts.substantiated}
          </>
        ) : (
          '正在统计…'
        )
      }
      gridId="enforcement-complaints"
      seqColumn={72}
      columns={COLUMNS}
      late={(c) => c.status === 'feedback_overdue'}
      noRowsText="没有符合条件的投诉。"
      detail={(c) => <ComplaintDetail complaint={c} />}
      addLabel="登记投诉"
      actions={[
        { kind: 'handle', label: (c) => (c?.handledOn ? '修改办结' : '登记办结') },
        {
          kind: 'feedback',
          label: (c) => (c?.feedbackOn ? '修改反馈' : '登记反馈'),
          enabled: (c) => c.handledOn !== null,
        },
        { kind: 'reopen', label: '重新办理', enabled: (c) => c.handledOn !== null },
        { kind: 'remove', label: '删除', danger: true },
      ]}
      // The whole list the filters, search, column filters and sort select (ten years: some 60,000 tickets).
      exportXlsx={(progressId) =>
        api.invoke('complaints.exportXlsx', {
          ...filter,
          ...(datasource.view() as ReturnType<typeof asListRequest<(typeof COMPLAINT_SORT_KEYS)[number]>>),
          progressId,
        })
      }
      registerActions={
        <ComplaintImport
          onImported={(text) => {
            toast('success', text);
            void refresh();
          }}
        />
      }
      dialog={(open, close) => (
        <>
          {open.kind === 'edit' ? (
            <ComplaintDialog
              complaint={open.row}
              departments={departments.data ?? []}
              institutions={institutions.data ?? []}
              onClose={close}
              onSaved={done(close, open.row ? '已保存投诉工单 {}' : '已登记投诉工单 {}')}
            />
          ) : null}
          {open.kind === 'handle' ? (
            <ComplaintHandlingDialog
              complaint={open.row}
              onClose={close}
              onSaved={done(close, '已登记工单 {} 的办结情况')}
            />
          ) : null}
          {open.kind === 'feedback' ? (
            <ComplaintFeedbackDialog
              complaint={open.row}
              onClose={close}
              onSaved={done(close, '已登记工单 {} 的反馈')}
            />
          ) : null}
          {open.kind === 'reopen' ? (
            <ReasonDialog
              title={`重新办理：${open.row.ticketNo}`}
              label="重新办理的原因"
              confirm="重新办理"
              onClose={close}
              onConfirm={async (reason) => {
                done(
                  close,
                  '工单 {} 已重新办理',
                )(await api.invoke('complaints.reopen', { id: open.row.id, reason }));
              }}
            >
              <p>
                工单回到“办理中”：办结日期、是否查实和反馈记录清除（办理结果文字保留供修改）；操作日志保留原内容。
              </p>
              {open.row.creditSeq !== null && open.row.creditCorrectionSeq === null ? (
                <p>
                  已记入信用台账的第 {open.row.creditSeq}{' '}
                  条（投诉查实）保留；重新办结为未查实时，将追加一条“更正”记录。
                </p>
              ) : null}
            </ReasonDialog>
          ) : null}
          {open.kind === 'remove' ? (
            <ReasonDialog
              title={`删除投诉工单：${open.row.ticketNo}`}
              label="删除原因"
              confirm="删除"
              danger
              onClose={close}
              onConfirm={async (reason) => {
                await api.invoke('complaints.remove', { id: open.row.id, reason });
                close();
                f.setSelectedId(null);
                toast('success', `已删除投诉工单 ${open.row.ticketNo}`);
                await refresh();
              }}
            >
              <p>只删除误登记的工单。删除前的内容保留在操作日志中。</p>
            </ReasonDialog>
          ) : null}
        </>
      )}
    />
  );
}

/** Where the complaint stands in the credit ledger: its 投诉查实 entry (第 N 条) with a link to the institution's
 *  credit profile, the 更正 that neutralised it, or why there is none. */
function CreditLink({ complaint: c }: { complaint: Complaint }) {
  const profile =
    c.institutionId !== null ? (
      <a href={`#/credit/institution/${c.institutionId}`} style={{ marginLeft: 10 }}>
        查看{c.institutionName}的信用档案
      </a>
    ) : null;
  if (c.creditSeq !== null && c.creditCorrectionSeq === null)
    return (
      <>
        已记入信用台账 第{c.creditSeq}条
        {c.substantiated === null ? '（重新办理中：原查实记录保留，如认定未查实将追加更正）' : ''}
        {profile}
      </>
    );
  if (c.creditSeq !== null)
    return (
      <>
        信用台账第{c.creditSeq}条已由第{c.creditCorrectionSeq}条更正，不再计入{profile}
      </>
    );
  if (c.substantiated === true && c.institutionId === null)
    return <span className="muted">未指明名录中的被投诉机构，不记入信用台账</span>;
  return <span className="muted">查实的投诉办结时记入被投诉机构的信用台账</span>;
}

function ComplaintDetail({ complaint: c }: { complaint: Complaint }) {
  return (
    <section className="case-detail" aria-label="投诉详情">
      <h2>
        工单 {c.ticketNo}（{COMPLAINT_CATEGORY_LABELS[c.category]}）{' '}
        <CaseStatus kind={BADGE[c.status]} text={COMPLAINT_STATUS_LABELS[c.status]} />
      </h2>
      <dl className="kv">
        <dt>投诉内容</dt>
        <dd className="wide">{c.content}</dd>
        <dt>受理日期</dt>
        <dd>{c.receivedOn}</dd>
        <dt>承办单位</dt>
        <dd>{c.departmentName}</dd>
        <dt>被投诉机构</dt>
        <dd>{c.institutionName ?? '—'}</dd>
        <dt>是否查实</dt>
        <dd>{substantiatedText(c)}</dd>
        <dt>信用台账</dt>
        <dd className="wide complaint-credit" aria-label="信用台账">
          <CreditLink complaint={c} />
        </dd>
        <dt>办理结果</dt>
        <dd className="wide">{c.handledOn ? `${c.handledOn} 办结：${c.handlingResult}` : '办理中'}</dd>
        <dt>反馈期限</dt>
        <dd className="wide">
          {c.feedbackDue && c.ruleText ? (
            <>
              <DeadlineText due={c.feedbackDue} rule={c.ruleText} />
              <span className={c.daysLate > 0 ? 'case-late-text' : 'muted'}>（{timing(c)}）</span>
            </>
          ) : (
            '办结后计算'
          )}
        </dd>
        <dt>反馈</dt>
        <dd className="wide">
          {c.feedbackOn
            ? `${c.feedbackOn} 反馈区卫生健康局${c.feedbackNote ? `：${c.feedbackNote}` : ''}`
            : '尚未反馈'}
        </dd>
      </dl>
    </section>
  );
}

/** 从 Excel 导入: 12345 platform exports through the import wizard, keyed by 工单编号. */
function ComplaintImport(props: { onImported: (text: string) => void }) {
  const [importing, setImporting] = useState(false);
  return (
    <>
      <Button onClick={() => setImporting(true)}>从 Excel 导入</Button>
      {importing ? (
        <ImportWizard
          register="complaints"
          title="从 Excel 导入 12345 投诉工单"
          unit="件"
          help={
            <p>
              可直接导入 12345 平台导出的工单表：按工单编号匹配，已有的工单更新（含办结情况），不会重复登记。
              承办单位按成员单位的全称、简称或别名识别，涉及机构按监管对象的名称或统一社会信用代码识别。
            </p>
          }
          onClose={() => setImporting(false)}
          onImported={(text) => {
            setImporting(false);
            props.onImported(text);
          }}
        />
      ) : null}
    </>
  );
}
