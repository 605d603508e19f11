// Adjust one day: make it a holiday or a working day for this office, or undo the office's adjustment.
import { useState } from 'react';
import type { CalendarOverride } from '../../../../shared/contract';
import type { DayInfo } from '../../../../shared/dates';
import { formatDate } from '../../../../shared/format';
import { api } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { StaleComparison, saveLabel, useStartedFrom } from '../../ui/conflict';

type DayValues = { kind: 'holiday' | 'workday'; name: string; note: string } | null;
const dayValues = (o: CalendarOverride | null | undefined): DayValues =>
  o ? { kind: o.kind, name: o.name, note: o.note } : null;
const arrangement = (v: DayValues) => (v ? (v.kind === 'holiday' ? '放假' : '上班') : '（未调整）');

const KIND_LABEL = {
  workday: '工作日',
  weekend: '休息日',
  holiday: '法定节假日',
  makeup_workday: '调休上班日',
} as const;

export function DayDialog(props: {
  day: DayInfo;
  override: CalendarOverride | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const toast = useToast();
  const { day } = props;
  const [kind, setKind] = useState<'holiday' | 'workday'>(
    props.override?.kind ?? (day.working ? 'holiday' : 'workday'),
  );
  const [name, setName] = useState(props.override?.name ?? '');
  const [note, setNote] = useState(props.override?.note ?? '');
  const { errors, failure, submit } = useFormSubmit();
  // Saved against the day as this dialog was opened: another seat's change since is shown, not overwritten.
  const started = useStartedFrom(dayValues(props.override), (c) => dayValues(c as CalendarOverride | null));

  const save = () =>
    submit(async () => {
      await api
        .invoke('calendar.setOverride', { date: day.date, kind, name, note, expected: started.expected() })
        .catch(started.adopt);
      toast('success', `已将 ${day.date} 设为${kind === 'holiday' ? '放假' : '上班'}`);
      props.onSaved();
    });
  const remove = () =>
    submit(async () => {
      await api
        .invoke('calendar.removeOverride', { date: day.date, expected: started.expected() })
        .catch(started.adopt);
      toast('success', `已撤销 ${day.date} 的调整`);
      props.onSaved();
    });

  return (
    <Dialog
      title={`调整 ${formatDate(day.date)}`}
      onClose={props.onClose}
      footer={
        <>
          {props.override ? (
            <Button variant="danger" onClick={() => void remove()}>
              撤销本单位调整
            </Button>
          ) : null}
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" onClick={() => void save()}>
            {saveLabel(started.stale)}
          </Button>
        </>
      }
    >
      <p>
        当前：{KIND_LABEL[day.kind]}
        {day.name ? `（${day.name}）` : ''}
        {day.source === 'office' ? ' · 本单位调整' : day.source === 'builtin' ? ' · 国务院放假安排' : ''}
      </p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {started.stale ? (
        <StaleComparison
          stale={started.stale}
          fields={[
            {
              label: '本单位安排',
              mine: arrangement({ kind, name, note }),
              theirs: arrangement(started.expected()),
            },
            { label: '名称', mine: name, theirs: started.expected()?.name ?? '' },
            { label: '说明', mine: note, theirs: started.expected()?.note ?? '' },
          ]}
        />
      ) : null}
      <fieldset className="radio-row">
        <legend>本单位安排</legend>
        <label>
          <input type="radio" name="kind" checked={kind === 'holiday'} onChange={() => setKind('holiday')} />{' '}
          放假
        </label>
        <label>
          <input type="radio" name="kind" checked={kind === 'workday'} onChange={() => setKind('workday')} />{' '}
          上班
        </label>
      </fieldset>
      <Field label="名称" required hint="例如：国庆节、春节调休" error={errors.name}>
        {(id) => <TextInput id={id} value={name} onChange={setName} />}
      </Field>
      <Field label="说明" error={errors.note}>
        {(id) => <TextInput id={id} value={note} onChange={setNote} />}
      </Field>
    </Dialog>
  );
}
