// Sign-in: every write afterwards is recorded under this person.
import { useEffect, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { OfficeProfile } from '../../../../shared/contract';
import { api, errorMessage, SESSION_ENDED } from '../../api';
import { afterSignIn, lastSignedIn } from '../../app/signin';
import { Button, Field, Notice, TextInput } from '../../ui';

export function LoginPage({ office }: { office: OfficeProfile }) {
  const qc = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Why the last session ended (e.g. 长时间未操作，已自动锁定), shown once.
  const [failure, setFailure] = useState(() => {
    const why = sessionStorage.getItem(SESSION_ENDED) ?? '';
    sessionStorage.removeItem(SESSION_ENDED);
    return why;
  });
  const [busy, setBusy] = useState(false);
  // The reason may arrive after this screen is up: the window learnt it was signed out from the sign-in check
  // (system.status), and a call sent beside it comes back with why.
  useEffect(() => {
    const later = () => {
      const why = sessionStorage.getItem(SESSION_ENDED);
      if (!why) return;
      sessionStorage.removeItem(SESSION_ENDED);
      setFailure(why);
    };
    window.addEventListener(SESSION_ENDED, later);
    return () => window.removeEventListener(SESSION_ENDED, later);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFailure('');
    try {
      // Who was here before, read first: the sign-in's own change event can bring the new person's first screen
      // (which records them) before the call answers.
      const last = lastSignedIn();
      const { user } = await api.invoke('auth.login', { username, password });
      afterSignIn(user.id, last);
      // Who this tab is has changed, which is not a data change: on a damaged (read-only) data file the sign-in
      // writes nothing and so announces nothing, yet the session starts.
      await qc.invalidateQueries({ queryKey: ['system.status'] });
    } catch (err) {
      setFailure(errorMessage(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="center-screen">
      <form className="card login-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="login-office">{office.name}</div>
        <h1>综合监管工作台</h1>
        {failure ? <Notice kind="error">{failure}</Notice> : null}
        <Field label="用户名">
          {(id) => (
            <TextInput id={id} value={username} onChange={setUsername} autoFocus autoComplete="username" />
          )}
        </Field>
        <Field label="密码">
          {(id) => (
            <TextInput
              id={id}
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
            />
          )}
        </Field>
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? '正在登录…' : '登录'}
          </Button>
        </div>
      </form>
    </div>
  );
}
