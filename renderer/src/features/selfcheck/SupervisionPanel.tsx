// 督导检查: the 自查督导 inspections of the year, and a new one — an inspection record (team of at least two, the
// outcome) against a submitted self-inspection, with what the inspectors found per area: problems not reported,
// and problems reported fixed that were not. Either marks the self-inspection 不实 and enters the credit ledger.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  INSPECTION_OUTCOMES,
  INSPECTION_OUTCOME_LABELS,
  type InspectionOutcome,
  type SelfcheckYear,
  type SupervisionDraw,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api, errorMessage } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Field, FormDialog, Notice, Page, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { FormErrors, IdSelect, TextArea } from './form-parts';
import { SELFCHECK_KEY } from './SelfcheckPage';

export function SupervisionPanel({ year, setup }: { year: number; setup: SelfcheckYear }) {
  const can = useCan();
  const list = useQuery({
    queryKey: [...SELFCHECK_KEY, 'supervisions', year],
    queryFn: () => api.invoke('selfcheck.supervisions', { year }),
  });
  // The dialog, open for a chosen submission (0: the person picks it) — from 登记督导检查 or a drawn row.
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Page
      title={`${year} 年自查督导检查`}
      subtitle="抽取机构核查其自查情况：检查中发现未报告的问题，或报告已整改而实际未整改的，认定自查不实，记入信用台账。"
      actions={
        can('records.write') && setup.configured ? (
          <Button variant="primary" onClick={() => setOpen(0)}>
            登记督导检查
          </Button>
        ) : null
      }
    >
      {list.isError ? <Notice kind="error">{errorMessage(list.error)}</Notice> : null}
      <table className="table" aria-label="督导检查">
        <thead>
          <tr>
            <th>检查日期</th>
            <th>机构</th>
            <th>自查期间</th>
            <th>督导结论</th>
            <th>检查记录</th>
            <th>信用台账</th>
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((s) => (
            <tr key={s.id} className={s.untrue ? 'row-error' : ''}>
              <td className="selfcheck-date">{s.inspectedOn}</td>
              <td>{s.institutionName}</td>
              <td className="selfcheck-date">{s.periodLabel}</td>
              <td>{s.summary}</td>
              <td>第 {s.inspectionId} 号</td>
              <td>
                {[
                  s.inspectionSeq ? `检查结果第 ${s.inspectionSeq} 条` : '',
                  s.creditSeq ? `自查不实第 ${s.creditSeq} 条` : '',
                ]
                  .filter(Boolean)
                  .join('；')}
              </td>
            </tr>
          ))}
          {list.data?.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                尚无督导检查
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {can('records.write') && setup.configured ? (
        <DrawSection setup={setup} onRecord={(submissionId) => setOpen(submissionId)} />
      ) : null}
      {open !== null ? <SupervisionDialog year={year} initial={open} onClose={() => setOpen(null)} /> : null}
    </Page>
  );
}

/** 随机抽取督导对象: the period and how many; the drawn self-inspections, each with 登记督导 to record its check. */
function DrawSection({ setup, onRecord }: { setup: SelfcheckYear; onRecord(submissionId: number): void }) {
  const form = useFormSubmit();
  const [periodKey, setPeriodKey] = useState('full');
  const [count, setCount] = useState('3');
  const [draw, setDraw] = useState<SupervisionDraw | null>(null);
  const periods = [
    { key: 'full', label: '全面自查' },
    ...setup.routineDeadlines.map((d) => ({
      key: `Q${d.quarter}`,
      label: `第${'一二三四'[d.quarter - 1]}季度日常自查`,
    })),
    ...setup.campaigns.map((c) => ({ key: `C${c.id}`, label: `专项：${c.topic}` })),
  ];
  const run = () =>
    void form.submit(async () => {
      setDraw(
        await api.invoke('selfcheck.drawSupervision', {
          year: setup.year,
          periodKey,
          count: Number(count),
        }),
      );
    });
  return (
    <section className="selfcheck-section" aria-label="随机抽取督导对象">
      <h3>随机抽取督导对象</h3>
      <p className="muted">
        从该期间已提交、尚未督导的自查中随机抽取；抽取结果和随机种子记入操作日志，可复核。
      </p>
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <FormErrors errors={form.errors} />
      <div className="selfcheck-campaign-form">
        <Field label="自查期间">
          {(id) => (
            <select
              id={id}
              className="input"
              value={periodKey}
              onChange={(e) => setPeriodKey(e.target.value)}
            >
              {periods.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="抽取数量">
          {(id) => (
            <input
              id={id}
              className="input input-narrow"
              type="number"
              min={1}
              value={count}
              onChange={(e) => setCount(e.target.value)}
            />
          )}
        </Field>
        <Button disabled={form.busy} onClick={run}>
          随机抽取
        </Button>
      </div>
      {draw ? (
        <>
          <p>
            从 {draw.candidates.length} 家已提交且未督导的{draw.periodLabel}中抽取 {draw.drawn.length}{' '}
            家（随机种子 <code>{draw.seed.slice(0, 16)}…</code>）：
          </p>
          <table className="table" aria-label="抽取结果">
            <thead>
              <tr>
                <th>序号</th>
                <th>机构</th>
                <th>自查日期</th>
                <th>报告发现/已整改</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {draw.drawn.map((d, i) => (
                <tr key={d.submissionId}>
                  <td>{i + 1}</td>
                  <td>{d.institutionName}</td>
                  <td className="selfcheck-date">{d.submittedOn}</td>
                  <td>
                    {d.found} / {d.fixed}
                  </td>
                  <td>
                    <Button variant="link" onClick={() => onRecord(d.submissionId)}>
                      登记督导
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

function SupervisionDialog({ year, initial, onClose }: { year: number; initial: number; onClose(): void }) {
  const toast = useToast();
  const form = useFormSubmit();
  const subs = useQuery({
    queryKey: [...SELFCHECK_KEY, 'submissions', year],
    queryFn: () => api.invoke('selfcheck.submissions', { year }),
  });
  const inspectors = useQuery({
    queryKey: ['enforcement', 'inspectors', 'active'],
    queryFn: () => api.invoke('inspectors.list', { includeInactive: false }),
  });
  const [submissionId, setSubmissionId] = useState(initial);
  const [inspectedOn, setInspectedOn] = useState(todayIso());
  const [lead, setLead] = useState(0);
  const [member, setMember] = useState(0);
  const [outcome, setOutcome] = useState<InspectionOutcome>('qualified');
  const [rectifyDue, setRectifyDue] = useState('');
  const [findingsText, setFindingsText] = useState('');
  const [rows, setRows] = useState<
    Record<string, { notReported: string; fixedButNot: string; note: string }>
  >({});
  const submission = useMemo(
    () => subs.data?.find((s) => s.id === submissionId) ?? null,
    [subs.data, submissionId],
  );
  const set = (area: string, patch: Partial<{ notReported: string; fixedButNot: string; note: string }>) =>
    setRows((r) => ({
      ...r,
      [area]: { notReported: '0', fixedButNot: '0', note: '', ...r[area], ...patch },
    }));
  const save = () =>
    void form.submit(async () => {
      if (!submission) throw new Error('请选择要督导的自查');
      const r = await api.invoke('selfcheck.recordSupervision', {
        submissionId,
        inspection: {
          institutionId: submission.institutionId,
          inspectedOn,
          leadInspectorId: lead,
          memberIds: member ? [member] : [],
          items: ['依法执业自查督导'],
          findings: findingsText,
          outcome,
          rectifyDue: outcome === 'rectify' ? rectifyDue || null : null,
        },
        findings: submission.areas.map((a) => ({
          area: a.area,
          notReported: Number(rows[a.area]?.notReported || 0),
          fixedButNot: Number(rows[a.area]?.fixedButNot || 0),
          note: rows[a.area]?.note ?? '',
        })),
      });
      const tierChange =
        r.tierBefore !== r.tierAfter
          ? `；信用等级 ${r.tierBefore ?? '未评定'} → ${r.tierAfter ?? '未评定'}`
          : '';
      toast(
        r.supervision.untrue ? 'error' : 'success',
        r.supervision.untrue
          ? `认定自查不实，记入信用台账第 ${r.entry!.entry.seq} 条${tierChange}`
          : `督导检查已登记：自查情况属实${tierChange}`,
      );
      onClose();
    });
  const inspectorOptions = (inspectors.data ?? []).map((i) => ({
    id: i.id,
    label: `${i.name}（${i.departmentName}）`,
  }));
  return (
    <FormDialog
      wide
      title="登记自查督导检查"
      onClose={onClose}
      onSave={save}
      busy={form.busy}
      failure={form.failure}
    >
      <FormErrors errors={form.errors} />
      <Field label="督导的自查" required>
        {(id) => (
          <IdSelect
            id={id}
            value={submissionId}
            placeholder="请选择机构和自查期间"
            options={(subs.data ?? []).map((s) => ({
              id: s.id,
              label: `${s.institutionName} · ${s.periodLabel} · ${s.submittedOn}`,
            }))}
            onChange={setSubmissionId}
          />
        )}
      </Field>
      <div className="selfcheck-form-row">
        <Field label="检查日期" required>
          {(id) => <TextInput id={id} type="date" value={inspectedOn} onChange={setInspectedOn} />}
        </Field>
        <Field label="组长" required>
          {(id) => <IdSelect id={id} value={lead} options={inspectorOptions} onChange={setLead} />}
        </Field>
        <Field label="组员" required>
          {(id) => (
            <IdSelect
              id={id}
              value={member}
              options={inspectorOptions.filter((i) => i.id !== lead)}
              onChange={setMember}
            />
          )}
        </Field>
        <Field label="检查结果" required>
          {(id) => (
            <select
              id={id}
              className="input"
              value={outcome}
              onChange={(e) => setOutcome(e.target.value as InspectionOutcome)}
            >
              {INSPECTION_OUTCOMES.filter((o) => o === 'qualified' || o === 'rectify').map((o) => (
                <option key={o} value={o}>
                  {INSPECTION_OUTCOME_LABELS[o]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {outcome === 'rectify' ? (
          <Field label="整改期限" required>
            {(id) => <TextInput id={id} type="date" value={rectifyDue} onChange={setRectifyDue} />}
          </Field>
        ) : null}
      </div>
      <Field label="检查发现">
        {(id) => <TextArea id={id} value={findingsText} onChange={setFindingsText} />}
      </Field>
      {submission ? (
        <table className="table" aria-label="督导核查">
          <thead>
            <tr>
              <th>检查领域</th>
              <th>机构报告（发现/已整改）</th>
              <th>未报告的问题数</th>
              <th>报告已整改但未整改</th>
              <th>说明</th>
            </tr>
          </thead>
          <tbody>
            {submission.areas.map((a) => (
              <tr key={a.area}>
                <td>{a.area}</td>
                <td>
                  {a.found} / {a.fixed}
                </td>
                <td>
                  <input
                    aria-label={`${a.area}未报告的问题数`}
                    className="input input-narrow"
                    type="number"
                    min={0}
                    value={rows[a.area]?.notReported ?? '0'}
                    onChange={(e) => set(a.area, { notReported: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${a.area}报告已整改但未整改`}
                    className="input input-narrow"
                    type="number"
                    min={0}
                    value={rows[a.area]?.fixedButNot ?? '0'}
                    onChange={(e) => set(a.area, { fixedButNot: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${a.area}说明`}
                    className="input"
                    value={rows[a.area]?.note ?? ''}
                    onChange={(e) => set(a.area, { note: e.target.value })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </FormDialog>
  );
}
