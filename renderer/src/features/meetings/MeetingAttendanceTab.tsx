// 出席情况, per invited department — 出席 (with names), 请假 (with the reason) or 委托 (with the delegate's
// name). 请假 and 委托 reported on the 回执 may be entered before the day; 出席 from the day on, and recording it
// marks the meeting 已召开.
import {
  ATTENDANCE,
  ATTENDANCE_LABELS,
  type Attendance,
  type MeetingDetail,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import type { OnSaved } from './MeetingPage';
import { useMeetingForm } from './meeting-form';
import { StaleComparison, saveLabel } from '../../ui/conflict';

interface Row {
  departmentId: number;
  attendance: Attendance | '';
  attendeeNames: string;
  leaveReason: string;
  delegateName: string;
}

const rowsOf = (m: MeetingDetail): Row[] =>
  m.departments.map((d) => ({
    departmentId: d.departmentId,
    attendance: d.attendance ?? '',
    attendeeNames: d.attendeeNames,
    leaveReason: d.leaveReason,
    delegateName: d.delegateName,
  }));

/** 出席：张三、李四 · 请假：外出培训 · 委托：王五 · 未登记 */
const describeRow = (r: Row): string =>
  r.attendance === ''
    ? '未登记'
    : `${ATTENDANCE_LABELS[r.attendance]}${
        r.attendance === 'present'
          ? r.attendeeNames && `：${r.attendeeNames}`
          : r.attendance === 'leave'
            ? `：${r.leaveReason}`
            : `：${r.delegateName}`
      }`;

export function MeetingAttendanceTab({ m, onSaved }: { m: MeetingDetail; onSaved: OnSaved }) {
  const can = useCan();
  const future = m.date > todayIso();
  const editable = can('meetings.write') && m.status !== 'cancelled';
  const f = useMeetingForm(m, rowsOf);
  const rows = f.form;
  const setRows = f.setForm;
  const { errors, failure, busy, submit } = useFormSubmit();
  const update = (i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const missing = rows.filter((r) => r.attendance === '').length;
  const save = () =>
    submit(async () => {
      try {
        const saved = await api.invoke('meetings.recordAttendance', {
          meetingId: m.id,
          version: f.version,
          rows: rows
            .filter((r) => r.attendance !== '')
            .map((r) => ({ ...r, attendance: r.attendance as Attendance })),
        });
        f.saved(saved.meeting);
        onSaved(saved, '出席情况已登记');
      } catch (e) {
        f.refused(e);
        throw e;
      }
    });
  const nameOf = (id: number) => m.departments.find((d) => d.departmentId === id)?.shortName ?? '';
  // Errors come back by row index among the rows sent (those with a choice).
  const sentIndex = (i: number) => rows.slice(0, i).filter((r) => r.attendance !== '').length;
  if (m.departments.length === 0)
    return <Notice kind="info">尚未选择参会单位，请先在“基本信息”中选择。</Notice>;
  return (
    <section className="card">
      {future ? (
        <Notice kind="info">
          会议定于 {m.date} 召开。会前可按回执登记请假或委托；出席情况自会议当天起登记。
        </Notice>
      ) : null}
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {f.stale && f.theirs ? (
        <StaleComparison
          stale={f.stale}
          fields={rowsOf(f.theirs).map((theirs) => {
            const mine = rows.find((r) => r.departmentId === theirs.departmentId);
            return {
              label: nameOf(theirs.departmentId),
              mine: mine ? describeRow(mine) : '',
              theirs: describeRow(theirs),
            };
          })}
        />
      ) : null}
      <table className="table" aria-label="出席情况">
        <thead>
          <tr>
            <th>单位</th>
            <th style={{ width: 70 }}>方式</th>
            <th style={{ width: 250 }}>出席情况</th>
            <th>出席人员 / 请假原因 / 受托人</th>
          </tr>
        </thead>
        <tbody>
          {m.departments.map((d, i) => {
            const r = rows[i]!;
            const k = sentIndex(i);
            return (
              <tr key={d.departmentId}>
                <td>{d.shortName}</td>
                <td>{d.role === 'observe' ? '列席' : '出席'}</td>
                <td>
                  <div className="radio-row" role="radiogroup" aria-label={`${d.shortName}出席情况`}>
                    {ATTENDANCE.map((a) => (
                      <label key={a} className="check">
                        <input
                          type="radio"
                          name={`att-${d.departmentId}`}
                          checked={r.attendance === a}
                          disabled={!editable || (future && a === 'present')}
                          onChange={() => update(i, { attendance: a })}
                        />
                        {ATTENDANCE_LABELS[a]}
                      </label>
                    ))}
                  </div>
                </td>
                <td>
                  {r.attendance === 'present' || r.attendance === '' ? (
                    <input
                      className="input"
                      aria-label={`${d.shortName}出席人员`}
                      placeholder="出席人员姓名"
                      value={r.attendeeNames}
                      disabled={!editable || future}
                      onChange={(e) => update(i, { attendeeNames: e.target.value })}
                    />
                  ) : null}
                  {r.attendance === 'leave' ? (
                    <input
                      className="input"
                      aria-label={`${d.shortName}请假原因`}
                      placeholder="请假原因（必填）"
                      value={r.leaveReason}
                      disabled={!editable}
                      onChange={(e) => update(i, { leaveReason: e.target.value })}
                    />
                  ) : null}
                  {r.attendance === 'delegate' ? (
                    <input
                      className="input"
                      aria-label={`${d.shortName}受托人`}
                      placeholder="受托人姓名（必填）"
                      value={r.delegateName}
                      disabled={!editable}
                      onChange={(e) => update(i, { delegateName: e.target.value })}
                    />
                  ) : null}
                  {errors[`rows.${k}.leaveReason`] ||
                  errors[`rows.${k}.delegateName`] ||
                  errors[`rows.${k}.attendance`] ? (
                    <div className="field-error" role="alert">
                      {errors[`rows.${k}.leaveReason`] ??
                        errors[`rows.${k}.delegateName`] ??
                        errors[`rows.${k}.attendance`]}
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {editable ? (
        <div className="form-actions left">
          <Button variant="primary" disabled={busy} onClick={() => void save()} shortcut="save">
            {saveLabel(f.stale, '保存出席情况')}
          </Button>
          {missing ? <span className="muted">还有 {missing} 个单位未登记</span> : null}
        </div>
      ) : null}
    </section>
  );
}
