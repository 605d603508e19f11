// Before sign-in, on a desk set to use the office's database server whose password is not kept here (the browser
// host; Linux without a key ring), or whose server could not be reached at start: 连接数据库服务器 asks for the
// password (or to try again) and says exactly what went wrong.
import { useState, type FormEvent } from 'react';
import { TLS_MODE_LABELS, type StorePending } from '../../../../shared/contract';
import { api } from '../../api';
import { Button, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';

export function StoreUnlockPage({ pending }: { pending: StorePending }) {
  const [password, setPassword] = useState('');
  const { errors, failure, busy, submit } = useFormSubmit();
  const s = pending.server;
  const connect = async (e: FormEvent) => {
    e.preventDefault();
    // Connected: every query is read again (the sign-in screen follows).
    await submit(() => api.invoke('store.unlock', { password }));
  };
  return (
    <div className="center-screen">
      <form className="card login-card" onSubmit={(e) => void connect(e)} noValidate>
        <h1>连接数据库服务器</h1>
        <p className="muted">本机的数据保存在单位数据库服务器上，连接后才能登录。</p>
        <dl className="store-facts">
          <dt>服务器</dt>
          <dd>
            {s.host}:{s.port}
          </dd>
          <dt>数据库</dt>
          <dd>{s.database}</dd>
          <dt>用户名</dt>
          <dd>{s.user}</dd>
          <dt>加密方式</dt>
          <dd>{TLS_MODE_LABELS[s.tls]}</dd>
        </dl>
        {failure ? (
          <Notice kind="error" title="连接失败">
            {failure}
          </Notice>
        ) : (
          <Notice kind={pending.reason === 'failed' ? 'error' : 'info'}>{pending.message}</Notice>
        )}
        <Field
          label="数据库密码"
          hint={pending.reason === 'failed' ? '密码已保存在本机时可留空，直接重新连接' : undefined}
          error={errors['password']}
        >
          {(id) => (
            <TextInput
              id={id}
              type="password"
              value={password}
              onChange={setPassword}
              autoFocus
              autoComplete="off"
            />
          )}
        </Field>
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? '正在连接…' : '连接'}
          </Button>
        </div>
      </form>
    </div>
  );
}
