// First-run setup, step one: where this desk keeps the office's records. 单机使用: the data folder on this computer
// (as always). 连接单位数据库服务器: the office's PostgreSQL server — its address, account and TLS mode, tested before
// use; an empty database is prepared for the office form that follows, an office already there is joined (the
// sign-in screen follows instead). The server form is shared with 系统设置 › 数据存储.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  TLS_MODE_LABELS,
  type ConnectionTest,
  type ServerSettings,
  type TlsMode,
} from '../../../../shared/contract';
import { api } from '../../api';
import { Button, Field, KeySelect, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';

export interface ServerForm {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  tls: TlsMode;
  caFile: string;
}

export const EMPTY_SERVER_FORM: ServerForm = {
  host: '',
  port: '5432',
  database: 'zongjian',
  user: 'zongjian',
  password: '',
  tls: 'require',
  caFile: '',
};

export function serverFormOf(s: ServerSettings): ServerForm {
  return { ...s, port: String(s.port), password: '' };
}

/** The call arguments for a server form (the password separately: it is never part of the settings). */
export function serverTarget(f: ServerForm) {
  const { password, port, ...rest } = f;
  return { server: { ...rest, port: Number(port) || (port as unknown as number) }, password };
}

const TLS_MODES: TlsMode[] = ['disable', 'require', 'verify-full'];

/** The server's address, account, password, TLS mode and CA file. Field errors are keyed as the calls' paths
 *  (server.host …, password). */
export function ServerFields(props: {
  value: ServerForm;
  onChange: (v: ServerForm) => void;
  errors: Record<string, string>;
  autoFocus?: boolean;
}) {
  const { value: f, onChange, errors } = props;
  const set = (patch: Partial<ServerForm>) => onChange({ ...f, ...patch });
  return (
    <fieldset>
      <legend>数据库服务器</legend>
      <div className="store-row">
        <Field
          label="服务器地址"
          required
          hint="例如 192.168.1.10 或 db.wjw.local"
          error={errors['server.host']}
        >
          {(id) => (
            <TextInput
              id={id}
              value={f.host}
              onChange={(v) => set({ host: v })}
              autoFocus={props.autoFocus}
            />
          )}
        </Field>
        <Field label="端口" required hint="PostgreSQL 默认 5432" error={errors['server.port']}>
          {(id) => <TextInput id={id} value={f.port} onChange={(v) => set({ port: v })} />}
        </Field>
      </div>
      <Field label="数据库名称" required error={errors['server.database']}>
        {(id) => <TextInput id={id} value={f.database} onChange={(v) => set({ database: v })} />}
      </Field>
      <div className="form-grid">
        <Field label="数据库用户名" required error={errors['server.user']}>
          {(id) => <TextInput id={id} value={f.user} onChange={(v) => set({ user: v })} />}
        </Field>
        <Field label="数据库密码" error={errors['password']}>
          {(id) => (
            <TextInput
              id={id}
              type="password"
              autoComplete="off"
              value={f.password}
              onChange={(v) => set({ password: v })}
            />
          )}
        </Field>
      </div>
      <Field
        label="加密方式"
        required
        hint="单位内网以外的连接请选择“验证证书”，并使用单位的 CA 证书"
        error={errors['server.tls']}
      >
        {(id) => (
          <KeySelect
            id={id}
            value={f.tls}
            options={TLS_MODES}
            labels={TLS_MODE_LABELS}
            onChange={(v) => set({ tls: v })}
          />
        )}
      </Field>
      {f.tls === 'verify-full' ? (
        <Field
          label="单位 CA 证书文件"
          required
          hint="服务器管理员提供的 .crt 或 .pem 文件的完整路径，例如 D:\证书\单位CA.crt"
          error={errors['server.caFile']}
        >
          {(id) => <TextInput id={id} value={f.caFile} onChange={(v) => set({ caFile: v })} />}
        </Field>
      ) : null}
    </fieldset>
  );
}

/** 测试连接: the button and what it found (success, or exactly what is wrong). */
export function useConnectionTest() {
  const form = useFormSubmit();
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const test = async (f: ServerForm) => {
    setResult(null);
    await form.submit(async () => setResult(await api.invoke('store.test', serverTarget(f))));
  };
  return { ...form, result, setResult, test };
}

/** What 测试连接 found, brought into view (on a small screen the form is taller than the window). */
export function ConnectionOutcome(props: { failure: string; result: ConnectionTest | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = props.failure || props.result?.message || '';
  useEffect(() => {
    if (shown) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [shown]);
  if (!shown) return null;
  return (
    <div ref={ref}>
      {props.failure ? (
        <Notice kind="error" title="连接失败">
          {props.failure}
        </Notice>
      ) : (
        <Notice kind="success">{props.result!.message}</Notice>
      )}
    </div>
  );
}

export function SetupStoreStep({ onDone }: { onDone: (store: 'local' | 'server') => void }) {
  const [kind, setKind] = useState<'local' | 'server'>('local');
  const [server, setServer] = useState<ServerForm>(EMPTY_SERVER_FORM);
  const conn = useConnectionTest();

  const next = async (e: FormEvent) => {
    e.preventDefault();
    if (kind === 'local') return onDone('local');
    conn.setResult(null);
    // Connect (tested again on the server side); a database that already has the office leads to sign-in.
    await conn.submit(async () => {
      const r = await api.invoke('store.connect', serverTarget(server));
      conn.setResult(r);
      if (r.state !== 'office') onDone('server');
    });
  };

  return (
    <div className="center-screen">
      <form className="card setup-card" onSubmit={(e) => void next(e)} noValidate>
        <h1>欢迎使用综合监管工作台</h1>
        <p className="muted">首次使用，请先选择本机的数据保存在哪里。</p>
        <fieldset>
          <legend>数据存储</legend>
          <div className="store-choices" role="radiogroup" aria-label="数据存储">
            <label className="store-choice">
              <input
                type="radio"
                name="store-kind"
                checked={kind === 'local'}
                onChange={() => setKind('local')}
                aria-label="单机使用"
                aria-describedby="store-local-note"
              />
              <span>
                <strong>单机使用</strong>
                <span className="muted">
                  数据保存在本机的数据文件夹中，适合一台电脑使用或外出携带的笔记本。
                </span>
              </span>
            </label>
            <label className="store-choice">
              <input
                type="radio"
                name="store-kind"
                checked={kind === 'server'}
                onChange={() => setKind('server')}
                aria-label="连接单位数据库服务器"
                aria-describedby="store-server-note"
              />
              <span>
                <strong>连接单位数据库服务器</strong>
                <span className="muted" id="store-server-note">
                  全单位多台电脑共用一个 PostgreSQL
                  数据库（多人协同）。服务器地址和账号请向单位的信息管理人员索取。
                </span>
              </span>
            </label>
          </div>
        </fieldset>
        {kind === 'server' ? (
          <>
            <ServerFields value={server} onChange={setServer} errors={conn.errors} autoFocus />
            <ConnectionOutcome failure={conn.failure} result={conn.result} />
          </>
        ) : null}
        <div className="form-actions">
          {kind === 'server' ? (
            <Button disabled={conn.busy} onClick={() => void conn.test(server)}>
              {conn.busy ? '正在连接…' : '测试连接'}
            </Button>
          ) : null}
          <Button type="submit" variant="primary" disabled={conn.busy}>
            {kind === 'server' ? '连接并继续' : '下一步'}
          </Button>
        </div>
      </form>
    </div>
  );
}
