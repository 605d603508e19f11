// Pieces the three 联合执法 directories share: the Excel import dialog (preview first, then all or nothing), the
// institution picker (type a name or a 统一社会信用代码, or pick from the list), and duplicate-key refusals shown on
// the field they concern.
import { useId, useState, type ReactNode } from 'react';
import type { DirectoryImportPreview, Institution } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { api, errorMessage, readFileAsBase64 } from '../../api';
import { Button, Dialog, Notice } from '../../ui';

/** A CONFLICT with field issues (a 代码 or 证号 already on the register) lands on the field, like a validation error. */
export async function conflictsOnFields<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    const issues = (e instanceof AppError ? (e.details as { issues?: unknown } | undefined) : undefined)
      ?.issues;
    if (e instanceof AppError && e.code === 'CONFLICT' && Array.isArray(issues))
      throw new AppError('VALIDATION', e.message, e.details);
    throw e;
  }
}

export const institutionOption = (i: Pick<Institution, 'name' | 'uscc'>) => `${i.name}（${i.uscc}）`;

/** The institution a typed text means: an option of the list, a 统一社会信用代码, or a name only one has. */
export function findInstitution(institutions: Institution[], text: string): Institution | null {
  const t = text.trim();
  if (t === '') return null;
  const code = t.replace(/\s+/g, '').toUpperCase();
  return (
    institutions.find((i) => institutionOption(i) === t) ??
    institutions.find((i) => i.uscc === code) ??
    (() => {
      const named = institutions.filter((i) => i.name === t);
      return named.length === 1 ? named[0]! : null;
    })()
  );
}

export function InstitutionPicker(props: {
  id?: string;
  label?: string;
  institutions: Institution[];
  value: string;
  onChange: (text: string) => void;
}) {
  const listId = useId();
  return (
    <>
      <input
        id={props.id}
        aria-label={props.label}
        className="input"
        list={listId}
        value={props.value}
        placeholder="输入机构名称或统一社会信用代码"
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
      />
      <datalist id={listId}>
        {props.institutions.map((i) => (
          <option key={i.id} value={institutionOption(i)} />
        ))}
      </datalist>
    </>
  );
}

const ACTION_TEXT = { create: '新增', update: '更新', unchanged: '无变化' } as const;

export type ImportMethods =
  | { preview: 'institutions.importPreview'; apply: 'institutions.importApply' }
  | { preview: 'practitioners.importPreview'; apply: 'practitioners.importApply' }
  | { preview: 'inspectors.importPreview'; apply: 'inspectors.importApply' };

export function DirectoryImportDialog(props: {
  title: string;
  help: ReactNode;
  methods: ImportMethods;
  /** 个 or 人 */
  unit: string;
  onClose: () => void;
  onImported: (summary: string) => void;
}) {
  const [file, setFile] = useState<{ fileName: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<DirectoryImportPreview | null>(null);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const u = props.unit;

  const choose = async (f: File | undefined) => {
    setPreview(null);
    setFailure('');
    if (!f) return;
    setBusy(true);
    try {
      const upload = { fileName: f.name, base64: await readFileAsBase64(f) };
      setFile(upload);
      setPreview(await api.invoke(props.methods.preview, upload));
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await api.invoke(props.methods.apply, file);
      props.onImported(
        `导入完成：新增 ${r.createCount} ${u}，更新 ${r.updateCount} ${u}，无变化 ${r.unchangedCount} ${u}`,
      );
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const canApply =
    preview !== null && preview.errorCount === 0 && preview.createCount + preview.updateCount > 0;
  return (
    <Dialog
      wide
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={!canApply || busy} onClick={() => void apply()}>
            确认导入
          </Button>
        </>
      }
    >
      <div className="muted">{props.help}</div>
      <label className="file-pick">
        选择文件：
        <input
          type="file"
          accept=".xlsx"
          aria-label="选择 Excel 文件"
          onChange={(e) => void choose(e.target.files?.[0])}
        />
      </label>
      {busy ? <p>正在读取…</p> : null}
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {preview ? (
        <>
          {preview.errorCount > 0 ? (
            <Notice kind="error" title={`有 ${preview.errorCount} 行存在问题`}>
              请在 Excel 中修改后重新选择文件。存在问题时不会导入任何数据。
            </Notice>
          ) : (
            <Notice kind="success">
              检查通过：将新增 {preview.createCount} {u}，更新 {preview.updateCount} {u}，
              {preview.unchangedCount} {u}无变化。
            </Notice>
          )}
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
                {preview.rows.map((r) => (
                  <tr key={r.rowNumber} className={r.errors.length ? 'row-error' : ''}>
                    <td style={{ whiteSpace: 'nowrap' }}>第 {r.rowNumber} 行</td>
                    <td>{r.label}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      {r.errors.length ? '有错误' : ACTION_TEXT[r.action]}
                    </td>
                    <td>{r.errors.length ? r.errors.join('；') : r.changes.join('；')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </Dialog>
  );
}
