// Add or edit one 监管对象. The 统一社会信用代码 is checked (GB 32100-2015 check character) by the dispatcher; its
// message, and a code or licence number already on the register, land on the field.
import { useState } from 'react';
import {
  INSTITUTION_CATEGORIES,
  INSTITUTION_CATEGORY_LABELS,
  INSTITUTION_LEVELS,
  INSTITUTION_LEVEL_LABELS,
  INSTITUTION_STATUSES,
  INSTITUTION_STATUS_LABELS,
  OWNERSHIPS,
  OWNERSHIP_LABELS,
  type Institution,
  type InstitutionCategory,
  type InstitutionLevel,
  type InstitutionStatus,
  type Ownership,
} from '../../../../shared/contract';
import { api } from '../../api';
import { Field, FormDialog, KeySelect, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { conflictsOnFields } from './shared';

const COMPARED = {
  name: '机构名称',
  uscc: '统一社会信用代码',
  licenceNo: '执业许可证登记号',
  category: '机构类别',
  ownership: '所有制',
  level: '等级',
  street: '街道/镇',
  grid: '网格',
  status: '经营状态',
  address: '地址',
};
const compared = (i: Institution) => ({
  name: i.name,
  uscc: i.uscc,
  licenceNo: i.licenceNo,
  category: i.category as InstitutionCategory | '',
  ownership: i.ownership as Ownership | '',
  level: i.level,
  address: i.address,
  street: i.street,
  grid: i.grid,
  status: i.status,
});
const SHOWN = {
  category: (c: InstitutionCategory | '') => (c ? INSTITUTION_CATEGORY_LABELS[c] : ''),
  ownership: (o: Ownership | '') => (o ? OWNERSHIP_LABELS[o] : ''),
  level: (l: InstitutionLevel) => INSTITUTION_LEVEL_LABELS[l],
  status: (s: InstitutionStatus) => INSTITUTION_STATUS_LABELS[s],
};

export function InstitutionDialog(props: {
  institution: Institution | null;
  streets: string[];
  onClose: () => void;
  onSaved: (i: Institution) => void;
}) {
  const i = props.institution;
  const [form, setForm] = useState({
    name: i?.name ?? '',
    uscc: i?.uscc ?? '',
    licenceNo: i?.licenceNo ?? '',
    category: (i?.category ?? '') as InstitutionCategory | '',
    ownership: (i?.ownership ?? '') as Ownership | '',
    level: (i?.level ?? 'unrated') as InstitutionLevel,
    address: i?.address ?? '',
    street: i?.street ?? '',
    grid: i?.grid ?? '',
    status: (i?.status ?? 'operating') as InstitutionStatus,
  });
  const { errors, failure, busy, submit } = useFormSubmit();
  // A save over someone else's newer one is refused, naming them; saving again then overwrites knowingly.
  const editVersion = useEditVersion(i?.version);
  const set =
    <K extends keyof typeof form>(k: K) =>
    (v: (typeof form)[K]) =>
      setForm({ ...form, [k]: v });

  const save = () =>
    submit(async () => {
      // An unchosen select goes as it is; the dispatcher answers “请选择…” on that field.
      const values = {
        ...form,
        category: form.category as InstitutionCategory,
        ownership: form.ownership as Ownership,
      };
      const saved = await conflictsOnFields(
        i
          ? api
              .invoke('institutions.update', { ...values, id: i.id, version: editVersion.current() })
              .catch(editVersion.adopt)
          : api.invoke('institutions.create', values),
      );
      props.onSaved(saved);
    });

  return (
    <FormDialog
      wide
      title={i ? `编辑监管对象：${i.name}` : '新增监管对象'}
      onClose={props.onClose}
      onSave={() => void save()}
      busy={busy}
      failure={failure}
      saveLabel={saveLabel(editVersion.stale)}
      stale={
        <StaleNotice stale={editVersion.stale} labels={COMPARED} mine={form} formOf={compared} show={SHOWN} />
      }
    >
      <div className="form-grid">
        <Field label="机构名称" required error={errors.name}>
          {(id) => <TextInput id={id} value={form.name} onChange={set('name')} />}
        </Field>
        <Field
          label="统一社会信用代码"
          required
          hint="18 位，末位为校验码（GB 32100-2015）"
          error={errors.uscc}
        >
          {(id) => <TextInput id={id} value={form.uscc} onChange={set('uscc')} />}
        </Field>
        <Field label="执业许可证登记号" hint="实行备案管理的诊所可不填" error={errors.licenceNo}>
          {(id) => <TextInput id={id} value={form.licenceNo} onChange={set('licenceNo')} />}
        </Field>
        <Field label="机构类别" required error={errors.category}>
          {(id) => (
            <KeySelect
              id={id}
              value={form.category}
              options={INSTITUTION_CATEGORIES}
              labels={INSTITUTION_CATEGORY_LABELS}
              placeholder="请选择"
              onChange={set('category')}
            />
          )}
        </Field>
        <Field label="所有制" required error={errors.ownership}>
          {(id) => (
            <KeySelect
              id={id}
              value={form.ownership}
              options={OWNERSHIPS}
              labels={OWNERSHIP_LABELS}
              placeholder="请选择"
              onChange={set('ownership')}
            />
          )}
        </Field>
        <Field label="等级" error={errors.level}>
          {(id) => (
            <KeySelect
              id={id}
              value={form.level}
              options={INSTITUTION_LEVELS}
              labels={INSTITUTION_LEVEL_LABELS}
              onChange={set('level')}
            />
          )}
        </Field>
        <Field label="街道/镇" error={errors.street}>
          {(id) => (
            <>
              <input
                id={id}
                className="input"
                list={`${id}-streets`}
                value={form.street}
                autoComplete="off"
                onChange={(e) => set('street')(e.target.value)}
              />
              <datalist id={`${id}-streets`}>
                {props.streets.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="网格" error={errors.grid}>
          {(id) => <TextInput id={id} value={form.grid} onChange={set('grid')} />}
        </Field>
        <Field label="经营状态" error={errors.status}>
          {(id) => (
            <KeySelect
              id={id}
              value={form.status}
              options={INSTITUTION_STATUSES}
              labels={INSTITUTION_STATUS_LABELS}
              onChange={set('status')}
            />
          )}
        </Field>
        <Field label="信用等级" hint="由信用台账评定，此处不可修改">
          {(id) => <input id={id} className="input" value={i?.creditTier ?? '—'} readOnly disabled />}
        </Field>
      </div>
      <Field label="地址" error={errors.address}>
        {(id) => <TextInput id={id} value={form.address} onChange={set('address')} />}
      </Field>
    </FormDialog>
  );
}
