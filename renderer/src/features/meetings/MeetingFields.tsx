// The fields every meeting has, and the attending-department picker: used when creating a meeting or a
// series on the calendar and when editing one on its own page.
import { useQuery } from '@tanstack/react-query';
import { MEETING_TYPES, MEETING_TYPE_LABELS, type MeetingType } from '../../../../shared/contract';
import { api } from '../../api';
import { DateInput, Field, TextInput, TimeInput } from '../../ui';

export interface MeetingFormValues {
  type: MeetingType;
  title: string;
  date: string;
  startTime: string;
  durationMinutes: number;
  place: string;
  room: string;
  convener: string;
  chair: string;
  invitedLeaders: string;
  notes: string;
}

export interface DepartmentChoice {
  departmentId: number;
  role: 'attend' | 'observe';
  attendeeNames: string;
}

export const DEFAULT_TITLES: Record<MeetingType, string> = {
  regular: '医疗卫生行业综合监管联席会议',
  topic: '医疗卫生行业综合监管专题会商',
  emergency: '医疗卫生行业应急协同会议',
  enforcement: '医疗卫生行业联合执法部署会',
};

export function emptyMeeting(date: string, startTime = '09:00'): MeetingFormValues {
  return {
    type: 'regular',
    title: DEFAULT_TITLES.regular,
    date,
    startTime,
    durationMinutes: 120,
    place: '',
    room: '',
    convener: '',
    chair: '',
    invitedLeaders: '',
    notes: '',
  };
}

export function MeetingFields(props: {
  value: MeetingFormValues;
  onChange: (v: MeetingFormValues) => void;
  errors: Record<string, string>;
  /** A series sets its dates by rule: the date field is hidden. */
  withDate?: boolean;
}) {
  const v = props.value;
  const set = <K extends keyof MeetingFormValues>(k: K, x: MeetingFormValues[K]) =>
    props.onChange({ ...v, [k]: x });
  return (
    <div className="form-grid">
      <Field label="会议类型" required error={props.errors.type}>
        {(id) => (
          <select
            id={id}
            className="input"
            value={v.type}
            onChange={(e) => {
              const type = e.target.value as MeetingType;
              // A title still at its default follows the type.
              const title = Object.values(DEFAULT_TITLES).includes(v.title) ? DEFAULT_TITLES[type] : v.title;
              props.onChange({ ...v, type, title });
            }}
          >
            {MEETING_TYPES.map((t) => (
              <option key={t} value={t}>
                {MEETING_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="会议名称" required error={props.errors.title}>
        {(id) => <TextInput id={id} value={v.title} onChange={(x) => set('title', x)} />}
      </Field>
      {props.withDate !== false ? (
        <Field label="日期" required error={props.errors.date}>
          {(id) => <DateInput id={id} value={v.date} onChange={(picked) => set('date', picked)} />}
        </Field>
      ) : null}
      <Field label="开始时间" required error={props.errors.startTime}>
        {(id) => <TimeInput id={id} value={v.startTime} onChange={(picked) => set('startTime', picked)} />}
      </Field>
      <Field label="时长（分钟）" required error={props.errors.durationMinutes}>
        {(id) => (
          <input
            id={id}
            className="input"
            type="number"
            min={15}
            max={600}
            step={15}
            value={v.durationMinutes}
            onChange={(e) => set('durationMinutes', Number(e.target.value))}
          />
        )}
      </Field>
      <Field label="会议地点" error={props.errors.place} hint="完整地址，写入会议通知">
        {(id) => <TextInput id={id} value={v.place} onChange={(x) => set('place', x)} />}
      </Field>
      <Field label="会议室" error={props.errors.room}>
        {(id) => <TextInput id={id} value={v.room} onChange={(x) => set('room', x)} />}
      </Field>
      <Field label="召集单位" error={props.errors.convener} hint="不填则为本单位">
        {(id) => <TextInput id={id} value={v.convener} onChange={(x) => set('convener', x)} />}
      </Field>
      <Field label="主持人" error={props.errors.chair}>
        {(id) => <TextInput id={id} value={v.chair} onChange={(x) => set('chair', x)} />}
      </Field>
      <Field label="邀请领导" error={props.errors.invitedLeaders} hint="如：分管副区长">
        {(id) => <TextInput id={id} value={v.invitedLeaders} onChange={(x) => set('invitedLeaders', x)} />}
      </Field>
    </div>
  );
}

/** Member departments to invite: tick to invite, choose 出席 or 列席, and name the attendees where known. */
export function DepartmentPicker(props: {
  value: DepartmentChoice[];
  onChange: (v: DepartmentChoice[]) => void;
}) {
  const list = useQuery({
    queryKey: ['departments', 'list'],
    queryFn: () => api.invoke('departments.list', {}),
  });
  const chosen = new Map(props.value.map((d) => [d.departmentId, d]));
  const active = (list.data ?? []).filter((d) => d.active);
  const toggle = (id: number) =>
    props.onChange(
      chosen.has(id)
        ? props.value.filter((d) => d.departmentId !== id)
        : [...props.value, { departmentId: id, role: 'attend', attendeeNames: '' }],
    );
  const update = (id: number, patch: Partial<DepartmentChoice>) =>
    props.onChange(props.value.map((d) => (d.departmentId === id ? { ...d, ...patch } : d)));
  return (
    <fieldset className="dept-picker">
      <legend>
        参会单位（已选 {props.value.length} 个）
        <button
          type="button"
          className="btn btn-link"
          onClick={() =>
            props.onChange(
              active.map(
                (d) => chosen.get(d.id) ?? { departmentId: d.id, role: 'attend', attendeeNames: '' },
              ),
            )
          }
        >
          全选
        </button>
        <button type="button" className="btn btn-link" onClick={() => props.onChange([])}>
          清空
        </button>
      </legend>
      <div className="dept-picker-list">
        {active.map((d) => {
          const c = chosen.get(d.id);
          return (
            <div key={d.id} className={`dept-picker-row${c ? ' chosen' : ''}`}>
              <label className="check">
                <input type="checkbox" checked={Boolean(c)} onChange={() => toggle(d.id)} />
                {d.shortName}
              </label>
              {c ? (
                <>
                  <select
                    className="input input-compact"
                    aria-label={`${d.shortName}参会方式`}
                    value={c.role}
                    onChange={(e) => update(d.id, { role: e.target.value as 'attend' | 'observe' })}
                  >
                    <option value="attend">出席</option>
                    <option value="observe">列席</option>
                  </select>
                  <input
                    className="input input-compact"
                    aria-label={`${d.shortName}参会人员`}
                    placeholder="参会人员（可不填）"
                    value={c.attendeeNames}
                    onChange={(e) => update(d.id, { attendeeNames: e.target.value })}
                  />
                </>
              ) : null}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
