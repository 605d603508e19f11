// 更正: a new entry that references an earlier one and neutralises it (its points and its effect on the tier).
// The earlier entry stays in the chain, marked as corrected; a wrong fact is then recorded again, correctly.
import { useState } from 'react';
import { CREDIT_ENTRY_TYPE_LABELS, type CreditEntry } from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { recordedText } from './EntryDialog';

export function CorrectionDialog(props: { entry: CreditEntry; onClose: () => void }) {
  const toast = useToast();
  const form = useFormSubmit();
  const e = props.entry;
  const [factDate, setFactDate] = useState(todayIso());
  const [basis, setBasis] = useState('');
  const [reason, setReason] = useState('');
  const save = () =>
    void form.submit(async () => {
      const r = await api.invoke('credit.correct', { seq: e.seq, factDate, basis, reason });
      toast('success', recordedText(r));
      props.onClose();
    });
  return (
    <Dialog
      title={`更正第 ${e.seq} 条记录`}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="danger" disabled={form.busy} onClick={save}>
            登记更正
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <dl className="kv">
        <dt>原记录</dt>
        <dd>
          第 {e.seq} 条 · {e.factDate} · {CREDIT_ENTRY_TYPE_LABELS[e.type]}
          {e.points ? `（${e.behaviourCode} 记 ${e.points} 分）` : ''}
        </dd>
        {e.basis ? (
          <>
            <dt>依据文号</dt>
            <dd>{e.basis}</dd>
          </>
        ) : null}
        {e.text ? (
          <>
            <dt>事实摘要</dt>
            <dd>{e.text}</dd>
          </>
        ) : null}
      </dl>
      <Notice kind="warning">
        更正记录抵消原记录的分值及其对信用等级的影响；原记录仍保留在台账中并标明“已更正”。一条记录只能更正一次。
        如原记录内容有误，请在更正后重新登记正确的记录。
      </Notice>
      <div className="form-grid">
        <Field label="更正日期" required error={form.errors.factDate}>
          {(id) => <TextInput id={id} type="date" value={factDate} onChange={setFactDate} />}
        </Field>
        <Field label="依据文号" error={form.errors.basis} hint="如复议决定书、撤销决定的文号">
          {(id) => <TextInput id={id} value={basis} onChange={setBasis} />}
        </Field>
      </div>
      <Field label="更正理由" required error={form.errors.reason}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            value={reason}
            onChange={(ev) => setReason(ev.target.value)}
          />
        )}
      </Field>
    </Dialog>
  );
}
