// 确认处理: staff record what they did about a threshold warning (建议书 issued, 约谈 held, 校验 deferred, …).
import { useState } from 'react';
import type { CreditWarning } from '../../../../shared/contract';
import { api } from '../../api';
import { navigate } from '../../app/router';
import { Button, Dialog, Field, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';

export function WarningDialog(props: { warning: CreditWarning; subjectName: string; onClose: () => void }) {
  const toast = useToast();
  const form = useFormSubmit();
  const w = props.warning;
  const [actionTaken, setActionTaken] = useState('');
  const save = () =>
    void form.submit(async () => {
      await api.invoke('credit.acknowledgeWarning', { id: w.id, actionTaken });
      toast('success', `已确认处理 ${w.threshold} 分预警`);
      props.onClose();
    });
  return (
    <Dialog
      title={`确认处理：${props.subjectName} 记分达到 ${w.threshold} 分`}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button
            title="执业告诫谈话（沪府办规〔2020〕5号）：谈话记录记入信用台账，并作为本预警的处理措施"
            onClick={() => {
              props.onClose();
              navigate(`/selfcheck/talks?kind=${w.subjectKind}&id=${w.subjectId}&warning=${w.id}`);
            }}
          >
            安排告诫谈话
          </Button>
          <Button variant="primary" disabled={form.busy} onClick={save}>
            确认处理
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <dl className="kv">
        <dt>记分周期</dt>
        <dd>
          {w.cycleStart} 至 {w.cycleLastDay}
        </dd>
        <dt>触发</dt>
        <dd>
          第 {w.raisedBySeq} 条记录使本周期累计达到 {w.points} 分（阈值 {w.threshold} 分）
        </dd>
        <dt>应采取</dt>
        <dd>{w.actions.join('；')}</dd>
      </dl>
      <Field label="采取的措施" required error={form.errors.actionTaken} hint="写明做了什么、何时、文书文号">
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            value={actionTaken}
            onChange={(e) => setActionTaken(e.target.value)}
          />
        )}
      </Field>
    </Dialog>
  );
}
