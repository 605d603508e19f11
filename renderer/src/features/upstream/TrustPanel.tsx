// 信任列表: the district public keys the city accepts packages from. A key is added from the .pem file the district
// exported (or pasted), under the district's name; its fingerprint is shown to be checked with the district by
// phone. Removing a key leaves accepted packages as they are; packages it signs from then on are rejected.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { UpstreamTrustedKey } from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { UPSTREAM_KEY, localTime } from './text';
import { TechInfo } from '../../ui/TechInfo';

function AddKeyDialog(props: { onClose: () => void }) {
  const toast = useToast();
  const form = useFormSubmit();
  const [districtName, setDistrictName] = useState('');
  const [pem, setPem] = useState('');
  const [note, setNote] = useState('');
  const pick = async (file: File | undefined) => {
    if (!file) return;
    setPem(await file.text());
    if (!districtName) setDistrictName(file.name.replace(/\.pem$/i, '').replace(/签名公钥.*$/, ''));
  };
  const save = () =>
    void form.submit(async () => {
      const key = await api.invoke('upstream.addTrustedKey', { districtName, pem, note });
      toast('success', `已将 ${key.districtName} 的公钥加入信任列表，指纹 ${key.fingerprint}`);
      props.onClose();
    });
  return (
    <Dialog
      title="添加区县公钥"
      wide
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={form.busy} onClick={save}>
            加入信任列表
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <Field label="区县（单位）名称" required error={form.errors.districtName}>
        {(id) => (
          <TextInput id={id} value={districtName} onChange={setDistrictName} placeholder="如 越城区" />
        )}
      </Field>
      <Field label="公钥文件（.pem）" hint="区县在“本单位签名密钥”中导出的 .pem 文件">
        {(id) => (
          <input
            id={id}
            className="file-pick"
            type="file"
            accept=".pem,.txt"
            onChange={(e) => void pick(e.target.files?.[0])}
          />
        )}
      </Field>
      <Field label="公钥（PEM）" required error={form.errors.pem}>
        {(id) => (
          <textarea
            id={id}
            className="input up-fp"
            rows={5}
            value={pem}
            placeholder={'-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----'}
            onChange={(e) => setPem(e.target.value)}
          />
        )}
      </Field>
      <Field label="备注" error={form.errors.note}>
        {(id) => (
          <TextInput
            id={id}
            value={note}
            onChange={setNote}
            placeholder="如 2026年11月登记，已电话核对指纹"
          />
        )}
      </Field>
      <p className="muted">加入后请与区县电话核对显示的公钥指纹，一致才说明公钥在传递途中没有被替换。</p>
      <TechInfo>公钥指纹是公钥的 SM3 摘要；公钥为 SM2 公钥，PEM 格式。</TechInfo>
    </Dialog>
  );
}

function RemoveDialog(props: { k: UpstreamTrustedKey; onClose: () => void }) {
  const toast = useToast();
  const [failure, setFailure] = useState('');
  const remove = async () => {
    try {
      await api.invoke('upstream.removeTrustedKey', { id: props.k.id });
      toast('success', `已从信任列表移除 ${props.k.districtName} 的公钥`);
      props.onClose();
    } catch (e) {
      setFailure(errorMessage(e));
    }
  };
  return (
    <Dialog
      title={`移除 ${props.k.districtName} 的公钥`}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="danger" onClick={() => void remove()}>
            移除
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <p>
        移除后，用这把密钥签署的数据包将被拒收；已接收的数据包不受影响。指纹：
        <span className="up-fp">{props.k.fingerprint}</span>
      </p>
    </Dialog>
  );
}

export function TrustPanel() {
  const can = useCan();
  const keys = useQuery({
    queryKey: [...UPSTREAM_KEY, 'trusted'],
    queryFn: () => api.invoke('upstream.trustedKeys', {}),
  });
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<UpstreamTrustedKey | null>(null);
  return (
    <section className="up-section" aria-label="信任列表">
      <div className="up-toolbar">
        <p className="muted" style={{ margin: 0, flex: 1 }}>
          只接收信任列表中区县公钥签署的数据包。区县更换密钥后，请添加新公钥并保留旧公钥，以便核验此前的数据包。
        </p>
        {can('keys.manage') ? (
          <Button variant="primary" onClick={() => setAdding(true)}>
            添加区县公钥
          </Button>
        ) : null}
      </div>
      {keys.isError ? <Notice kind="error">{errorMessage(keys.error)}</Notice> : null}
      {keys.data && keys.data.length === 0 ? (
        <Notice kind="info">信任列表为空：请先添加各区县的签名公钥，再导入数据包。</Notice>
      ) : null}
      {keys.data && keys.data.length > 0 ? (
        <table className="table up-table" aria-label="区县公钥">
          <thead>
            <tr>
              <th>区县</th>
              <th>公钥指纹</th>
              <th>备注</th>
              <th>添加</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id}>
                <td className="nowrap">{k.districtName}</td>
                <td className="up-fp">{k.fingerprint}</td>
                <td>{k.note}</td>
                <td>
                  {localTime(k.addedAt)} · {k.addedBy}
                </td>
                <td className="nowrap">
                  {can('keys.manage') ? (
                    <Button variant="link" onClick={() => setRemoving(k)}>
                      移除
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {adding ? <AddKeyDialog onClose={() => setAdding(false)} /> : null}
      {removing ? <RemoveDialog k={removing} onClose={() => setRemoving(null)} /> : null}
    </section>
  );
}
