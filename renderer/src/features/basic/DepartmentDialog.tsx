// Add or edit one member department. Validation happens in the dispatcher; its messages land on the fields.
import { useState } from 'react';
import {
  DEPARTMENT_KINDS,
  DEPARTMENT_KIND_LABELS,
  type Department,
  type DepartmentKind,
} from '../../../../shared/contract';
import { api } from '../../api';
import { Field, FormDialog, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';

const COMPARED = {
  fullName: '单位全称',
  shortName: '简称',
  aliases: '别名',
  kind: '类型',
  contactPerson: '联系人',
  contactPhone: '联系电话',
  duties: '职责',
};
const compared = (d: Department) => ({
  fullName: d.fullName,
  shortName: d.shortName,
  aliases: d.aliases.join('、'),
  kind: d.kind,
  contactPerson: d.contactPerson,
  contactPhone: d.contactPhone,
  duties: d.duties,
});
const kindShown = { kind: (k: DepartmentKind) => DEPARTMENT_KIND_LABELS[k] };

export function DepartmentDialog(props: {
  department: Department | null;
  onClose: () => void;
  onSaved: (d: Department) => void;
}) {
  const d = props.department;
  const [form, setForm] = useState({
    fullName: d?.fullName ?? '',
    shortName: d?.shortName ?? '',
    aliases: d?.aliases.join('、') ?? '',
    kind: (d?.kind ?? 'department') as DepartmentKind,
    contactPerson: d?.contactPerson ?? '',
    contactPhone: d?.contactPhone ?? '',
    duties: d?.duties ?? '',
  });
  const { errors, failure, busy, submit } = useFormSubmit();
  // A save over someone else's newer one is refused, naming them; saving again then overwrites knowingly.
  const editVersion = useEditVersion(d?.version);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });

  const save = () => {
    const values = {
      ...form,
      aliases: form.aliases
        .split(/[、,，;；\s]+/)
        .map((a) => a.trim())
        .filter(Boolean),
    };
    return submit(async () => {
      const saved = d
        ? await api
            .invoke('departments.update', {
              ...values,
              id: d.id,
              version: editVersion.current(),
              sortOrder: d.sortOrder,
            })
            .catch(editVersion.adopt)
        : await api.invoke('departments.create', values);
      props.onSaved(saved);
    });
  };

  return (
    <FormDialog
      title={d ? `编辑成员单位：${d.shortName}` : '新增成员单位'}
      onClose={props.onClose}
      onSave={() => void save()}
      busy={busy}
      failure={failure}
      saveLabel={saveLabel(editVersion.stale)}
      stale={
        <StaleNotice
          stale={editVersion.stale}
          labels={COMPARED}
          mine={form}
          formOf={compared}
          show={kindShown}
        />
      }
    >
      <div className="form-grid">
        <Field label="单位全称" required error={errors.fullName}>
          {(id) => <TextInput id={id} value={form.fullName} onChange={set('fullName')} />}
        </Field>
        <Field label="简称" required hint="工作清单中使用的名称，如“区公安分局”" error={errors.shortName}>
          {(id) => <TextInput id={id} value={form.shortName} onChange={set('shortName')} />}
        </Field>
        <Field label="别名" hint="多个别名用顿号分隔，如“公安分局、公安”" error={errors.aliases}>
          {(id) => <TextInput id={id} value={form.aliases} onChange={set('aliases')} />}
        </Field>
        <Field label="类型" error={errors.kind}>
          {(id) => (
            <select id={id} className="input" value={form.kind} onChange={(e) => set('kind')(e.target.value)}>
              {DEPARTMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {DEPARTMENT_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="联系人" error={errors.contactPerson}>
          {(id) => <TextInput id={id} value={form.contactPerson} onChange={set('contactPerson')} />}
        </Field>
        <Field label="联系电话" error={errors.contactPhone}>
          {(id) => <TextInput id={id} type="tel" value={form.contactPhone} onChange={set('contactPhone')} />}
        </Field>
      </div>
      <Field label="职责" error={errors.duties}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={4}
            value={form.duties}
            onChange={(e) => set('duties')(e.target.value)}
          />
        )}
      </Field>
    </FormDialog>
  );
}
