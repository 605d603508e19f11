// 基本信息: the meeting's fields, who attends, and what the notice says about arriving, bringing and replying.
import { useState } from 'react';
import type { MeetingDetail } from '../../../../shared/contract';
import { api } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import {
  DepartmentPicker,
  MeetingFields,
  type DepartmentChoice,
  type MeetingFormValues,
} from './MeetingFields';
import type { OnSaved } from './MeetingPage';

export function MeetingInfoTab({ m, onSaved }: { m: MeetingDetail; onSaved: OnSaved }) {
  const can = useCan();
  const editable = can('meetings.write') && m.status !== 'cancelled';
  const [fields, setFields] = useState<MeetingFormValues>({
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
  const [departments, setDepartments] = useState<DepartmentChoice[]>(
    m.departments.map((d) => ({
      departmentId: d.departmentId,
      role: d.role,
      attendeeNames: d.attendeeNames,
    })),
  );
  const [notice, setNotice] = useState({
    checkInTime: m.checkInTime,
    whatToBring: m.whatToBring,
    rsvpDeadline: m.rsvpDeadline ?? '',
    contactPerson: m.contactPerson,
    contactPhone: m.contactPhone,
  });
  const { errors, failure, busy, submit } = useFormSubmit();
  const save = () =>
    submit(async () =>
      onSaved(
        await api.invoke('meetings.update', {
          id: m.id,
          updatedAt: m.updatedAt,
          ...fields,
          departments,
          ...notice,
          rsvpDeadline: notice.rsvpDeadline || null,
        }),
        '会议信息已保存',
      ),
    );
  const setN = (k: keyof typeof notice) => (v: string) => setNotice({ ...notice, [k]: v });
  return (
    <section className="card">
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <fieldset disabled={!editable} className="plain-fieldset">
        <MeetingFields value={fields} onChange={setFields} errors={errors} />
        <DepartmentPicker value={departments} onChange={setDepartments} />
        <h2 className="section-title">通知事项</h2>
        <div className="form-grid">
          <Field label="报到时间" error={errors.checkInTime} hint="如：8:40—9:00">
            {(id) => <TextInput id={id} value={notice.checkInTime} onChange={setN('checkInTime')} />}
          </Field>
          <Field label="回执截止日期" error={errors.rsvpDeadline}>
            {(id) => (
              <input
                id={id}
                className="input"
                type="date"
                value={notice.rsvpDeadline}
                onChange={(e) => setN('rsvpDeadline')(e.target.value)}
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
              onChange={(e) => setFields({ ...fields, notes: e.target.value })}
            />
          )}
        </Field>
      </fieldset>
      {editable ? (
        <div className="form-actions left">
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            保存会议信息
          </Button>
        </div>
      ) : null}
    </section>
  );
}
