// 登记自查 (kind, period, date, problems found and fixed per area, the rectification plan and the report), 登记承诺书
// (the signed 承诺书 as a file) and the Excel fill-in workbook (export for the chosen periods; import with a row-by-row
// preview — one row in error and nothing is written).
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  SELFCHECK_KIND_LABELS,
  type SelfcheckGridRow,
  type SelfcheckPledge,
  type SelfcheckImportPreview,
  type SelfcheckKind,
  type SelfcheckYear,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api, readFileAsBase64, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Dialog, Field, FormDialog, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { StaleComparison, saveLabel, useStartedFrom } from '../../ui/conflict';

import { FormErrors, IdSelect, TextArea } from './form-parts';

/** A 承诺书 as its editor opened it, the signed file by its SHA-256 (null: none attached). */
type PledgeValues = {
  submittedOn: string;
  signer: string;
  practitionersSigned: number;
  fileSha256: string | null;
} | null;
const pledgeValues = (p: SelfcheckPledge | null | undefined): PledgeValues =>
  p
    ? {
        submittedOn: p.submittedOn,
        signer: p.signer,
        practitionersSigned: p.practitionersSigned,
        fileSha256: p.file?.sha256 ?? null,
      }
    : null;

/** 512 字节, 12.3 KB, 2.1 MB. */
export function fileSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The chosen file's SHA-256 (hex), to tell whether it is the one already registered. */
async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function upload(f: File | null) {
  return f ? { fileName: f.name, base64: await readFileAsBase64(f) } : null;
}

function InstitutionSelect(props: {
  rows: SelfcheckGridRow[];
  value: number;
  onChange: (id: number) => void;
  id: string;
}) {
  return (
    <IdSelect
      id={props.id}
      value={props.value}
      placeholder="请选择机构"
      options={props.rows.map((r) => ({ id: r.institutionId, label: r.name }))}
      onChange={props.onChange}
    />
  );
}

const SHOWN = ['rectifyPlan', 'rectifyDue'];

export function EntryDialog(props: {
  setup: SelfcheckYear;
  rows: SelfcheckGridRow[];
  initial: SelfcheckGridRow | null;
  onClose(): void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const [institutionId, setInstitutionId] = useState(props.initial?.institutionId ?? 0);
  const [kind, setKind] = useState<SelfcheckKind>('full');
  const [quarter, setQuarter] = useState(1);
  const [campaignId, setCampaignId] = useState(props.setup.campaigns[0]?.id ?? 0);
  const [submittedOn, setSubmittedOn] = useState(todayIso());
  const [counts, setCounts] = useState<Record<string, { checked: boolean; found: string; fixed: string }>>(
    Object.fromEntries(props.setup.areas.map((a) => [a, { checked: true, found: '0', fixed: '0' }])),
  );
  const [rectifyPlan, setRectifyPlan] = useState('');
  const [rectifyDue, setRectifyDue] = useState('');
  const [note, setNote] = useState('');
  const [report, setReport] = useState<File | null>(null);
  const set = (area: string, patch: Partial<{ checked: boolean; found: string; fixed: string }>) =>
    setCounts((c) => ({ ...c, [area]: { ...c[area]!, ...patch } }));
  const save = () =>
    void form.submit(async () => {
      const s = await api.invoke('selfcheck.saveSubmission', {
        year: props.setup.year,
        institutionId,
        kind,
        quarter: kind === 'routine' ? quarter : null,
        campaignId: kind === 'special' ? campaignId : null,
        submittedOn,
        areas: props.setup.areas
          .filter((a) => counts[a]!.checked)
          .map((a) => ({
            area: a,
            found: Number(counts[a]!.found || 0),
            fixed: Number(counts[a]!.fixed || 0),
          })),
        rectifyPlan,
        rectifyDue: rectifyDue || null,
        note,
        report: await upload(report),
      });
      toast(
        'success',
        `已登记${s.institutionName}${s.periodLabel}${s.late ? `（逾期，期限 ${s.deadline}）` : ''}${s.creditSeq ? `，记入信用台账第 ${s.creditSeq} 条` : ''}`,
      );
      props.onClose();
    });
  return (
    <FormDialog
      wide
      title="登记依法执业自查"
      onClose={props.onClose}
      onSave={save}
      busy={form.busy}
      failure={form.failure}
    >
      <FormErrors errors={form.errors} shown={SHOWN} />
      <div className="selfcheck-form-row">
        <Field label="机构" required>
          {(id) => (
            <InstitutionSelect id={id} rows={props.rows} value={institutionId} onChange={setInstitutionId} />
          )}
        </Field>
        <Field label="自查类别" required>
          {(id) => (
            <select
              id={id}
              className="input"
              value={kind}
              onChange={(e) => setKind(e.target.value as SelfcheckKind)}
            >
              {(['full', 'routine', 'special'] as const)
                .filter((k) => k !== 'special' || props.setup.campaigns.length > 0)
                .map((k) => (
                  <option key={k} value={k}>
                    {SELFCHECK_KIND_LABELS[k]}
                  </option>
                ))}
            </select>
          )}
        </Field>
        {kind === 'routine' ? (
          <Field label="季度" required>
            {(id) => (
              <select
                id={id}
                className="input"
                value={quarter}
                onChange={(e) => setQuarter(Number(e.target.value))}
              >
                {[1, 2, 3, 4].map((q) => (
                  <option key={q} value={q}>
                    第{['', '一', '二', '三', '四'][q]}季度
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {kind === 'special' ? (
          <Field label="专项" required>
            {(id) => (
              <select
                id={id}
                className="input"
                value={campaignId}
                onChange={(e) => setCampaignId(Number(e.target.value))}
              >
                {props.setup.campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.topic}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field label="自查日期" required>
          {(id) => <TextInput id={id} type="date" value={submittedOn} onChange={setSubmittedOn} />}
        </Field>
      </div>
      <table className="table selfcheck-areas" aria-label="各领域发现和整改的问题">
        <thead>
          <tr>
            <th>检查领域</th>
            <th>发现问题数</th>
            <th>已整改数</th>
          </tr>
        </thead>
        <tbody>
          {props.setup.areas.map((a) => (
            <tr key={a}>
              <td>
                <label className="inline-check">
                  <input
                    type="checkbox"
                    checked={counts[a]!.checked}
                    onChange={(e) => set(a, { checked: e.target.checked })}
                  />
                  {a}
                </label>
              </td>
              <td>
                <input
                  aria-label={`${a}发现问题数`}
                  className="input input-narrow"
                  type="number"
                  min={0}
                  value={counts[a]!.found}
                  disabled={!counts[a]!.checked}
                  onChange={(e) => set(a, { found: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`${a}已整改数`}
                  className="input input-narrow"
                  type="number"
                  min={0}
                  value={counts[a]!.fixed}
                  disabled={!counts[a]!.checked}
                  onChange={(e) => set(a, { fixed: e.target.value })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Field label="整改计划（有未整改问题时填写）" error={form.errors.rectifyPlan}>
        {(id) => <TextArea id={id} value={rectifyPlan} onChange={setRectifyPlan} />}
      </Field>
      <div className="selfcheck-form-row">
        <Field label="整改期限" error={form.errors.rectifyDue}>
          {(id) => <TextInput id={id} type="date" value={rectifyDue} onChange={setRectifyDue} />}
        </Field>
        <Field label="备注">{(id) => <TextInput id={id} value={note} onChange={setNote} />}</Field>
        <Field label="自查报告（PDF、Word、图片）">
          {(id) => <input id={id} type="file" onChange={(e) => setReport(e.target.files?.[0] ?? null)} />}
        </Field>
      </div>
    </FormDialog>
  );
}

export function PledgeDialog(props: {
  setup: SelfcheckYear;
  rows: SelfcheckGridRow[];
  initial: SelfcheckGridRow | null;
  onClose(): void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const [institutionId, setInstitutionId] = useState(props.initial?.institutionId ?? 0);
  const [submittedOn, setSubmittedOn] = useState(todayIso());
  const [signer, setSigner] = useState('');
  const [signed, setSigned] = useState('0');
  const [file, setFile] = useState<File | null>(null);
  const [fileDigest, setFileDigest] = useState<{ file: File; sha256: string } | null>(null);
  useEffect(() => {
    if (!file) return;
    let live = true;
    void sha256Hex(file).then((sha256) => live && setFileDigest({ file, sha256 }));
    return () => {
      live = false;
    };
  }, [file]);
  const year = props.setup.year;
  // The chosen institution's 承诺书 as registered: the form starts from it, and the save is made against it — a
  // registration made at another desk since is shown, not overwritten.
  const stored = useQuery({
    queryKey: ['selfcheck', 'pledge', year, institutionId],
    queryFn: () => api.invoke('selfcheck.pledge', { year, institutionId }),
    enabled: institutionId > 0,
  });
  const started = useStartedFrom<PledgeValues>(null, (c) => pledgeValues(c as SelfcheckPledge | null));
  const { saved: startFrom } = started;
  const [loadedFor, setLoadedFor] = useState<number | null>(null);
  useEffect(() => {
    if (!stored.isSuccess || loadedFor === institutionId) return;
    const p = stored.data;
    startFrom(pledgeValues(p));
    setLoadedFor(institutionId);
    if (p) {
      setSubmittedOn(p.submittedOn);
      setSigner(p.signer);
      setSigned(String(p.practitionersSigned));
    }
  }, [stored.isSuccess, stored.data, institutionId, loadedFor, startFrom]);
  const ready = institutionId === 0 || loadedFor === institutionId;
  const typed = () => ({ submittedOn, signer, practitionersSigned: Number(signed || 0) });
  const save = () =>
    void form.submit(async () => {
      await api
        .invoke('selfcheck.savePledge', {
          year,
          institutionId,
          ...typed(),
          file: await upload(file),
          expected: started.expected(),
        })
        .catch(started.adopt);
      toast('success', '已登记依法执业承诺书');
      props.onClose();
    });
  const theirs = started.stale ? started.expected() : null;
  // Theirs: the 承诺书 the refusal carried (what is stored now), with its file.
  const theirFile = started.stale ? ((started.stale.current as SelfcheckPledge | null)?.file ?? null) : null;
  const digest = fileDigest?.file === file ? fileDigest.sha256 : null;
  const mineFile = file
    ? `${file.name}（${fileSizeText(file.size)}）${
        theirFile && digest ? (digest === theirFile.sha256 ? '，与对方的文件相同' : '，与对方的文件不同') : ''
      }`
    : theirFile
      ? '（未选择新文件：保留对方保存的文件）'
      : '';
  return (
    <FormDialog
      title="登记《医疗机构依法执业承诺书》"
      onClose={props.onClose}
      onSave={save}
      saveLabel={saveLabel(started.stale)}
      busy={form.busy || !ready}
      failure={form.failure}
      stale={
        started.stale ? (
          <StaleComparison
            stale={started.stale}
            fields={[
              { label: '递交日期', mine: submittedOn, theirs: theirs?.submittedOn ?? '（未登记）' },
              { label: '签署人（主要负责人）', mine: signer, theirs: theirs?.signer ?? '' },
              {
                label: '签订承诺书的医务人员数',
                mine: String(Number(signed || 0)),
                theirs: theirs ? String(theirs.practitionersSigned) : '',
              },
              {
                label: '签署的承诺书（扫描件）',
                mine: mineFile,
                theirs: theirFile ? `${theirFile.name}（${fileSizeText(theirFile.size)}）` : '',
              },
            ]}
          />
        ) : null
      }
    >
      <FormErrors errors={form.errors} />
      <Field label="机构" required>
        {(id) => (
          <InstitutionSelect id={id} rows={props.rows} value={institutionId} onChange={setInstitutionId} />
        )}
      </Field>
      <Field label="递交日期" required>
        {(id) => <TextInput id={id} type="date" value={submittedOn} onChange={setSubmittedOn} />}
      </Field>
      <Field label="签署人（主要负责人）" required>
        {(id) => <TextInput id={id} value={signer} onChange={setSigner} />}
      </Field>
      <Field label="与机构签订承诺书的医务人员数（双承诺）">
        {(id) => (
          <input
            id={id}
            className="input"
            type="number"
            min={0}
            value={signed}
            onChange={(e) => setSigned(e.target.value)}
          />
        )}
      </Field>
      <Field label="签署的承诺书（扫描件）">
        {(id) => <input id={id} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
      </Field>
      {file ? (
        <p className="muted" data-testid="pledge-file-chosen">
          已选择：{file.name}（{fileSizeText(file.size)}），保存时一并登记
        </p>
      ) : stored.data?.file ? (
        <p className="muted">
          已登记的签署件：{stored.data.file.name}（{fileSizeText(stored.data.file.size)}）
        </p>
      ) : null}
    </FormDialog>
  );
}

const ACTION_TEXT = { apply: '导入', skip: '跳过', error: '有错误' } as const;

export function WorkbookDialog(props: { setup: SelfcheckYear; onClose(): void }) {
  const toast = useToast();
  // Anyone who may print exports the blank workbook; only a role that maintains records imports it back.
  const writer = useCan()('records.write');
  const periods = [
    { key: 'full', label: '全面自查' },
    ...[1, 2, 3, 4].map((q) => ({ key: `Q${q}`, label: `第${['', '一', '二', '三', '四'][q]}季度日常自查` })),
    ...props.setup.campaigns.map((c) => ({ key: `C${c.id}`, label: `专项：${c.topic}` })),
  ];
  const [chosen, setChosen] = useState<string[]>(periods.map((p) => p.key));
  const [file, setFile] = useState<{ fileName: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<SelfcheckImportPreview | null>(null);
  const exporting = useFormSubmit();
  const importing = useFormSubmit();
  const year = props.setup.year;
  const choose = (f: File | undefined) => {
    setPreview(null);
    setFile(null);
    if (!f) return;
    void importing.submit(async () => {
      const up = { fileName: f.name, base64: await readFileAsBase64(f) };
      setPreview(await api.invoke('selfcheck.importPreview', { ...up, year }));
      setFile(up);
    });
  };
  const apply = () =>
    void importing.submit(async () => {
      const r = await api.invoke('selfcheck.importApply', { ...file!, year });
      toast('success', `导入完成：写入 ${r.applyCount} 行，跳过 ${r.skipCount} 行`);
      props.onClose();
    });
  const canApply = preview !== null && preview.errorCount === 0 && preview.applyCount > 0;
  return (
    <Dialog
      wide
      title="依法执业自查填报表（Excel）"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>关闭</Button>
          {writer ? (
            <Button variant="primary" disabled={!canApply || importing.busy} onClick={apply}>
              确认导入
            </Button>
          ) : null}
        </>
      }
    >
      <h3>导出填报表</h3>
      <p className="muted">
        每家机构每个期间一行，机构和期间已锁定；机构在 Excel 或 WPS
        中选择“已完成”，填写自查日期和各领域发现、整改的问题数后发回。
      </p>
      <div className="selfcheck-checks">
        {periods.map((p) => (
          <label key={p.key} className="inline-check">
            <input
              type="checkbox"
              checked={chosen.includes(p.key)}
              onChange={(e) =>
                setChosen(e.target.checked ? [...chosen, p.key] : chosen.filter((k) => k !== p.key))
              }
            />
            {p.label}
          </label>
        ))}
      </div>
      <Button
        disabled={exporting.busy || chosen.length === 0}
        onClick={() =>
          void exporting.submit(async () =>
            saveDownload(await api.invoke('selfcheck.exportWorkbook', { year, periods: chosen })),
          )
        }
      >
        导出填报表
      </Button>
      {exporting.failure ? <Notice kind="error">{exporting.failure}</Notice> : null}
      {writer ? (
        <>
          <h3>导入填报表</h3>
          <p className="muted">
            逐行检查后列出结果；全部正确才能导入（有一行错误则不导入任何内容，请在 Excel 中改正后重新选择）。
          </p>
          <label className="file-pick">
            选择填报表：
            <input
              type="file"
              accept=".xlsx"
              aria-label="选择自查填报表"
              onChange={(e) => {
                choose(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </label>
          {importing.busy ? <p>正在处理…</p> : null}
          {importing.failure ? <Notice kind="error">{importing.failure}</Notice> : null}
          {preview ? (
            <>
              <Notice
                kind={preview.errorCount > 0 ? 'error' : preview.applyCount > 0 ? 'success' : 'info'}
                title={`${file?.fileName ?? ''}（${preview.year} 年）`}
              >
                将导入 {preview.applyCount} 行，跳过 {preview.skipCount} 行，{preview.errorCount} 行有错误
                {preview.errorCount > 0 ? '：有错误时不导入任何内容，请改正后重新导入' : ''}。
              </Notice>
              <div className="table-scroll">
                <table className="table" aria-label="导入预览">
                  <thead>
                    <tr>
                      <th>行号</th>
                      <th>机构</th>
                      <th>期间</th>
                      <th>自查日期</th>
                      <th>处理</th>
                      <th>说明 / 问题</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows
                      .filter((r) => r.action !== 'skip' || r.note !== '未填写')
                      .map((r) => (
                        <tr key={r.rowNumber} className={r.action === 'error' ? 'row-error' : ''}>
                          <td>第 {r.rowNumber} 行</td>
                          <td>{r.institutionName}</td>
                          <td>{r.periodLabel}</td>
                          <td>{r.submittedOn}</td>
                          <td>{ACTION_TEXT[r.action]}</td>
                          <td>{r.action === 'error' ? r.errors.join('；') : r.note}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
