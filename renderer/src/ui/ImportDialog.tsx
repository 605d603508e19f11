// Excel import in two steps, for every register that takes one (成员单位, the 联合执法 directories): choose a file
// and see, row by row, what would be created or changed and what is wrong; only a file without errors can be
// applied, and then all of it is written at once.
import { useState, type ReactNode } from 'react';
import type { ImportAction } from '../../../shared/contract';
import { errorMessage, readFileAsBase64 } from '../api';
import { Button, Dialog, Notice } from './index';

const ACTION_TEXT: Record<ImportAction, string> = { create: '新增', update: '更新', unchanged: '无变化' };

export interface ImportPreviewRow {
  rowNumber: number;
  action: ImportAction;
  changes: string[];
  errors: string[];
}

export interface ImportPreviewOf<R extends ImportPreviewRow> {
  rows: R[];
  createCount: number;
  updateCount: number;
  unchangedCount: number;
  errorCount: number;
}

type Upload = { fileName: string; base64: string };

export function ImportDialog<R extends ImportPreviewRow>(props: {
  title: string;
  help: ReactNode;
  /** 个 or 人 */
  unit: string;
  preview: (file: Upload) => Promise<ImportPreviewOf<R>>;
  apply: (file: Upload) => Promise<ImportPreviewOf<R>>;
  /** The record column: its header and what each row shows there. */
  recordHeader: string;
  recordLabel: (row: R) => string;
  onClose: () => void;
  onImported: (summary: string) => void;
}) {
  const [file, setFile] = useState<Upload | null>(null);
  const [preview, setPreview] = useState<ImportPreviewOf<R> | null>(null);
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
      setPreview(await props.preview(upload));
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
      const r = await props.apply(file);
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
                  <th>{props.recordHeader}</th>
                  <th>处理</th>
                  <th>变化 / 问题</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.rowNumber} className={r.errors.length ? 'row-error' : ''}>
                    <td style={{ whiteSpace: 'nowrap' }}>第 {r.rowNumber} 行</td>
                    <td>{props.recordLabel(r)}</td>
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
