// One decision's 督办: what was decided, by whom and by when, the follow-up history and the 催办 record, and for the
// meeting secretary 催办, a progress entry (with an optional file), 办结 with the result, or 重新打开 with a reason.
// Read-only roles see the decision and its history only.
import { useState } from 'react';
import { URGING_METHOD_LABELS, type Decision } from '../../../../shared/contract';
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES } from '../../../../shared/domain/checklist';
import { api, readFileAsBase64 } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Dialog, Field, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import {
  DECISION_STATE_LABELS,
  decisionState,
  dueNote,
  formatTime,
  leadOf,
  partnersOf,
  urgingSummary,
} from './DecisionText';
import { UrgeDialog } from './UrgeDialog';

const ACCEPT = Object.keys(EVIDENCE_TYPES)
  .map((ext) => `.${ext}`)
  .join(',');

/** A file the server would refuse anyway, caught before it is read and sent. */
function fileProblem(file: File): string | null {
  const ext = file.name.includes('.') ? (file.name.toLowerCase().split('.').pop() ?? '') : '';
  if (!EVIDENCE_TYPES[ext]) {
    return `不支持的附件类型“${file.name}”，可上传：${Object.keys(EVIDENCE_TYPES).join('、')}`;
  }
  if (file.size === 0) return `附件“${file.name}”是空文件`;
  if (file.size > EVIDENCE_MAX_BYTES) {
    return `附件“${file.name}”超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`;
  }
  return null;
}

export function DecisionStatus({ d }: { d: Decision }) {
  const state = decisionState(d);
  return <span className={`decision-status decision-status-${state}`}>{DECISION_STATE_LABELS[state]}</span>;
}

export function DecisionDialog(props: { decision: Decision; onClose: () => void }) {
  const toast = useToast();
  const can = useCan();
  const writable = can('meetings.write');
  const [d, setD] = useState(props.decision);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileKey, setFileKey] = useState(0);
  const [result, setResult] = useState('');
  const [reason, setReason] = useState('');
  const [urging, setUrging] = useState(false);
  const update = useFormSubmit();
  const closing = useFormSubmit();
  const reopening = useFormSubmit();
  const busy = update.busy || closing.busy || reopening.busy;

  const changed = (next: Decision) => {
    setD(next);
  };

  const addUpdate = () => {
    const problem = file ? fileProblem(file) : null;
    if (problem) {
      update.setErrors({ file: problem });
      return;
    }
    void update.submit(async () => {
      const upload = file ? { fileName: file.name, base64: await readFileAsBase64(file) } : undefined;
      changed(
        await api.invoke('decisions.addUpdate', {
          decisionId: d.id,
          text,
          ...(upload ? { file: upload } : {}),
        }),
      );
      setText('');
      setFile(null);
      setFileKey((k) => k + 1);
      toast('success', '已添加督办进展');
    });
  };

  const close = () =>
    void closing.submit(async () => {
      changed(await api.invoke('decisions.close', { decisionId: d.id, result }));
      toast('success', `已办结：${d.text.length > 24 ? `${d.text.slice(0, 24)}…` : d.text}`);
      props.onClose();
    });

  const reopen = () =>
    void reopening.submit(async () => {
      changed(await api.invoke('decisions.reopen', { decisionId: d.id, reason }));
      setReason('');
      setResult('');
      toast('success', '已重新打开，可继续督办');
    });

  const due = dueNote(d);
  const partners = partnersOf(d);
  return (
    <Dialog
      wide
      title="议定事项督办"
      onClose={props.onClose}
      footer={<Button onClick={props.onClose}>关闭</Button>}
    >
      <div className="decision-summary">
        <p className="decision-title">
          <DecisionStatus d={d} /> {d.text}
        </p>
        <dl className="kv decision-kv">
          <dt>牵头单位</dt>
          <dd className="cell-lead">{leadOf(d)}</dd>
          <dt>配合单位</dt>
          <dd>{partners || '无'}</dd>
          <dt>完成时限</dt>
          <dd>
            {d.dueDate}
            {due ? <span className={`decision-due-${due.kind}`}>（{due.text}）</span> : null}
          </dd>
          <dt>来源会议</dt>
          <dd>
            <button
              type="button"
              className="btn btn-link decision-meeting-link"
              onClick={() => {
                props.onClose();
                navigate(`/meetings/${d.meetingId}`);
              }}
            >
              {d.meetingTitle}（{d.meetingDate}）
            </button>
            <span className="muted"> 第 {d.seq} 项</span>
          </dd>
          {d.status === 'done' ? (
            <>
              <dt>办理结果</dt>
              <dd>{d.result}</dd>
              <dt>办结时间</dt>
              <dd>{d.closedAt ? formatTime(d.closedAt) : ''}</dd>
            </>
          ) : null}
        </dl>
      </div>

      <h3 className="decision-section-title">督办记录</h3>
      {d.updates.length === 0 ? (
        <p className="muted">暂无督办记录。</p>
      ) : (
        <ol className="decision-history" aria-label="督办记录">
          {d.updates.map((u) => (
            <li key={u.id}>
              <div className="decision-history-meta">
                {formatTime(u.at)} · {u.author}
              </div>
              <div className="decision-history-text">{u.text}</div>
              {u.fileName ? <div className="decision-history-file">附件：{u.fileName}</div> : null}
            </li>
          ))}
        </ol>
      )}

      <h3 className="decision-section-title">
        催办记录<span className="muted decision-urge-summary">（{urgingSummary(d)}）</span>
        {writable && d.status === 'open' ? (
          <Button variant="link" onClick={() => setUrging(true)}>
            催办
          </Button>
        ) : null}
      </h3>
      {d.urgings.length === 0 ? (
        <p className="muted">尚未催办。</p>
      ) : (
        <ol className="decision-history" aria-label="催办记录">
          {d.urgings.map((u) => (
            <li key={u.id}>
              <div className="decision-history-meta">
                {u.urgedOn} · {URGING_METHOD_LABELS[u.method]} · {u.urgedBy}
              </div>
              {u.note ? <div className="decision-history-text">{u.note}</div> : null}
            </li>
          ))}
        </ol>
      )}
      {urging ? (
        <UrgeDialog
          decisions={[d]}
          onClose={() => setUrging(false)}
          onDone={(urged) => urged[0] && changed(urged[0])}
        />
      ) : null}

      {!writable ? (
        <p className="muted decision-readonly">当前账号可查看督办记录；督办和办结由会务秘书办理。</p>
      ) : d.status === 'open' ? (
        <div className="decision-actions">
          <section aria-label="添加督办进展">
            <h3 className="decision-section-title">添加督办进展</h3>
            {update.failure ? <Notice kind="error">{update.failure}</Notice> : null}
            <Field label="进展情况" error={update.errors.text}>
              {(id) => (
                <textarea
                  id={id}
                  className="input"
                  rows={3}
                  value={text}
                  placeholder="例如：责任单位反馈的推进情况、存在问题"
                  onChange={(e) => setText(e.target.value)}
                />
              )}
            </Field>
            <Field
              label="附件"
              hint="可选：PDF、Word、Excel、WPS、OFD、图片或文本文件，不超过 20 MB"
              error={update.errors.file ?? update.errors['file.base64']}
            >
              {(id) => (
                <input
                  key={fileKey}
                  id={id}
                  type="file"
                  accept={ACCEPT}
                  onChange={(e) => {
                    setFile(e.target.files?.[0] ?? null);
                    update.setErrors({});
                  }}
                />
              )}
            </Field>
            <Button variant="primary" disabled={busy} onClick={addUpdate}>
              添加进展
            </Button>
          </section>
          <section aria-label="办结">
            <h3 className="decision-section-title">办结</h3>
            {closing.failure ? <Notice kind="error">{closing.failure}</Notice> : null}
            <Field label="办理结果" error={closing.errors.result} hint="办结后此事项移出未办结清单">
              {(id) => (
                <textarea
                  id={id}
                  className="input"
                  rows={3}
                  value={result}
                  placeholder="例如：已印发工作方案，各单位按季度落实"
                  onChange={(e) => setResult(e.target.value)}
                />
              )}
            </Field>
            <Button disabled={busy} onClick={close}>
              办结
            </Button>
          </section>
        </div>
      ) : (
        <section aria-label="重新打开" className="decision-actions-single">
          <h3 className="decision-section-title">重新打开</h3>
          {reopening.failure ? <Notice kind="error">{reopening.failure}</Notice> : null}
          <Field label="重新打开的原因" error={reopening.errors.reason}>
            {(id) => (
              <textarea
                id={id}
                className="input"
                rows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
          <Button disabled={busy} onClick={reopen}>
            重新打开
          </Button>
        </section>
      )}
    </Dialog>
  );
}
