// 业务规则: settings that change how deadlines are computed. Each shows its default and the rule it comes from.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  DAY_UNITS,
  DAY_UNIT_LABELS,
  PROVINCES,
  RULE_KINDS,
  RULE_KIND_LABELS,
  chosenPreset,
  complaintRuleText,
  isOwnProvince,
  presetById,
  presetStanding,
  presetsForProvince,
  presetsOf,
  publicationRuleText,
  referralRuleText,
  ruleCitation,
  startQuarterLabel,
  type DayUnit,
  type DeadlineRule,
  type Input,
  type Province,
  type RuleKind,
  type RulePreset,
} from '../../../../shared/contract';
import { beijingDate } from '../../../../shared/dates';
import { startQuarterChoices } from '../setup/StartFields';
import { ROLE_LABELS, roleCan } from '../../../../shared/domain/roles';
import { api } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Field, Notice, Page } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { StaleComparison, saveLabel, useStartedFrom, type ComparedField } from '../../ui/conflict';

type Saved = Awaited<ReturnType<typeof loadSettings>>;
type Deadline = Saved['checklistReportDeadline'];
const loadSettings = () => api.invoke('settings.get', {});

/** What this page saves: sent as `expected` with the values it started from (compare-and-set). */
const RULE_KEYS = [
  'startQuarter',
  'province',
  'rulePresets',
  'checklistReportDeadline',
  'referralReplyDays',
  'referralReplyUnit',
  'complaintFeedbackDays',
  'complaintFeedbackUnit',
  'inspectionPublicationDays',
  'inspectionPublicationUnit',
  'reminderHour',
  'inspectionReviewerIds',
] as const satisfies readonly (keyof Saved)[];
type RuleValues = Partial<Pick<Saved, (typeof RULE_KEYS)[number]>>;
const ruleValues = (s: unknown): RuleValues =>
  Object.fromEntries(RULE_KEYS.map((k) => [k, (s as Saved)[k]])) as RuleValues;

const daysText = (days: number | undefined, unit: DayUnit | undefined) =>
  days === undefined ? '' : `${days} ${unit ? DAY_UNIT_LABELS[unit] : ''}`;

/** The rules as the comparison after a refused save lists them (labels as on this page). */
function ruleRows(v: RuleValues, userName: (id: number) => string): Record<string, string> {
  const d = v.checklistReportDeadline;
  return {
    开始使用本系统的季度: v.startQuarter ? startQuarterLabel(v.startQuarter) : '',
    所在省份: v.province ?? '',
    规则来源: RULE_KINDS.map(
      (k) => `${RULE_KIND_LABELS[k]}：${chosenPreset(v.rulePresets, k).document}`,
    ).join('；'),
    工作清单进展报送期限: !d
      ? ''
      : d.rule === 'lastWorkingDay'
        ? '季度最后一个工作日'
        : `季度结束后第 ${d.days} 个工作日`,
    转报书面回复期限: daysText(v.referralReplyDays, v.referralReplyUnit),
    '12345 投诉反馈期限': daysText(v.complaintFeedbackDays, v.complaintFeedbackUnit),
    检查结果公示期限: daysText(v.inspectionPublicationDays, v.inspectionPublicationUnit),
    每日提醒时间: v.reminderHour === undefined ? '' : `${v.reminderHour} 时`,
    指定审核人: (v.inspectionReviewerIds ?? []).map(userName).join('、'),
  };
}

// The form is shown only once the saved rules have loaded and starts from them, so a late answer can never
// overwrite what the user has already chosen or typed.
export function RulesSettings() {
  const settings = useQuery({ queryKey: ['settings'], queryFn: loadSettings });
  if (settings.error)
    return <Notice kind="error">业务规则读取失败：{String((settings.error as Error).message)}</Notice>;
  if (!settings.data) return <Page title="业务规则">正在读取…</Page>;
  return <RulesForm settings={settings.data} />;
}

function RulesForm({ settings }: { settings: Saved }) {
  const saved: Deadline = settings.checklistReportDeadline;
  const toast = useToast();
  const [rule, setRule] = useState<Deadline['rule']>(saved.rule);
  const [days, setDays] = useState(saved.rule === 'workingDaysAfterQuarter' ? String(saved.days) : '5');
  const [referral, setReferral] = useState({
    days: String(settings.referralReplyDays),
    unit: settings.referralReplyUnit,
  });
  const [complaint, setComplaint] = useState({
    days: String(settings.complaintFeedbackDays),
    unit: settings.complaintFeedbackUnit,
  });
  const [publication, setPublication] = useState({
    days: String(settings.inspectionPublicationDays),
    unit: settings.inspectionPublicationUnit,
  });
  const [reminderHour, setReminderHour] = useState(String(settings.reminderHour));
  const [startQuarter, setStartQuarter] = useState(settings.startQuarter ?? '');
  const [province, setProvince] = useState<Province | ''>(settings.province ?? '');
  const [presets, setPresets] = useState(
    () =>
      Object.fromEntries(RULE_KINDS.map((k) => [k, chosenPreset(settings.rulePresets, k).id])) as Record<
        RuleKind,
        string
      >,
  );
  const preset = (k: RuleKind): RulePreset => presetById(presets[k])!;
  /** What records will cite for a rule with the presets and province chosen here. */
  const cite = (k: RuleKind) => ruleCitation({ province: province || null, rulePresets: presets }, k);
  /** Switching a rule's preset takes its values into the form (saved with 保存业务规则). */
  const applyPreset = (k: RuleKind, id: string) => {
    setPresets((prev) => ({ ...prev, [k]: id }));
    const d = presetById(id)?.deadline;
    if (!d) return;
    const v = { days: String(d.days), unit: d.unit };
    if (k === 'referralReply') setReferral(v);
    if (k === 'complaintFeedback') setComplaint(v);
    if (k === 'publication') setPublication(v);
  };
  const changeProvince = (p: Province) => {
    setProvince(p);
    const choice = presetsForProvince(p);
    for (const k of RULE_KINDS) applyPreset(k, choice[k]);
  };
  const today = beijingDate(new Date());
  const quarters = startQuarterChoices(today);
  const quarterCodes = [
    ...new Set([...quarters.codes, ...(settings.startQuarter ? [settings.startQuarter] : [])]),
  ].sort((a, b) => b.localeCompare(a));
  const [reviewerIds, setReviewerIds] = useState<number[]>(settings.inspectionReviewerIds);
  const can = useCan();
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => api.invoke('users.list', {}),
    enabled: can('users.manage'),
  });
  const { errors, failure, submit } = useFormSubmit();
  // Saved against the rules this page was opened with: another seat's newer save is shown, not overwritten.
  const started = useStartedFrom(ruleValues(settings), ruleValues);
  const values = (): Omit<Input<'settings.update'>, 'expected'> => ({
    ...(startQuarter ? { startQuarter } : {}),
    ...(province ? { province } : {}),
    rulePresets: presets,
    checklistReportDeadline: rule === 'lastWorkingDay' ? { rule } : { rule, days: Number(days) },
    referralReplyDays: Number(referral.days),
    referralReplyUnit: referral.unit,
    complaintFeedbackDays: Number(complaint.days),
    complaintFeedbackUnit: complaint.unit,
    inspectionPublicationDays: Number(publication.days),
    inspectionPublicationUnit: publication.unit,
    reminderHour: Number(reminderHour),
    ...(users.data ? { inspectionReviewerIds: reviewerIds } : {}),
  });
  const save = () =>
    submit(async () => {
      const after = await api
        .invoke('settings.update', { ...values(), expected: started.expected() })
        .catch(started.adopt);
      started.saved(ruleValues(after));
      toast('success', '业务规则已保存');
    });
  const userName = (id: number) => users.data?.find((u) => u.id === id)?.displayName ?? `用户 ${id}`;
  const compared = (): ComparedField[] => {
    const mine = ruleRows(values(), userName);
    const theirs = ruleRows(ruleValues(started.stale!.current), userName);
    return Object.keys(mine)
      .filter((label) => label !== '指定审核人' || users.data)
      .map((label) => ({ label, mine: mine[label]!, theirs: theirs[label]! }));
  };
  return (
    <Page title="业务规则" subtitle="期限按工作日历计算（法定节假日与调休）。">
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {started.stale ? <StaleComparison stale={started.stale} fields={compared()} /> : null}
      <fieldset className="choice-list" aria-label="使用起始与所在省份">
        <legend>使用起始与所在省份</legend>
        <Field
          label="开始使用本系统的季度"
          hint="此前的报告、进度和期限不计入待办，不显示逾期"
          error={errors.startQuarter}
        >
          {(id) => (
            <select
              id={id}
              className="input preset-select"
              value={startQuarter}
              onChange={(e) => setStartQuarter(e.target.value)}
            >
              {startQuarter === '' ? <option value="">未设置（所有期限均计入）</option> : null}
              {quarterCodes.map((c) => (
                <option key={c} value={c}>
                  {startQuarterLabel(c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="所在省份（自治区、直辖市）"
          hint="更换省份时，各项规则改为该省的规定（没有收录的参照其他省份），保存后生效"
          error={errors.province}
        >
          {(id) => (
            <select
              id={id}
              className="input preset-select"
              value={province}
              onChange={(e) => changeProvince(e.target.value as Province)}
            >
              {province === '' ? <option value="">未设置</option> : null}
              {PROVINCES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>
      <fieldset className="choice-list" aria-label="规则来源">
        <legend>规则来源</legend>
        <p className="muted">
          每项规则取自一份文件（预设）。本省没有收录的规定时参照其他省份，请确认或改为本单位执行的规定。
        </p>
        <div className="rule-presets">
          <ul>
            {RULE_KINDS.map((k) => {
              const p = preset(k);
              const own = isOwnProvince(p, province || null);
              return (
                <li key={k} className={own ? 'own' : 'reference'}>
                  <label htmlFor={`preset-${k}`} className="rule-kind">
                    {RULE_KIND_LABELS[k]}
                  </label>
                  <select
                    id={`preset-${k}`}
                    className="input preset-select"
                    value={presets[k]}
                    onChange={(e) => applyPreset(k, e.target.value)}
                  >
                    {presetsOf(k).map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.province}
                        {o.locality ?? ''} {o.document}
                      </option>
                    ))}
                  </select>
                  <div className={`preset-standing${own ? '' : ' reference'}`}>
                    {presetStanding(p, province || null)}
                  </div>
                  <div className="muted">
                    {p.provision} 本系统执行：{p.rule}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      </fieldset>
      <fieldset className="choice-list">
        <legend>任务清单季度进展填报截止</legend>
        <label>
          <input
            type="radio"
            name="deadline"
            checked={rule === 'lastWorkingDay'}
            onChange={() => setRule('lastWorkingDay')}
          />
          季度最后一个工作日（默认，与季度阶段性工作总结上报日一致）
        </label>
        <label>
          <input
            type="radio"
            name="deadline"
            checked={rule === 'workingDaysAfterQuarter'}
            onChange={() => setRule('workingDaysAfterQuarter')}
          />
          季度结束后第 N 个工作日
        </label>
      </fieldset>
      {rule === 'workingDaysAfterQuarter' ? (
        <Field label="N（工作日）" error={errors['checklistReportDeadline.days']}>
          {(id) => (
            <input
              id={id}
              className="input narrow-input"
              type="number"
              min={1}
              max={30}
              value={days}
              onChange={(e) => setDays(e.target.value)}
            />
          )}
        </Field>
      ) : null}
      <DeadlineRuleFields
        legend="转报书面回复期限"
        name="referral"
        label="收到转报后（天）"
        max={60}
        value={referral}
        onChange={setReferral}
        fallback={preset('referralReply').deadline!}
        source={presetSource(preset('referralReply'))}
        preview={(r) => referralRuleText(r, cite('referralReply'))}
        errors={{ days: errors.referralReplyDays, unit: errors.referralReplyUnit }}
      />
      <DeadlineRuleFields
        legend="12345 投诉反馈期限"
        name="complaint"
        label="办理结束后（天）"
        max={30}
        value={complaint}
        onChange={setComplaint}
        fallback={preset('complaintFeedback').deadline!}
        source={presetSource(preset('complaintFeedback'))}
        preview={(r) => complaintRuleText(r, cite('complaintFeedback'))}
        errors={{ days: errors.complaintFeedbackDays, unit: errors.complaintFeedbackUnit }}
      />
      <DeadlineRuleFields
        legend="双随机抽查结果公开期限"
        name="publication"
        label="批次检查结束后（天）"
        max={60}
        value={publication}
        onChange={setPublication}
        fallback={preset('publication').deadline!}
        source={presetSource(preset('publication'))}
        preview={(r) => publicationRuleText(r, cite('publication'))}
        errors={{ days: errors.inspectionPublicationDays, unit: errors.inspectionPublicationUnit }}
        note="修改后用于尚未登记公开的批次；已登记公开的批次保留登记时的截止日期和规则。"
      />
      {users.data ? (
        <fieldset className="choice-list" aria-label="双随机检查结果指定审核人">
          <legend>双随机检查结果指定审核人</legend>
          <p className="muted">
            检查结果公开前须经审核：局领导（领导角色）均可审核，此处可另行指定审核人；任何人都不能审核自己录入或修改的结果。
          </p>
          {users.data
            .filter((u) => u.active && u.role !== 'auditor' && !roleCan(u.role, 'approve'))
            .map((u) => (
              <label key={u.id}>
                <input
                  type="checkbox"
                  checked={reviewerIds.includes(u.id)}
                  onChange={(e) =>
                    setReviewerIds(
                      e.target.checked ? [...reviewerIds, u.id] : reviewerIds.filter((id) => id !== u.id),
                    )
                  }
                />
                {u.displayName}（{u.username}，{ROLE_LABELS[u.role]}）
              </label>
            ))}
          {errors.inspectionReviewerIds ? (
            <div className="field-error" role="alert">
              {errors.inspectionReviewerIds}
            </div>
          ) : null}
        </fieldset>
      ) : null}
      <Field label="每日待办提醒时间（点，0–23）" error={errors.reminderHour}>
        {(id) => (
          <input
            id={id}
            className="input narrow-input"
            type="number"
            min={0}
            max={23}
            value={reminderHour}
            onChange={(e) => setReminderHour(e.target.value)}
          />
        )}
      </Field>
      <p className="muted">登录时和每天到点时，工作台提醒已逾期和今日到期的事项；桌面版同时弹出系统通知。</p>
      <div className="form-actions left">
        <Button variant="primary" onClick={() => void save()}>
          {saveLabel(started.stale, '保存业务规则')}
        </Button>
      </div>
    </Page>
  );
}

const presetSource = (p: RulePreset) => `${p.province}${p.locality ?? ''} ${p.document} ${p.provision}`;

/** One deadline rule: how many days, calendar or working, its source, and the rule as records will show it. A
 *  changed rule applies to records made (or whose start date changes) from then on; each keeps the rule it got. */
function DeadlineRuleFields(props: {
  legend: string;
  name: string;
  label: string;
  max: number;
  value: { days: string; unit: DayUnit };
  onChange: (v: { days: string; unit: DayUnit }) => void;
  fallback: DeadlineRule;
  source: string;
  preview: (rule: DeadlineRule) => string;
  errors: { days: string | undefined; unit: string | undefined };
  note?: string;
}) {
  const days = Number(props.value.days);
  const valid = Number.isInteger(days) && days >= 1 && days <= props.max;
  return (
    <fieldset className="choice-list" aria-label={props.legend}>
      <legend>{props.legend}</legend>
      <p className="muted">依据：{props.source}</p>
      <Field
        label={props.label}
        hint={`所选规定为 ${props.fallback.days} 日（${DAY_UNIT_LABELS[props.fallback.unit]}）`}
        error={props.errors.days}
      >
        {(id) => (
          <input
            id={id}
            className="input narrow-input"
            type="number"
            min={1}
            max={props.max}
            value={props.value.days}
            onChange={(e) => props.onChange({ ...props.value, days: e.target.value })}
          />
        )}
      </Field>
      {DAY_UNITS.map((unit) => (
        <label key={unit}>
          <input
            type="radio"
            name={`${props.name}-unit`}
            checked={props.value.unit === unit}
            onChange={() => props.onChange({ ...props.value, unit })}
          />
          按{DAY_UNIT_LABELS[unit]}计算
          {unit === 'working' ? '（跳过法定节假日，调休上班日计入，按工作日历）' : ''}
          {unit === props.fallback.unit ? '（所选规定）' : ''}
        </label>
      ))}
      {props.errors.unit ? (
        <div className="field-error" role="alert">
          {props.errors.unit}
        </div>
      ) : null}
      <p>
        记录上显示为：
        {valid ? (
          <strong>{props.preview({ days, unit: props.value.unit })}</strong>
        ) : (
          <span className="muted">请填写 1–{props.max} 之间的整数</span>
        )}
      </p>
      <p className="muted">
        {props.note ?? '修改后只用于此后登记（或修改起算日期）的记录；已有记录保留登记时适用的期限和规则。'}
      </p>
    </fieldset>
  );
}
