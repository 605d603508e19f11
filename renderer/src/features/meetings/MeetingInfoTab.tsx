// 基本信息: the meeting's fields, who attends, and what the notice says about arriving, bringing and replying.
import { useEffect, useState } from 'react';
import { MEETING_TYPE_LABELS, type MeetingDetail } from '../../../../shared/contract';
import { staleDetails, type StaleDetails } from '../../../../shared/errors';
import { StaleComparison } from '../../ui/conflict';
import { api } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, DateInput, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useLeaveGuard } from '../../app/router';
import {
  DepartmentPicker,
  MeetingFields,
  type DepartmentChoice,
  type MeetingFormValues,
} from './MeetingFields';
import type { OnSaved } from './MeetingPage';

const fieldsOf = (m: MeetingDetail): MeetingFormValues => ({
  type: m.type,
  title: m.title,
  date: m.date,
  startTime: m.startTime,
  durationMinutes: m.durationMinutes,
  place: m.place,
  room: m.room,
  convener: m.convener,
  chair: m.chair,
  invitedLeaders: m.invitedLeaders,
  notes: m.notes,
});
const departmentsOf = (m: MeetingDetail): DepartmentChoice[] =>
  m.departments.map((d) => ({ departmentId: d.departmentId, role: d.role, attendeeNames: d.attendeeNames }));
const noticeOf = (m: MeetingDetail) => ({
  checkInTime: m.checkInTime,
  whatToBring: m.whatToBring,
  rsvpDeadline: m.rsvpDeadline ?? '',
  contactPerson: m.contactPerson,
  contactPhone: m.contactPhone,
});

/** The form starts from one version of the meeting (`base`) and saves against it. When someone else saves the
 *  meeting meanwhile (another window or seat: the page refreshes by itself), an untouched form follows; a form
 *  with typed changes keeps them, and its save is refused with who saved first — the two are shown side by side
 *  and a second save overwrites on purpose. */
export function MeetingInfoTab({ m, onSaved }: { m: MeetingDetail; onSaved: OnSaved }) {
  const can = useCan();
  const editable = can('meetings.write') && m.status !== 'cancelled';
  const [fields, setFields] = useState<MeetingFormValues>(() => fieldsOf(m));
  const [departments, setDepartments] = useState<DepartmentChoice[]>(() => departmentsOf(m));
  const [notice, setNotice] = useState(() => noticeOf(m));
  const [base, setBase] = useState({ version: m.version, updatedAt: m.updatedAt });
  const [dirty, setDirty] = useState(false);
  const [stale, setStale] = useState<StaleDetails | null>(null);
  const { errors, failure, busy, submit } = useFormSubmit();
  useLeaveGuard(dirty);
  useEffect(() => {
    // A newer version arrived (saved here or elsewhere): an untouched form shows it.
    if (dirty || m.version === base.version) return;
    setFields(fieldsOf(m));
    setDepartments(departmentsOf(m));
    setNotice(noticeOf(m));
    setBase({ version: m.version, updatedAt: m.updatedAt });
  }, [m, dirty, base.version]);
  const edited =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setDirty(true);
      set(v);
    };
  const save = () =>
    submit(async () => {
      try {
        const saved = await api.invoke('meetings.update', {
          id: m.id,
          updatedAt: base.updatedAt,
          version: base.version,
          ...fields,
          departments,
          ...notice,
          rsvpDeadline: notice.rsvpDeadline || null,
        });
        setStale(null);
        setDirty(false);
        setBase({ version: saved.meeting.version, updatedAt: saved.meeting.updatedAt });
        onSaved(saved, '会议信息已保存');
      } catch (e) {
        const s = staleDetails(e);
        if (s) {
          // Keep what was typed; the next save is made knowingly over the version now stored.
          setStale(s);
          const current = s.current as MeetingDetail | undefined;
          setBase({ version: s.version, updatedAt: current?.updatedAt ?? base.updatedAt });
        }
        throw e;
      }
    });
  const theirs = (stale?.current as MeetingDetail | undefined) ?? null;
  const setN = (k: keyof typeof notice) => (v: string) => edited(setNotice)({ ...notice, [k]: v });
  return (
    <section className="card">
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {stale && theirs ? (
        <StaleComparison
          stale={stale}
          fields={[
            {
              label: '会议类型',
              mine: MEETING_TYPE_LABELS[fields.type],
              theirs: MEETING_TYPE_LABELS[theirs.type],
            },
            { label: '会议名称', mine: fields.title, theirs: theirs.title },
            { label: '日期', mine: fields.date, theirs: theirs.date },
            { label: '开始时间', mine: fields.startTime, theirs: theirs.startTime },
            {
              label: '时长（分钟）',
              mine: String(fields.durationMinutes),
              theirs: String(theirs.durationMinutes),
            },
            { label: '会议地点', mine: fields.place, theirs: theirs.place },
            { label: '会议室', mine: fields.room, theirs: theirs.room },
            { label: '召集单位', mine: fields.convener, theirs: theirs.convener },
            { label: '主持人', mine: fields.chair, theirs: theirs.chair },
            { label: '邀请领导', mine: fields.invitedLeaders, theirs: theirs.invitedLeaders },
            { label: '备注', mine: fields.notes, theirs: theirs.notes },
            { label: '报到时间', mine: notice.checkInTime, theirs: theirs.checkInTime },
            { label: '联系人', mine: notice.contactPerson, theirs: theirs.contactPerson },
            { label: '联系电话', mine: notice.contactPhone, theirs: theirs.contactPhone },
            { label: '需携带材料', mine: notice.whatToBring, theirs: theirs.whatToBring },
          ]}
        />
      ) : null}
      <fieldset disabled={!editable} className="plain-fieldset">
        <MeetingFields value={fields} onChange={edited(setFields)} errors={errors} />
        <DepartmentPicker value={departments} onChange={edited(setDepartments)} />
        <h2 className="section-title">通知事项</h2>
        <div className="form-grid">
          <Field label="报到时间" error={errors.checkInTime} hint="如：8:40—9:00">
            {(id) => <TextInput id={id} value={notice.checkInTime} onChange={setN('checkInTime')} />}
          </Field>
          <Field label="回执截止日期" error={errors.rsvpDeadline}>
            {(id) => (
              <DateInput
                id={id}
                value={notice.rsvpDeadline}
                onChange={(picked) => setN('rsvpDeadline')(picked)}
              />
            )}
          </Field>
          <Field label="联系人" error={errors.contactPerson}>
            {(id) => <TextInput id={id} value={notice.contactPerson} onChange={setN('contactPerson')} />}
          </Field>
          <Field label="联系电话" error={errors.contactPhone}>
            {(id) => <TextInput id={id} value={notice.contactPhone} onChange={setN('contactPhone')} />}
          </Field>
        </div>
        <Field label="需携带材料" error={errors.whatToBring}>
          {(id) => (
            <textarea
              id={id}
              className="input"
              rows={2}
              value={notice.whatToBring}
              onChange={(e) => setN('whatToBring')(e.target.value)}
            />
          )}
        </Field>
        <Field label="备注" error={errors.notes}>
          {(id) => (
            <textarea
              id={id}
              className="input"
              rows={2}
              value={fields.notes}
              onChange={(e) => edited(setFields)({ ...fields, notes: e.target.value })}
            />
          )}
        </Field>
      </fieldset>
      {editable ? (
        <div className="form-actions left">
          <Button variant="primary" disabled={busy} onClick={() => void save()} shortcut="save">
            {stale ? '仍以我的内容保存' : '保存会议信息'}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
