// First-run setup, step one: where this desk keeps the office's records. 单机使用: the data folder on this computer
// (as always). 连接单位数据库服务器: the office's PostgreSQL server — its address, account and TLS mode, tested before
// use; an empty database is prepared for the office form that follows, an office already there is joined (the
// sign-in screen follows instead). The server form is shared with 系统设置 › 数据存储.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  TLS_MODE_LABELS,
  type CaCertificate,
  type ConnectionTest,
  type ServerSettings,
  type TlsMode,
} from '../../../../shared/contract';
import { api, errorMessage, isDesktop } from '../../api';
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
        <CaFileField
          value={f.caFile}
          onChange={(caFile) => set({ caFile })}
          error={errors['server.caFile']}
        />
      ) : null}
    </fieldset>
  );
}

/** The office CA certificate: 选择证书文件… opens the system's file dialog on the desktop; in a browser (which
 *  cannot hand over a path) it reads the chosen file and sends its text, kept in the data folder. Either way the
 *  file is checked to be a certificate and described (颁发给 …，有效期至 …); a path typed or saved before is
 *  described too. */
export function CaFileField(props: {
  value: string;
  onChange: (path: string) => void;
  error?: string | undefined;
}) {
  const [info, setInfo] = useState<CaCertificate | null>(null);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const upload = useRef<HTMLInputElement>(null);
  const described = useRef('');
  const desktop = isDesktop();
  const take = async (call: () => Promise<CaCertificate | null>) => {
    setProblem('');
    setBusy(true);
    try {
      const c = await call();
      if (c) {
        described.current = c.path;
        setInfo(c);
        props.onChange(c.path);
      }
    } catch (e) {
      setInfo(null);
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const describePath = (path: string) => {
    if (!path.trim() || path === described.current) return;
    described.current = path;
    void take(() => api.invoke('store.caCertificate', { source: 'path', path }));
  };
  // A path saved before (系统设置): what it says, once.
  const initial = useRef(props.value);
  useEffect(() => {
    if (initial.current) describePath(initial.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the path the form opened with
  }, []);
  const pick = () => {
    if (!desktop) return upload.current?.click();
    void take(() => api.invoke('store.caCertificate', { source: 'dialog' }));
  };
  const uploaded = (file: File | undefined) => {
    if (upload.current) upload.current.value = '';
    if (!file) return;
    void take(async () =>
      api.invoke('store.caCertificate', { source: 'content', fileName: file.name, text: await file.text() }),
    );
  };
  return (
    <>
      <Field
        label="单位 CA 证书文件"
        required
        hint="服务器管理员提供的单位 CA 证书（.crt 或 .pem）：点“选择证书文件…”选取"
        error={props.error}
      >
        {(id) => (
          <div className="ca-file-row">
            <input
              id={id}
              className="input"
              value={props.value}
              placeholder="尚未选择"
              autoComplete="off"
              onChange={(e) => {
                setInfo(null);
                setProblem('');
                props.onChange(e.target.value);
              }}
              onBlur={(e) => describePath(e.target.value)}
            />
            <Button disabled={busy} onClick={pick}>
              {busy ? '正在读取…' : '选择证书文件…'}
            </Button>
            {desktop ? null : (
              <input
                ref={upload}
                type="file"
                accept=".crt,.pem,.cer,application/x-pem-file,application/x-x509-ca-cert"
                aria-label="上传证书文件"
                hidden
                onChange={(e) => uploaded(e.target.files?.[0])}
              />
            )}
          </div>
        )}
      </Field>
      {info && info.path === props.value ? (
        <Notice kind="success" title="证书可用">
          {info.summary}
        </Notice>
      ) : null}
      {problem ? (
        <Notice kind="error" title="证书文件不可用">
          {problem}
        </Notice>
      ) : null}
    </>
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
