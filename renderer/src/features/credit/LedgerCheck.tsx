// 校验台账: the chain head (sequence number and SM3 hash, as it goes into signed reports) and a button that walks
// the whole chain, as `zongjian verify-ledger` does, and shows the first broken link if there is one. While it
// runs a progress bar counts the entries (第 120,000 / 200,000 条) and 取消 stops it (it only reads).
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { LedgerVerification } from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { AppError } from '../../../../shared/errors';
import { ProgressBar, useTrackedCall } from '../../ui/ProgressBar';
import { Button, Notice } from '../../ui';
import { CREDIT_KEY, localTime } from './text';
import { TechInfo } from '../../ui/TechInfo';

export function LedgerCheck() {
  const qc = useQueryClient();
  const head = useQuery({
    queryKey: [...CREDIT_KEY, 'head'],
    queryFn: () => api.invoke('credit.chainHead', {}),
  });
  const [result, setResult] = useState<LedgerVerification | null>(null);
  const [failure, setFailure] = useState('');
  const [cancelled, setCancelled] = useState(false);
  const tracked = useTrackedCall();
  const busy = tracked.running;
  const verify = async () => {
    setFailure('');
    setCancelled(false);
    setResult(null);
    try {
      const r = await tracked.run((progressId) => api.invoke('credit.verify', { progressId }));
      setResult(r);
      // The bar stays at the check's final count: every entry there is (or up to the first broken link).
      const total = r.broken ? Math.max(r.checked, r.head.seq) : r.checked;
      tracked.settle({
        what: r.ok ? '校验完成' : '校验结束',
        done: r.checked,
        total,
        unit: '条',
        cancellable: false,
        cancelled: false,
      });
      void qc.invalidateQueries({ queryKey: [...CREDIT_KEY, 'head'] });
    } catch (e) {
      if (e instanceof AppError && e.code === 'CANCELLED') setCancelled(true);
      else setFailure(errorMessage(e));
    }
  };
  const h = result?.head ?? head.data;
  return (
    <section className="card-flat credit-chain" aria-label="信用台账记录链">
      <div className="credit-chain-row">
        <div>
          <div className="credit-chain-label">链头</div>
          {h ? (
            <div className="credit-chain-head" data-testid="chain-head">
              {h.seq === 0 ? (
                '空台账（尚无记录）'
              ) : (
                <>
                  共 <strong>{h.seq}</strong> 条，最新为第 {h.seq} 条
                  {h.recordedAt ? <span className="muted">（{localTime(h.recordedAt)} 登记）</span> : null}
                  <TechInfo>
                    第 {h.seq} 条的 SM3 哈希：<code>{h.hash}</code>
                  </TechInfo>
                </>
              )}
            </div>
          ) : (
            <div className="muted">读取中…</div>
          )}
        </div>
        <Button variant="primary" disabled={busy} onClick={() => void verify()}>
          {busy ? '校验中…' : '校验台账'}
        </Button>
      </div>
      {tracked.progress && !cancelled ? (
        <ProgressBar progress={tracked.progress} finished={!busy} onCancel={() => void tracked.cancel()} />
      ) : null}
      {cancelled ? (
        <Notice kind="info" title="已取消校验">
          校验在完成前被取消，台账未做任何改动。需要时可再次点击“校验台账”从头校验。
        </Notice>
      ) : null}
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {result?.ok ? (
        <Notice kind="success" title="校验通过">
          {result.checked} 条记录前后衔接，内容均未被改动
          {result.attachments ? `，所列 ${result.attachments.checked} 个附件均存在且未被改动` : ''}。
          <TechInfo>
            全部 {result.checked} 条记录的序号、前一条哈希与 SM3 哈希均一致（用时 {result.elapsedMs} ms）。
          </TechInfo>
        </Notice>
      ) : null}
      {result && !result.broken && result.anchors.losses.length ? (
        <Notice kind="error" title="校验未通过：已签署上报的台账记录缺失或被改动">
          <ul>
            {result.anchors.losses.map((l) => (
              <li key={l.packageSha256 + l.anchoredSeq}>{l.message}</li>
            ))}
          </ul>
          <p>请勿继续登记或签发，并联系技术人员从备份核对数据文件。</p>
        </Notice>
      ) : null}
      {result && !result.broken && result.attachments?.problems.length ? (
        <Notice kind="error" title={`校验未通过：${result.attachments.problems.length} 个附件有问题`}>
          <ul>
            {result.attachments.problems.slice(0, 20).map((p) => (
              <li key={`${p.seq}-${p.sha256}`}>{p.message}</li>
            ))}
          </ul>
          {result.attachments.problems.length > 20 ? (
            <p>共 {result.attachments.problems.length} 个，以上仅列出前 20 个。</p>
          ) : null}
          <p>台账记录本身完好。请从备份恢复数据文件夹中的附件，并联系技术人员核对。</p>
        </Notice>
      ) : null}
      {result && !result.ok && result.broken ? (
        <Notice kind="error" title={`校验未通过：第一处断链在第 ${result.broken.seq} 条`}>
          <p>{result.broken.message}</p>
          <p>
            应为 <code>{result.broken.expected}</code>
            <br />
            实为 <code>{result.broken.found}</code>
          </p>
          <p>此前 {result.checked} 条记录校验通过。请勿继续登记，并联系技术人员从备份核对数据文件。</p>
        </Notice>
      ) : null}
    </section>
  );
}
