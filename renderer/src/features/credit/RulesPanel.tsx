// 记分条目与规则: the behaviour catalogue (staff add, edit and retire items; recorded entries keep the wording and
// points they were recorded with), the demerit rule sets with their thresholds, and the credit-tier rule whose
// numbers an administrator may tune, with the institution 校验期 of 1 or 3 years.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import {
  CREDIT_SUBJECT_KIND_LABELS,
  type CreditBehaviour,
  type CreditRuleOptions,
  type CreditRules,
  type CreditRulesView,
  type CreditSubjectKind,
  type DemeritRuleSet,
  type TierRule,
} from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Dialog, Field, Notice, Page, TextInput } from '../../ui';
import { DataGrid } from '../../ui/grid';
import { useFormSubmit } from '../../ui/forms';
import { StaleComparison, StaleNotice, saveLabel, useEditVersion, useStartedFrom } from '../../ui/conflict';
import { useToast } from '../../ui/toast';
import { CREDIT_KEY } from './text';

const COMPARED = {
  kind: '适用主体',
  code: '条目编号',
  name: '行为描述',
  points: '分值',
  basis: '依据',
  active: '启用',
};
const compared = (b: CreditBehaviour) => ({
  kind: CREDIT_SUBJECT_KIND_LABELS[b.subjectKind],
  code: b.code,
  name: b.name,
  points: String(b.points),
  basis: b.basis,
  active: b.active,
});

function BehaviourDialog(props: {
  behaviour: CreditBehaviour | null;
  rules: CreditRules;
  onClose: () => void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const b = props.behaviour;
  const [kind, setKind] = useState<CreditSubjectKind>(b?.subjectKind ?? 'institution');
  const [code, setCode] = useState(b?.code ?? '');
  const [name, setName] = useState(b?.name ?? '');
  const [points, setPoints] = useState<number>(b?.points ?? props.rules[kind].pointValues[0]!);
  const [basis, setBasis] = useState(b?.basis ?? '');
  const [active, setActive] = useState(b?.active ?? true);
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(b?.version);
  const save = () =>
    void form.submit(async () => {
      const values = { subjectKind: kind, code, name, points, basis, active };
      const saved = b
        ? await api
            .invoke('credit.updateBehaviour', { ...values, id: b.id, version: editVersion.current() })
            .catch(editVersion.adopt)
        : await api.invoke('credit.createBehaviour', values);
      toast('success', `已保存记分条目 ${saved.code}`);
      props.onClose();
    });
  return (
    <Dialog
      title={b ? `编辑记分条目 ${b.code}` : '新增记分条目'}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={form.busy} onClick={save}>
            {saveLabel(editVersion.stale)}
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <StaleNotice
        stale={editVersion.stale}
        labels={COMPARED}
        mine={{ kind: CREDIT_SUBJECT_KIND_LABELS[kind], code, name, points: String(points), basis, active }}
        formOf={compared}
      />
      <div className="form-grid">
        <Field label="适用主体" required error={form.errors.subjectKind}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={kind}
              onChange={(e) => setKind(e.target.value as CreditSubjectKind)}
            >
              <option value="institution">{CREDIT_SUBJECT_KIND_LABELS.institution}</option>
              <option value="practitioner">{CREDIT_SUBJECT_KIND_LABELS.practitioner}</option>
            </select>
          )}
        </Field>
        <Field label="条目编号" required error={form.errors.code} hint="如 JG-06-03">
          {(id) => <TextInput id={id} value={code} onChange={setCode} />}
        </Field>
      </div>
      <Field label="行为描述" required error={form.errors.name}>
        {(id) => <TextInput id={id} value={name} onChange={setName} />}
      </Field>
      <div className="form-grid">
        <Field label="分值" required error={form.errors.points}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={points}
              onChange={(e) => setPoints(Number(e.target.value))}
            >
              {props.rules[kind].pointValues.map((v) => (
                <option key={v} value={v}>
                  {v} 分
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="依据" error={form.errors.basis}>
          {(id) => <TextInput id={id} value={basis} onChange={setBasis} />}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />{' '}
        启用（停用的条目不能再用于新的记分）
      </label>
      {b ? (
        <p className="muted">修改分值或描述不影响已登记的记录：台账中保留登记时的条目原文和分值。</p>
      ) : null}
    </Dialog>
  );
}

function RuleSetCard({ r }: { r: DemeritRuleSet }) {
  return (
    <section className="card-flat credit-card">
      <h2>{r.title}</h2>
      <p className="muted">{r.source}</p>
      <dl className="kv">
        <dt>分值</dt>
        <dd>{r.pointValues.join('、')} 分</dd>
        <dt>记分周期</dt>
        <dd>
          {r.cycle.type === 'verification'
            ? `校验期 ${r.cycle.years} 年：自最近一次校验通过之日起算，校验通过后重新起算；首次校验通过前按自然年计算`
            : `${r.cycle.years} 个自然年（自 ${r.cycle.anchorYear} 年起）`}
        </dd>
        <dt>记分通知书</dt>
        <dd>
          事实确认后 {r.noticeWorkingDays} 个工作日内送达；收到后 {r.statementWorkingDays}{' '}
          个工作日内可陈述申辩
        </dd>
      </dl>
      <table className="simple-table">
        <thead>
          <tr>
            <th>阈值</th>
            <th>措施</th>
            <th>等级最高</th>
          </tr>
        </thead>
        <tbody>
          {r.thresholds.map((t) => (
            <tr key={t.points}>
              <td>≥ {t.points} 分</td>
              <td>{t.actions.join('、')}</td>
              <td>{t.tierCap} 级</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type NumberPath =
  | ['start']
  | ['bands', keyof TierRule['bands']]
  | ['deductions', keyof TierRule['deductions']]
  | ['bonuses', keyof TierRule['bonuses']];

const TIER_FIELDS: { label: string; path: NumberPath }[] = [
  { label: '起始分', path: ['start'] },
  { label: 'A 级不低于', path: ['bands', 'A'] },
  { label: 'B 级不低于', path: ['bands', 'B'] },
  { label: 'C 级不低于', path: ['bands', 'C'] },
  { label: '行政处罚（一般）扣', path: ['deductions', 'penaltyGeneral'] },
  { label: '行政处罚（较重）扣', path: ['deductions', 'penaltySerious'] },
  { label: '投诉查实扣', path: ['deductions', 'complaint'] },
  { label: '检查责令整改扣', path: ['deductions', 'inspectionRectify'] },
  { label: '检查不合格扣', path: ['deductions', 'inspectionUnqualified'] },
  { label: '自查发现问题扣', path: ['deductions', 'selfInspectionIssues'] },
  { label: '未按期自查扣', path: ['deductions', 'selfInspectionMissing'] },
  { label: '自查不实扣', path: ['deductions', 'selfInspectionUntrue'] },
  { label: '暂缓校验扣', path: ['deductions', 'verificationDeferred'] },
  { label: '不予校验扣', path: ['deductions', 'verificationFailed'] },
  { label: '信用评价 B 级扣', path: ['deductions', 'evaluationB'] },
  { label: '信用评价 C 级扣', path: ['deductions', 'evaluationC'] },
  { label: '信用评价 D 级扣', path: ['deductions', 'evaluationD'] },
  { label: '本周期每记 1 分扣', path: ['deductions', 'perDemeritPoint'] },
  { label: '表彰奖励每次加', path: ['bonuses', 'commendation'] },
  { label: '表彰奖励加分上限', path: ['bonuses', 'commendationCap'] },
  { label: '信用修复每次加', path: ['bonuses', 'repair'] },
  { label: '信用修复加分上限', path: ['bonuses', 'repairCap'] },
];

function readNumber(t: TierRule, path: NumberPath): number {
  if (path[0] === 'start') return t.start;
  return (t[path[0]] as Record<string, number>)[path[1]]!;
}

function withNumber(t: TierRule, path: NumberPath, v: number): TierRule {
  if (path[0] === 'start') return { ...t, start: v };
  return { ...t, [path[0]]: { ...t[path[0]], [path[1]]: v } };
}

function RuleOptionsForm(props: { options: CreditRuleOptions }) {
  const toast = useToast();
  const can = useCan();
  const editable = can('settings.manage');
  const form = useFormSubmit();
  const [options, setOptions] = useState(props.options);
  // Saved against the rules this form was opened with: another seat's newer save is shown, not overwritten.
  const started = useStartedFrom(props.options, (c) => (c as CreditRulesView).options);
  const save = () =>
    void form.submit(async () => {
      const after = await api
        .invoke('credit.updateRules', { ...options, expected: started.expected() })
        .catch(started.adopt);
      started.saved(after.options);
      toast('success', '信用规则已保存，全部信用主体已重新计算');
    });
  const cycleText = (o: CreditRuleOptions) => `${o.institutionCycleYears} 年`;
  return (
    <section className="card-flat credit-card">
      <h2>信用等级规则</h2>
      <p className="muted">
        有信用记录的主体从起始分起算，按下列分值增减（0–起始分之间），按分数线定等级；本周期记分达到阈值时等级不高于该阈值的上限。
        被更正的记录不计入。{editable ? '' : '（仅管理员可修改）'}
      </p>
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      {started.stale ? (
        <StaleComparison
          stale={started.stale}
          fields={[
            { label: '医疗机构校验期', mine: cycleText(options), theirs: cycleText(started.expected()) },
            ...TIER_FIELDS.map((f) => ({
              label: f.label,
              mine: String(readNumber(options.tier, f.path)),
              theirs: String(readNumber(started.expected().tier, f.path)),
            })),
          ]}
        />
      ) : null}
      <Field label="医疗机构校验期" hint="3 年校验期的阈值为 36 / 54 / 72 分">
        {(id) => (
          <select
            id={id}
            className="input input-compact"
            disabled={!editable}
            value={options.institutionCycleYears}
            onChange={(e) =>
              setOptions({ ...options, institutionCycleYears: Number(e.target.value) === 3 ? 3 : 1 })
            }
          >
            <option value={1}>1 年（阈值 12 / 18 / 24 分）</option>
            <option value={3}>3 年（阈值 36 / 54 / 72 分）</option>
          </select>
        )}
      </Field>
      <div className="tier-rule-grid">
        {TIER_FIELDS.map((f) => (
          <label key={f.path.join('.')} className="tier-rule-field">
            <span>{f.label}</span>
            <input
              className="input input-compact"
              type="number"
              min={0}
              max={1000}
              disabled={!editable}
              value={readNumber(options.tier, f.path)}
              onChange={(e) =>
                setOptions({ ...options, tier: withNumber(options.tier, f.path, Number(e.target.value)) })
              }
            />
          </label>
        ))}
      </div>
      {editable ? (
        <div className="form-actions left">
          <Button variant="primary" disabled={form.busy} onClick={save}>
            {saveLabel(started.stale, '保存规则并重新计算')}
          </Button>
        </div>
      ) : null}
    </section>
  );
}

export function RulesPanel() {
  const can = useCan();
  const behaviours = useQuery({
    queryKey: [...CREDIT_KEY, 'behaviours', 'all'],
    queryFn: () => api.invoke('credit.behaviours', { includeInactive: true }),
  });
  const rules = useQuery({
    queryKey: [...CREDIT_KEY, 'rules'],
    queryFn: () => api.invoke('credit.rules', {}),
  });
  const [editing, setEditing] = useState<CreditBehaviour | 'new' | null>(null);
  const [selected, setSelected] = useState<CreditBehaviour | null>(null);
  const columns = useMemo<ColDef<CreditBehaviour>[]>(
    () => [
      {
        headerName: '适用主体',
        width: 110,
        valueGetter: (p) => (p.data ? CREDIT_SUBJECT_KIND_LABELS[p.data.subjectKind] : ''),
      },
      { headerName: '条目编号', field: 'code', width: 120 },
      { headerName: '不良执业行为', field: 'name', flex: 2, minWidth: 320, tooltipField: 'name' },
      { headerName: '分值', field: 'points', width: 80 },
      { headerName: '依据', field: 'basis', flex: 1, minWidth: 220, tooltipField: 'basis' },
      {
        headerName: '状态',
        width: 80,
        valueGetter: (p) => (p.data?.active ? '启用' : '停用'),
        cellClass: (p) => (p.value === '启用' ? '' : 'cell-inactive'),
      },
    ],
    [],
  );
  return (
    <Page
      title="记分条目与规则"
      subtitle={`不良执业行为记分条目库由本单位维护。${
        rules.data
          ? `记分规则：医疗机构${rules.data.rules.institution.source}，医务人员${rules.data.rules.practitioner.source}（可在“系统设置 → 业务规则”中更换）；`
          : ''
      }信用等级规则由管理员调整。`}
      actions={
        can('records.write') ? (
          <>
            <Button variant="primary" onClick={() => setEditing('new')} disabled={!rules.data}>
              新增条目
            </Button>
            <Button disabled={!selected || !rules.data} onClick={() => selected && setEditing(selected)}>
              编辑条目
            </Button>
          </>
        ) : null
      }
    >
      {behaviours.isError ? <Notice kind="error">{errorMessage(behaviours.error)}</Notice> : null}
      <DataGrid<CreditBehaviour>
        gridId="credit-behaviours"
        height={360}
        rowData={behaviours.data ?? []}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onSelectionChanged={(e) => setSelected(e.api.getSelectedRows()[0] ?? null)}
        onRowDoubleClicked={(e) => e.data && can('records.write') && rules.data && setEditing(e.data)}
        getRowClass={(p) => (p.data?.active ? '' : 'row-inactive')}
      />
      {rules.data ? (
        <div className="credit-summary credit-rules">
          <RuleSetCard r={rules.data.rules.institution} />
          <RuleSetCard r={rules.data.rules.practitioner} />
          <RuleOptionsForm key={JSON.stringify(rules.data.options)} options={rules.data.options} />
        </div>
      ) : null}
      {editing && rules.data ? (
        <BehaviourDialog
          behaviour={editing === 'new' ? null : editing}
          rules={rules.data.rules}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Page>
  );
}
