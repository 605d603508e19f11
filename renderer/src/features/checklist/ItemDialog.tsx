// Add or edit a task: its text, remark, the lead unit (牵头) and the participating units (参与), in order;
// or retire it (its reported progress is kept).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ChecklistItem } from '../../../../shared/contract';
import { api } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { useToast } from '../../ui/toast';

const COMPARED = {
  code: '序号',
  remark: '备注',
  title: '任务名称',
  text: '任务内容',
  lead: '牵头单位',
  participants: '参与单位',
};
const compared = (it: ChecklistItem) => ({
  code: it.code,
  remark: it.remark,
  title: it.title,
  text: it.text,
  lead: it.units.find((u) => u.role === 'lead')?.shortName ?? '',
  participants: it.units.filter((u) => u.role === 'participant').map((u) => u.shortName),
});

export function ItemDialog(props: {
  checklistId: number;
  /** All items in their current order: the dialog can move this one. */
  order: number[];
  item: ChecklistItem | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const toast = useToast();
  const it = props.item;
  const departments = useQuery({
    queryKey: ['departments', 'list'],
    queryFn: () => api.invoke('departments.list', { includeInactive: true }),
  });
  const [code, setCode] = useState(it?.code ?? '');
  const [title, setTitle] = useState(it?.title ?? '');
  const [text, setText] = useState(it?.text ?? '');
  const [remark, setRemark] = useState(it?.remark ?? '持续推进');
  const [lead, setLead] = useState<number | null>(
    it?.units.find((u) => u.role === 'lead')?.departmentId ?? null,
  );
  const [participants, setParticipants] = useState<number[]>(
    it?.units.filter((u) => u.role === 'participant').map((u) => u.departmentId) ?? [],
  );
  const [position, setPosition] = useState(it ? props.order.indexOf(it.id) + 1 : props.order.length + 1);
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(it?.version);
  const deptName = (id: number) => (departments.data ?? []).find((d) => d.id === id)?.shortName ?? '';

  const units = [
    ...(lead ? [{ departmentId: lead, role: 'lead' as const }] : []),
    ...participants
      .filter((p) => p !== lead)
      .map((departmentId) => ({ departmentId, role: 'participant' as const })),
  ];
  const save = () =>
    submit(async () => {
      const fields = { code, title, text, remark, units };
      const id = it
        ? (
            await api
              .invoke('checklist.updateItem', { ...fields, itemId: it.id, version: editVersion.current() })
              .catch(editVersion.adopt)
          ).id
        : (await api.invoke('checklist.addItem', { ...fields, checklistId: props.checklistId })).id;
      const current = it ? props.order : [...props.order, id];
      if (current.indexOf(id) !== position - 1) {
        const itemIds = current.filter((x) => x !== id);
        itemIds.splice(position - 1, 0, id);
        await api.invoke('checklist.reorder', { checklistId: props.checklistId, itemIds });
      }
      toast('success', `已保存任务“${title}”`);
      props.onSaved();
    });
  const retire = () =>
    submit(async () => {
      await api.invoke('checklist.setRetired', { itemId: it!.id, retired: !it!.retired });
      toast('success', it!.retired ? '已恢复该任务' : '已停用该任务，已填报的进展保留');
      props.onSaved();
    });

  return (
    <Dialog
      wide
      title={it ? `编辑任务：${it.title}` : '新增任务'}
      onClose={props.onClose}
      footer={
        <>
          {it ? (
            <Button variant="danger" onClick={() => void retire()}>
              {it.retired ? '恢复任务' : '停用任务'}
            </Button>
          ) : null}
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            {saveLabel(editVersion.stale)}
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <StaleNotice
        stale={editVersion.stale}
        labels={COMPARED}
        mine={{
          code,
          remark,
          title,
          text,
          lead: lead ? deptName(lead) : '',
          participants: participants.filter((p) => p !== lead).map(deptName),
        }}
        formOf={compared}
      />
      <div className="form-grid">
        <Field label="排列位置" hint="在清单中的第几项">
          {(id) => (
            <select
              id={id}
              className="input"
              value={position}
              onChange={(e) => setPosition(Number(e.target.value))}
            >
              {Array.from({ length: props.order.length + (it ? 0 : 1) }, (_, i) => (
                <option key={i} value={i + 1}>
                  第 {i + 1} 项
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="序号" error={errors.code}>
          {(id) => <TextInput id={id} value={code} onChange={setCode} />}
        </Field>
        <Field label="备注" hint="如：持续推进；协商每年不少于1次" error={errors.remark}>
          {(id) => <TextInput id={id} value={remark} onChange={setRemark} />}
        </Field>
      </div>
      <Field label="任务名称" required error={errors.title}>
        {(id) => <TextInput id={id} value={title} onChange={setTitle} />}
      </Field>
      <Field label="任务内容" error={errors.text}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <Field label="牵头单位" required error={errors.units}>
        {(id) => (
          <select
            id={id}
            className="input"
            value={lead ?? ''}
            onChange={(e) => setLead(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">请选择</option>
            {(departments.data ?? [])
              .filter((d) => d.active)
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.shortName}
                </option>
              ))}
          </select>
        )}
      </Field>
      <fieldset className="unit-picks">
        <legend>参与单位</legend>
        {(departments.data ?? [])
          .filter((d) => d.active && d.id !== lead)
          .map((d) => (
            <label key={d.id}>
              <input
                type="checkbox"
                checked={participants.includes(d.id)}
                onChange={(e) =>
                  setParticipants(
                    e.target.checked ? [...participants, d.id] : participants.filter((p) => p !== d.id),
                  )
                }
              />
              {d.shortName}
            </label>
          ))}
      </fieldset>
    </Dialog>
  );
}
