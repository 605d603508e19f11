// 告诫谈话: the warning talks on record (print the 执业告诫谈话记录, download it as Word), and a new one — with an
// institution's principal or a practitioner, its reason linked to the record behind it. Opened from a points
// threshold warning (安排告诫谈话) the subject and the warning come filled in.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { TALK_REASON_KINDS, TALK_REASON_LABELS, type TalkReasonKind } from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Field, FormDialog, Notice, Page, TextInput } from '../../ui';
import { FormErrors, IdSelect, TextArea } from './form-parts';
import { PICKER_ROWS, usePractitionerChoices } from '../enforcement/practitioner-choices';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { SELFCHECK_KEY } from './SelfcheckPage';

export function TalksPanel({ query }: { query: URLSearchParams }) {
  const can = useCan();
  const toast = useToast();
  const talks = useQuery({
    queryKey: [...SELFCHECK_KEY, 'talks'],
    queryFn: () => api.invoke('selfcheck.talks', {}),
  });
  const fromWarning = query.get('warning');
  const [open, setOpen] = useState(Boolean(fromWarning) && can('records.write'));
  const word = async (id: number) => {
    try {
      saveDownload(await api.invoke('selfcheck.talkDocx', { id }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <Page
      title="执业告诫谈话"
      subtitle="对记分达到预警、检查发现问题、投诉查实或自查不实的机构负责人、医务人员进行告诫谈话；谈话记录记入信用台账。"
      actions={
        can('records.write') ? (
          <Button variant="primary" onClick={() => setOpen(true)}>
            登记告诫谈话
          </Button>
        ) : null
      }
    >
      {talks.isError ? <Notice kind="error">{errorMessage(talks.error)}</Notice> : null}
      <table className="table" aria-label="告诫谈话">
        <thead>
          <tr>
            <th>谈话日期</th>
            <th>谈话对象</th>
            <th>事由</th>
            <th>谈话人</th>
            <th>跟踪复查</th>
            <th>信用台账</th>
            <th>操作</th>
          </tr>
        </thead>
        <tbody>
          {(talks.data ?? []).map((t) => (
            <tr key={t.id}>
              <td className="selfcheck-date">{t.talkOn}</td>
              <td>{t.subjectName}</td>
              <td>
                {TALK_REASON_LABELS[t.reasonKind]}：{t.reasonText}
                {t.reasonRecord ? `（依据：${t.reasonRecord}）` : ''}
              </td>
              <td>{t.talkers}</td>
              <td className="selfcheck-date">{t.followUpOn ?? '—'}</td>
              <td>第 {t.creditSeq} 条</td>
              <td>
                <Button variant="link" onClick={() => navigate(`/print/warning-talk?id=${t.id}`)}>
                  打印
                </Button>
                <Button variant="link" onClick={() => void word(t.id)}>
                  Word
                </Button>
              </td>
            </tr>
          ))}
          {talks.data?.length === 0 ? (
            <tr>
              <td colSpan={7} className="muted">
                尚无告诫谈话记录
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {open ? (
        <TalkDialog
          initial={{
            kind: query.get('kind') === 'practitioner' ? 'practitioner' : 'institution',
            id: Number(query.get('id') ?? 0),
            warning: fromWarning ? Number(fromWarning) : null,
          }}
          onClose={() => {
            setOpen(false);
            if (fromWarning) navigate('/selfcheck/talks');
          }}
        />
      ) : null}
    </Page>
  );
}

/** The label of the record a reason names, per kind (the select is labelled so). */
const REASON_RECORD_LABEL: Record<Exclude<TalkReasonKind, 'other'>, string> = {
  warning: '记分预警',
  inspection: '所依据的检查记录',
  complaint: '所依据的查实投诉',
  selfcheck: '所依据的督导记录',
};

function TalkDialog(props: {
  initial: { kind: 'institution' | 'practitioner'; id: number; warning: number | null };
  onClose(): void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const [kind, setKind] = useState(props.initial.kind);
  const [subjectId, setSubjectId] = useState(props.initial.id);
  const [reasonKind, setReasonKind] = useState<TalkReasonKind>(
    props.initial.warning ? 'warning' : 'inspection',
  );
  const [reasonId, setReasonId] = useState<number>(props.initial.warning ?? 0);
  const [talkOn, setTalkOn] = useState(todayIso());
  const [place, setPlace] = useState('');
  const [talkers, setTalkers] = useState('');
  const [attendees, setAttendees] = useState('');
  const [reasonText, setReasonText] = useState('');
  const [content, setContent] = useState('');
  const [commitments, setCommitments] = useState('');
  const [followUpOn, setFollowUpOn] = useState('');
  const institutions = useQuery({
    queryKey: ['enforcement', 'institutions', 'all'],
    queryFn: () => api.invoke('institutions.list', { includeInactive: false }),
  });
  // Practitioners are found on the server as one types (a district has tens of thousands).
  const [search, setSearch] = useState('');
  const practitioners = usePractitionerChoices({
    search,
    includeInactive: false,
    selectedId: kind === 'practitioner' ? subjectId : null,
    enabled: kind === 'practitioner',
  });
  // The subject's records a reason can name: its warnings, inspections, complaints found true, 不实 督导.
  const reasons = useQuery({
    queryKey: [...SELFCHECK_KEY, 'talk-reasons', kind, subjectId],
    queryFn: () => api.invoke('selfcheck.talkReasons', { subjectKind: kind, subjectId }),
    enabled: subjectId > 0,
  });
  const save = () =>
    void form.submit(async () => {
      const r = await api.invoke('selfcheck.recordTalk', {
        subjectKind: kind,
        subjectId,
        talkOn,
        place,
        talkers,
        attendees,
        reasonKind,
        reasonId: reasonKind === 'other' ? null : reasonId || null,
        reasonText,
        content,
        commitments,
        followUpOn: followUpOn || null,
      });
      toast('success', `已登记告诫谈话第 ${r.talk.id} 号，记入信用台账第 ${r.entry.entry.seq} 条`);
      props.onClose();
    });
  const subjects =
    kind === 'institution'
      ? (institutions.data ?? []).map((i) => ({ id: i.id, label: i.name }))
      : practitioners.choices.map((p) => ({
          id: p.id,
          label: `${p.name}（${p.certificateNo}，${p.institutionName}）`,
        }));
  return (
    <FormDialog
      wide
      title="登记执业告诫谈话"
      onClose={props.onClose}
      onSave={save}
      busy={form.busy}
      failure={form.failure}
    >
      <FormErrors errors={form.errors} />
      <div className="selfcheck-form-row">
        <Field label="谈话对象类别" required>
          {(id) => (
            <select
              id={id}
              className="input"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as 'institution' | 'practitioner');
                setSubjectId(0);
                setReasonId(0);
              }}
            >
              <option value="institution">医疗机构（主要负责人）</option>
              <option value="practitioner">医务人员</option>
            </select>
          )}
        </Field>
        {kind === 'practitioner' ? (
          <Field label="查找医务人员" hint="姓名、证书编号或执业机构的一部分">
            {(id) => <TextInput id={id} value={search} onChange={setSearch} />}
          </Field>
        ) : null}
        <Field label="谈话对象" required>
          {(id) => (
            <IdSelect
              id={id}
              value={subjectId}
              placeholder={
                kind === 'practitioner' && practitioners.total !== null && practitioners.total > PICKER_ROWS
                  ? `请选择（共 ${practitioners.total} 人，显示前 ${PICKER_ROWS} 人，请输入查找内容）`
                  : '请选择'
              }
              options={subjects}
              onChange={(v) => {
                setSubjectId(v);
                setReasonId(0);
              }}
            />
          )}
        </Field>
        <Field label="谈话日期" required>
          {(id) => <TextInput id={id} type="date" value={talkOn} onChange={setTalkOn} />}
        </Field>
      </div>
      <div className="selfcheck-form-row">
        <Field label="谈话事由" required>
          {(id) => (
            <select
              id={id}
              className="input"
              value={reasonKind}
              onChange={(e) => {
                setReasonKind(e.target.value as TalkReasonKind);
                setReasonId(0);
              }}
            >
              {TALK_REASON_KINDS.map((k) => (
                <option key={k} value={k}>
                  {TALK_REASON_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {reasonKind !== 'other' ? (
          <Field
            label={REASON_RECORD_LABEL[reasonKind]}
            required={reasonKind === 'warning'}
            hint={
              subjectId > 0 && reasons.data && reasons.data[reasonKind].length === 0
                ? '该对象没有此类记录'
                : undefined
            }
          >
            {(id) => (
              <IdSelect
                id={id}
                value={reasonId}
                options={reasons.data?.[reasonKind] ?? []}
                onChange={setReasonId}
                {...(reasonKind === 'warning' ? {} : { noneLabel: '不关联记录' })}
              />
            )}
          </Field>
        ) : null}
        <Field label="事由说明" required>
          {(id) => (
            <TextInput
              id={id}
              value={reasonText}
              onChange={setReasonText}
              placeholder="如：本周期记分达到 12 分"
            />
          )}
        </Field>
      </div>
      <div className="selfcheck-form-row">
        <Field label="谈话地点" required>
          {(id) => <TextInput id={id} value={place} onChange={setPlace} />}
        </Field>
        <Field label="谈话人" required>
          {(id) => <TextInput id={id} value={talkers} onChange={setTalkers} />}
        </Field>
        <Field label="参加人员" required>
          {(id) => <TextInput id={id} value={attendees} onChange={setAttendees} />}
        </Field>
      </div>
      <Field label="谈话内容" required>
        {(id) => <TextArea id={id} rows={4} value={content} onChange={setContent} />}
      </Field>
      <Field label="整改承诺">
        {(id) => <TextArea id={id} value={commitments} onChange={setCommitments} />}
      </Field>
      <Field label="跟踪复查日期">
        {(id) => <TextInput id={id} type="date" value={followUpOn} onChange={setFollowUpOn} />}
      </Field>
    </FormDialog>
  );
}
