// One department's report on one task for the quarter: status, narrative, issues, next steps and evidence
// files (opened from here); the lead unit also writes the task's summary for the quarter.
import { useState } from 'react';
import type { Checklist, ChecklistProgressView, ProgressReport } from '../../../../shared/contract';
import {
  PROGRESS_STATUSES,
  PROGRESS_STATUS_LABELS,
  UNIT_ROLE_LABELS,
  type ProgressStatus,
} from '../../../../shared/domain/checklist';
import { api, readFileAsBase64, saveDownload } from '../../api';
import { Button, Dialog, Field, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { useToast } from '../../ui/toast';
import { QUARTER_LABELS } from './text';
import { useCan } from '../../app/permissions';
import { formatDateTime } from '../../../../shared/format';

const COMPARED = { status: '进展状态', narrative: '工作进展', issues: '存在问题', nextSteps: '下一步计划' };
const compared = (r: ProgressReport) => ({
  status: r.status,
  narrative: r.narrative,
  issues: r.issues,
  nextSteps: r.nextSteps,
});
const statusShown = { status: (s: ProgressStatus) => PROGRESS_STATUS_LABELS[s] };

export interface ReportTarget {
  itemId: number;
  departmentId: number;
}

export function ReportDialog(props: {
  target: ReportTarget;
  checklist: Checklist;
  progress: ChecklistProgressView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const toast = useToast();
  const can = useCan();
  const { target, checklist, progress } = props;
  // 领导、审计 and 会务秘书 read the report (fields shown but not editable, evidence can be opened); only a role
  // that maintains records is offered 保存, 移除 and 添加文件.
  const writer = can('records.write');
  const item = checklist.items.find((i) => i.id === target.itemId)!;
  const unit = item.units.find((u) => u.departmentId === target.departmentId)!;
  const existing = progress.reports.find(
    (r) => r.itemId === target.itemId && r.departmentId === target.departmentId,
  );
  const summary = progress.summaries.find((s) => s.itemId === target.itemId);
  const [status, setStatus] = useState<ProgressStatus>(existing?.status ?? 'in_progress');
  const [narrative, setNarrative] = useState(existing?.narrative ?? '');
  const [issues, setIssues] = useState(existing?.issues ?? '');
  const [nextSteps, setNextSteps] = useState(existing?.nextSteps ?? '');
  const [files, setFiles] = useState<File[]>([]);
  const [removed, setRemoved] = useState<number[]>([]);
  const [summaryText, setSummaryText] = useState(summary?.text ?? '');
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the report's version as opened: someone else's newer report is shown, not overwritten unseen.
  const editVersion = useEditVersion(existing?.version);

  const save = () =>
    submit(async () => {
      const evidence = await Promise.all(
        files.map(async (f) => ({ fileName: f.name, base64: await readFileAsBase64(f) })),
      );
      await api
        .invoke('checklist.report', {
          ...target,
          quarter: progress.quarter,
          version: editVersion.current(),
          status,
          narrative,
          issues,
          nextSteps,
          evidence,
          removeEvidenceIds: removed,
        })
        .catch(editVersion.adopt);
      if (unit.role === 'lead' && summaryText.trim() && summaryText !== summary?.text) {
        await api.invoke('checklist.summarize', {
          itemId: item.id,
          quarter: progress.quarter,
          text: summaryText,
        });
      }
      toast('success', `已保存 ${unit.shortName} 的${QUARTER_LABELS[progress.quarter]}进展`);
      props.onSaved();
    });

  const open = (fileId: number) =>
    submit(async () => saveDownload(await api.invoke('checklist.evidenceFile', { fileId })));

  return (
    <Dialog
      wide
      title={writer ? `填报进展：${unit.shortName}` : `查看进展：${unit.shortName}`}
      onClose={props.onClose}
      footer={
        writer ? (
          <>
            <Button onClick={props.onClose}>取消</Button>
            <Button variant="primary" disabled={busy} onClick={() => void save()}>
              {saveLabel(editVersion.stale, '保存进展')}
            </Button>
          </>
        ) : (
          <Button onClick={props.onClose}>关闭</Button>
        )
      }
    >
      <p>
        <strong>
          {item.code} {item.title}
        </strong>
        <br />
        <span className="muted">
          {progress.year} 年{QUARTER_LABELS[progress.quarter]} · {unit.shortName}（
          {UNIT_ROLE_LABELS[unit.role]}）
          {existing
            ? ` · 上次由 ${existing.reporterName} 于 ${formatDateTime(existing.reportedAt)} 填报`
            : ''}
        </span>
      </p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <StaleNotice
        stale={editVersion.stale}
        labels={COMPARED}
        mine={{ status, narrative, issues, nextSteps }}
        formOf={compared}
        show={statusShown}
      />
      {!writer && !existing ? <Notice kind="info">本季度尚未填报。</Notice> : null}
      {writer || existing ? (
        <>
          <fieldset className="plain-fieldset" disabled={!writer}>
            <Field label="进展状态" error={errors.status}>
              {(id) => (
                <select
                  id={id}
                  className="input"
                  value={status}
                  onChange={(e) => setStatus(e.target.value as ProgressStatus)}
                >
                  {PROGRESS_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {PROGRESS_STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="工作进展" error={errors.narrative}>
              {(id) => (
                <textarea
                  id={id}
                  className="input"
                  rows={4}
                  value={narrative}
                  onChange={(e) => setNarrative(e.target.value)}
                />
              )}
            </Field>
            <div className="form-grid">
              <Field label="存在问题" error={errors.issues}>
                {(id) => (
                  <textarea
                    id={id}
                    className="input"
                    rows={3}
                    value={issues}
                    onChange={(e) => setIssues(e.target.value)}
                  />
                )}
              </Field>
              <Field label="下一步计划" error={errors.nextSteps}>
                {(id) => (
                  <textarea
                    id={id}
                    className="input"
                    rows={3}
                    value={nextSteps}
                    onChange={(e) => setNextSteps(e.target.value)}
                  />
                )}
              </Field>
            </div>
          </fieldset>
          <h3>佐证材料</h3>
          <ul className="file-list" aria-label="已上传的佐证材料">
            {(existing?.evidence ?? [])
              .filter((f) => !removed.includes(f.id))
              .map((f) => (
                <li key={f.id}>
                  <button type="button" className="btn-link" onClick={() => void open(f.id)}>
                    {f.fileName}
                  </button>
                  <span className="muted">（{Math.ceil(f.size / 1024)} KB）</span>
                  {writer ? (
                    <button
                      type="button"
                      className="btn-link"
                      aria-label={`移除${f.fileName}`}
                      onClick={() => setRemoved([...removed, f.id])}
                    >
                      移除
                    </button>
                  ) : null}
                </li>
              ))}
          </ul>
          {!writer && !existing?.evidence.length ? <p className="muted">没有佐证材料。</p> : null}
        </>
      ) : null}
      {writer ? (
        <label className="file-pick">
          添加文件（PDF、Word、Excel、WPS、OFD、图片，单个不超过 20 MB）：
          <input
            type="file"
            multiple
            aria-label="添加佐证材料"
            onChange={(e) => setFiles([...files, ...Array.from(e.target.files ?? [])])}
          />
        </label>
      ) : null}
      {files.length ? <p className="muted">待上传：{files.map((f) => f.name).join('、')}</p> : null}
      {unit.role === 'lead' && (writer || summary?.text) ? (
        <fieldset className="plain-fieldset" disabled={!writer}>
          <Field label="牵头单位本季度汇总" hint="汇总各参与单位的落实情况">
            {(id) => (
              <textarea
                id={id}
                className="input"
                rows={3}
                value={summaryText}
                onChange={(e) => setSummaryText(e.target.value)}
              />
            )}
          </Field>
        </fieldset>
      ) : null}
    </Dialog>
  );
}
