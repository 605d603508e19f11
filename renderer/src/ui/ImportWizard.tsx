// 数据迁入: the import wizard every register uses (成员单位, 监管对象, 从业人员, 执法检查人员, 12345 工单). The
// office's own spreadsheet as it is: 文件与工作表 (which sheet, which row holds the header) → 对应列 (proposed from the
// headers, changeable; required fields not mapped block 下一步) → 对应取值 (each coded value matched to the app's
// categories) → 预览 (per row: 新增/更新/无变化 or its problems) → 导入 (all or nothing). A mapping remembered for
// the same header layout skips straight to the preview. Refreshing after the import is the page's, as with
// ImportDialog: `onImported` hands it the summary.
import { ProgressBar, useTrackedCall } from './ProgressBar';
import { useState, type ReactNode } from 'react';
import type {
  ImportInspection,
  ImportPreviewResult,
  ImportRegisterKey,
  ImportValueField,
  SavedImportMapping,
} from '../../../shared/contract';
import { api, errorMessage, readFileAsBase64, saveDownload } from '../api';
import { Button, Dialog, Notice } from './index';
import { formatDate } from '../../../shared/format';

const STEPS = ['文件与工作表', '对应列', '对应取值', '预览', '导入'] as const;
type Step = 0 | 1 | 2 | 3;
const ACTION_TEXT = { create: '新增', update: '更新', unchanged: '无变化' } as const;
/** Rows listed in the preview; the counts cover them all. */
const PREVIEW_LIMIT = 500;
const TYPE_HINT: Record<string, string> = {
  date: '日期：2026/3/5、2026-03-05、2026年3月5日 或 Excel 日期均可',
  bool: '是/否、√/×',
};

type Upload = { fileName: string; base64: string };
type Values = Record<string, Record<string, string>>;

export function ImportWizard(props: {
  register: ImportRegisterKey;
  title: string;
  /** 个, 人, 件 */
  unit: string;
  help?: ReactNode;
  onClose: () => void;
  onImported: (summary: string) => void;
}) {
  const u = props.unit;
  const [step, setStep] = useState<Step>(0);
  const [file, setFile] = useState<Upload | null>(null);
  const [inspection, setInspection] = useState<ImportInspection | null>(null);
  const [columns, setColumns] = useState<Record<string, string | null>>({});
  const [valueFields, setValueFields] = useState<ImportValueField[]>([]);
  const [values, setValues] = useState<Values>({});
  const [preview, setPreview] = useState<ImportPreviewResult | null>(null);
  const [remember, setRemember] = useState(true);
  const [oneStep, setOneStep] = useState(false);
  const [busy, setBusy] = useState('');
  const [failure, setFailure] = useState('');

  // The import itself shows its rows in a progress bar (第 1,200 / 3,000 行).
  const tracked = useTrackedCall();
  const run = async <T,>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    setBusy(what);
    setFailure('');
    try {
      return await fn();
    } catch (e) {
      setFailure(errorMessage(e));
      return null;
    } finally {
      setBusy('');
    }
  };

  const target = (i: ImportInspection, f: Upload, cols: Record<string, string | null>) => ({
    register: props.register,
    fileName: f.fileName,
    base64: f.base64,
    sheet: i.sheet,
    headerRow: i.headerRow!,
    columns: cols,
  });

  /** The coded values of the mapped columns, each preset to the remembered choice, else the clear match. */
  const loadValues = async (i: ImportInspection, f: Upload, cols: Record<string, string | null>) => {
    const fields = await api.invoke('imports.values', target(i, f, cols));
    const preset: Values = {};
    for (const vf of fields) {
      const kept = i.valueMap[vf.field] ?? {};
      preset[vf.field] = Object.fromEntries(
        vf.values.map((v) => [
          v.value,
          kept[v.value] ?? v.proposed ?? (vf.options.includes(v.value) ? v.value : ''),
        ]),
      );
    }
    return { fields, preset };
  };

  const inspect = async (f: Upload, sheet?: string, headerRow?: number) => {
    setPreview(null);
    setOneStep(false);
    const i = await run('正在读取文件…', () =>
      api.invoke('imports.inspect', {
        register: props.register,
        ...f,
        ...(sheet !== undefined ? { sheet } : {}),
        ...(headerRow !== undefined ? { headerRow } : {}),
      }),
    );
    if (!i) return;
    setInspection(i);
    setColumns(i.columnMap);
    setValues({});
    setValueFields([]);
    // Same header layout as a remembered mapping, or the app's own export (its own headers, as the import used
    // to require): straight to the preview, every step still there to revisit. Values the mapping leaves
    // unmatched are errors of their rows there.
    if (
      (i.remembered || ownLayout(i)) &&
      i.headerRow !== null &&
      missingRequired(i, i.columnMap).length === 0
    ) {
      const done = await run(`正在检查 ${i.dataRowCount} 行…`, async () => {
        const { fields, preset } = await loadValues(i, f, i.columnMap);
        const p = await api.invoke('imports.preview', { ...target(i, f, i.columnMap), values: preset });
        return { fields, preset, p };
      });
      if (done) {
        setValueFields(done.fields);
        setValues(done.preset);
        setPreview(done.p);
        setOneStep(true);
        setStep(3);
      }
    }
  };

  const choose = async (picked: File | undefined) => {
    setInspection(null);
    setStep(0);
    if (!picked) return;
    const f = await run('正在读取文件…', async () => ({
      fileName: picked.name,
      base64: await readFileAsBase64(picked),
    }));
    if (!f) return;
    setFile(f);
    await inspect(f);
  };

  const missing = inspection ? missingRequired(inspection, columns) : [];
  const twice = duplicateColumns(columns);
  const columnsBlocked =
    missing.length > 0
      ? `必填项尚未对应：${missing.join('、')}`
      : twice.length > 0
        ? `列“${twice[0]}”对应了多个字段`
        : '';

  const next = async () => {
    if (!inspection || !file) return;
    if (step === 0) setStep(1);
    else if (step === 1) {
      const r = await run('正在整理取值…', () => loadValues(inspection, file, columns));
      if (!r) return;
      setValueFields(r.fields);
      setValues((old) => mergeValues(r.preset, old));
      setStep(2);
    } else if (step === 2) {
      const p = await run(`正在检查 ${inspection.dataRowCount} 行…`, () =>
        api.invoke('imports.preview', { ...target(inspection, file, columns), values }),
      );
      if (!p) return;
      setPreview(p);
      setOneStep(false);
      setStep(3);
    }
  };

  const apply = async () => {
    if (!inspection || !file) return;
    const r = await run(`正在导入 ${inspection.dataRowCount} 行…`, () =>
      tracked.run((progressId) =>
        api.invoke('imports.apply', { ...target(inspection, file, columns), values, remember, progressId }),
      ),
    );
    if (r)
      props.onImported(
        `导入完成：新增 ${r.createCount} ${u}，更新 ${r.updateCount} ${u}，无变化 ${r.unchangedCount} ${u}`,
      );
  };

  const unmatched = valueFields.flatMap((vf) =>
    vf.values.filter((v) => !values[vf.field]?.[v.value]).map((v) => `${vf.field}“${v.value}”`),
  );
  const canNext =
    !busy &&
    inspection !== null &&
    (step === 0
      ? inspection.headerRow !== null && inspection.columns.length > 0
      : step === 1
        ? columnsBlocked === ''
        : step === 2);
  const canApply =
    !busy && preview !== null && preview.errorCount === 0 && preview.createCount + preview.updateCount > 0;

  return (
    <Dialog
      wide
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          {step > 0 ? (
            <Button disabled={!!busy} onClick={() => setStep((step - 1) as Step)}>
              上一步
            </Button>
          ) : null}
          {step < 3 ? (
            <Button
              variant="primary"
              disabled={!canNext}
              title={step === 1 ? columnsBlocked : undefined}
              onClick={() => void next()}
            >
              下一步
            </Button>
          ) : (
            <Button variant="primary" disabled={!canApply} onClick={() => void apply()}>
              确认导入
            </Button>
          )}
        </>
      }
    >
      <ol className="wizard-steps" aria-label="导入步骤">
        {STEPS.map((s, i) => (
          <li
            key={s}
            className={i === step ? 'current' : i < step ? 'done' : ''}
            aria-current={i === step ? 'step' : undefined}
          >
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      {busy && tracked.running && tracked.progress ? (
        <ProgressBar progress={tracked.progress} />
      ) : busy ? (
        <div className="wizard-busy" role="status">
          <progress aria-label="进度" /> {busy}
        </div>
      ) : null}
      {failure ? <Notice kind="error">{failure}</Notice> : null}

      {step === 0 ? (
        <FileStep
          register={props.register}
          help={props.help}
          file={file}
          inspection={inspection}
          onChoose={(f) => void choose(f)}
          onSheet={(s) => file && void inspect(file, s)}
          onHeaderRow={(r) => file && inspection && void inspect(file, inspection.sheet, r)}
        />
      ) : null}

      {step === 1 && inspection ? (
        <>
          <p className="muted">
            按表头自动对应，可逐项修改。必填项（*）须对应到一列；不需要导入的字段选“（不导入）”，未填的字段保留原有记录中的内容。
          </p>
          {columnsBlocked ? <Notice kind="error">{columnsBlocked}，不能进入下一步。</Notice> : null}
          <div className="table-scroll">
            <table className="table" aria-label="对应列">
              <thead>
                <tr>
                  <th>本程序的字段</th>
                  <th>文件中的列</th>
                  <th>示例值</th>
                </tr>
              </thead>
              <tbody>
                {inspection.fields.map((f) => {
                  const c = columns[f.name] ?? null;
                  const col = inspection.columns.find((x) => x.key === c);
                  return (
                    <tr key={f.name} className={f.required && c === null ? 'row-error' : ''}>
                      <td>
                        {f.name}
                        {f.required ? <span className="required">*</span> : null}
                        {f.key ? <span className="muted">（用于匹配已有记录）</span> : null}
                        {f.hint || TYPE_HINT[f.type] ? (
                          <div className="field-hint">{f.hint || TYPE_HINT[f.type]}</div>
                        ) : null}
                      </td>
                      <td>
                        <select
                          className="input"
                          aria-label={`“${f.name}”对应的列`}
                          value={c ?? ''}
                          onChange={(e) => setColumns({ ...columns, [f.name]: e.target.value || null })}
                        >
                          <option value="">（不导入）</option>
                          {inspection.columns.map((x) => (
                            <option key={x.key} value={x.key}>
                              {x.letter} 列：{x.key}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="muted">{col ? col.samples.join('；') : ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p>
            未对应的列（不导入）：
            {unmappedColumns(inspection, columns).join('、') || '无'}
          </p>
        </>
      ) : null}

      {step === 2 ? (
        <>
          {valueFields.length === 0 ? (
            <p>所选的列中没有需要对应取值的字段。</p>
          ) : (
            <p className="muted">
              文件中的每个取值对应到本程序的取值；能明确判断的已预先选好，请核对。未对应的取值所在行将在预览中列为错误，不会导入。
            </p>
          )}
          {unmatched.length > 0 ? (
            <Notice kind="warning" title={`还有 ${unmatched.length} 个取值未对应`}>
              {unmatched.slice(0, 10).join('、')}
              {unmatched.length > 10 ? '…' : ''}
            </Notice>
          ) : null}
          {valueFields.map((vf) => (
            <div key={vf.field}>
              <h3>{vf.field}</h3>
              <table className="table" aria-label={`${vf.field}的取值`}>
                <thead>
                  <tr>
                    <th>文件中的取值</th>
                    <th>行数</th>
                    <th>对应为</th>
                  </tr>
                </thead>
                <tbody>
                  {vf.values.map((v) => {
                    const chosen = values[vf.field]?.[v.value] ?? '';
                    return (
                      <tr key={v.value} className={chosen ? '' : 'row-error'}>
                        <td>{v.value}</td>
                        <td>{v.count}</td>
                        <td>
                          <select
                            className="input"
                            aria-label={`${vf.field}“${v.value}”对应为`}
                            value={chosen}
                            onChange={(e) =>
                              setValues({
                                ...values,
                                [vf.field]: { ...values[vf.field], [v.value]: e.target.value },
                              })
                            }
                          >
                            <option value="">请选择</option>
                            {vf.options.map((o) => (
                              <option key={o} value={o}>
                                {o}
                              </option>
                            ))}
                          </select>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))}
        </>
      ) : null}

      {step === 3 && preview && inspection ? (
        <>
          {oneStep && inspection.remembered ? (
            <Notice kind="info" title="已按保存的对应自动完成前几步">
              该文件的表头与“{inspection.remembered.name}”相同（{inspection.remembered.updatedBy}，
              {formatDate(inspection.remembered.updatedAt)}
              ），已直接套用其列与取值对应；如需修改，请点“上一步”。
            </Notice>
          ) : oneStep ? (
            <Notice kind="info">该文件的列名和取值与本程序一致，已直接对应；如需修改，请点“上一步”。</Notice>
          ) : null}
          {preview.errorCount > 0 ? (
            <Notice kind="error" title={`有 ${preview.errorCount} 行存在问题`}>
              请在 Excel 中修改，或返回上一步调整对应后重新预览。存在问题时不会导入任何数据。
            </Notice>
          ) : (
            <Notice kind="success">
              检查通过：将新增 {preview.createCount} {u}，更新 {preview.updateCount} {u}，
              {preview.unchangedCount} {u}无变化。
            </Notice>
          )}
          {preview.unmappedColumns.length > 0 ? (
            <p className="muted">未导入的列：{preview.unmappedColumns.join('、')}</p>
          ) : null}
          <PreviewTable preview={preview} />
          <label className="checkbox">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />{' '}
            记住此表头的列与取值对应（下次同样表头的文件可一步导入）
          </label>
        </>
      ) : null}
    </Dialog>
  );
}

function FileStep(props: {
  register: ImportRegisterKey;
  help?: ReactNode;
  file: Upload | null;
  inspection: ImportInspection | null;
  onChoose: (f: File | undefined) => void;
  onSheet: (name: string) => void;
  onHeaderRow: (row: number) => void;
}) {
  const i = props.inspection;
  return (
    <>
      <div className="muted">
        {props.help ?? null}
        <p>
          可直接使用单位现有的表格：表头不必在第一行，上方可有合并的标题行；列名和取值不必与本程序一致，下一步逐项对应。
        </p>
      </div>
      <label className="file-pick">
        选择文件：
        <input
          type="file"
          accept=".xlsx"
          aria-label="选择 Excel 文件"
          onChange={(e) => props.onChoose(e.target.files?.[0])}
        />
      </label>
      {i ? (
        <>
          <div className="wizard-row">
            <label>
              工作表：
              <select
                className="input"
                aria-label="工作表"
                value={i.sheet}
                onChange={(e) => props.onSheet(e.target.value)}
              >
                {i.sheets.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name}（{s.rowCount} 行）
                  </option>
                ))}
              </select>
            </label>
            <label>
              表头所在行：
              <select
                className="input"
                aria-label="表头所在行"
                value={i.headerRow ?? ''}
                onChange={(e) => props.onHeaderRow(Number(e.target.value))}
              >
                {i.headerRow === null ? <option value="">未找到</option> : null}
                {i.topRows.map((_, n) => (
                  <option key={n} value={n + 1}>
                    第 {n + 1} 行
                  </option>
                ))}
              </select>
            </label>
            {i.headerRow !== null ? <span>表头下共 {i.dataRowCount} 行数据</span> : null}
          </div>
          {i.problem ? <Notice kind="error">{i.problem}</Notice> : null}
          <div className="table-scroll">
            <table className="table" aria-label="所选工作表的开头几行">
              <tbody>
                {i.topRows.map((r, n) => (
                  <tr key={n} className={n + 1 === i.headerRow ? 'row-header' : ''}>
                    <th>{n + 1}</th>
                    {r.map((c, j) => (
                      <td key={j}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <SavedMappings register={props.register} />
    </>
  );
}

/** The remembered mappings of this register: exported as JSON for another district, or taken in from one. */
function SavedMappings(props: { register: ImportRegisterKey }) {
  const [list, setList] = useState<SavedImportMapping[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const load = async () => setList(await api.invoke('imports.mappings', { register: props.register }));
  const act = async (fn: () => Promise<string | void>) => {
    try {
      const text = await fn();
      if (text) setMessage({ kind: 'success', text });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };
  return (
    <details className="wizard-saved" onToggle={(e) => (e.currentTarget.open ? void act(load) : undefined)}>
      <summary>已保存的对应（导出给其他区县，或载入其他区县的对应）</summary>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {list && list.length === 0 ? <p className="muted">尚未保存对应：导入时勾选“记住”即保存。</p> : null}
      {list && list.length > 0 ? (
        <table className="table" aria-label="已保存的对应">
          <tbody>
            {list.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td className="muted">
                  {m.source === 'imported' ? '载入' : '保存'}于 {formatDate(m.updatedAt)}（{m.updatedBy}）
                </td>
                <td>
                  <Button
                    variant="link"
                    onClick={() =>
                      void act(async () =>
                        saveDownload(await api.invoke('imports.exportMapping', { id: m.id })),
                      )
                    }
                  >
                    导出
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <label className="file-pick">
        载入其他区县导出的对应文件：
        <input
          type="file"
          accept=".json,application/json"
          aria-label="载入对应文件"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            void act(async () => {
              const m = await api.invoke('imports.importMapping', {
                fileName: f.name,
                base64: await readFileAsBase64(f),
              });
              await load();
              return `已载入对应“${m.name}”：表头相同的文件将自动套用`;
            });
          }}
        />
      </label>
    </details>
  );
}

function PreviewTable(props: { preview: ImportPreviewResult }) {
  // Rows with problems first, so they are seen even in a long file.
  const rows = [...props.preview.rows].sort(
    (a, b) => Number(b.errors.length > 0) - Number(a.errors.length > 0) || a.rowNumber - b.rowNumber,
  );
  return (
    <div className="table-scroll">
      <table className="table" aria-label="导入预览">
        <thead>
          <tr>
            <th>行号</th>
            <th>记录</th>
            <th>处理</th>
            <th>变化 / 问题</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, PREVIEW_LIMIT).map((r) => (
            <tr key={r.rowNumber} className={r.errors.length ? 'row-error' : ''}>
              <td style={{ whiteSpace: 'nowrap' }}>第 {r.rowNumber} 行</td>
              <td>{r.label}</td>
              <td style={{ whiteSpace: 'nowrap' }}>{r.errors.length ? '有错误' : ACTION_TEXT[r.action]}</td>
              <td>{r.errors.length ? r.errors.join('；') : r.changes.join('；')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > PREVIEW_LIMIT ? (
        <p className="muted">
          共 {rows.length} 行，仅列出前 {PREVIEW_LIMIT} 行（有问题的行在前）。
        </p>
      ) : null}
    </div>
  );
}

/** The app's own layout: every mapped column is headed by the field's own name. */
function ownLayout(i: ImportInspection): boolean {
  const mapped = Object.entries(i.columnMap).filter(([, c]) => c !== null);
  return mapped.length > 0 && mapped.every(([f, c]) => f === c);
}

function missingRequired(i: ImportInspection, columns: Record<string, string | null>): string[] {
  return i.fields.filter((f) => f.required && !columns[f.name]).map((f) => f.name);
}

function duplicateColumns(columns: Record<string, string | null>): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const c of Object.values(columns)) {
    if (!c) continue;
    if (seen.has(c)) twice.push(c);
    seen.add(c);
  }
  return twice;
}

function unmappedColumns(i: ImportInspection, columns: Record<string, string | null>): string[] {
  const taken = new Set(Object.values(columns));
  return i.columns.map((c) => c.key).filter((k) => !taken.has(k));
}

/** Choices the person already made win over fresh presets. */
function mergeValues(preset: Values, chosen: Values): Values {
  const out: Values = {};
  for (const [field, map] of Object.entries(preset)) {
    out[field] = { ...map };
    for (const [v, to] of Object.entries(chosen[field] ?? {})) if (v in map && to) out[field][v] = to;
  }
  return out;
}
