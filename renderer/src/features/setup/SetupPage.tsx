// First run: the office's name, its document-number prefix and the first administrator account.
import { useState, type FormEvent } from 'react';
import type { Province } from '../../../../shared/contract';
import { api } from '../../api';
import { Button, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StartFields, newStartChoice, referenceRules } from './StartFields';
import { SetupStoreStep } from './SetupStoreStep';

export function SetupPage() {
  // Step one: the data folder or the office's database server (SetupStoreStep.tsx).
  const [storeChosen, setStoreChosen] = useState<'local' | 'server' | null>(null);
  const [office, setOffice] = useState({ name: '', docPrefix: '', uscc: '' });
  const [start, setStart] = useState(newStartChoice);
  const [admin, setAdmin] = useState({ username: 'admin', displayName: '', password: '', confirm: '' });
  const { errors, setErrors, failure, busy, submit: run } = useFormSubmit();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (admin.password !== admin.confirm) return setErrors({ 'admin.confirm': '两次输入的密码不一致' });
    if (referenceRules(start.province).length && !start.confirmed)
      return setErrors({ 'start.confirmed': '请确认参照其他省份的业务规则（或选择所在省份）' });
    // Once set up, the office's change makes the app read system.status again: the sign-in screen follows.
    await run(() =>
      api.invoke('system.setup', {
        office,
        admin: { username: admin.username, displayName: admin.displayName, password: admin.password },
        // An empty province is sent as is: the contract answers 请选择本单位所在省份 on the field.
        start: { quarter: start.quarter, province: start.province as Province },
      }),
    );
  };

  if (!storeChosen) return <SetupStoreStep onDone={setStoreChosen} />;
  return (
    <div className="center-screen">
      <form className="card setup-card" onSubmit={(e) => void submit(e)} noValidate>
        <h1>欢迎使用综合监管工作台</h1>
        <p className="muted">
          首次使用，请填写本单位信息并创建管理员账号。
          {storeChosen === 'server'
            ? '数据保存在单位数据库服务器上，各科室电脑共用。'
            : '所有数据仅保存在本机。'}
        </p>
        {failure ? <Notice kind="error">{failure}</Notice> : null}
        <fieldset>
          <legend>单位信息</legend>
          <Field label="单位名称" required hint="例如：越城区卫生健康局" error={errors['office.name']}>
            {(id) => (
              <TextInput
                id={id}
                value={office.name}
                onChange={(v) => setOffice({ ...office, name: v })}
                autoFocus
              />
            )}
          </Field>
          <Field
            label="发文字号前缀"
            required
            hint="用于会议通知等公文的发文字号，例如“越卫健”→ 越卫健〔2026〕1号"
            error={errors['office.docPrefix']}
          >
            {(id) => (
              <TextInput
                id={id}
                value={office.docPrefix}
                onChange={(v) => setOffice({ ...office, docPrefix: v })}
              />
            )}
          </Field>
          <Field label="统一社会信用代码" hint="可稍后在系统设置中填写" error={errors['office.uscc']}>
            {(id) => (
              <TextInput id={id} value={office.uscc} onChange={(v) => setOffice({ ...office, uscc: v })} />
            )}
          </Field>
          <StartFields
            value={start}
            onChange={(v) => {
              setStart(v);
              if (v.confirmed && errors['start.confirmed']) setErrors({ ...errors, 'start.confirmed': '' });
            }}
            errors={errors}
          />
        </fieldset>
        <fieldset>
          <legend>管理员账号</legend>
          <Field label="用户名" required error={errors['admin.username']}>
            {(id) => (
              <TextInput
                id={id}
                value={admin.username}
                onChange={(v) => setAdmin({ ...admin, username: v })}
              />
            )}
          </Field>
          <Field label="姓名" required error={errors['admin.displayName']}>
            {(id) => (
              <TextInput
                id={id}
                value={admin.displayName}
                onChange={(v) => setAdmin({ ...admin, displayName: v })}
              />
            )}
          </Field>
          <Field label="密码" required hint="至少 8 位" error={errors['admin.password']}>
            {(id) => (
              <TextInput
                id={id}
                type="password"
                autoComplete="new-password"
                value={admin.password}
                onChange={(v) => setAdmin({ ...admin, password: v })}
              />
            )}
          </Field>
          <Field label="确认密码" required error={errors['admin.confirm']}>
            {(id) => (
              <TextInput
                id={id}
                type="password"
                autoComplete="new-password"
                value={admin.confirm}
                onChange={(v) => setAdmin({ ...admin, confirm: v })}
              />
            )}
          </Field>
        </fieldset>
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? '正在创建…' : '完成设置'}
          </Button>
        </div>
      </form>
    </div>
  );
}
