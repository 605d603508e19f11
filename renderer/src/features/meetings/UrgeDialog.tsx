// 催办: the office urged the responsible departments of one or several decisions (the rows ticked in the 督办 list,
// or the one opened). One date, method and note for all; the server writes them in one transaction and refuses the
// whole batch, naming them, if any is already closed. Afterwards the 督办催办通知 of the same decisions is offered
// for printing (one notice, the decisions grouped by lead department).
import { useState } from 'react';
import {
  URGING_METHODS,
  URGING_METHOD_LABELS,
  type Decision,
  type UrgingMethod,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { navigate } from '../../app/router';
import { Button, Dialog, Field, FormDialog, KeySelect } from '../../ui';
import { DateInput } from '../../ui/DateInput';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { dueNote, leadOf, urgingSummary } from './DecisionText';

/** The print preview of the 督办催办通知 for these decisions, dated `on`. */
export function urgingNoticeRoute(ids: number[], on: string): string {
  return `/print/decision-urging?${new URLSearchParams({ ids: ids.join(','), on }).toString()}`;
}

export function UrgeDialog(props: {
  decisions: Decision[];
  onClose: () => void;
  /** After the 催办 is recorded, with the decisions as they now are. */
  onDone: (urged: Decision[]) => void;
}) {
  const toast = useToast();
  const [urgedOn, setUrgedOn] = useState(todayIso());
  const [method, setMethod] = useState<UrgingMethod>('written');
  const [note, setNote] = useState('');
  const [urged, setUrged] = useState<Decision[] | null>(null);
  const { errors, failure, busy, submit } = useFormSubmit();
  const many = props.decisions.length > 1;
  const save = () =>
    void submit(async () => {
      const done = many
        ? await api.invoke('decisions.urgeMany', {
            decisionIds: props.decisions.map((d) => d.id),
            urgedOn,
            method,
            note,
          })
        : [await api.invoke('decisions.urge', { decisionId: props.decisions[0]!.id, urgedOn, method, note })];
      toast('success', `已登记催办 ${done.length} 项`);
      setUrged(done);
      props.onDone(done);
    });

  if (urged)
    return (
      <Dialog
        title="催办已登记"
        onClose={props.onClose}
        footer={
          <>
            <Button onClick={props.onClose}>关闭</Button>
            <Button
              variant="primary"
              onClick={() => {
                props.onClose();
                navigate(
                  urgingNoticeRoute(
                    urged.map((d) => d.id),
                    urgedOn,
                  ),
                );
              }}
            >
              打印督办催办通知
            </Button>
          </>
        }
      >
        <p>
          已登记 {urged.length} 项议定事项的催办（{URGING_METHOD_LABELS[method]}，{urgedOn}
          ）。可打印一份督办催办通知， 按牵头单位列出所选事项的完成时限和逾期情况，送各责任单位。
        </p>
        <ol className="decision-batch-list" aria-label="已催办的议定事项">
          {urged.map((d) => (
            <li key={d.id}>
              {d.text.length > 50 ? `${d.text.slice(0, 50)}…` : d.text}
              <span className="muted">（{urgingSummary(d)}）</span>
            </li>
          ))}
        </ol>
      </Dialog>
    );

  return (
    <FormDialog
      title={many ? `批量催办：已选 ${props.decisions.length} 项` : '催办议定事项'}
      onClose={props.onClose}
      onSave={save}
      busy={busy}
      failure={failure}
      saveLabel={many ? '催办所选事项' : '登记催办'}
    >
      <ol className="decision-batch-list" aria-label="所选议定事项">
        {props.decisions.map((d) => {
          const due = dueNote(d);
          return (
            <li key={d.id}>
              {d.text.length > 60 ? `${d.text.slice(0, 60)}…` : d.text}
              <span className="muted">
                （{leadOf(d)}，{d.dueDate}
                {due ? `，${due.text}` : ''}，{urgingSummary(d)}）
              </span>
            </li>
          );
        })}
      </ol>
      <Field label="催办日期" error={errors.urgedOn}>
        {(id) => <DateInput id={id} value={urgedOn} max={todayIso()} onChange={setUrgedOn} />}
      </Field>
      <Field label="催办方式" error={errors.method}>
        {(id) => (
          <KeySelect
            id={id}
            value={method}
            options={URGING_METHODS}
            labels={URGING_METHOD_LABELS}
            onChange={setMethod}
          />
        )}
      </Field>
      <Field
        label="催办说明"
        error={errors.note}
        hint={many ? '可选；同一说明记入每一项，各项分别记入操作日志' : '可选'}
      >
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={2}
            value={note}
            placeholder="例如：电话联系牵头单位分管负责人，要求本周内反馈"
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
    </FormDialog>
  );
}
