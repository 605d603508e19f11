import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { Button, Field, Notice, Page, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { useToast } from '../../ui/toast';

type Office = Awaited<ReturnType<typeof loadOffice>>;
const loadOffice = () => api.invoke('office.get', {});

const COMPARED = {
  name: '单位名称',
  docPrefix: '发文字号前缀',
  uscc: '统一社会信用代码',
  address: '地址',
  contactPerson: '联系人',
  contactPhone: '联系电话',
};
const compared = ({ updatedAt: _u, version: _v, ...fields }: Office) => fields;

// Shown only once the saved values have loaded, and seeded from them: a late answer never overwrites typing.
export function OfficeSettings() {
  const office = useQuery({ queryKey: ['office'], queryFn: loadOffice });
  if (office.error)
    return <Notice kind="error">单位信息读取失败：{String((office.error as Error).message)}</Notice>;
  if (!office.data) return <Page title="单位信息">正在读取…</Page>;
  return <OfficeForm saved={office.data} />;
}

function OfficeForm({ saved }: { saved: Office }) {
  const toast = useToast();
  const [form, setForm] = useState(() => compared(saved));
  const { errors, failure, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(saved.version);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const save = () =>
    submit(async () => {
      const after = await api
        .invoke('office.update', { ...form, version: editVersion.current() })
        .catch(editVersion.adopt);
      editVersion.saved(after.version);
      toast('success', '单位信息已保存');
    });
  return (
    <Page title="单位信息" subtitle="单位名称和发文字号前缀用于生成的公文；统一社会信用代码写入上报数据包。">
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <StaleNotice stale={editVersion.stale} labels={COMPARED} mine={form} formOf={compared} />
      <div className="form-grid narrow">
        <Field label="单位名称" required error={errors.name}>
          {(id) => <TextInput id={id} value={form.name} onChange={set('name')} />}
        </Field>
        <Field
          label="发文字号前缀"
          required
          hint={`示例：${form.docPrefix || '越卫健'}〔${new Date().getFullYear()}〕12号`}
          error={errors.docPrefix}
        >
          {(id) => <TextInput id={id} value={form.docPrefix} onChange={set('docPrefix')} />}
        </Field>
        <Field label="统一社会信用代码" error={errors.uscc}>
          {(id) => <TextInput id={id} value={form.uscc} onChange={set('uscc')} />}
        </Field>
        <Field label="地址" error={errors.address}>
          {(id) => <TextInput id={id} value={form.address} onChange={set('address')} />}
        </Field>
        <Field label="联系人" error={errors.contactPerson}>
          {(id) => <TextInput id={id} value={form.contactPerson} onChange={set('contactPerson')} />}
        </Field>
        <Field label="联系电话" error={errors.contactPhone}>
          {(id) => <TextInput id={id} value={form.contactPhone} onChange={set('contactPhone')} />}
        </Field>
      </div>
      <div className="form-actions">
        <Button variant="primary" onClick={() => void save()}>
          {saveLabel(editVersion.stale, '保存单位信息')}
        </Button>
      </div>
    </Page>
  );
}
