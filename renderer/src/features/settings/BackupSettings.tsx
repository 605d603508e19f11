// 数据备份: the data file's health, the automatic backups in the data folder, a backup to a folder of the user's
// choosing (a USB stick, with the attachments), and restore from either after a preview and its checks.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { BACKUP_REASON_LABELS, type BackupPreview, type BackupSummary } from '../../../../shared/contract';
import { ProgressBar, useTrackedCall } from '../../ui/ProgressBar';
import { api, errorMessage } from '../../api';
import { Button, Dialog, Field, Notice, Page, TextInput } from '../../ui';
import { useToast } from '../../ui/toast';
import { formatDateTime } from '../../../../shared/format';
import { TechInfo } from '../../ui/TechInfo';

const when = (iso: string) => formatDateTime(iso);
const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

export function BackupSettings() {
  const overview = useQuery({ queryKey: ['backup'], queryFn: () => api.invoke('backup.overview', {}) });
  const [restoring, setRestoring] = useState<string | null>(null);
  if (overview.error) return <Notice kind="error">{errorMessage(overview.error)}</Notice>;
  if (!overview.data) return <Page title="数据备份">正在读取…</Page>;
  const { integrity, backups, automaticDir, lastManualDir, latestGood, server } = overview.data;
  return (
    <Page
      title="数据备份"
      subtitle={
        server
          ? `数据在单位数据库服务器 ${server} 上。备份把服务器上的全部数据和附件复制成与单机版相同的备份文件夹，可恢复到单机或服务器；连接服务器时不做每日自动备份，请定期手动备份到 U 盘等其他位置。`
          : '每天第一次启动后自动备份到数据文件夹（保留最近 14 天与 12 个月，合计超过 1 GB 时先删除最早的）；请定期手动备份到 U 盘等其他位置。'
      }
    >
      {integrity.state === 'damaged' ? (
        <Notice kind="error" title="数据文件完整性检查未通过">
          <p>软件已停止写入，只能查看，以免损坏扩大。检查结果：{integrity.detail.slice(0, 3).join('；')}</p>
          {latestGood ? (
            <p>
              最近的完好备份：{when(latestGood.manifest.createdAt)}（
              {BACKUP_REASON_LABELS[latestGood.manifest.reason]}，已通过完整性检查）。{' '}
              <Button variant="primary" onClick={() => setRestoring(latestGood.path)}>
                查看并恢复此备份
              </Button>
            </p>
          ) : (
            <p>数据文件夹中没有完好的自动备份，请从 U 盘上的手动备份恢复。</p>
          )}
        </Notice>
      ) : (
        <p className="muted">
          启动检查：
          {server
            ? `已连接单位数据库服务器${integrity.checkedAt ? `（${when(integrity.checkedAt)}）` : ''}；服务器的存储由服务器自行检查`
            : integrity.state === 'checking'
              ? '正在检查数据文件…'
              : `数据文件完好${integrity.checkedAt ? `（${when(integrity.checkedAt)}）` : ''}`}
        </p>
      )}
      <ManualBackup initialDir={lastManualDir ?? ''} />
      <RestoreFromFolder onPick={setRestoring} />
      <h2 className="section-title">数据文件夹中的自动备份</h2>
      <p className="muted">位置：{automaticDir}</p>
      {backups.length === 0 ? (
        <p className="muted">尚无自动备份。</p>
      ) : (
        <div className="table-scroll">
          <table className="table" aria-label="自动备份">
            <thead>
              <tr>
                <th>备份时间</th>
                <th>类型</th>
                <th>单位</th>
                <th>数据文件</th>
                <th>软件版本</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {backups.map((b: BackupSummary) => (
                <tr key={b.name}>
                  <td>{when(b.manifest.createdAt)}</td>
                  <td>{BACKUP_REASON_LABELS[b.manifest.reason]}</td>
                  <td>{b.manifest.office ?? '—'}</td>
                  <td>{size(b.manifest.database.size)}</td>
                  <td>{b.manifest.appVersion}</td>
                  <td>
                    <Button onClick={() => setRestoring(b.path)}>查看与恢复</Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {restoring ? <RestoreDialog path={restoring} onClose={() => setRestoring(null)} /> : null}
    </Page>
  );
}

function ManualBackup({ initialDir }: { initialDir: string }) {
  const toast = useToast();
  const [dir, setDir] = useState(initialDir);
  const [attachments, setAttachments] = useState(true);
  const tracked = useTrackedCall();
  const busy = tracked.running;
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<BackupSummary | null>(null);
  const choose = async () => {
    try {
      const { path } = await api.invoke('platform.chooseFolder', { title: '选择备份位置（如 U 盘）' });
      if (path) setDir(path);
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const run = async () => {
    setError(null);
    setDone(null);
    if (!dir.trim()) {
      setError('请填写或选择备份位置');
      return;
    }
    try {
      const summary = await tracked.run((progressId) =>
        api.invoke('backup.create', { destination: dir, includeAttachments: attachments, progressId }),
      );
      setDone(summary);
      if (summary.manifest.ledger?.losses.length)
        toast('error', '备份已保存，但信用台账少于已签署的数据包所记');
      else toast('success', '备份完成');
    } catch (e) {
      tracked.settle(null);
      setError(errorMessage(e));
    }
  };
  return (
    <section className="card">
      <h2 className="section-title">手动备份到其他位置</h2>
      <div className="inline-form">
        <Field label="备份位置（文件夹）" error={error ?? undefined}>
          {(id) => <TextInput id={id} value={dir} onChange={setDir} placeholder="例如 E:\\综合监管备份" />}
        </Field>
        {api.transport === 'electron' ? <Button onClick={() => void choose()}>选择文件夹…</Button> : null}
      </div>
      <label className="check">
        <input type="checkbox" checked={attachments} onChange={(e) => setAttachments(e.target.checked)} />
        包含附件（佐证材料等）
      </label>
      <div className="form-actions left">
        <Button variant="primary" disabled={busy} onClick={() => void run()}>
          {busy ? '正在备份…' : '立即备份'}
        </Button>
      </div>
      {tracked.progress ? <ProgressBar progress={tracked.progress} finished={!busy} /> : null}
      {done ? (
        <Notice kind="success" title="备份完成">
          已保存到 {done.path}（数据文件 {size(done.manifest.database.size)}
          {done.manifest.attachments.included ? `，附件 ${done.manifest.attachments.count} 个` : ''}）。
        </Notice>
      ) : null}
      {done?.manifest.ledger?.losses.length ? (
        <Notice kind="error" title="信用台账少于已签署上报的数据包所记">
          {done.manifest.ledger.losses.join('；')}
          。此备份已保存，但不能用于恢复；请联系技术人员用更早的备份核对数据文件。
        </Notice>
      ) : null}
    </section>
  );
}

function RestoreFromFolder({ onPick }: { onPick: (path: string) => void }) {
  const toast = useToast();
  const [dir, setDir] = useState('');
  const choose = async () => {
    try {
      const { path } = await api.invoke('platform.chooseFolder', { title: '选择要恢复的备份文件夹' });
      if (path) setDir(path);
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <section className="card">
      <h2 className="section-title">从备份恢复</h2>
      <p className="muted">
        选择一个备份文件夹（名称形如
        zongjian-backup-20261122-090000-manual），先查看其内容和检查结果，再决定是否恢复。
      </p>
      <div className="inline-form">
        <Field label="备份文件夹">{(id) => <TextInput id={id} value={dir} onChange={setDir} />}</Field>
        {api.transport === 'electron' ? <Button onClick={() => void choose()}>选择文件夹…</Button> : null}
        <Button disabled={!dir.trim()} onClick={() => onPick(dir.trim())}>
          查看备份
        </Button>
      </div>
    </section>
  );
}

function RestoreDialog({ path, onClose }: { path: string; onClose: () => void }) {
  const toast = useToast();
  const preview = useQuery({
    queryKey: ['backup', 'inspect', path],
    queryFn: () => api.invoke('backup.inspect', { path }),
    retry: false,
  });
  const [confirmText, setConfirmText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tracked = useTrackedCall();
  const p: BackupPreview | undefined = preview.data;
  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await tracked.run((progressId) => api.invoke('backup.restore', { path, progressId }));
      toast(
        'success',
        `已从备份恢复${r.safety ? `；恢复前的数据已保存为 ${r.safety.name}` : ''}。请重新登录。`,
      );
      // Every session ended with the restore: back to the sign-in screen, with the restored data.
      window.setTimeout(() => window.location.reload(), 1500);
    } catch (e) {
      tracked.settle(null);
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="从备份恢复"
      wide
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button
            variant="danger"
            disabled={!p?.ok || confirmText !== '恢复' || busy}
            onClick={() => void restore()}
          >
            {busy ? '正在恢复…' : '恢复此备份'}
          </Button>
        </>
      }
    >
      {tracked.progress ? <ProgressBar progress={tracked.progress} finished={!tracked.running} /> : null}
      {preview.isError ? <Notice kind="error">{errorMessage(preview.error)}</Notice> : null}
      {!p && !preview.isError ? <p>正在检查备份（完整性检查）…</p> : null}
      {p ? (
        <>
          {p.ok ? (
            <Notice kind="success" title="检查通过">
              备份文件完整，与备份时的内容一致，可以恢复。
              <TechInfo>SHA-256 与备份说明一致，完整性检查（integrity_check）结果为 ok。</TechInfo>
            </Notice>
          ) : (
            <Notice kind="error" title="此备份未通过检查，不能恢复">
              {p.problems.join('；')}
            </Notice>
          )}
          <dl className="kv">
            <dt>备份位置</dt>
            <dd>{p.path}</dd>
            <dt>生成时间</dt>
            <dd>
              {when(p.manifest.createdAt)}（{BACKUP_REASON_LABELS[p.manifest.reason]}）
            </dd>
            <dt>单位</dt>
            <dd>{p.manifest.office ?? '—'}</dd>
            <dt>软件版本</dt>
            <dd>{p.manifest.appVersion}</dd>
            <dt>附件</dt>
            <dd>
              {p.manifest.attachments.included
                ? `${p.manifest.attachments.count} 个（${size(p.manifest.attachments.bytes)}）`
                : '未包含（沿用数据文件夹中的附件）'}
            </dd>
          </dl>
          <table className="table" aria-label="备份内容">
            <thead>
              <tr>
                <th>内容</th>
                <th>条数</th>
              </tr>
            </thead>
            <tbody>
              {p.counts
                .filter((c) => c.rows > 0)
                .map((c) => (
                  <tr key={c.table}>
                    <td>{c.label}</td>
                    <td>{c.rows}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          {p.ok ? (
            <>
              <Notice kind="warning">
                恢复后，当前数据将被此备份替换；恢复前会自动把当前数据安全备份到数据文件夹，所有用户需要重新登录。
              </Notice>
              <Field label="请输入“恢复”二字以确认">
                {(id) => <TextInput id={id} value={confirmText} onChange={setConfirmText} />}
              </Field>
            </>
          ) : null}
          {error ? <Notice kind="error">{error}</Notice> : null}
        </>
      ) : null}
    </Dialog>
  );
}
