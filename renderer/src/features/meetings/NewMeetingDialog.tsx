// 新建会议: one meeting with its attending departments. Opened from the calendar's button or by clicking a day
// (the date, and in the week view the time, come pre-filled). Says beforehand when the date is not a working
// day; the server's own warnings (room or chair already taken) come back with the saved meeting.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { MeetingSaved } from '../../../../shared/contract';
import { api } from '../../api';
import { Button, Dialog, Field, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { isIsoDateText, weekdayZh, zhDate } from './CalendarDates';
import {
  DepartmentPicker,
  MeetingFields,
  emptyMeeting,
  type DepartmentChoice,
  type MeetingFormValues,
} from './MeetingFields';

export function NewMeetingDialog(props: {
  date: string;
  startTime: string;
  onClose: () => void;
  onCreated: (saved: MeetingSaved) => void;
}) {
  const [values, setValues] = useState<MeetingFormValues>(() => emptyMeeting(props.date, props.startTime));
  const [departments, setDepartments] = useState<DepartmentChoice[]>([]);
  const { errors, failure, busy, submit } = useFormSubmit();

  const save = () =>
    submit(async () => {
      props.onCreated(await api.invoke('meetings.create', { ...values, departments }));
    });

  return (
    <Dialog
      wide
      title="新建会议"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            保存并打开
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <DayNotice date={values.date} />
      <MeetingFields value={values} onChange={setValues} errors={errors} />
      <Field label="备注" error={errors.notes}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={2}
            value={values.notes}
            onChange={(e) => setValues({ ...values, notes: e.target.value })}
          />
        )}
      </Field>
      <DepartmentPicker value={departments} onChange={setDepartments} />
      <OtherErrors errors={errors} prefix="departments" />
    </Dialog>
  );
}

/** Whether the chosen date is a working day, from the working-day calendar. */
function DayNotice({ date }: { date: string }) {
  const valid = isIsoDateText(date);
  const year = valid ? Number(date.slice(0, 4)) : 0;
  const cal = useQuery({
    queryKey: ['calendar', 'year', year],
    queryFn: () => api.invoke('calendar.year', { year }),
    enabled: valid && year >= 2000 && year <= 2100,
    staleTime: 60_000,
  });
  const info = cal.data?.days.find((d) => d.date === date);
  if (!info || info.working) return null;
  const what =
    info.kind === 'holiday'
      ? info.source === 'office'
        ? `本单位设定的休息日${info.name ? `（${info.name}）` : ''}`
        : `法定节假日${info.name ? `（${info.name}）` : ''}`
      : '周末';
  return (
    <Notice kind="warning">
      {zhDate(date)}（{weekdayZh(date)}）是{what}，不是工作日。仍可保存，会议页面会一直提示。
    </Notice>
  );
}

/** Errors on fields the form does not show one by one (e.g. a department row), listed together. */
export function OtherErrors({ errors, prefix }: { errors: Record<string, string>; prefix: string }) {
  const list = Object.entries(errors).filter(([k]) => k === prefix || k.startsWith(`${prefix}.`));
  if (list.length === 0) return null;
  return (
    <Notice kind="error">
      <ul>
        {list.map(([k, message]) => (
          <li key={k}>{message}</li>
        ))}
      </ul>
    </Notice>
  );
}
