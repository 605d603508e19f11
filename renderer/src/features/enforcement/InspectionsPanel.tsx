// 检查记录: every inspection (from a 双随机 batch or ad hoc) with its team, result, 整改 and 复查, penalties and the
// credit-ledger entries it wrote; filtered by year, result, 整改 state and source. A 责令整改 past its deadline without a
// 复查 is red and announced above the grid. The selected record's details are under the grid.
import { useContext, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import {
  INSPECTION_OUTCOMES,
  INSPECTION_OUTCOME_LABELS,
  APPROVAL_DECISION_LABELS,
  APPROVAL_STATUS_LABELS,
  CHECK_METHOD_LABELS,
  FOLLOWUP_LABELS,
  RESULT_CATEGORY_LABELS,
  type ApprovalStatus,
  PRACTITIONER_CATEGORY_LABELS,
  REVIEW_RESULT_LABELS,
  type Inspection,
  type InspectionListRow,
  type InspectionOutcome,
  type INSPECTION_SORT_KEYS,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api, errorMessage, saveDownload } from '../../api';
import { UserContext, useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Dialog, Field, Notice, Page } from '../../ui';
import { ImportWizard } from '../../ui/ImportWizard';
import { DataGrid, revealRow } from '../../ui/grid';
import {
  DATE_FILTER,
  TEXT_FILTER,
  asListRequest,
  pagedGridProps,
  usePagedSource,
  useRefreshAfterFetch,
} from '../../ui/paged';
import { useToast } from '../../ui/toast';
import { useTrackedExport } from '../../ui/TrackedExport';
import { FilterSelect, YearFilter, labelled, SearchBox } from '../../ui/filters';
import { CaseStatus, ReasonDialog, type BadgeKind } from './ReferralCommon';
import { CreditLinks, InspectionDialog, ReviewDialog } from './InspectionDialog';
import './inspections.css';
import { formatDateTime } from '../../../../shared/format';

export const INSPECTIONS_KEY = ['enforcement', 'inspections'] as const;

type Rectify = 'all' | 'pending' | 'overdue' | 'reviewed';
const RECTIFY_FILTERS: { value: Rectify; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'pending', label: '整改中（未复查）' },
  { value: 'overdue', label: '整改逾期未复查' },
  { value: 'reviewed', label: '已复查' },
];
const SOURCE_FILTERS: { value: 'draw' | 'adhoc'; label: string }[] = [
  { value: 'draw', label: '双随机抽查' },
  { value: 'adhoc', label: '日常检查' },
];

const OUTCOME_BADGE: Record<InspectionOutcome, BadgeKind> = {
  qualified: 'done',
  rectify: 'open',
  case: 'late',
  transfer: 'handling',
};

export const sourceText = (x: InspectionListRow) =>
  x.source === 'draw' ? `${x.planName ?? ''} 第${x.batchNumber}批` : '日常检查';

export const teamText = (x: InspectionListRow) =>
  x.team.map((m) => `${m.name}${m.lead ? '（组长）' : ''}`).join('、');

/** '已整改（2026-06-11）', '整改逾期', '整改中（期限 …）' for a 责令整改; '' otherwise. */
export function rectifyText(x: InspectionListRow): string {
  if (x.outcome !== 'rectify') return '';
  if (x.review)
    return `${REVIEW_RESULT_LABELS[x.review.result]}（${x.review.on}）${x.review.escalated ? '，已立案查处' : ''}`;
  return x.rectifyOverdue ? '整改逾期未复查' : '整改中';
}

const publishedNote = (x: Inspection) =>
  `该批次检查结果已于 ${x.publishedOn} 公开，记录不能修改或删除；如需更正，请先在“结果公开”中撤销公开登记`;

type Open = { kind: 'new' } | { kind: 'edit' | 'review' | 'remove' | 'approve'; inspection: Inspection };

const APPROVAL_BADGE: Record<ApprovalStatus, BadgeKind> = {
  pending: 'open',
  returned: 'late',
  passed: 'done',
  legacy: 'handling',
};

/** 审核: 通过, or 退回 with the reason. The server refuses a reviewer who recorded or edited the result. */
function ApprovalDialog(props: {
  inspection: Inspection;
  onClose: () => void;
  onDone: (x: Inspection) => void;
}) {
  const x = props.inspection;
  const [decision, setDecision] = useState<'pass' | 'return'>('pass');
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setFailure('');
    try {
      props.onDone(await api.invoke('inspections.approve', { id: x.id, decision, reason }));
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`审核检查结果：检查记录第 ${x.id} 号`}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={busy} onClick={() => void go()}>
            确定
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <p>
        {x.institutionName}，{x.inspectedOn}：{RESULT_CATEGORY_LABELS[x.resultCategory]}（
        {FOLLOWUP_LABELS[x.followup]}）
      </p>
      <div role="radiogroup" aria-label="审核结论" className="insp-check-list">
        <label>
          <input
            type="radio"
            name="decision"
            checked={decision === 'pass'}
            onChange={() => setDecision('pass')}
          />
          通过
        </label>
        <label>
          <input
            type="radio"
            name="decision"
            checked={decision === 'return'}
            onChange={() => setDecision('return')}
          />
          退回
        </label>
      </div>
      {decision === 'return' ? (
        <Field label="退回原因" required>
          {(id) => (
            <textarea
              id={id}
              className="input"
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
      ) : null}
    </Dialog>
  );
}

export function InspectionsPanel(props: { openId?: number | null }) {
  const toast = useToast();
  const can = useCan();
  const today = todayIso();
  const [year, setYear] = useState<number>(props.openId ? 0 : Number(today.slice(0, 4)));
  const [outcome, setOutcome] = useState<InspectionOutcome | ''>('');
  const [rectify, setRectify] = useState<Rectify>('all');
  const [source, setSource] = useState<'draw' | 'adhoc' | ''>('');
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(props.openId ?? null);
  const [open, setOpen] = useState<Open | null>(null);
  const [importing, setImporting] = useState(false);
  const filter = {
    rectify,
    ...(year ? { year } : {}),
    ...(outcome ? { outcome } : {}),
    ...(source ? { source } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
  };
  // The filtered total (an empty first block); the app's change events refresh it, and with it the grid's blocks.
  const summary = useQuery({
    queryKey: [...INSPECTIONS_KEY, 'summary', filter],
    queryFn: () => api.invoke('inspections.page', { ...filter, startRow: 0, endRow: 0 }),
  });
  const datasource = usePagedSource(
    (req) =>
      api.invoke('inspections.page', {
        ...filter,
        ...asListRequest<(typeof INSPECTION_SORT_KEYS)[number]>(req),
      }),
    JSON.stringify(filter),
    (e) => toast('error', errorMessage(e)),
  );
  // 导出 Excel: the whole list the filters, search, column filters and sort select, with its bar and 取消.
  const exporting = useTrackedExport();
  const exportXlsx = () =>
    exporting.start((progressId) =>
      api.invoke('inspections.exportXlsx', {
        ...filter,
        ...(datasource.view() as ReturnType<typeof asListRequest<(typeof INSPECTION_SORT_KEYS)[number]>>),
        progressId,
      }),
    );
  // 整改 past its deadline, whatever the year: how many, and the first five.
  const overdue = useQuery({
    queryKey: [...INSPECTIONS_KEY, 'overdue'],
    queryFn: () => api.invoke('inspections.page', { rectify: 'overdue', startRow: 0, endRow: 5 }),
  });
  const one = useQuery({
    queryKey: [...INSPECTIONS_KEY, 'one', selectedId],
    queryFn: () => api.invoke('inspections.get', { id: selectedId! }),
    enabled: selectedId !== null,
  });
  // The whole record as the server has it now (the grid's rows leave out the long texts).
  const selected = one.data?.id === selectedId ? one.data : null;
  const gridApi = useRef<GridApi<InspectionListRow> | null>(null);
  useRefreshAfterFetch(gridApi, summary.isFetching);
  const download = useMutation({
    mutationFn: (a: { id: number; index: number }) => api.invoke('inspections.attachment', a),
    onSuccess: saveDownload,
    onError: (e) => toast('error', errorMessage(e)),
  });

  const columns = useMemo<ColDef<InspectionListRow>[]>(
    () => [
      { headerName: '编号', colId: 'id', field: 'id', width: 76, pinned: 'left', sortable: true },
      {
        headerName: '检查日期',
        colId: 'inspectedOn',
        field: 'inspectedOn',
        width: 136,
        pinned: 'left',
        sortable: true,
        ...DATE_FILTER,
      },
      {
        headerName: '监管对象',
        colId: 'institutionName',
        field: 'institutionName',
        width: 210,
        pinned: 'left', // the key column stays in view while the rest scroll at 1366×768
        tooltipField: 'institutionName',
        sortable: true,
        ...TEXT_FILTER,
      },
      { headerName: '来源', valueGetter: (p) => (p.data ? sourceText(p.data) : ''), width: 200 },
      { headerName: '检查组', valueGetter: (p) => (p.data ? teamText(p.data) : ''), width: 190 },
      {
        headerName: '审核',
        valueGetter: (p) => (p.data ? APPROVAL_STATUS_LABELS[p.data.approvalStatus] : ''),
        width: 110,
        cellRenderer: (p: { data?: Inspection; value?: string }) =>
          p.data ? <CaseStatus kind={APPROVAL_BADGE[p.data.approvalStatus]} text={p.value ?? ''} /> : null,
      },
      {
        headerName: '检查结果',
        valueGetter: (p) => (p.data ? RESULT_CATEGORY_LABELS[p.data.resultCategory] : ''),
        width: 112,
        cellRenderer: (p: { data?: Inspection; value?: string }) =>
          p.data ? <CaseStatus kind={OUTCOME_BADGE[p.data.outcome]} text={p.value ?? ''} /> : null,
      },
      {
        headerName: '整改期限',
        colId: 'rectifyDue',
        valueGetter: (p) => p.data?.rectifyDue ?? '',
        width: 112,
        sortable: true,
        ...DATE_FILTER,
        cellClass: (p) => (p.data?.rectifyOverdue ? 'case-late-text' : ''),
      },
      {
        headerName: '整改与复查',
        valueGetter: (p) => (p.data ? rectifyText(p.data) : ''),
        width: 170,
        cellClass: (p) => (p.data?.rectifyOverdue ? 'case-late-text' : ''),
      },
      { headerName: '行政处罚', valueGetter: (p) => p.data?.penaltyText ?? '', width: 200 },
      {
        headerName: '立案号',
        colId: 'caseNo',
        valueGetter: (p) => p.data?.caseNo ?? '',
        width: 150,
        sortable: true,
        ...TEXT_FILTER,
      },
      {
        headerName: '信用台账',
        valueGetter: (p) => (p.data ? p.data.credit.map((c) => `第${c.seq}条`).join('、') : ''),
        width: 150,
      },
    ],
    [],
  );
  const writer = can('records.write');
  // 审核: leaders by their role, and the users the settings designate (the server checks the same).
  const user = useContext(UserContext);
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.invoke('settings.get', {}) });
  const mayReview =
    can('approve') || (user !== null && (settings.data?.inspectionReviewerIds ?? []).includes(user.id));
  const late = overdue.data?.rows ?? [];
  const lateTotal = overdue.data?.total ?? 0;
  return (
    <Page
      title="检查记录"
      subtitle="双随机抽查和日常监督检查的结果：检查组、抽查事项、检查发现、结果与处理、整改复查；结果同时记入被检查机构的信用台账。"
      actions={
        <>
          {mayReview ? (
            <Button
              disabled={!selected || selected.approvalStatus !== 'pending'}
              title={
                selected && selected.approvalStatus !== 'pending' ? '只有待审核的结果可以审核' : undefined
              }
              onClick={() => selected && setOpen({ kind: 'approve', inspection: selected })}
            >
              审核
            </Button>
          ) : null}
          {writer ? (
            <>
              <Button variant="primary" onClick={() => setOpen({ kind: 'new' })}>
                录入检查结果
              </Button>
              <Button
                disabled={!selected || Boolean(selected.publishedOn)}
                title={selected?.publishedOn ? publishedNote(selected) : undefined}
                onClick={() => selected && setOpen({ kind: 'edit', inspection: selected })}
              >
                编辑
              </Button>
              <Button
                disabled={selected?.outcome !== 'rectify' || !selected.rectifyDue}
                title={
                  selected && (selected.outcome !== 'rectify' || !selected.rectifyDue)
                    ? '只有“责令改正并跟踪”需要复查'
                    : undefined
                }
                onClick={() => selected && setOpen({ kind: 'review', inspection: selected })}
              >
                {selected?.review ? '修改复查' : '登记复查'}
              </Button>
              <Button
                variant="danger"
                disabled={!selected || Boolean(selected.publishedOn)}
                title={selected?.publishedOn ? publishedNote(selected) : undefined}
                onClick={() => selected && setOpen({ kind: 'remove', inspection: selected })}
              >
                删除
              </Button>
              <Button onClick={() => setImporting(true)}>从 Excel 导入</Button>
            </>
          ) : null}
          {can('print') ? (
            <Button disabled={exporting.running} onClick={() => void exportXlsx()}>
              {exporting.running ? '正在导出…' : '导出 Excel'}
            </Button>
          ) : null}
        </>
      }
    >
      {exporting.view}
      {importing ? (
        <ImportWizard
          register="inspections"
          title="从 Excel 导入历史检查记录"
          unit="条"
          help={
            <p>
              导入往年的检查台账：按监管对象（名称或统一社会信用代码）和检查日期识别，已有同一机构同日检查记录的行不重复导入；
              组长、组员按执法人员的姓名或执法证号识别，检查组至少 2
              人。每条记录同时记入被检查机构的信用台账。
            </p>
          }
          onClose={() => setImporting(false)}
          onImported={(text) => {
            setImporting(false);
            toast('success', text);
          }}
        />
      ) : null}
      {summary.isError ? <Notice kind="error">{errorMessage(summary.error)}</Notice> : null}
      {lateTotal > 0 ? (
        <Notice kind="warning">
          <span data-testid="rectify-overdue">
            {lateTotal} 条责令整改已过整改期限仍未复查：
            {late
              .slice(0, 5)
              .map((x) => `${x.institutionName}（期限 ${x.rectifyDue}）`)
              .join('、')}
            {lateTotal > 5 ? ' 等' : ''}。
          </span>{' '}
          <Button
            variant="link"
            onClick={() => {
              setYear(0);
              setRectify('overdue');
            }}
          >
            只看整改逾期
          </Button>
        </Notice>
      ) : null}
      <div className="grid-toolbar case-filters">
        <YearFilter value={year} onChange={setYear} today={today} />
        <FilterSelect
          label="检查结果"
          value={outcome}
          onChange={setOutcome}
          allLabel="全部结果"
          options={labelled(INSPECTION_OUTCOMES, INSPECTION_OUTCOME_LABELS)}
        />
        <FilterSelect label="整改" value={rectify} onChange={setRectify} options={RECTIFY_FILTERS} />
        <FilterSelect
          label="来源"
          value={source}
          onChange={setSource}
          allLabel="全部"
          options={SOURCE_FILTERS}
        />
        <SearchBox
          label="搜索检查记录"
          placeholder="搜索机构、检查组、立案号…"
          value={search}
          onChange={setSearch}
        />
        <span className="muted" data-testid="inspections-count">
          {summary.data ? `共 ${summary.data.total} 条` : '正在统计…'}
        </span>
      </div>
      <DataGrid<InspectionListRow>
        gridId="enforcement-inspections"
        suppressColumnVirtualisation
        animateRows={false}
        onGridReady={(e) => (gridApi.current = e.api)}
        {...pagedGridProps(datasource)}
        columnDefs={columns}
        // A record opened by its link is shown in the grid once its block is drawn.
        onFirstDataRendered={(e) => revealRow(e.api, selectedId)}
        getRowId={(p) => String(p.data.id)}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onSelectionChanged={(e) => setSelectedId(e.api.getSelectedRows()[0]?.id ?? null)}
        onRowClicked={(e) => e.data && setSelectedId(e.data.id)}
        // Edited from the whole record (the grid's row leaves out the long texts).
        onRowDoubleClicked={(e) => {
          if (!e.data || !writer || e.data.publishedOn) return;
          api.invoke('inspections.get', { id: e.data.id }).then(
            (x) => setOpen({ kind: 'edit', inspection: x }),
            (err: unknown) => toast('error', errorMessage(err)),
          );
        }}
        // Rules, not getRowClass: they are applied again when a 复查 updates the row in place.
        rowClassRules={{ 'case-row-late': (p) => Boolean(p.data?.rectifyOverdue) }}
        overlayNoRowsTemplate="没有符合条件的检查记录。"
      />
      {selected ? (
        <InspectionDetail x={selected} onDownload={(index) => download.mutate({ id: selected.id, index })} />
      ) : (
        <p className="muted">{writer ? '选择一行查看详情；双击编辑。' : '选择一行查看详情。'}</p>
      )}
      {open?.kind === 'new' || open?.kind === 'edit' ? (
        <InspectionDialog
          inspection={open.kind === 'edit' ? open.inspection : null}
          onClose={() => setOpen(null)}
          onSaved={(x) => setSelectedId(x.id)}
        />
      ) : null}
      {open?.kind === 'review' ? (
        <ReviewDialog
          inspection={open.inspection}
          onClose={() => setOpen(null)}
          onSaved={(x) => {
            setOpen(null);
            toast('success', `已登记复查：${x.institutionName} ${REVIEW_RESULT_LABELS[x.review!.result]}`);
          }}
        />
      ) : null}
      {open?.kind === 'approve' ? (
        <ApprovalDialog
          inspection={open.inspection}
          onClose={() => setOpen(null)}
          onDone={(x) => {
            setOpen(null);
            toast('success', `检查记录第 ${x.id} 号：${APPROVAL_STATUS_LABELS[x.approvalStatus]}`);
          }}
        />
      ) : null}
      {open?.kind === 'remove' ? (
        <ReasonDialog
          title="删除检查记录"
          label="删除原因"
          confirm="删除"
          danger
          onClose={() => setOpen(null)}
          onConfirm={async (reason) => {
            await api.invoke('inspections.remove', { id: open.inspection.id, reason });
            setOpen(null);
            setSelectedId(null);
            toast('success', `已删除检查记录第 ${open.inspection.id} 号`);
          }}
        >
          <p>
            只删除误录的记录：{open.inspection.institutionName}，{open.inspection.inspectedOn}
            。它记入信用台账的
            {open.inspection.credit.map((c) => `第 ${c.seq} 条`).join('、')}
            将由“更正”记录抵消（台账只增不改）； 删除前的内容保留在操作日志中。
          </p>
        </ReasonDialog>
      ) : null}
    </Page>
  );
}

function InspectionDetail({ x, onDownload }: { x: Inspection; onDownload: (index: number) => void }) {
  return (
    <section className="case-detail" aria-label="检查记录详情">
      <h2>
        检查记录第 {x.id} 号：{x.institutionName}{' '}
        <CaseStatus kind={OUTCOME_BADGE[x.outcome]} text={RESULT_CATEGORY_LABELS[x.resultCategory]} />{' '}
        <CaseStatus kind={APPROVAL_BADGE[x.approvalStatus]} text={APPROVAL_STATUS_LABELS[x.approvalStatus]} />
        {x.publishedOn ? <span className="case-tag">已于 {x.publishedOn} 公开</span> : null}
      </h2>
      {x.migrationNote ? (
        <Notice kind="info" title="迁移说明">
          {x.migrationNote}
        </Notice>
      ) : null}
      <dl className="kv">
        <dt>来源</dt>
        <dd>{sourceText(x)}</dd>
        <dt>检查日期</dt>
        <dd>{x.inspectedOn}</dd>
        <dt>检查组</dt>
        <dd className="wide">
          {x.team.map((m) => `${m.name}（${m.department}${m.lead ? '，组长' : ''}）`).join('、')}
          {x.teamNote ? <span className="muted">；调整说明：{x.teamNote}</span> : null}
        </dd>
        {x.experts.length ? (
          <>
            <dt>随机抽取的专家</dt>
            <dd className="wide" data-testid="inspection-experts">
              {x.experts.map((e) => `${e.name}（${e.unit}，${e.field}）`).join('、')}
              <span className="muted">（不计入执法人员）</span>
            </dd>
          </>
        ) : null}
        <dt>抽查事项</dt>
        <dd className="wide">
          {x.itemResults.length ? (
            <table className="table" aria-label="逐项检查结果">
              <thead>
                <tr>
                  <th>抽查事项</th>
                  <th>检查方式</th>
                  <th>发现的问题</th>
                  <th>处置情况</th>
                </tr>
              </thead>
              <tbody>
                {x.itemResults.map((r) => (
                  <tr key={r.name}>
                    <td>{r.name}</td>
                    <td>{r.checked && r.method ? CHECK_METHOD_LABELS[r.method] : '未检查'}</td>
                    <td>{r.problems || '未发现问题'}</td>
                    <td>{r.disposal || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            x.items.map((s, i) => `${i + 1}. ${s}`).join('；')
          )}
        </dd>
        <dt>检查结果</dt>
        <dd>{RESULT_CATEGORY_LABELS[x.resultCategory]}</dd>
        <dt>后续处置措施</dt>
        <dd>{FOLLOWUP_LABELS[x.followup]}</dd>
        <dt>审核</dt>
        <dd className="wide" data-testid="approval-history">
          {x.approvals.length
            ? x.approvals
                .map(
                  (a) =>
                    `${formatDateTime(a.at)} ${a.reviewerName} ${APPROVAL_DECISION_LABELS[a.decision]}${a.reason ? `（${a.reason}）` : ''}`,
                )
                .join('；')
            : APPROVAL_STATUS_LABELS[x.approvalStatus]}
        </dd>
        <dt>检查发现</dt>
        <dd className="wide">{x.findings || '—'}</dd>
        {x.outcome === 'rectify' && x.rectifyDue ? (
          <>
            <dt>整改期限</dt>
            <dd className={x.rectifyOverdue ? 'case-late-text' : ''}>
              {x.rectifyDue}
              {x.rectifyOverdue ? '（已过期限，尚未复查）' : ''}
            </dd>
            <dt>复查</dt>
            <dd>
              {x.review
                ? `${x.review.on} ${REVIEW_RESULT_LABELS[x.review.result]}${x.review.escalated ? '，转为立案查处' : ''}${x.review.note ? `：${x.review.note}` : ''}`
                : '尚未复查'}
            </dd>
          </>
        ) : null}
        {x.transferTo ? (
          <>
            <dt>{x.followup === 'notify' ? '抄告部门' : '移送单位'}</dt>
            <dd>{x.transferTo}</dd>
          </>
        ) : null}
        <dt>行政处罚</dt>
        <dd>{x.penaltyText || '—'}</dd>
        <dt>立案号</dt>
        <dd>{x.caseNo ?? '—'}</dd>
        <dt>涉及人员</dt>
        <dd>
          {x.practitioners.length
            ? x.practitioners
                .map((p) => `${p.name}（${PRACTITIONER_CATEGORY_LABELS[p.category]}，${p.certificateNo}）`)
                .join('、')
            : '—'}
        </dd>
        <dt>信用台账</dt>
        <dd className="wide">
          <CreditLinks x={x} />
        </dd>
        <dt>附件</dt>
        <dd className="wide">
          {x.attachments.length
            ? x.attachments.map((a, i) => (
                <Button key={a.sha256 + i} variant="link" onClick={() => onDownload(i)}>
                  {a.name}
                </Button>
              ))
            : '—'}
        </dd>
      </dl>
      {x.source === 'draw' ? (
        <p className="muted">
          <Button variant="link" onClick={() => navigate('/enforcement/publication')}>
            查看该批次的结果公开
          </Button>
        </p>
      ) : null}
    </section>
  );
}
