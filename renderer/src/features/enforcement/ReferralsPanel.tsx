// 转报移送: referrals between departments, one receiving department per row, filtered by year of receipt, status
// and department; the selected one's details (the reply due date with the rule that gave it, the written reply and
// its file) under the grid. Unanswered referrals from earlier years are announced, so a year filter never hides one.
// The grid pages on the server (referrals.page: filters, search and sort in SQL, the summary counted there).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import {
  REFERRAL_STATUS_LABELS,
  type REFERRAL_SORT_KEYS,
  type Referral,
  type ReferralStatus,
} from '../../../../shared/contract';
import { api, errorMessage, saveDownload } from '../../api';
import { Button } from '../../ui';
import { rowNumberColumn } from '../../ui/grid';
import { useToast } from '../../ui/toast';
import { asListRequest, usePagedSource } from '../../ui/paged';
import { useInstitutions } from './InstitutionsPanel';
import {
  CASES_KEY,
  CaseStatus,
  DeadlineText,
  ReasonDialog,
  useDepartments,
  useDeadlines,
  type BadgeKind,
} from './ReferralCommon';
import { RegisterPanel, useRegisterFilters } from './RegisterPanel';
import { ReferralDialog } from './ReferralDialog';
import { ReferralReplyDialog } from './ReferralReplyDialog';

type ListStatus = 'all' | 'open' | 'pending' | 'overdue' | 'replied';
const STATUS_FILTERS: { value: ListStatus; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'open', label: '未回复（含逾期）' },
  { value: 'pending', label: '待回复' },
  { value: 'overdue', label: '逾期' },
  { value: 'replied', label: '已回复' },
];
const BADGE: Record<ReferralStatus, BadgeKind> = { pending: 'open', overdue: 'late', replied: 'done' };

/** '剩 3 日', '逾期 6 日' while open; '按期回复' or '逾期 2 日回复' once answered. */
function timing(r: Referral): string {
  if (r.dueNote !== null) return r.dueNote;
  return r.daysLate > 0 ? `逾期 ${r.daysLate} 日回复` : '按期回复';
}

const COLUMNS: ColDef<Referral>[] = [
  rowNumberColumn(72),
  { headerName: '收到日期', field: 'receivedOn', width: 112, pinned: 'left', sortable: true },
  { headerName: '转出单位', field: 'fromDepartmentName', width: 126, sortable: true },
  {
    headerName: '接收单位',
    field: 'toDepartmentName',
    width: 270,
    sortable: true,
    cellRenderer: (p: { data?: Referral }) =>
      p.data ? (
        <>
          {p.data.toDepartmentName}
          {p.data.viaBureau ? <span className="case-tag">经区卫生健康局转办</span> : null}
        </>
      ) : null,
  },
  {
    headerName: '转报事项',
    field: 'matter',
    flex: 1,
    minWidth: 220,
    tooltipField: 'matter',
  },
  {
    headerName: '涉及机构',
    colId: 'institutionName',
    valueGetter: (p) => (p.data ? (p.data.institutionName ?? '—') : ''),
    width: 170,
    sortable: true,
  },
  { headerName: '回复期限', field: 'dueOn', width: 112, sortable: true },
  {
    headerName: '状态',
    valueGetter: (p) => (p.data ? REFERRAL_STATUS_LABELS[p.data.status] : ''),
    width: 90,
    cellRenderer: (p: { data?: Referral; value?: string }) =>
      p.data ? <CaseStatus kind={BADGE[p.data.status]} text={p.value ?? ''} /> : null,
  },
  {
    headerName: '期限情况',
    valueGetter: (p) => (p.data ? timing(p.data) : ''),
    width: 118,
    cellClass: (p) => (p.data && p.data.daysLate > 0 ? 'case-late-text' : ''),
  },
  {
    headerName: '回复日期',
    colId: 'replyOn',
    valueGetter: (p) => p.data?.replyOn ?? '',
    width: 112,
    sortable: true,
  },
  { headerName: '回复文件', valueGetter: (p) => p.data?.replyFileName ?? '', width: 150 },
];

/** `openId`: a referral to show at once (the dashboard's links, /enforcement/referrals/ID), whatever its year. */
export function ReferralsPanel({ openId = null }: { openId?: number | null }) {
  const qc = useQueryClient();
  const toast = useToast();
  const f = useRegisterFilters<ListStatus>(openId, 'all');
  const departments = useDepartments();
  const institutions = useInstitutions();
  const rules = useDeadlines({});
  const filter = {
    status: f.status,
    ...(f.year ? { year: f.year } : {}),
    ...(f.departmentId ? { departmentId: f.departmentId } : {}),
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
  };
  const summary = useQuery({
    queryKey: [...CASES_KEY, 'referrals', 'summary', filter],
    queryFn: () => api.invoke('referrals.page', { ...filter, startRow: 0, endRow: 0 }),
  });
  const datasource = usePagedSource(
    (req) =>
      api.invoke('referrals.page', {
        ...filter,
        ...asListRequest<(typeof REFERRAL_SORT_KEYS)[number]>(req),
      }),
    JSON.stringify(filter),
    (e) => toast('error', errorMessage(e)),
  );
  const before = f.year ? `${f.year}-01-01` : null;
  const earlier = useQuery({
    queryKey: [...CASES_KEY, 'referrals', 'earlier', before],
    queryFn: () =>
      api.invoke('referrals.page', { status: 'open', receivedBefore: before!, startRow: 0, endRow: 0 }),
    enabled: before !== null,
  });
  const selected = useQuery({
    queryKey: [...CASES_KEY, 'referrals', 'one', f.selectedId],
    queryFn: () => api.invoke('referrals.get', { id: f.selectedId! }),
    enabled: f.selectedId !== null,
  });
  const counts = summary.data?.counts;
  const earlierOpen = before && earlier.data && earlier.data.total > 0 ? earlier.data : null;

  const refresh = () => qc.invalidateQueries({ queryKey: CASES_KEY });
  const download = useMutation({
    mutationFn: (r: Referral) => api.invoke('referrals.replyFile', { id: r.id }),
    onSuccess: saveDownload,
    onError: (e) => toast('error', errorMessage(e)),
  });

  return (
    <RegisterPanel<Referral, ListStatus, 'reply' | 'withdraw' | 'remove'>
      title="转报移送"
      subtitle={`各部门在执法检查或案件处理中发现应由其他部门处理的情况，相互转报；${rules.data?.referralReply.text ?? ''}。涉及多个部门时经区卫生健康局统一转报。`}
      filters={f}
      paged={{
        datasource,
        fetching: summary.isFetching,
        error: summary.error,
        selected: selected.data ?? null,
        earlier: earlierOpen ? (
          <>
            往年收到、尚未回复的转报 {earlierOpen.total} 件（其中逾期 {earlierOpen.counts?.overdue ?? 0}{' '}
            件）。
          </>
        ) : null,
      }}
      openStatus="open"
      earlier={{ text: () => null, showAll: '查看全部未回复' }}
      statusOptions={STATUS_FILTERS}
      department={{ label: '单位', allLabel: '全部单位（转出或接收）', departments: departments.data ?? [] }}
      search={{ label: '搜索转报', placeholder: '搜索事项、单位、机构…' }}
      summary={() =>
        summary.data && counts ? (
          <>
            共 {summary.data.total} 件：待回复 {counts.pending}，逾期 {counts.overdue}，已回复{' '}
            {counts.replied}
          </>
        ) : (
          '正在统计…'
        )
      }
      gridId="enforcement-referrals"
      columns={COLUMNS}
      late={(r) => r.status === 'overdue'}
      noRowsText="没有符合条件的转报。"
      detail={(r) => <ReferralDetail referral={r} onDownload={() => download.mutate(r)} />}
      addLabel="登记转报"
      actions={[
        { kind: 'reply', label: (r) => (r?.replyOn ? '修改回复' : '登记回复') },
        { kind: 'withdraw', label: '撤销回复', enabled: (r) => r.replyOn !== null },
        { kind: 'remove', label: '删除', danger: true },
      ]}
      dialog={(open, close) => (
        <>
          {open.kind === 'edit' ? (
            <ReferralDialog
              referral={open.row}
              departments={departments.data ?? []}
              institutions={institutions.data ?? []}
              onClose={close}
              onSaved={(saved) => {
                close();
                f.setSelectedId(saved[0]?.id ?? null);
                toast(
                  'success',
                  open.row
                    ? '已保存转报'
                    : saved.length > 1
                      ? `已登记转报：经区卫生健康局转办 ${saved.length} 个单位，回复期限 ${saved[0]!.dueOn}`
                      : `已登记转报，回复期限 ${saved[0]!.dueOn}`,
                );
                void refresh();
              }}
            />
          ) : null}
          {open.kind === 'reply' ? (
            <ReferralReplyDialog
              referral={open.row}
              onClose={close}
              onSaved={(r) => {
                close();
                toast('success', `已登记${r.toDepartmentName}的书面回复`);
                void refresh();
              }}
            />
          ) : null}
          {open.kind === 'withdraw' ? (
            <ReasonDialog
              title="撤销书面回复"
              label="撤销原因"
              confirm="撤销回复"
              onClose={close}
              onConfirm={async (reason) => {
                await api.invoke('referrals.withdrawReply', { id: open.row.id, reason });
                close();
                toast('success', '已撤销回复');
                await refresh();
              }}
            >
              <p>
                撤销后这条转报回到“待回复”（已过期限的为“逾期”），回复内容和文件不再显示；操作日志保留原内容。
              </p>
            </ReasonDialog>
          ) : null}
          {open.kind === 'remove' ? (
            <ReasonDialog
              title="删除转报"
              label="删除原因"
              confirm="删除"
              danger
              onClose={close}
              onConfirm={async (reason) => {
                await api.invoke('referrals.remove', { id: open.row.id, reason });
                close();
                f.setSelectedId(null);
                toast('success', '已删除转报');
                await refresh();
              }}
            >
              <p>
                只删除误登记的记录：{open.row.fromDepartmentName} → {open.row.toDepartmentName}，
                {open.row.matter.slice(0, 40)}。删除前的内容保留在操作日志中。
              </p>
            </ReasonDialog>
          ) : null}
        </>
      )}
    />
  );
}

function ReferralDetail({ referral: r, onDownload }: { referral: Referral; onDownload: () => void }) {
  return (
    <section className="case-detail" aria-label="转报详情">
      <h2>
        {r.fromDepartmentName} → {r.toDepartmentName}{' '}
        <CaseStatus kind={BADGE[r.status]} text={REFERRAL_STATUS_LABELS[r.status]} />
      </h2>
      <dl className="kv">
        <dt>转报事项</dt>
        <dd className="wide">{r.matter}</dd>
        <dt>收到日期</dt>
        <dd>{r.receivedOn}</dd>
        <dt>回复期限</dt>
        <dd>
          <DeadlineText due={r.dueOn} rule={r.ruleText} />
        </dd>
        <dt>转办方式</dt>
        <dd>
          {r.viaBureau
            ? `经区卫生健康局转办${r.groupDepartments.length > 1 ? `（同批：${r.groupDepartments.join('、')}）` : ''}`
            : '直接转报'}
        </dd>
        <dt>转报文号</dt>
        <dd>{r.docNo || '—'}</dd>
        <dt>涉及机构</dt>
        <dd>{r.institutionName ?? '—'}</dd>
        <dt>期限情况</dt>
        <dd className={r.daysLate > 0 ? 'case-late-text' : ''}>{timing(r)}</dd>
        <dt>书面回复</dt>
        <dd className="wide">
          {r.replyOn ? (
            <>
              {r.replyOn}：{r.replyText}
              {r.replyFileName ? (
                <>
                  {' '}
                  <Button variant="link" onClick={onDownload}>
                    下载回复文件“{r.replyFileName}”
                  </Button>
                </>
              ) : null}
            </>
          ) : (
            '尚未回复'
          )}
        </dd>
      </dl>
    </section>
  );
}
