import { useState } from 'react';
import { api } from '../../api';
import { Button, Field, Notice, Page, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';

export function PasswordSettings() {
  const toast = useToast();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const { errors, setErrors, failure, submit } = useFormSubmit();
  const save = async () => {
    if (form.newPassword !== form.confirm) return setErrors({ confirm: '两次输入的新密码不一致' });
    await submit(async () => {
      await api.invoke('auth.changePassword', {
        currentPassword: form.currentPassword,
        newPassword: form.newPassword,
      });
      setForm({ currentPassword: '', newPassword: '', confirm: '' });
      toast('success', '密码已修改');
    });
  };
  return (
    <Page title="修改密码">
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <div className="form-grid narrow">
        <Field label="当前密码" error={errors.currentPassword}>
          {(id) => (
            <TextInput
              id={id}
              type="password"
              value={form.currentPassword}
              onChange={(v) => setForm({ ...form, currentPassword: v })}
            />
          )}
        </Field>
        <Field label="新密码" hint="至少 8 位" error={errors.newPassword}>
          {(id) => (
            <TextInput
              id={id}
              type="password"
              value={form.newPassword}
              onChange={(v) => setForm({ ...form, newPassword: v })}
            />
          )}
        </Field>
        <Field label="确认新密码" error={errors.confirm}>
          {(id) => (
            <TextInput
              id={id}
              type="password"
              value={form.confirm}
              onChange={(v) => setForm({ ...form, confirm: v })}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <Button variant="primary" onClick={() => void save()}>
          修改密码
        </Button>
      </div>
    </Page>
  );
}
