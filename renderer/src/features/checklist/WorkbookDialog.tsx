// 部门填报表（Excel）: export one department's fill-in workbook for the quarter; import a filled one with a
// row-by-row preview (what will be written, skipped, or is wrong, by Excel row number), then apply the
// valid rows at once. Rows with errors are listed and not written.
import { useState } from 'react';
import type { ChecklistImportAction, ChecklistImportPreview } from '../../../../shared/contract';
import { api, readFileAsBase64, saveDownload } from '../../api';
import { Button, Dialog, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { QUARTER_LABELS } from './text';

const NOWRAP = { whiteSpace: 'nowrap' } as const;
const ACTION_TEXT: Record<ChecklistImportAction, string> = { apply: '导入', skip: '跳过', error: '有错误' };

export function WorkbookDialog(props: {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  departments: { id: number; shortName: string }[];
  onClose(): void;
  onImported(): void;
}) {
  const toast = useToast();
  const [deptId, setDeptId] = useState<number>(props.departments[0]?.id ?? 0);
  const [file, setFile] = useState<{ fileName: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<ChecklistImportPreview | null>(null);
  const exporting = useFormSubmit();
  const importing = useFormSubmit();
  const period = `${props.year} 年${QUARTER_LABELS[props.quarter]}`;

  const exportWorkbook = () =>
    exporting.submit(async () =>
      saveDownload(
        await api.invoke('checklist.exportWorkbook', {
          year: props.year,
          quarter: props.quarter,
          departmentId: deptId,
        }),
      ),
    );

  const choose = (f: File | undefined) => {
    setPreview(null);
    setFile(null);
    if (!f) return;
    void importing.submit(async () => {
      const upload = { fileName: f.name, base64: await readFileAsBase64(f) };
      setPreview(await api.invoke('checklist.importPreview', upload));
      setFile(upload);
    });
  };

  const apply = () =>
    importing.submit(async () => {
      const r = await api.invoke('checklist.importApply', file!);
      toast(
        'success',
        `导入完成：写入 ${r.applyCount} 项进展，跳过 ${r.skipCount} 行` +
          (r.errorCount ? `，${r.errorCount} 行有错误未导入` : ''),
      );
      props.onImported();
    });

  const filePeriod = preview ? `${preview.year} 年${QUARTER_LABELS[preview.quarter]}` : '';
  const canApply = file !== null && preview !== null && preview.applyCount > 0;
  return (
    <Dialog
      wide
      title="部门填报表（Excel）"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>关闭</Button>
          <Button variant="primary" disabled={!canApply || importing.busy} onClick={() => void apply()}>
            确认导入
          </Button>
        </>
      }
    >
      <h3>导出填报表</h3>
      <p className="muted">
        为一个责任单位导出 {period}的填报表：列出该单位承担的任务（牵头在前），已填报的进展会预先填入。 单位在
        Excel 或 WPS 中填写“进展状态”“工作进展”“存在问题”“下一步计划”后发回，再在下方导入。
      </p>
      <div className="grid-toolbar">
        <label className="inline-field">
          责任单位
          <select
            aria-label="导出单位"
            className="input"
            value={deptId}
            onChange={(e) => setDeptId(Number(e.target.value))}
          >
            {props.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.shortName}
              </option>
            ))}
          </select>
        </label>
        <Button disabled={exporting.busy || !deptId} onClick={() => void exportWorkbook()}>
          导出填报表
        </Button>
      </div>
      {exporting.failure ? <Notice kind="error">{exporting.failure}</Notice> : null}

      <h3>导入填报表</h3>
      <p className="muted">
        选择单位发回的填报表：先逐行检查并列出结果，确认后写入有效的行（以您的名义填报）；有错误的行不会写入，未填写的行跳过。
      </p>
      <label className="file-pick">
        选择填报表：
        <input
          type="file"
          accept=".xlsx"
          aria-label="选择填报表"
          onChange={(e) => {
            choose(e.target.files?.[0]);
            e.target.value = ''; // choosing the same file again re-reads it
          }}
        />
      </label>
      {importing.busy ? <p>正在处理…</p> : null}
      {importing.failure ? <Notice kind="error">{importing.failure}</Notice> : null}
      {preview ? (
        <>
          {filePeriod !== period ? (
            <Notice kind="warning">
              该填报表属于 {filePeriod}，与当前选择的 {period}不同；导入将写入表中的年度和季度。
            </Notice>
          ) : null}
          <Notice
            kind={preview.errorCount > 0 ? 'warning' : preview.applyCount > 0 ? 'success' : 'info'}
            title={`${file?.fileName ?? ''}：${preview.department?.shortName ?? ''} ${filePeriod}`}
          >
            将导入 {preview.applyCount} 项，跳过 {preview.skipCount} 行，{preview.errorCount} 行有错误
            {preview.errorCount > 0 ? '（有错误的行不会导入，可在 Excel 中修改后重新导入）' : ''}。
          </Notice>
          <div className="table-scroll">
            <table className="table" aria-label="导入预览">
              <thead>
                <tr>
                  <th>行号</th>
                  <th>序号</th>
                  <th>工作任务</th>
                  <th>进展状态</th>
                  <th>处理</th>
                  <th>说明 / 问题</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.rowNumber} className={r.action === 'error' ? 'row-error' : ''}>
                    <td style={NOWRAP}>第 {r.rowNumber} 行</td>
                    <td>{r.itemCode}</td>
                    <td>{r.itemTitle}</td>
                    <td style={NOWRAP}>{r.statusLabel}</td>
                    <td style={NOWRAP}>{ACTION_TEXT[r.action]}</td>
                    <td>{r.action === 'error' ? r.errors.join('；') : r.note}</td>
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
