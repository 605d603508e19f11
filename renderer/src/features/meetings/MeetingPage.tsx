// One meeting's page: its header (number, time, place, status, warnings) and five tabs: 基本信息, 议程,
// 通知与文件, 出席情况, 会议纪要. Every tab saves through its own method and gets the whole meeting back.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  MEETING_STATUS_LABELS,
  MEETING_TYPE_COLORS,
  MEETING_TYPE_LABELS,
  type MeetingDetail,
  type MeetingSaved,
} from '../../../../shared/contract';
import { meetingHours, meetingWhere } from '../../../../shared/print/meetings';
import { weekdayZh } from '../../../../shared/dates';
import { formatDate } from '../../../../shared/format';
import { api, errorMessage } from '../../api';
import { navigate } from '../../app/router';
import { useCan } from '../../app/permissions';
import { Button, Dialog, Field, Notice, Tabs, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { MeetingInfoTab } from './MeetingInfoTab';
import { MeetingAgendaTab } from './MeetingAgendaTab';
import { MeetingDocumentsTab } from './MeetingDocumentsTab';
import { MeetingAttendanceTab } from './MeetingAttendanceTab';
import { MeetingMinutesTab } from './MeetingMinutesTab';
import './meeting.css';

export type OnSaved = (saved: MeetingSaved, message: string) => void;

const TABS = [
  { key: 'info', label: '基本信息' },
  { key: 'agenda', label: '议程' },
  { key: 'documents', label: '通知与文件' },
  { key: 'attendance', label: '出席情况' },
  { key: 'minutes', label: '会议纪要' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

export function MeetingPage({ id, tab }: { id: number; tab: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const meeting = useQuery({
    queryKey: ['meetings', 'detail', id],
    queryFn: () => api.invoke('meetings.get', { id }),
  });
  const onSaved: OnSaved = (saved, message) => {
    qc.setQueryData(['meetings', 'detail', id], saved.meeting);
    toast('success', message);
    for (const w of saved.warnings) toast('error', w.message);
  };
  if (meeting.isError) return <Notice kind="error">{errorMessage(meeting.error)}</Notice>;
  if (!meeting.data) return <p className="muted">正在读取会议…</p>;
  const m = meeting.data;
  const active: TabKey = TABS.some((t) => t.key === tab) ? (tab as TabKey) : 'info';
  return (
    <div className="meeting-page">
      <MeetingHeader m={m} onSaved={onSaved} />
      <Tabs tabs={[...TABS]} active={active} onChange={(k) => navigate(`/meetings/${id}/${k}`)} />
      {/* Each tab's form keeps what is typed when the meeting changes elsewhere and saves against the version it
          started from (基本信息 itself, the others through meeting-form.ts); an untouched form follows. */}
      {active === 'info' ? <MeetingInfoTab key={m.id} m={m} onSaved={onSaved} /> : null}
      {active === 'agenda' ? <MeetingAgendaTab key={m.id} m={m} onSaved={onSaved} /> : null}
      {active === 'documents' ? <MeetingDocumentsTab m={m} onSaved={onSaved} /> : null}
      {active === 'attendance' ? <MeetingAttendanceTab key={m.id} m={m} onSaved={onSaved} /> : null}
      {active === 'minutes' ? <MeetingMinutesTab key={m.id} m={m} onSaved={onSaved} /> : null}
    </div>
  );
}

function MeetingHeader({ m, onSaved }: { m: MeetingDetail; onSaved: OnSaved }) {
  const can = useCan();
  const [cancelling, setCancelling] = useState(false);
  return (
    <header className="meeting-header">
      <div>
        <Button variant="link" onClick={() => navigate('/meetings')}>
          ← 会议日历
        </Button>
        <h1>
          {m.title}
          {m.number ? (
            <span className="meeting-number">
              （{new Date(m.date).getFullYear()} 年第 {m.number} 次）
            </span>
          ) : null}
        </h1>
        <p className="meeting-meta">
          <span className="type-chip" style={{ background: MEETING_TYPE_COLORS[m.type] }}>
            {MEETING_TYPE_LABELS[m.type]}
          </span>
          <span className={`meeting-status status-${m.status}`}>{MEETING_STATUS_LABELS[m.status]}</span>
          <span>
            {formatDate(m.date)}（{weekdayZh(m.date)}）{meetingHours(m)}
          </span>
          {meetingWhere(m) ? <span>{meetingWhere(m)}</span> : null}
          {m.chair ? <span>主持：{m.chair}</span> : null}
          {m.docNumber ? <span>通知文号：{m.docNumber}</span> : null}
        </p>
        {m.seriesDescription ? (
          <p className="muted">
            系列会议：{m.seriesDescription}
            {m.originalDate && m.originalDate !== m.date ? `（本次原定 ${m.originalDate}）` : ''}
          </p>
        ) : null}
        {m.status === 'cancelled' ? <Notice kind="warning">本次会议已取消：{m.cancelReason}</Notice> : null}
        {m.warnings.map((w) => (
          <Notice key={w.kind + w.message} kind="warning">
            {w.message}
          </Notice>
        ))}
      </div>
      <div className="page-actions">
        {can('meetings.write') && m.status !== 'cancelled' && m.status !== 'held' ? (
          <Button variant="danger" onClick={() => setCancelling(true)}>
            取消会议
          </Button>
        ) : null}
      </div>
      {cancelling ? <CancelDialog m={m} onSaved={onSaved} onClose={() => setCancelling(false)} /> : null}
    </header>
  );
}

function CancelDialog({ m, onSaved, onClose }: { m: MeetingDetail; onSaved: OnSaved; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const { errors, failure, busy, submit } = useFormSubmit();
  const save = () =>
    submit(async () => {
      onSaved(await api.invoke('meetings.cancel', { id: m.id, reason }), '会议已取消');
      onClose();
    });
  return (
    <Dialog
      title="取消会议"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>返回</Button>
          <Button variant="danger" disabled={busy} onClick={() => void save()}>
            确认取消
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <p>
        取消 {m.date} {m.startTime}“{m.title}”。已导入日历的参会人员再次导入日历文件后，会显示为已取消。
      </p>
      <Field label="取消原因" required error={errors.reason}>
        {(id) => <TextInput id={id} value={reason} onChange={setReason} autoFocus />}
      </Field>
    </Dialog>
  );
}
