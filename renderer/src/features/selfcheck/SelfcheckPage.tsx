// 依法执业自查: the year's setup (scope by category and street, deadlines, 专项 campaigns, the areas list), the
// submissions grid with the entry form, 承诺书 and the Excel workbook, the overdue list with 登记未自查, 自查督导,
// the 自查结果公示 list and warning talks (告诫谈话).
import './selfcheck.css';
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import {
  INSTITUTION_CATEGORIES,
  INSTITUTION_CATEGORY_LABELS,
  type InstitutionCategory,
  type SelfcheckCell,
  type SelfcheckGridRow,
  type Settings,
  type SelfcheckYear,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Field, Notice, Page, Tabs, TextInput } from '../../ui';
import { yearChoices } from '../../ui/filters';
import { useFormSubmit } from '../../ui/forms';
import { StaleComparison, StaleNotice, saveLabel, useEditVersion, useStartedFrom } from '../../ui/conflict';
import { DataGrid } from '../../ui/grid';
import { useToast } from '../../ui/toast';
import { EntryDialog, PledgeDialog, WorkbookDialog } from './SelfcheckDialogs';
import { SupervisionPanel } from './SupervisionPanel';
import { TalksPanel } from './TalksPanel';
import { FormErrors, TextArea } from './form-parts';
import { formatDate } from '../../../../shared/format';

export const SELFCHECK_KEY = ['selfcheck'] as const;

type Tab = 'grid' | 'setup' | 'overdue' | 'supervision' | 'publicity' | 'talks';
const TABS: { key: Tab; label: string; path: string }[] = [
  { key: 'grid', label: '自查情况', path: '/selfcheck' },
  { key: 'setup', label: '年度安排', path: '/selfcheck/setup' },
  { key: 'overdue', label: '逾期与未自查', path: '/selfcheck/overdue' },
  { key: 'supervision', label: '督导检查', path: '/selfcheck/supervision' },
  { key: 'publicity', label: '结果公示', path: '/selfcheck/publicity' },
  { key: 'talks', label: '告诫谈话', path: '/selfcheck/talks' },
];

export function useSelfcheckYear(year: number) {
  return useQuery({
    queryKey: [...SELFCHECK_KEY, 'year', year],
    queryFn: () => api.invoke('selfcheck.year', { year }),
  });
}

export function SelfcheckPage({ route }: { route: string }) {
  const today = todayIso();
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const path = route.split('?')[0]!;
  const tab = [...TABS].reverse().find((t) => path.startsWith(t.path))?.key ?? 'grid';
  const query = new URLSearchParams(route.split('?')[1] ?? '');
  const setup = useSelfcheckYear(year);
  return (
    <div>
      <Tabs<Tab> tabs={TABS} active={tab} onChange={(k) => navigate(TABS.find((t) => t.key === k)!.path)} />
      <div className="grid-toolbar">
        <label className="inline-field">
          年度
          <select
            aria-label="自查年度"
            className="input"
            value={year}
            onChange={(e) => setYear(Number(e.target.value))}
          >
            {yearChoices(today).map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
        </label>
        {setup.data && !setup.data.configured && tab !== 'setup' && tab !== 'talks' ? (
          <Notice kind="warning">
            {year} 年依法执业自查尚未安排。<a href="#/selfcheck/setup">先确定范围和期限</a>
          </Notice>
        ) : null}
      </div>
      {setup.isError ? <Notice kind="error">{errorMessage(setup.error)}</Notice> : null}
      {tab === 'talks' ? (
        <TalksPanel query={query} />
      ) : !setup.data ? (
        <p>正在读取…</p>
      ) : tab === 'setup' ? (
        <SetupPanel setup={setup.data} />
      ) : tab === 'overdue' ? (
        <OverduePanel year={year} />
      ) : tab === 'supervision' ? (
        <SupervisionPanel year={year} setup={setup.data} />
      ) : tab === 'publicity' ? (
        <PublicityPanel year={year} />
      ) : (
        <GridPanel setup={setup.data} />
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------- 年度安排

function Checks<K extends string>(props: {
  label: string;
  options: readonly K[];
  labels: (k: K) => string;
  value: K[];
  onChange: (v: K[]) => void;
}) {
  return (
    <fieldset className="selfcheck-checks">
      <legend>{props.label}（不选表示全部）</legend>
      {props.options.map((k) => (
        <label key={k} className="inline-check">
          <input
            type="checkbox"
            checked={props.value.includes(k)}
            onChange={(e) =>
              props.onChange(e.target.checked ? [...props.value, k] : props.value.filter((x) => x !== k))
            }
          />
          {props.labels(k)}
        </label>
      ))}
    </fieldset>
  );
}

const SETUP_COMPARED = {
  categories: '机构类别',
  streets: '街道',
  full: '全面自查期限',
  pledge: '承诺书递交期限',
  after: '日常自查：季度最后一个工作日后（工作日）',
};
const setupCompared = (y: SelfcheckYear) => ({
  categories: y.categories.map((k) => INSTITUTION_CATEGORY_LABELS[k]),
  streets: y.streets,
  full: y.fullDeadline,
  pledge: y.pledgeDeadline,
  after: String(y.routineAfterDays),
});

function SetupPanel({ setup }: { setup: SelfcheckYear }) {
  const can = useCan();
  // A role that may not change the arrangement reads it: the fields are shown disabled, without 保存.
  const writer = can('records.write');
  const toast = useToast();
  const form = useFormSubmit();
  const [categories, setCategories] = useState<InstitutionCategory[]>(setup.categories);
  const [streets, setStreets] = useState<string[]>(setup.streets);
  const [full, setFull] = useState(setup.fullDeadline);
  const [pledge, setPledge] = useState(setup.pledgeDeadline);
  const [after, setAfter] = useState(String(setup.routineAfterDays));
  // Saved against the arrangement's version as opened: someone else's newer save is shown, not overwritten.
  const editVersion = useEditVersion(setup.version || undefined);
  const save = () =>
    void form.submit(async () => {
      const r = await api
        .invoke('selfcheck.saveYear', {
          year: setup.year,
          version: editVersion.current(),
          categories,
          streets,
          fullDeadline: full,
          pledgeDeadline: pledge,
          routineAfterDays: Number(after),
        })
        .catch(editVersion.adopt);
      editVersion.saved(r.version);
      toast('success', `已保存 ${r.year} 年依法执业自查安排：范围 ${r.scopeCount} 家`);
    });
  const errors = Object.values(form.errors);
  return (
    <Page
      title={`${setup.year} 年依法执业自查安排`}
      subtitle="每年至少一次全面自查、每季度至少一次日常自查，根据风险适时开展专项自查；主要负责人每年递交《医疗机构依法执业承诺书》。"
      actions={
        writer ? (
          <Button variant="primary" disabled={form.busy} onClick={save}>
            {saveLabel(editVersion.stale, setup.configured ? '保存安排' : '确定年度安排')}
          </Button>
        ) : null
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <StaleNotice
        stale={editVersion.stale}
        labels={SETUP_COMPARED}
        mine={{
          categories: categories.map((k) => INSTITUTION_CATEGORY_LABELS[k]),
          streets,
          full,
          pledge,
          after,
        }}
        formOf={setupCompared}
      />
      {errors.length ? <Notice kind="error">{errors.join('；')}</Notice> : null}
      {!setup.configured ? (
        <Notice kind="info">
          {writer
            ? '以下为默认期限（按工作日历计算），确认或修改后点“确定年度安排”。'
            : '本年度安排尚未确定，以下为默认期限（按工作日历计算）。'}
        </Notice>
      ) : (
        <p className="muted">
          范围内 {setup.scopeCount} 家机构 · 最近修改：{setup.updatedBy} {formatDate(setup.updatedAt)}
        </p>
      )}
      <fieldset className="plain-fieldset" disabled={!writer} aria-label="年度安排">
        <div className="selfcheck-setup">
          <Checks
            label="机构类别"
            options={INSTITUTION_CATEGORIES}
            labels={(k) => INSTITUTION_CATEGORY_LABELS[k]}
            value={categories}
            onChange={setCategories}
          />
          <Checks
            label="街道"
            options={setup.knownStreets}
            labels={(s) => s}
            value={streets}
            onChange={setStreets}
          />
          <div className="selfcheck-deadlines">
            <Field label="全面自查期限" required>
              {(id) => <TextInput id={id} type="date" value={full} onChange={setFull} />}
            </Field>
            <Field label="承诺书递交期限" required>
              {(id) => <TextInput id={id} type="date" value={pledge} onChange={setPledge} />}
            </Field>
            <Field label="日常自查：季度最后一个工作日后（工作日）" hint="0 表示每季度最后一个工作日前">
              {(id) => (
                <input
                  id={id}
                  className="input"
                  type="number"
                  min={0}
                  max={30}
                  value={after}
                  onChange={(e) => setAfter(e.target.value)}
                />
              )}
            </Field>
          </div>
          <table className="table" aria-label="日常自查期限">
            <thead>
              <tr>
                <th>季度</th>
                <th>日常自查期限（{setup.routineRule}）</th>
              </tr>
            </thead>
            <tbody>
              {setup.routineDeadlines.map((d) => (
                <tr key={d.quarter}>
                  <td>第{['', '一', '二', '三', '四'][d.quarter]}季度</td>
                  <td>{d.deadline}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      {setup.configured ? <CampaignsSection setup={setup} /> : null}
      <AreasSection areas={setup.areas} />
    </Page>
  );
}

function CampaignsSection({ setup }: { setup: SelfcheckYear }) {
  const can = useCan();
  const toast = useToast();
  const form = useFormSubmit();
  const [topic, setTopic] = useState('');
  const [deadline, setDeadline] = useState('');
  const [categories, setCategories] = useState<InstitutionCategory[]>([]);
  const [streets, setStreets] = useState<string[]>([]);
  // A campaign's streets are chosen among the year's (all the directory's when the year takes every street).
  const streetChoices = setup.streets.length ? setup.streets : setup.knownStreets;
  const add = () =>
    void form.submit(async () => {
      const c = await api.invoke('selfcheck.saveCampaign', {
        year: setup.year,
        topic,
        deadline,
        categories,
        streets,
      });
      toast('success', `已新增专项自查“${c.topic}”：${c.scopeCount} 家`);
      setTopic('');
      setDeadline('');
      setCategories([]);
      setStreets([]);
    });
  return (
    <section className="selfcheck-section">
      <h3>专项自查</h3>
      <table className="table" aria-label="专项自查">
        <thead>
          <tr>
            <th>主题</th>
            <th>范围</th>
            <th>期限</th>
          </tr>
        </thead>
        <tbody>
          {setup.campaigns.map((c) => (
            <tr key={c.id}>
              <td>{c.topic}</td>
              <td>
                {c.categories.length
                  ? c.categories.map((k) => INSTITUTION_CATEGORY_LABELS[k]).join('、')
                  : '全部类别'}
                {c.streets.length ? `；${c.streets.join('、')}` : ''}（{c.scopeCount} 家）
              </td>
              <td>{c.deadline}</td>
            </tr>
          ))}
          {setup.campaigns.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                尚无专项自查
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {can('records.write') ? (
        <div className="selfcheck-campaign-form">
          {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
          <FormErrors errors={form.errors} />
          <Field label="专项主题">
            {(id) => (
              <TextInput id={id} value={topic} onChange={setTopic} placeholder="如：医疗美容机构专项自查" />
            )}
          </Field>
          <Field label="专项期限">
            {(id) => <TextInput id={id} type="date" value={deadline} onChange={setDeadline} />}
          </Field>
          <Checks
            label="专项范围：机构类别"
            options={INSTITUTION_CATEGORIES}
            labels={(k) => INSTITUTION_CATEGORY_LABELS[k]}
            value={categories}
            onChange={setCategories}
          />
          <Checks
            label="专项范围：街道"
            options={streetChoices}
            labels={(x) => x}
            value={streets}
            onChange={setStreets}
          />
          <Button disabled={form.busy} onClick={add}>
            新增专项自查
          </Button>
        </div>
      ) : null}
    </section>
  );
}

function AreasSection({ areas }: { areas: string[] }) {
  const can = useCan();
  const toast = useToast();
  const form = useFormSubmit();
  const [text, setText] = useState(areas.join('\n'));
  // Saved against the list this section was opened with: another seat's newer list is shown, not overwritten.
  const started = useStartedFrom(areas, (c) => (c as Settings).selfcheckAreas);
  const typed = () =>
    text
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
  const save = () =>
    void form.submit(async () => {
      const after = await api
        .invoke('settings.update', {
          selfcheckAreas: typed(),
          expected: { selfcheckAreas: started.expected() },
        })
        .catch(started.adopt);
      started.saved(after.selfcheckAreas);
      toast('success', '已保存自查领域清单');
    });
  return (
    <section className="selfcheck-section">
      <h3>自查领域清单</h3>
      <p className="muted">自查表和 Excel 填报表按这些领域登记发现和整改的问题数：{areas.join('、')}。</p>
      {can('settings.manage') ? (
        <>
          {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
          {started.stale ? (
            <StaleComparison
              stale={started.stale}
              fields={[
                { label: '自查领域', mine: typed().join('、'), theirs: started.expected().join('、') },
              ]}
            />
          ) : null}
          <FormErrors errors={form.errors} />
          <Field label="自查领域（每行一个）">
            {(id) => <TextArea id={id} rows={5} value={text} onChange={setText} />}
          </Field>
          <Button disabled={form.busy} onClick={save}>
            {saveLabel(started.stale, '保存自查领域')}
          </Button>
        </>
      ) : null}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------- 自查情况

export const CELL_TEXT: Record<SelfcheckCell['state'], string> = {
  on_time: '按期',
  late: '逾期提交',
  pending: '待提交',
  overdue: '逾期未交',
  missing_registered: '已登记未自查',
};

function cellText(c: SelfcheckCell | undefined): string {
  if (!c) return '—';
  const base = c.submittedOn ? `${CELL_TEXT[c.state]} ${c.submittedOn.slice(5)}` : CELL_TEXT[c.state];
  return c.untrue ? `${base}（不实）` : base;
}

/** A cell's tooltip: the period, its deadline and how the institution stands against it. */
function cellTip(c: SelfcheckCell | undefined, label: string, deadline: string): string {
  if (!c) return '';
  const state =
    c.state === 'on_time'
      ? `${c.submittedOn} 提交，按期`
      : c.state === 'late'
        ? `${c.submittedOn} 提交，逾期`
        : c.state === 'overdue'
          ? '期限已过，未提交'
          : c.state === 'missing_registered'
            ? '期限已过，已登记未自查'
            : '待提交';
  return `${label}（期限 ${deadline}）：${state}${c.untrue ? '；经督导认定不实' : ''}`;
}

function GridPanel({ setup }: { setup: SelfcheckYear }) {
  const can = useCan();
  const grid = useQuery({
    queryKey: [...SELFCHECK_KEY, 'grid', setup.year],
    queryFn: () => api.invoke('selfcheck.grid', { year: setup.year }),
    enabled: setup.configured,
  });
  const summary = useQuery({
    queryKey: [...SELFCHECK_KEY, 'summary', setup.year],
    queryFn: () => api.invoke('selfcheck.summary', { year: setup.year }),
    enabled: setup.configured,
  });
  const [dialog, setDialog] = useState<'entry' | 'pledge' | 'workbook' | null>(null);
  const [selected, setSelected] = useState<SelfcheckGridRow | null>(null);
  const columns = useMemo<ColDef<SelfcheckGridRow>[]>(
    () => [
      { headerName: '机构', field: 'name', width: 200, pinned: 'left' },
      { headerName: '街道', field: 'street', width: 100 },
      ...(grid.data?.periods ?? []).map((p): ColDef<SelfcheckGridRow> => ({
        headerName: `${p.label.replace('日常自查', '日常')}（${p.deadline.slice(5)}）`,
        headerTooltip: `${p.label}，期限 ${p.deadline}`,
        wrapHeaderText: true,
        autoHeaderHeight: true,
        colId: p.key,
        width: 150,
        valueGetter: (r) => cellText(r.data?.cells[p.key]),
        tooltipValueGetter: (r) => cellTip(r.data?.cells[p.key], p.label, p.deadline),
        cellClass: (r) => `selfcheck-cell selfcheck-${r.data?.cells[p.key]?.state ?? 'none'}`,
      })),
      {
        headerName: `承诺书（${setup.pledgeDeadline.slice(5)}）`,
        headerTooltip: `依法执业承诺书，期限 ${setup.pledgeDeadline}`,
        wrapHeaderText: true,
        autoHeaderHeight: true,
        colId: 'pledge',
        width: 130,
        valueGetter: (r) =>
          r.data?.pledgeOn
            ? `已递交 ${r.data.pledgeOn.slice(5)}`
            : r.data?.pledgeOverdue
              ? '逾期未交'
              : '待递交',
      },
      { headerName: '发现问题', field: 'found', width: 95 },
      { headerName: '已整改', field: 'fixed', width: 90 },
    ],
    [grid.data, setup.pledgeDeadline],
  );
  if (!setup.configured) return null;
  const x = summary.data?.indicators;
  const pctText = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);
  return (
    <Page
      title={`${setup.year} 年依法执业自查情况`}
      subtitle={`范围内 ${setup.scopeCount} 家；全面自查期限 ${setup.fullDeadline}；日常自查${setup.routineRule}`}
      actions={
        <>
          {can('records.write') ? (
            <>
              <Button variant="primary" onClick={() => setDialog('entry')}>
                登记自查
              </Button>
              <Button onClick={() => setDialog('pledge')}>登记承诺书</Button>
            </>
          ) : null}
          {can('print') ? <Button onClick={() => setDialog('workbook')}>Excel 填报表</Button> : null}
        </>
      }
    >
      {x ? (
        <div className="selfcheck-indicators" role="group" aria-label="自查指标">
          <div>
            <b>{pctText(x.fullCoverage)}</b>全面自查覆盖率（{x.fullDone}/{x.scope}）
          </div>
          {x.quarters.map((q) => (
            <div key={q.quarter}>
              <b>{q.due ? pctText(q.rate) : '未到期'}</b>第{q.quarter}季度日常自查按时率
            </div>
          ))}
          <div>
            <b>{pctText(x.fixRate)}</b>问题整改率（{x.fixed}/{x.found}）
          </div>
          <div>
            <b>{pctText(x.pledgeRate)}</b>承诺书递交率（{x.pledges}/{x.scope}）
          </div>
        </div>
      ) : null}
      {grid.isError ? <Notice kind="error">{errorMessage(grid.error)}</Notice> : null}
      <DataGrid<SelfcheckGridRow>
        gridId="selfcheck-grid"
        rowData={grid.data?.rows ?? []}
        columnDefs={columns}
        getRowId={(r) => String(r.data.institutionId)}
        rowSelection={{ mode: 'singleRow', enableClickSelection: true, checkboxes: false }}
        onSelectionChanged={(e) => setSelected(e.api.getSelectedRows()[0] ?? null)}
      />
      {selected ? <InstitutionRecords year={setup.year} row={selected} /> : null}
      {dialog === 'entry' && grid.data ? (
        <EntryDialog setup={setup} rows={grid.data.rows} initial={selected} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'pledge' && grid.data ? (
        <PledgeDialog
          setup={setup}
          rows={grid.data.rows}
          initial={selected}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'workbook' ? <WorkbookDialog setup={setup} onClose={() => setDialog(null)} /> : null}
    </Page>
  );
}

/** The selected institution's submissions this year, with the self-inspection reports and its 承诺书 to open. */
function InstitutionRecords({ year, row }: { year: number; row: SelfcheckGridRow }) {
  const toast = useToast();
  const subs = useQuery({
    queryKey: [...SELFCHECK_KEY, 'submissions', year, row.institutionId],
    queryFn: () => api.invoke('selfcheck.submissions', { year, institutionId: row.institutionId }),
  });
  const open = async (args: Parameters<typeof api.invoke<'selfcheck.attachment'>>[1]) => {
    try {
      saveDownload(await api.invoke('selfcheck.attachment', args));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <section className="selfcheck-section" aria-label="机构自查记录">
      <h3>
        {row.name}：{year} 年自查记录
        {row.pledgeOn ? (
          <Button
            variant="link"
            onClick={() => void open({ kind: 'pledge', year, institutionId: row.institutionId })}
          >
            承诺书（{row.pledgeOn}）
          </Button>
        ) : null}
      </h3>
      <table className="table">
        <thead>
          <tr>
            <th>期间</th>
            <th>自查日期</th>
            <th>期限</th>
            <th>各领域发现/整改</th>
            <th>整改计划</th>
            <th>报告</th>
          </tr>
        </thead>
        <tbody>
          {(subs.data ?? []).map((s) => (
            <tr key={s.id} className={s.untrue ? 'row-error' : ''}>
              <td>
                {s.periodLabel}
                {s.untrue ? '（不实）' : ''}
              </td>
              <td>
                {s.submittedOn}
                {s.late ? '（逾期）' : ''}
              </td>
              <td className="selfcheck-date">{s.deadline}</td>
              <td>
                {s.areas
                  .filter((a) => a.found > 0)
                  .map((a) => `${a.area} ${a.found}/${a.fixed}`)
                  .join('，') || '未发现问题'}
              </td>
              <td>{s.rectifyPlan ? `${s.rectifyPlan}（${s.rectifyDue ?? ''}）` : '—'}</td>
              <td>
                {s.report ? (
                  <Button variant="link" onClick={() => void open({ kind: 'report', submissionId: s.id })}>
                    {s.report.name}
                  </Button>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------- 逾期

function OverduePanel({ year }: { year: number }) {
  const can = useCan();
  // Only a role that keeps records registers 未自查: the others read the list without the choice column.
  const writer = can('records.write');
  const toast = useToast();
  const form = useFormSubmit();
  const list = useQuery({
    queryKey: [...SELFCHECK_KEY, 'overdue', year],
    queryFn: () => api.invoke('selfcheck.overdue', { year }),
  });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const rows = list.data ?? [];
  const key = (o: { institutionId: number; periodKey: string }) => `${o.institutionId}:${o.periodKey}`;
  const register = () =>
    void form.submit(async () => {
      const items = rows
        .filter((o) => chosen.has(key(o)))
        .map((o) => ({ institutionId: o.institutionId, periodKey: o.periodKey }));
      const r = await api.invoke('selfcheck.registerMissing', { year, items });
      toast('success', `已登记 ${r.registered} 项未自查，记入信用台账第 ${r.seqs.join('、')} 条`);
      setChosen(new Set());
    });
  return (
    <Page
      title={`${year} 年逾期未自查与未递交承诺书`}
      subtitle={`期限已过仍未提交的机构。确认未自查的，${writer ? '勾选后“登记未自查”' : '由科员登记未自查'}：记入信用台账（依法执业自查结果“未按期自查”），计入信用等级。`}
      actions={
        writer ? (
          <Button variant="danger" disabled={form.busy || chosen.size === 0} onClick={register}>
            登记未自查（{chosen.size}）
          </Button>
        ) : null
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      {list.isError ? <Notice kind="error">{errorMessage(list.error)}</Notice> : null}
      <table className="table" aria-label="逾期名单">
        <thead>
          <tr>
            {writer ? <th>选择</th> : null}
            <th>机构</th>
            <th>街道</th>
            <th>事项</th>
            <th>期限</th>
            <th>逾期天数</th>
            <th>登记情况</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={key(o)}>
              {writer ? (
                <td>
                  {o.periodKey !== 'pledge' && o.registeredSeq === null ? (
                    <input
                      type="checkbox"
                      aria-label={`选择 ${o.name} ${o.label}`}
                      checked={chosen.has(key(o))}
                      onChange={(e) => {
                        const next = new Set(chosen);
                        if (e.target.checked) next.add(key(o));
                        else next.delete(key(o));
                        setChosen(next);
                      }}
                    />
                  ) : null}
                </td>
              ) : null}
              <td>{o.name}</td>
              <td>{o.street}</td>
              <td>{o.label}</td>
              <td className="selfcheck-date">{o.deadline}</td>
              <td>{o.daysLate} 天</td>
              <td>{o.registeredSeq !== null ? `已登记未自查（台账第 ${o.registeredSeq} 条）` : '—'}</td>
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={7} className="muted">
                没有逾期未提交的机构
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------- 结果公示

function PublicityPanel({ year }: { year: number }) {
  const can = useCan();
  const toast = useToast();
  const p = useQuery({
    queryKey: [...SELFCHECK_KEY, 'publicity', year],
    queryFn: () => api.invoke('selfcheck.publicity', { year }),
  });
  const exportXlsx = async () => {
    try {
      saveDownload(await api.invoke('selfcheck.publicityXlsx', { year }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <Page
      title={`${year} 年医疗机构依法执业自查结果公示`}
      subtitle="机构、自查期间、发现问题和整改情况，供院务公开和社会监督。"
      actions={
        can('print') ? (
          <>
            <Button onClick={() => void exportXlsx()}>导出 Excel</Button>
            <Button onClick={() => navigate(`/print/selfcheck-publicity?year=${year}`)}>打印公示</Button>
          </>
        ) : null
      }
    >
      {p.isError ? <Notice kind="error">{errorMessage(p.error)}</Notice> : null}
      <table className="table" aria-label="自查结果公示">
        <thead>
          <tr>
            <th>序号</th>
            <th>机构名称</th>
            <th>自查期间</th>
            <th>自查日期</th>
            <th>发现问题</th>
            <th>已整改</th>
            <th>整改中</th>
          </tr>
        </thead>
        <tbody>
          {(p.data?.rows ?? []).map((r) => (
            <tr key={r.no}>
              <td>{r.no}</td>
              <td>{r.institutionName}</td>
              <td>{r.periodLabel}</td>
              <td className="selfcheck-date">{r.submittedOn}</td>
              <td>{r.found}</td>
              <td>{r.fixed}</td>
              <td>{r.open}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
