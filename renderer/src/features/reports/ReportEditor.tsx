// One report: its figures (computed from the records, read-only; frozen once signed) and the narrative the office
// writes — headings 一、（一）1. and paragraphs, in order, with the block where the figures go. A draft is saved,
// previewed in GB/T 9704 layout and signed; a signed report offers its package and files, the submission log and
// 生成更正版.
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  NARRATIVE_BLOCK_LABELS,
  emptySections,
  type FileDownload,
  type NarrativeBlock,
  type ReportDetail,
} from '../../../../shared/contract';
import { SUBMISSION_METHOD_LABELS } from '../../../../shared/contract';
import { numberBlocks, type OfficialBlock } from '../../../../shared/print/official';
import { dataSentences, indicatorText } from '../../../../shared/print/reports';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Field, Notice, Page, TextInput } from '../../ui';
import { useToast } from '../../ui/toast';
import { DueBadge } from './ReportsPage';
import { CorrectionDialog, SignDialog, SubmissionDialog } from './ReportDialogs';
import {
  REPORTS_KEY,
  figureChangeText,
  groupedHash,
  localTime,
  previewPath,
  reportPath,
  statusLabel,
} from './text';
import { TechInfo } from '../../ui/TechInfo';

type Draft = { title: string; addressee: string; narrative: NarrativeBlock[] };

/** 一、 （一） 1. for the headings, as the document will number them. */
function headingNumbers(blocks: readonly NarrativeBlock[]): (string | null)[] {
  const asOfficial = blocks.map((b): OfficialBlock => (b.type === 'data' ? { type: 'p', text: '' } : b));
  return numberBlocks(asOfficial).map((b) => b.number ?? null);
}

/** The accessible name of each block: a heading by its number and text, a paragraph by the heading above it. */
function blockLabels(blocks: readonly NarrativeBlock[], numbers: (string | null)[]): string[] {
  let heading = '正文开头';
  const seen = new Map<string, number>();
  return blocks.map((b, i) => {
    if (b.type === 'h1' || b.type === 'h2' || b.type === 'h3') {
      heading = b.text || `${numbers[i] ?? ''}（未命名标题）`;
      return `标题 ${numbers[i] ?? ''}`;
    }
    if (b.type === 'data') return '自动生成的数据';
    const n = (seen.get(heading) ?? 0) + 1;
    seen.set(heading, n);
    return `“${heading}”下的段落${n > 1 ? `（${n}）` : ''}`;
  });
}

export function ReportEditor({ id }: { id: number }) {
  const can = useCan();
  const qc = useQueryClient();
  const toast = useToast();
  const report = useQuery({
    queryKey: [...REPORTS_KEY, 'detail', id],
    queryFn: () => api.invoke('reports.get', { id }),
  });
  const r = report.data;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [baseAt, setBaseAt] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<'sign' | 'submission' | 'correct' | null>(null);

  // Take the loaded report as the editing base, unless there are unsaved changes.
  useEffect(() => {
    if (!r || dirty) return;
    setDraft({ title: r.title, addressee: r.addressee, narrative: r.narrative });
    setBaseAt(r.updatedAt);
  }, [r, dirty]);

  const loaded = (next: ReportDetail) => {
    qc.setQueryData([...REPORTS_KEY, 'detail', next.id], next);
    setDraft({ title: next.title, addressee: next.addressee, narrative: next.narrative });
    setBaseAt(next.updatedAt);
    setDirty(false);
  };
  const edit = (fn: (d: Draft) => Draft) => {
    setDraft((d) => (d ? fn(d) : d));
    setDirty(true);
  };
  const setBlock = (i: number, b: NarrativeBlock) =>
    edit((d) => ({ ...d, narrative: d.narrative.map((x, j) => (j === i ? b : x)) }));
  const move = (i: number, by: -1 | 1) =>
    edit((d) => {
      const n = [...d.narrative];
      const j = i + by;
      if (j < 0 || j >= n.length) return d;
      [n[i], n[j]] = [n[j]!, n[i]!];
      return { ...d, narrative: n };
    });
  const insert = (at: number, b: NarrativeBlock) =>
    edit((d) => ({ ...d, narrative: [...d.narrative.slice(0, at), b, ...d.narrative.slice(at)] }));
  const remove = (i: number) => edit((d) => ({ ...d, narrative: d.narrative.filter((_, j) => j !== i) }));

  const save = async (): Promise<ReportDetail | null> => {
    if (!r || !draft || !baseAt) return null;
    setBusy(true);
    try {
      const saved = await api.invoke('reports.saveDraft', { id: r.id, updatedAt: baseAt, ...draft });
      loaded(saved);
      return saved;
    } catch (e) {
      toast('error', errorMessage(e));
      return null;
    } finally {
      setBusy(false);
    }
  };
  const download = async (get: () => Promise<FileDownload>) => {
    try {
      saveDownload(await get());
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const remove_ = async () => {
    if (!r || !window.confirm(`删除草稿“${r.title}”（第${r.version}版）？`)) return;
    try {
      await api.invoke('reports.deleteDraft', { id: r.id });
      navigate('/reports');
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };

  if (report.isError) return <Notice kind="error">{errorMessage(report.error)}</Notice>;
  if (!r || !draft) return <p className="muted">正在读取报告…</p>;
  const signed = r.status === 'signed';
  const editable = !signed && can('records.write');
  const blocks = editable ? draft.narrative : r.narrative;
  const numbers = headingNumbers(blocks);
  const labels = blockLabels(blocks, numbers);
  const empty = new Set(emptySections(blocks));

  return (
    <Page
      title={r.title}
      subtitle={`${r.typeLabel} · ${r.periodLabel}（${r.periodStart} 至 ${r.periodEnd}）`}
      actions={
        <>
          <Button onClick={() => navigate('/reports')}>返回列表</Button>
          {editable ? (
            <Button variant="primary" disabled={busy || !dirty} onClick={() => void save()}>
              {dirty ? '保存草稿' : '已保存'}
            </Button>
          ) : null}
          <Button
            disabled={busy}
            onClick={() =>
              void (async () => {
                if (dirty && !(await save())) return;
                navigate(previewPath(r.id));
              })()
            }
          >
            预览
          </Button>
          {!signed && can('approve') ? (
            <Button
              variant="primary"
              disabled={busy}
              onClick={() =>
                void (async () => {
                  if (dirty && !(await save())) return;
                  setDialog('sign');
                })()
              }
            >
              签发…
            </Button>
          ) : null}
        </>
      }
    >
      <div className="report-head">
        <span className={`status-badge ${signed ? 'report-signed' : 'status-none'}`}>
          {statusLabel(r.status)}
        </span>
        <span>第{r.version}版</span>
        <span>发文字号：{r.docNumber ?? '签发时取得'}</span>
        <span>
          截止日期：{r.due.dueOn}（{r.due.ruleText}） <DueBadge due={r.due} />
        </span>
        {!signed ? (
          <span className="muted">
            最后保存：{r.updatedBy} {localTime(r.updatedAt)}
          </span>
        ) : null}
      </div>
      {r.supersedes ? (
        <Notice kind="info" title="更正版">
          本版替代第{r.supersedes.version}版{r.supersedes.docNumber ? `（${r.supersedes.docNumber}）` : ''}。更正原因：
          {r.correctionReason}
          <TechInfo>被替代数据包 SHA-256 {groupedHash(r.supersedes.packageSha256)}</TechInfo>
          {r.figureChanges?.length ? (
            <ul aria-label="与被替代版本不同的数字">
              {r.figureChanges.map((c) => (
                <li key={c.key}>{figureChangeText(c)}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      {signed && !r.supersededById && r.figureChanges?.length ? (
        <Notice kind="warning" title="签发后记录已变化">
          本报告保持签发时的数字；按现有记录重新计算，以下 {r.figureChanges.length} 项数字不同：
          <ul aria-label="签发后变化的数字">
            {r.figureChanges.map((c) => (
              <li key={c.key}>{figureChangeText(c)}</li>
            ))}
          </ul>
          {can('records.write') ? (
            <Button onClick={() => setDialog('correct')}>生成更正版（列出以上变化）…</Button>
          ) : (
            '如需更正，请由有录入权限的人员生成更正版。'
          )}
        </Notice>
      ) : null}
      {r.supersededById ? (
        <Notice kind="warning">
          本版已被更正。
          <Button variant="link" onClick={() => navigate(reportPath(r.supersededById!))}>
            打开更正版
          </Button>
        </Notice>
      ) : null}
      {signed ? (
        <section className="card-flat">
          <h2 className="section-title">已签发</h2>
          <dl className="kv">
            <dt>签发</dt>
            <dd>
              {r.signedBy}，{localTime(r.signedAt)}
            </dd>
          </dl>
          <TechInfo>
            <dl className="kv">
              <dt>数据包 SHA-256</dt>
              <dd className="hash">{groupedHash(r.packageSha256)}</dd>
              <dt>签名密钥指纹</dt>
              <dd className="hash">{r.signerFingerprint}</dd>
              <dt>信用台账链头</dt>
              <dd className="hash">
                {r.manifest ? `第 ${r.manifest.ledgerHead.seq} 条 ${r.manifest.ledgerHead.hash}` : ''}
              </dd>
            </dl>
          </TechInfo>
          <div className="form-actions">
            <Button
              variant="primary"
              onClick={() => void download(() => api.invoke('reports.package', { id: r.id }))}
            >
              下载上报数据包
            </Button>
            {can('records.write') ? <Button onClick={() => setDialog('submission')}>登记报送…</Button> : null}
            {can('records.write') && !r.supersededById ? (
              <Button onClick={() => setDialog('correct')}>生成更正版…</Button>
            ) : null}
          </div>
          <h3>报送记录</h3>
          {r.submissionLog.length === 0 ? (
            <p className="muted">尚未登记报送。报送后请登记报送方式、接收单位和日期。</p>
          ) : (
            <table className="table report-table" aria-label="报送记录">
              <thead>
                <tr>
                  <th>报送日期</th>
                  <th>方式</th>
                  <th>接收单位或接收人</th>
                  <th>备注</th>
                  <th>登记</th>
                </tr>
              </thead>
              <tbody>
                {r.submissionLog.map((s) => (
                  <tr key={s.id}>
                    <td>{s.sentOn}</td>
                    <td>
                      {s.method === 'other' ? `其他：${s.methodNote}` : SUBMISSION_METHOD_LABELS[s.method]}
                    </td>
                    <td>{s.recipient}</td>
                    <td>{s.note}</td>
                    <td>
                      {s.recordedBy} {localTime(s.recordedAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {r.submissionLog.length ? (
            <TechInfo>
              {r.submissionLog.map((s) => (
                <p key={s.id} className="hash">
                  {s.sentOn} 报送的数据包 SHA-256 {groupedHash(s.packageSha256)}
                </p>
              ))}
            </TechInfo>
          ) : null}
        </section>
      ) : null}

      <section className="card-flat" style={{ marginTop: 12 }}>
        <div className="form-actions" style={{ marginTop: 0 }}>
          <span className="muted">导出：</span>
          <Button onClick={() => void download(() => api.invoke('reports.docx', { id: r.id }))}>Word</Button>
          <Button onClick={() => void download(() => api.invoke('reports.xlsx', { id: r.id }))}>
            数据 Excel
          </Button>
          {editable ? (
            <Button variant="danger" onClick={() => void remove_()}>
              删除草稿
            </Button>
          ) : null}
        </div>
        <TechInfo>
          供其他系统读取的数据文件：{' '}
          <Button onClick={() => void download(() => api.invoke('reports.json', { id: r.id }))}>
            数据 JSON
          </Button>
        </TechInfo>
        {editable ? (
          <div className="report-fields">
            <Field label="报告标题" required>
              {(fid) => (
                <TextInput
                  id={fid}
                  value={draft.title}
                  onChange={(title) => edit((d) => ({ ...d, title }))}
                />
              )}
            </Field>
            <Field label="主送机关">
              {(fid) => (
                <TextInput
                  id={fid}
                  value={draft.addressee}
                  onChange={(addressee) => edit((d) => ({ ...d, addressee }))}
                />
              )}
            </Field>
          </div>
        ) : (
          <p>主送机关：{r.addressee || '（无）'}</p>
        )}
        <h2 className="section-title">正文</h2>
        <p className="muted">
          {editable
            ? '标题按“一、（一）1.”自动编号；未填写内容的小节在预览和签发的文件中标注“（本节未填写）”。数字和表格一节由记录自动生成，不能编辑，可上下移动位置。'
            : signed
              ? '已签发的报告不能修改。'
              : '您的角色只能查看正文。'}
        </p>
        <div className="report-blocks">
          {blocks.map((b, i) =>
            b.type === 'data' ? (
              <div key={i} className="report-data" aria-label="自动生成的数据">
                <DataView report={r} />
                {editable ? (
                  <div className="report-block-tools">
                    <Button variant="link" onClick={() => move(i, -1)} disabled={i === 0}>
                      上移
                    </Button>
                    <Button variant="link" onClick={() => move(i, 1)} disabled={i === blocks.length - 1}>
                      下移
                    </Button>
                    <Button variant="link" onClick={() => insert(i + 1, { type: 'p', text: '' })}>
                      ＋段落
                    </Button>
                  </div>
                ) : null}
              </div>
            ) : editable ? (
              <div key={i} className={`report-block report-block-${b.type}`}>
                <select
                  className="input input-compact"
                  aria-label={`${labels[i]}的类型`}
                  value={b.type}
                  onChange={(e) => setBlock(i, { type: e.target.value as 'h1', text: b.text })}
                >
                  {(['h1', 'h2', 'h3', 'p'] as const).map((t) => (
                    <option key={t} value={t}>
                      {NARRATIVE_BLOCK_LABELS[t]}
                    </option>
                  ))}
                </select>
                <div>
                  {b.type === 'p' ? (
                    <textarea
                      className="input"
                      aria-label={labels[i]}
                      value={b.text}
                      placeholder="在此撰写…"
                      onChange={(e) => setBlock(i, { type: 'p', text: e.target.value })}
                    />
                  ) : (
                    <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                      <span className="report-block-number">{numbers[i]}</span>
                      <input
                        className="input"
                        aria-label={labels[i]}
                        value={b.text}
                        onChange={(e) => setBlock(i, { type: b.type, text: e.target.value })}
                      />
                    </div>
                  )}
                  {empty.has(i) ? <div className="report-block-empty">本节未填写</div> : null}
                </div>
                <div className="report-block-tools">
                  <Button variant="link" onClick={() => move(i, -1)} disabled={i === 0}>
                    上移
                  </Button>
                  <Button variant="link" onClick={() => move(i, 1)} disabled={i === blocks.length - 1}>
                    下移
                  </Button>
                  <Button variant="link" onClick={() => insert(i + 1, { type: 'p', text: '' })}>
                    ＋段落
                  </Button>
                  <Button variant="link" onClick={() => remove(i)}>
                    删除
                  </Button>
                </div>
              </div>
            ) : (
              <ReadOnlyBlock key={i} block={b} number={numbers[i] ?? null} empty={empty.has(i)} />
            ),
          )}
        </div>
        {editable ? (
          <div className="form-actions">
            <span className="muted">在末尾添加：</span>
            <Button onClick={() => insert(blocks.length, { type: 'h1', text: '新的一级标题' })}>
              一级标题
            </Button>
            <Button onClick={() => insert(blocks.length, { type: 'h2', text: '新的二级标题' })}>
              二级标题
            </Button>
            <Button onClick={() => insert(blocks.length, { type: 'h3', text: '新的三级标题' })}>
              三级标题
            </Button>
            <Button onClick={() => insert(blocks.length, { type: 'p', text: '' })}>段落</Button>
          </div>
        ) : null}
      </section>

      {dialog === 'sign' ? (
        <SignDialog
          report={r}
          onClose={() => setDialog(null)}
          onSigned={(s) => {
            loaded(s);
            setDialog(null);
          }}
        />
      ) : null}
      {dialog === 'submission' ? (
        <SubmissionDialog
          report={r}
          onClose={() => setDialog(null)}
          onSaved={(s) => {
            loaded(s);
            setDialog(null);
          }}
        />
      ) : null}
      {dialog === 'correct' ? (
        <CorrectionDialog
          report={r}
          onClose={() => setDialog(null)}
          onCreated={(next) => {
            setDialog(null);
            navigate(reportPath(next.id));
          }}
        />
      ) : null}
    </Page>
  );
}

function ReadOnlyBlock(props: { block: NarrativeBlock; number: string | null; empty: boolean }) {
  const b = props.block;
  if (b.type === 'data') return null;
  const mark = props.empty ? <p className="muted">（本节未填写）</p> : null;
  if (b.type === 'p')
    return b.text.trim() ? (
      <div className="report-narrative-readonly">
        <p>{b.text}</p>
      </div>
    ) : null;
  const Tag = b.type === 'h1' ? 'h3' : b.type === 'h2' ? 'h4' : 'h5';
  return (
    <div className="report-narrative-readonly">
      <Tag>
        {props.number}
        {b.text}
      </Tag>
      {mark}
    </div>
  );
}

function DataView({ report }: { report: ReportDetail }) {
  const d = report.data;
  return (
    <div>
      <h3>
        自动生成的数据{report.status === 'signed' ? '（签发时固定）' : '（按当前记录计算，签发时固定）'}
      </h3>
      {dataSentences(d, report.date).map((s, i) => (
        <p key={i}>{s}</p>
      ))}
      <div className="report-indicators" role="list" aria-label="主要指标">
        {d.indicators.map((i) => (
          <div key={i.key} role="listitem" title={i.key}>
            <span>{i.label}</span>
            <b>
              {indicatorText(i)}
              {i.value === null ? '' : i.unit === '%' ? '%' : ` ${i.unit}`}
            </b>
          </div>
        ))}
      </div>
      {d.tables.map((t, n) => (
        <details key={t.key} className="expander">
          <summary>
            表{n + 2}
            {'\u3000'}
            {t.title}（{t.rows.length} 行）
          </summary>
          <div className="table-scroll">
            <table className="table report-table">
              <thead>
                <tr>
                  {t.columns.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {t.rows.map((row, k) => (
                  <tr key={k}>
                    {row.map((c, j) => (
                      <td key={j} className={typeof c === 'number' ? 'num' : undefined}>
                        {c}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </div>
  );
}
