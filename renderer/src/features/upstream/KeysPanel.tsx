// 本单位签名密钥: the office's SM2 key for signing submission packages. Generate it once (the private key is stored
// encrypted under the signing passphrase), export the public key and its fingerprint for the city commission, and
// rotate it when needed; retired keys stay listed because packages they signed are still checked against them.
import './upstream.css';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { SIGNING_KEY, localTime } from './text';
import { TechInfo } from '../../ui/TechInfo';

function PassphraseDialog(props: { rotate: boolean; onClose: () => void }) {
  const toast = useToast();
  const form = useFormSubmit();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const save = () =>
    void form.submit(async () => {
      const args = { passphrase, passphraseConfirm: confirm };
      const key = props.rotate
        ? (await api.invoke('signing.rotate', args)).key
        : await api.invoke('signing.generate', args);
      toast('success', `已${props.rotate ? '更换' : '生成'}单位签名密钥，指纹 ${key.fingerprint}`);
      props.onClose();
    });
  const title = props.rotate ? '更换单位签名密钥' : '生成单位签名密钥';
  return (
    <Dialog
      title={title}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={form.busy} onClick={save}>
            {form.busy ? '正在生成…' : props.rotate ? '更换' : '生成'}
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      {props.rotate ? (
        <Notice kind="warning">
          更换后，新的数据包用新密钥签署；原密钥停用并保留，仍可用于核验它签署过的数据包。请把新公钥及指纹重新报送市卫生健康委登记。
        </Notice>
      ) : null}
      <p className="muted">
        签名口令用于加密保存私钥，每次签署上报数据包时输入。至少 10
        个字符；软件不保存口令，遗失后只能更换密钥。
      </p>
      <Field label="签名口令" required error={form.errors.passphrase}>
        {(id) => (
          <TextInput
            id={id}
            type="password"
            value={passphrase}
            onChange={setPassphrase}
            autoComplete="new-password"
          />
        )}
      </Field>
      <Field label="再次输入签名口令" required error={form.errors.passphraseConfirm}>
        {(id) => (
          <TextInput
            id={id}
            type="password"
            value={confirm}
            onChange={setConfirm}
            autoComplete="new-password"
          />
        )}
      </Field>
    </Dialog>
  );
}

export function KeysPanel() {
  const can = useCan();
  const toast = useToast();
  const keys = useQuery({
    queryKey: [...SIGNING_KEY, 'keys'],
    queryFn: () => api.invoke('signing.keys', {}),
  });
  const [dialog, setDialog] = useState<'generate' | 'rotate' | null>(null);
  const active = keys.data?.find((k) => k.status === 'active') ?? null;
  const exportKey = async (id?: number) => {
    try {
      const file = await api.invoke('signing.exportPublicKey', id ? { id } : {});
      saveDownload(file);
      toast('success', `已导出公钥 ${file.fileName}`);
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <section className="up-section" aria-label="本单位签名密钥">
      <p className="muted">
        本单位签署上报数据包使用的 SM2
        密钥。公钥和指纹报送市卫生健康委登记；市里据此核验数据包确由本单位签署且未被改动。
      </p>
      {keys.isError ? <Notice kind="error">{errorMessage(keys.error)}</Notice> : null}
      {keys.data && !active ? (
        <Notice kind="warning" title="尚未生成单位签名密钥">
          生成后才能签署上报数据包。{can('keys.manage') ? '' : '请联系管理员生成。'}
        </Notice>
      ) : null}
      {active ? (
        <div className="card-flat" data-testid="active-key">
          <h2>当前密钥</h2>
          <dl className="kv">
            <dt>公钥指纹</dt>
            <dd className="up-fp" data-testid="active-fingerprint">
              {active.fingerprint}
            </dd>
            <dt>生成</dt>
            <dd>
              {localTime(active.createdAt)} · {active.createdBy}
            </dd>
          </dl>
          <TechInfo>
            <p>算法：SM2（签名者 ID 1234567812345678），摘要 SM3；公钥指纹为公钥的 SM3 摘要。</p>
            <pre className="up-pem" aria-label="公钥（PEM）">
              {active.publicPem}
            </pre>
          </TechInfo>
        </div>
      ) : null}
      <div className="form-actions" style={{ justifyContent: 'flex-start' }}>
        {active ? (
          <Button variant="primary" onClick={() => void exportKey()}>
            导出公钥（.pem）
          </Button>
        ) : null}
        {can('keys.manage') && keys.data ? (
          active ? (
            <Button onClick={() => setDialog('rotate')}>更换密钥</Button>
          ) : (
            <Button variant="primary" onClick={() => setDialog('generate')}>
              生成签名密钥
            </Button>
          )
        ) : null}
      </div>
      {keys.data && keys.data.length > 0 ? (
        <table className="table up-section" aria-label="全部签名密钥">
          <thead>
            <tr>
              <th>状态</th>
              <th>公钥指纹</th>
              <th>生成</th>
              <th>停用</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id}>
                <td>{k.status === 'active' ? '使用中' : '已停用（保留用于核验）'}</td>
                <td className="up-fp">{k.fingerprint}</td>
                <td>
                  {localTime(k.createdAt)} · {k.createdBy}
                </td>
                <td>{localTime(k.retiredAt)}</td>
                <td>
                  <Button variant="link" onClick={() => void exportKey(k.id)}>
                    导出公钥
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {dialog ? <PassphraseDialog rotate={dialog === 'rotate'} onClose={() => setDialog(null)} /> : null}
    </section>
  );
}
