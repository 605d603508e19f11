// 数据存储: which store this desk uses — the data folder (单机使用) or the office's database server — and, for an
// administrator, another one for the next start: tested first, then saved; it takes effect on restart. The server
// password is never shown (it is not sent back to any window).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { TLS_MODE_LABELS, type ServerSettings } from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { Button, Notice, Page } from '../../ui';
import {
  ConnectionOutcome,
  EMPTY_SERVER_FORM,
  ServerFields,
  serverFormOf,
  serverTarget,
  useConnectionTest,
  type ServerForm,
} from '../setup/SetupStoreStep';

function ServerFacts({ server }: { server: ServerSettings }) {
  return (
    <dl className="store-facts" aria-label="数据库服务器">
      <dt>服务器地址</dt>
      <dd>{server.host}</dd>
      <dt>端口</dt>
      <dd>{server.port}</dd>
      <dt>数据库</dt>
      <dd>{server.database}</dd>
      <dt>用户名</dt>
      <dd>{server.user}</dd>
      <dt>加密方式</dt>
      <dd>{TLS_MODE_LABELS[server.tls]}</dd>
      {server.caFile ? (
        <>
          <dt>CA 证书文件</dt>
          <dd>{server.caFile}</dd>
        </>
      ) : null}
    </dl>
  );
}

export function StoreSettings() {
  const info = useQuery({ queryKey: ['store', 'info'], queryFn: () => api.invoke('store.info', {}) });
  const [editing, setEditing] = useState<'local' | 'server' | null>(null);
  const [server, setServer] = useState<ServerForm>(EMPTY_SERVER_FORM);
  const [saved, setSaved] = useState('');
  const conn = useConnectionTest();
  if (info.error) return <Notice kind="error">{errorMessage(info.error)}</Notice>;
  if (!info.data) return <Page title="数据存储">正在读取…</Page>;
  const { current, next, canStorePassword } = info.data;

  const start = (kind: 'local' | 'server') => {
    setSaved('');
    conn.setResult(null);
    conn.setErrors({});
    setServer(current.kind === 'server' ? serverFormOf(current.server) : EMPTY_SERVER_FORM);
    setEditing(kind);
  };
  const save = async () => {
    setSaved('');
    await conn.submit(async () => {
      const out = await api.invoke(
        'store.save',
        editing === 'local' ? { kind: 'local' } : { kind: 'server', ...serverTarget(server) },
      );
      setSaved(out.message);
      setEditing(null);
    });
  };

  return (
    <Page title="数据存储" subtitle="本机的数据保存在哪里。更改后需重新启动本软件才生效。">
      <h2 className="section-title">当前使用</h2>
      {current.kind === 'local' ? (
        <>
          <p>
            <strong>单机使用</strong>：数据保存在本机的数据文件夹中。
          </p>
          <dl className="store-facts">
            <dt>数据文件夹</dt>
            <dd>{current.dataDir}</dd>
          </dl>
        </>
      ) : (
        <>
          <p>
            <strong>单位数据库服务器</strong>（多人协同）
            {current.fromCommandLine ? '：由启动参数 --database 或环境变量 ZONGJIAN_DATABASE 指定' : ''}
          </p>
          <ServerFacts server={current.server} />
          <p className="muted">
            数据库密码：
            {current.fromCommandLine
              ? '在启动参数中'
              : current.passwordStored
                ? '已用本机系统的密钥加密保存'
                : '未保存，每次启动时输入'}
          </p>
        </>
      )}
      {next ? (
        <Notice kind="warning" title="已保存的更改将在重新启动后生效">
          {next.kind === 'local' ? '下次启动：单机使用（本机数据文件夹）' : '下次启动：连接以下数据库服务器'}
          {next.kind === 'server' ? <ServerFacts server={next.server} /> : null}
        </Notice>
      ) : null}
      {saved ? <Notice kind="success">{saved}</Notice> : null}
      {editing === null ? (
        <div className="form-actions" style={{ justifyContent: 'flex-start' }}>
          <Button onClick={() => start('server')}>
            {current.kind === 'server' ? '更改数据库服务器…' : '改为连接单位数据库服务器…'}
          </Button>
          {current.kind === 'server' || next?.kind === 'server' ? (
            <Button onClick={() => start('local')}>改为单机使用…</Button>
          ) : null}
        </div>
      ) : (
        <div className="card-flat">
          {editing === 'local' ? (
            <p>重新启动后，本机改为使用本机数据文件夹中的数据。服务器上的数据不受影响，其他电脑照常使用。</p>
          ) : (
            <>
              <ServerFields value={server} onChange={setServer} errors={conn.errors} autoFocus />
              {!canStorePassword ? (
                <p className="muted">本机无法加密保存数据库密码：每次启动时需输入密码。</p>
              ) : null}
            </>
          )}
          <ConnectionOutcome failure={conn.failure} result={conn.result} />
          <div className="form-actions">
            <Button onClick={() => setEditing(null)}>取消</Button>
            {editing === 'server' ? (
              <Button disabled={conn.busy} onClick={() => void conn.test(server)}>
                {conn.busy ? '正在连接…' : '测试连接'}
              </Button>
            ) : null}
            <Button variant="primary" disabled={conn.busy} onClick={() => void save()}>
              保存（重启后生效）
            </Button>
          </div>
        </div>
      )}
    </Page>
  );
}
