// 数据包: import the districts' submission packages (one or many .zip files at once) and see each one's outcome —
// accepted, rejected with the reasons (a changed file, an unknown signer, a bad signature, not a package), or
// superseded by an 更正版 — in the year's list, newest first.
import { useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { UPSTREAM_STATUS_LABELS, type UpstreamImportResult } from '../../../../shared/contract';
import { api, errorMessage, readFileAsBase64, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Notice } from '../../ui';
import { useToast } from '../../ui/toast';
import { STATUS_CLASS, UPSTREAM_KEY, localTime, periodText } from './text';
import { TechInfo } from '../../ui/TechInfo';

type Outcome = { fileName: string; result: UpstreamImportResult | null; error: string };

export function YearSelect(props: { year: number; onChange: (y: number) => void; label?: string }) {
  const now = new Date().getFullYear();
  const years = [now + 1, now, now - 1, now - 2, now - 3];
  return (
    <label className="inline-field">
      {props.label ?? '年度'}
      <select className="input" value={props.year} onChange={(e) => props.onChange(Number(e.target.value))}>
        {years.map((y) => (
          <option key={y} value={y}>
            {y} 年
          </option>
        ))}
      </select>
    </label>
  );
}

export function PackagesPanel(props: { year: number; onYear: (y: number) => void }) {
  const can = useCan();
  const toast = useToast();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState('');
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const list = useQuery({
    queryKey: [...UPSTREAM_KEY, 'packages', props.year],
    queryFn: () => api.invoke('upstream.packages', { year: props.year }),
  });

  const importFiles = async (files: File[]) => {
    const done: Outcome[] = [];
    for (const [i, file] of files.entries()) {
      setBusy(`正在核验第 ${i + 1}/${files.length} 个：${file.name}`);
      try {
        const result = await api.invoke('upstream.importPackage', {
          fileName: file.name,
          base64: await readFileAsBase64(file),
        });
        done.push({ fileName: file.name, result, error: '' });
      } catch (e) {
        done.push({ fileName: file.name, result: null, error: errorMessage(e) });
      }
    }
    setBusy('');
    setOutcomes(done);
    const accepted = done.filter((o) => o.result?.package.status === 'accepted').length;
    toast(
      'info',
      `已导入 ${done.length} 个数据包：接收 ${accepted} 个，拒收或未导入 ${done.length - accepted} 个`,
    );
  };

  const download = async (id: number) => {
    try {
      saveDownload(await api.invoke('upstream.packageFile', { id }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };

  return (
    <section className="up-section" aria-label="数据包">
      <div className="up-toolbar">
        <YearSelect year={props.year} onChange={props.onYear} label="报告年度" />
        <span style={{ flex: 1 }} />
        {can('records.write') ? (
          <>
            <input
              ref={input}
              type="file"
              accept=".zip"
              multiple
              hidden
              aria-label="选择数据包文件"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = '';
                if (files.length) void importFiles(files);
              }}
            />
            <Button variant="primary" disabled={Boolean(busy)} onClick={() => input.current?.click()}>
              导入数据包
            </Button>
          </>
        ) : null}
      </div>
      <p className="muted">
        导入时逐项核验每个数据包的签名、文件是否完整、签名单位是否在信任列表中、是否已被更正版取代。可一次选择多个 .zip
        文件。
      </p>
      <TechInfo>
        核验内容：SM2 签名（签名者 ID 1234567812345678）、清单中每个文件的 SM3 摘要与大小；数据包本身以 SHA-256 标识。
      </TechInfo>
      {busy ? <Notice kind="info">{busy}</Notice> : null}
      {outcomes ? (
        <Notice
          kind={outcomes.every((o) => o.result?.package.status === 'accepted') ? 'success' : 'warning'}
          title="本次导入结果"
        >
          <ul className="up-import-results" data-testid="import-results">
            {outcomes.map((o, i) => (
              <li key={i}>
                {o.fileName}：
                {o.result ? (
                  <>
                    <strong>{UPSTREAM_STATUS_LABELS[o.result.package.status]}</strong>
                    {o.result.package.status === 'accepted'
                      ? `（${o.result.package.districtName ?? o.result.package.officeName} ${periodText(o.result.package.period)} ${o.result.package.reportTypeLabel ?? ''} 第${o.result.package.version}版${o.result.superseded ? `，取代第 ${o.result.superseded.id} 号` : ''}）`
                      : `：${o.result.package.reasons.join('；')}`}
                  </>
                ) : (
                  <strong>未导入：{o.error}</strong>
                )}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {list.isError ? <Notice kind="error">{errorMessage(list.error)}</Notice> : null}
      {list.data && list.data.length === 0 ? (
        <Notice kind="info">{props.year} 年还没有导入数据包。</Notice>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <table className="table up-table" aria-label="已导入的数据包">
          <thead>
            <tr>
              <th>编号</th>
              <th>区县 / 单位</th>
              <th>报告</th>
              <th>版本</th>
              <th>签署时间</th>
              <th>核验结果</th>
              <th>文件</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((p) => (
              <tr key={p.id} data-package={p.id}>
                <td>{p.id}</td>
                <td>
                  {p.districtName ?? '（签名者未登记）'}
                  {p.officeName ? <div className="muted">{p.officeName}</div> : null}
                </td>
                <td>
                  {p.reportTypeLabel ? `${periodText(p.period)} ${p.reportTypeLabel}` : '—'}
                  {p.title ? <div className="muted">{p.title}</div> : null}
                </td>
                <td className="nowrap">{p.version ? `第${p.version}版` : ''}</td>
                <td>{localTime(p.signedAt)}</td>
                <td>
                  <span className={STATUS_CLASS[p.status]}>{UPSTREAM_STATUS_LABELS[p.status]}</span>
                  {p.status === 'superseded' && p.supersededBy ? (
                    <div className="muted">由第 {p.supersededBy} 号取代</div>
                  ) : null}
                  {p.reasons.length ? (
                    <ul className="up-reasons">
                      {p.reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td>
                  {p.fileName}
                  <div className="muted">导入 {localTime(p.importedAt)}</div>
                  <TechInfo>
                    SHA-256 <span className="up-fp">{p.sha256.slice(0, 16)}…</span>
                  </TechInfo>
                  <Button variant="link" onClick={() => void download(p.id)}>
                    下载
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
