// 新建系列会议: the recurrence rule (每周/每月/每季度/每年, which day of the period, what to do about holidays,
// start and end), the fields every occurrence starts with, and the attending departments. The dates are
// previewed live from the server (the same expansion the series is created with, against the office's
// working-day calendar), each one on a non-working day marked. Occurrences are written out as meetings that
// are then edited or moved one by one.
import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Input, SeriesCreated } from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { Button, DateInput, Dialog, Field, Notice } from '../../ui';
import { fieldErrors, useFormSubmit } from '../../ui/forms';
import { isIsoDateText, weekdayZh, zhDate } from './CalendarDates';
import {
  DepartmentPicker,
  MeetingFields,
  emptyMeeting,
  type DepartmentChoice,
  type MeetingFormValues,
} from './MeetingFields';
import { OtherErrors } from './NewMeetingDialog';

type Rule = Input<'meetings.previewSeries'>['rule'];
type Frequency = Rule['frequency'];
type Policy = Rule['workingDayOnly'];
type Ordinal = 1 | 2 | 3 | 4 | -1;
type Workday = 1 | 2 | 3 | 4 | 5;
type AnyWeekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

interface RuleForm {
  frequency: Frequency;
  interval: number;
  anchorKind: 'weekdayOrdinal' | 'dayOfMonth';
  ordinal: Ordinal;
  weekday: Workday;
  day: number;
  weeklyWeekday: AnyWeekday;
  monthOfQuarter: number;
  monthOfYear: number;
  policy: Policy;
  start: string;
  end: 'yearEnd' | 'until' | 'count';
  until: string;
  count: number;
}

const FREQUENCIES: { value: Frequency; label: string; unit: string }[] = [
  { value: 'weekly', label: '每周', unit: '周' },
  { value: 'monthly', label: '每月', unit: '个月' },
  { value: 'quarterly', label: '每季度', unit: '个季度' },
  { value: 'yearly', label: '每年', unit: '年' },
];
const ORDINALS: { value: Ordinal; label: string }[] = [
  { value: 1, label: '第一个' },
  { value: 2, label: '第二个' },
  { value: 3, label: '第三个' },
  { value: 4, label: '第四个' },
  { value: -1, label: '最后一个' },
];
const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const WEEKLY_ORDER: AnyWeekday[] = [1, 2, 3, 4, 5, 6, 0];

function effectivePolicy(f: RuleForm): Policy {
  const ordinal = f.frequency !== 'weekly' && f.anchorKind === 'weekdayOrdinal';
  return f.policy === 'firstWorkingWeekday' && !ordinal ? 'nextWorkingDay' : f.policy;
}

function toRule(f: RuleForm): Rule {
  const anchor: Rule['anchor'] =
    f.frequency === 'weekly'
      ? { kind: 'weekday', weekday: f.weeklyWeekday }
      : f.anchorKind === 'dayOfMonth'
        ? { kind: 'dayOfMonth', day: f.day }
        : { kind: 'weekdayOrdinal', weekday: f.weekday, ordinal: f.ordinal };
  return {
    frequency: f.frequency,
    interval: f.interval,
    anchor,
    ...(f.frequency === 'quarterly' ? { monthOfPeriod: f.monthOfQuarter } : {}),
    ...(f.frequency === 'yearly' ? { monthOfPeriod: f.monthOfYear } : {}),
    workingDayOnly: effectivePolicy(f),
    start: f.start,
    ...(f.end === 'until' ? { until: f.until } : {}),
    ...(f.end === 'count' ? { count: f.count } : {}),
  };
}

/** 自2026-01-01起，至2026-12-31止 / 共4次 */
function boundsText(f: RuleForm): string {
  if (!isIsoDateText(f.start)) return '';
  const parts = [`自${zhDate(f.start)}起`];
  if (f.end === 'yearEnd') parts.push(`至${f.start.slice(0, 4)}-12-31止`);
  if (f.end === 'until' && isIsoDateText(f.until)) parts.push(`至${zhDate(f.until)}止`);
  if (f.end === 'count') parts.push(`共${f.count}次`);
  return parts.join('，');
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function SeriesDialog(props: {
  initialStart: string;
  onClose: () => void;
  onCreated: (r: SeriesCreated) => void;
}) {
  const [form, setForm] = useState<RuleForm>(() => ({
    frequency: 'quarterly',
    interval: 1,
    anchorKind: 'weekdayOrdinal',
    ordinal: 1,
    weekday: 2,
    day: 1,
    weeklyWeekday: 1,
    monthOfQuarter: 1,
    monthOfYear: 1,
    policy: 'firstWorkingWeekday',
    start: props.initialStart,
    end: 'yearEnd',
    until: `${props.initialStart.slice(0, 4)}-12-31`,
    count: 4,
  }));
  const [values, setValues] = useState<MeetingFormValues>(() => emptyMeeting(props.initialStart));
  const [departments, setDepartments] = useState<DepartmentChoice[]>([]);
  const { errors, failure, busy, submit } = useFormSubmit();
  const set = <K extends keyof RuleForm>(k: K, v: RuleForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const rule = useMemo(() => toRule(form), [form]);
  // A series ending after N meetings runs past its first year: the preview must look that far too (the server
  // previews up to `until`, by default the end of the start year).
  const forPreview = useMemo(
    () =>
      form.end === 'count' && isIsoDateText(form.start)
        ? { ...rule, until: `${Number(form.start.slice(0, 4)) + 50}-12-31` }
        : rule,
    [rule, form.end, form.start],
  );
  const previewRule = useDebounced(forPreview, 250);
  const preview = useQuery({
    queryKey: ['meetings', 'previewSeries', previewRule],
    queryFn: () => api.invoke('meetings.previewSeries', { rule: previewRule }),
    enabled: isIsoDateText(previewRule.start),
    placeholderData: keepPreviousData,
    retry: false,
  });

  const meetingErrors = Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k.startsWith('meeting.'))
      .map(([k, v]) => [k.slice('meeting.'.length), v]),
  );
  const create = () =>
    submit(async () => {
      const { date: _date, ...meeting } = values;
      props.onCreated(await api.invoke('meetings.createSeries', { rule, meeting, departments }));
    });

  const freq = FREQUENCIES.find((x) => x.value === form.frequency)!;
  const weekly = form.frequency === 'weekly';
  const policy = effectivePolicy(form);
  const ordinalAnchor = !weekly && form.anchorKind === 'weekdayOrdinal';
  const data = preview.data;
  const problems = data?.problems ?? [];
  const previewFailure = preview.isError
    ? Object.values(fieldErrors(preview.error)).join('；') || errorMessage(preview.error)
    : '';
  const nonWorking = (data?.dates ?? []).filter((d) => d.warning).length;

  return (
    <Dialog
      wide
      title="新建系列会议"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button
            variant="primary"
            disabled={busy || problems.length > 0 || previewFailure !== ''}
            onClick={() => void create()}
          >
            生成系列会议
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <div className="series-top">
        <fieldset className="series-rule">
          <legend>重复规则</legend>
          <div className="series-grid">
            <Field label="重复频率" required>
              {(id) => (
                <select
                  id={id}
                  className="input"
                  value={form.frequency}
                  onChange={(e) => set('frequency', e.target.value as Frequency)}
                >
                  {FREQUENCIES.map((x) => (
                    <option key={x.value} value={x.value}>
                      {x.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              label="重复间隔"
              required
              hint={form.interval > 1 ? `每 ${form.interval} ${freq.unit}一次` : `每${freq.unit}一次`}
            >
              {(id) => (
                <input
                  id={id}
                  className="input"
                  type="number"
                  min={1}
                  max={12}
                  value={form.interval}
                  onChange={(e) => set('interval', Number(e.target.value))}
                />
              )}
            </Field>
            {form.frequency === 'quarterly' ? (
              <Field label="季度中的月份">
                {(id) => (
                  <select
                    id={id}
                    className="input"
                    value={form.monthOfQuarter}
                    onChange={(e) => set('monthOfQuarter', Number(e.target.value))}
                  >
                    <option value={1}>第一个月（1、4、7、10月）</option>
                    <option value={2}>第二个月（2、5、8、11月）</option>
                    <option value={3}>第三个月（3、6、9、12月）</option>
                  </select>
                )}
              </Field>
            ) : null}
            {form.frequency === 'yearly' ? (
              <Field label="月份">
                {(id) => (
                  <select
                    id={id}
                    className="input"
                    value={form.monthOfYear}
                    onChange={(e) => set('monthOfYear', Number(e.target.value))}
                  >
                    {Array.from({ length: 12 }, (_, i) => (
                      <option key={i} value={i + 1}>
                        {i + 1}月
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : null}
            {weekly ? (
              <Field label="星期" required>
                {(id) => (
                  <select
                    id={id}
                    className="input"
                    value={form.weeklyWeekday}
                    onChange={(e) => set('weeklyWeekday', Number(e.target.value) as AnyWeekday)}
                  >
                    {WEEKLY_ORDER.map((w) => (
                      <option key={w} value={w}>
                        {WEEKDAY_NAMES[w]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <>
                <Field label="日期规则" required>
                  {(id) => (
                    <select
                      id={id}
                      className="input"
                      value={form.anchorKind}
                      onChange={(e) => set('anchorKind', e.target.value as RuleForm['anchorKind'])}
                    >
                      <option value="weekdayOrdinal">第几个星期几</option>
                      <option value="dayOfMonth">每月几号</option>
                    </select>
                  )}
                </Field>
                {form.anchorKind === 'weekdayOrdinal' ? (
                  <>
                    <Field label="第几个" required>
                      {(id) => (
                        <select
                          id={id}
                          className="input"
                          value={form.ordinal}
                          onChange={(e) => set('ordinal', Number(e.target.value) as Ordinal)}
                        >
                          {ORDINALS.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <Field label="星期" required>
                      {(id) => (
                        <select
                          id={id}
                          className="input"
                          value={form.weekday}
                          onChange={(e) => set('weekday', Number(e.target.value) as Workday)}
                        >
                          {([1, 2, 3, 4, 5] as const).map((w) => (
                            <option key={w} value={w}>
                              {WEEKDAY_NAMES[w]}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                  </>
                ) : (
                  <Field label="几号" required hint="超过当月天数时取当月最后一天">
                    {(id) => (
                      <input
                        id={id}
                        className="input"
                        type="number"
                        min={1}
                        max={31}
                        value={form.day}
                        onChange={(e) => set('day', Number(e.target.value))}
                      />
                    )}
                  </Field>
                )}
              </>
            )}
          </div>
          <Field label="节假日处理" required>
            {(id) => (
              <select
                id={id}
                className="input"
                value={policy}
                onChange={(e) => set('policy', e.target.value as Policy)}
              >
                <option value="none">不调整（按规则日期，可能落在节假日或周末）</option>
                <option value="firstWorkingWeekday" disabled={!ordinalAnchor}>
                  只排在工作日的{ordinalAnchor ? WEEKDAY_NAMES[form.weekday] : '星期几'}（跳过节假日）
                </option>
                <option value="nextWorkingDay">遇节假日顺延至下一工作日</option>
                <option value="previousWorkingDay">遇节假日提前至上一工作日</option>
              </select>
            )}
          </Field>
          <div className="series-grid">
            <Field label="开始日期" required error={errors['rule.start']}>
              {(id) => <DateInput id={id} value={form.start} onChange={(picked) => set('start', picked)} />}
            </Field>
            <fieldset className="series-end">
              <legend>结束</legend>
              <label className="series-end-option">
                <input
                  type="radio"
                  name="series-end"
                  checked={form.end === 'yearEnd'}
                  onChange={() => set('end', 'yearEnd')}
                />
                至开始当年年底
              </label>
              <label className="series-end-option">
                <input
                  type="radio"
                  name="series-end"
                  checked={form.end === 'until'}
                  onChange={() => set('end', 'until')}
                />
                截止到
                <DateInput
                  className="input-compact"
                  aria-label="截止日期"
                  value={form.until}
                  onFocus={() => set('end', 'until')}
                  onChange={(picked) => setForm((f) => ({ ...f, end: 'until', until: picked }))}
                />
              </label>
              <label className="series-end-option">
                <input
                  type="radio"
                  name="series-end"
                  checked={form.end === 'count'}
                  onChange={() => set('end', 'count')}
                />
                共
                <input
                  className="input input-compact series-count"
                  type="number"
                  min={1}
                  max={200}
                  aria-label="次数"
                  value={form.count}
                  onFocus={() => set('end', 'count')}
                  onChange={(e) => setForm((f) => ({ ...f, end: 'count', count: Number(e.target.value) }))}
                />
                次
              </label>
            </fieldset>
          </div>
          <OtherErrors errors={errors} prefix="rule" />
        </fieldset>

        <aside className="series-preview" aria-label="日期预览">
          <h3>日期预览</h3>
          {!isIsoDateText(form.start) ? <p className="muted">请先填写开始日期。</p> : null}
          {previewFailure ? <Notice kind="error">{previewFailure}</Notice> : null}
          {problems.length > 0 ? (
            <Notice kind="error" title="规则有问题">
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </Notice>
          ) : null}
          {data && data.description ? (
            <>
              <p className="series-desc">{data.description}</p>
              <p className="series-bounds">
                {boundsText(form)}
                {data.dates.length > 0 ? `；预览 ${data.dates.length} 次` : ''}
              </p>
              {nonWorking > 0 ? (
                <Notice kind="warning">
                  其中 {nonWorking} 次不在工作日（下方标 ⚠ 的日期）。生成后可拖动调整，或改选节假日处理方式。
                </Notice>
              ) : null}
              <ol className="series-dates" aria-label="会议日期">
                {data.dates.map((d) => (
                  <li key={d.date} className={d.warning ? 'series-date-warn' : undefined}>
                    <span className="series-date">
                      {zhDate(d.date)} {weekdayZh(d.date)}
                    </span>
                    {d.warning ? (
                      <span className="series-warning">
                        <span aria-hidden="true">⚠ </span>
                        {d.warning}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </aside>
      </div>

      <h3 className="series-section">每次会议的信息</h3>
      <MeetingFields value={values} onChange={setValues} errors={meetingErrors} withDate={false} />
      <DepartmentPicker value={departments} onChange={setDepartments} />
      <OtherErrors errors={errors} prefix="departments" />
    </Dialog>
  );
}
