// Excel import in two steps: choose a file and see, row by row, what would be created or changed and what
// is wrong; only a file without errors can be applied, and then all of it is written at once.
import { useState } from 'react';
import type { DepartmentImportPreview } from '../../../../shared/contract';
import { api, errorMessage, readFileAsBase64 } from '../../api';
import { Button, Dialog, Notice } from '../../ui';

const ACTION_TEXT = { create: '新增', update: '更新', unchanged: '无变化' } as const;

export function DepartmentImportDialog(props: {
  onClose: () => void;
  onImported: (summary: string) => void;
}) {
  const [file, setFile] = useState<{ fileName: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<DepartmentImportPreview | null>(null);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);

  const choose = async (f: File | undefined) => {
    setPreview(null);
    setFailure('');
    if (!f) return;
    setBusy(true);
    try {
      const upload = { fileName: f.name, base64: await readFileAsBase64(f) };
      setFile(upload);
      setPreview(await api.invoke('departments.importPreview', upload));
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
      const r = await api.invoke('departments.importApply', file);
      props.onImported(
        `导入完成：新增 ${r.createCount} 个，更新 ${r.updateCount} 个，无变化 ${r.unchangedCount} 个`,
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
      title="从 Excel 导入成员单位"
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
      <p className="muted">
        表格第一行为列名：单位全称、简称（必填），别名、类型（部门/镇街/统称）、联系人、联系电话、职责、状态（启用/停用）。
        可先“导出 Excel”作为模板。按单位全称或简称匹配已有单位：匹配到的更新，其余新增。
      </p>
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
              检查通过：将新增 {preview.createCount} 个，更新 {preview.updateCount} 个，
              {preview.unchangedCount} 个无变化。
            </Notice>
          )}
          <div className="table-scroll">
            <table className="table" aria-label="导入预览">
              <thead>
                <tr>
                  <th>行号</th>
                  <th>单位</th>
                  <th>处理</th>
                  <th>变化 / 问题</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.rowNumber} className={r.errors.length ? 'row-error' : ''}>
                    <td>第 {r.rowNumber} 行</td>
                    <td>{r.shortName || r.fullName || '（空）'}</td>
                    <td>{r.errors.length ? '有错误' : ACTION_TEXT[r.action]}</td>
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
