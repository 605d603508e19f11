// A complaint's two steps after it is registered: handling ends (办结: the date, the result, 查实 or not — the
// feedback due date shown as the date is typed, with its rule), and the feedback to 区卫生健康局 (its date and a
// note). A late feedback is said to be late before it is saved.
import { useState } from 'react';
import type { Complaint } from '../../../../shared/contract';
import { calendarDaysBetween, isIsoDate, todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { DeadlineText, useDeadlines } from './ReferralCommon';

function Summary({ complaint: c }: { complaint: Complaint }) {
  return (
    <dl className="kv">
      <dt>工单编号</dt>
      <dd>{c.ticketNo}</dd>
      <dt>投诉内容</dt>
      <dd>{c.content}</dd>
      <dt>承办单位</dt>
      <dd>
        {c.departmentName}（受理 {c.receivedOn}）
      </dd>
    </dl>
  );
}

/** What saving will do to the credit ledger (append-only: a 查实 is recorded once; a reversal is a 更正). */
function CreditNote(props: { complaint: Complaint; substantiated: boolean | null }) {
  const c = props.complaint;
  const inForce = c.creditSeq !== null && c.creditCorrectionSeq === null;
  const text =
    props.substantiated === null
      ? null
      : c.institutionId === null
        ? props.substantiated
          ? '未指明名录中的被投诉机构，查实也不记入信用台账。'
          : null
        : props.substantiated
          ? inForce
            ? `已记入${c.institutionName}的信用台账第 ${c.creditSeq} 条，不再重复记录。`
            : `保存后记入${c.institutionName}的信用台账（投诉查实）。`
          : inForce
            ? `信用台账第 ${c.creditSeq} 条（投诉查实）将由一条“更正”记录抵消；原记录保留。`
            : null;
  return text ? <p className="muted">{text}</p> : null;
}

export function ComplaintHandlingDialog(props: {
  complaint: Complaint;
  onClose: () => void;
  onSaved: (c: Complaint) => void;
}) {
  const c = props.complaint;
  const [handledOn, setHandledOn] = useState(c.handledOn ?? todayIso());
  const [result, setResult] = useState(c.handlingResult);
  const [substantiated, setSubstantiated] = useState<boolean | null>(c.substantiated);
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(c.version);
  const deadlines = useDeadlines({ complaintHandledOn: handledOn });
  const due =
    c.handledOn !== null && c.feedbackDue !== null && c.ruleText !== null && handledOn === c.handledOn
      ? { date: c.feedbackDue, rule: c.ruleText }
      : deadlines.data?.complaintFeedback.due
        ? { date: deadlines.data.complaintFeedback.due, rule: deadlines.data.complaintFeedback.text }
        : null;

  const save = () =>
    submit(async () => {
      props.onSaved(
        await api
          .invoke('complaints.closeHandling', {
            id: c.id,
            version: editVersion.current(),
            handledOn,
            handlingResult: result,
            // Not chosen yet: the dispatcher answers “请选择是否查实” on that field.
            ...(substantiated === null ? {} : { substantiated }),
          } as Parameters<typeof api.invoke<'complaints.closeHandling'>>[1])
          .catch(editVersion.adopt),
      );
    });

  return (
    <Dialog
      wide
      title={c.handledOn ? '修改办结情况' : '登记办结'}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            {saveLabel(editVersion.stale, '保存办结')}
          </Button>
        </>
      }
    >
      <Summary complaint={c} />
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <StaleNotice
        stale={editVersion.stale}
        labels={{ handledOn: '办结日期', result: '办理结果' }}
        mine={{ handledOn, result }}
        formOf={(x: Complaint) => ({ handledOn: x.handledOn ?? '', result: x.handlingResult })}
      />
      <Field label="办结日期" required error={errors.handledOn}>
        {(id) => <TextInput id={id} type="date" value={handledOn} onChange={setHandledOn} />}
      </Field>
      <Field label="办理结果" required error={errors.handlingResult}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={4}
            maxLength={2000}
            value={result}
            onChange={(e) => setResult(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="choice-list">
        <legend>
          是否查实<span className="required">*</span>
        </legend>
        <label>
          <input
            type="radio"
            name="substantiated"
            checked={substantiated === true}
            onChange={() => setSubstantiated(true)}
          />
          查实（计入该机构的信用记录）
        </label>
        <label>
          <input
            type="radio"
            name="substantiated"
            checked={substantiated === false}
            onChange={() => setSubstantiated(false)}
          />
          未查实
        </label>
        {errors.substantiated ? (
          <div className="field-error" role="alert">
            {errors.substantiated}
          </div>
        ) : null}
        <CreditNote complaint={c} substantiated={substantiated} />
      </fieldset>
      <p className="case-deadline" aria-label="反馈期限">
        反馈期限：
        {due ? (
          <DeadlineText due={due.date} rule={due.rule} />
        ) : (
          <span className="muted">填写办结日期后计算</span>
        )}
      </p>
    </Dialog>
  );
}

export function ComplaintFeedbackDialog(props: {
  complaint: Complaint;
  onClose: () => void;
  onSaved: (c: Complaint) => void;
}) {
  const c = props.complaint;
  const [feedbackOn, setFeedbackOn] = useState(c.feedbackOn ?? todayIso());
  const [note, setNote] = useState(c.feedbackNote);
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(c.version);
  const late = c.feedbackDue && isIsoDate(feedbackOn) ? calendarDaysBetween(c.feedbackDue, feedbackOn) : 0;

  const save = () =>
    submit(async () => {
      props.onSaved(
        await api
          .invoke('complaints.recordFeedback', {
            id: c.id,
            version: editVersion.current(),
            feedbackOn,
            feedbackNote: note,
          })
          .catch(editVersion.adopt),
      );
    });

  return (
    <Dialog
      title={c.feedbackOn ? '修改反馈情况' : '登记反馈'}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            {saveLabel(editVersion.stale, '保存反馈')}
          </Button>
        </>
      }
    >
      <Summary complaint={c} />
      <p className="case-deadline">
        {c.departmentName}于 {c.handledOn} 办结，反馈期限：
        {c.feedbackDue && c.ruleText ? <DeadlineText due={c.feedbackDue} rule={c.ruleText} /> : null}
      </p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <StaleNotice
        stale={editVersion.stale}
        labels={{ feedbackOn: '反馈日期', note: '反馈说明' }}
        mine={{ feedbackOn, note }}
        formOf={(x: Complaint) => ({ feedbackOn: x.feedbackOn ?? '', note: x.feedbackNote })}
      />
      {late > 0 ? <Notice kind="warning">反馈日期晚于反馈期限 {late} 日，将记为逾期反馈。</Notice> : null}
      <Field
        label="反馈日期"
        required
        hint="承办单位将处理结果反馈区卫生健康局的日期"
        error={errors.feedbackOn}
      >
        {(id) => <TextInput id={id} type="date" value={feedbackOn} onChange={setFeedbackOn} />}
      </Field>
      <Field label="反馈说明" hint="可不填" error={errors.feedbackNote}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={2}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
    </Dialog>
  );
}
