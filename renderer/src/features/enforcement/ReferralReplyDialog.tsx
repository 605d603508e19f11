// The receiving department's written reply to a 转报: its date, what it says, and the reply document itself (kept
// by content in the data folder). A reply after the due date is recorded as late, and the dialog says so first.
import { useState } from 'react';
import type { Referral } from '../../../../shared/contract';
import { calendarDaysBetween, isIsoDate, todayIso } from '../../../../shared/dates';
import { api, readFileAsBase64 } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { DeadlineText } from './ReferralCommon';

const ACCEPT = '.pdf,.doc,.docx,.wps,.ofd,.jpg,.jpeg,.png,.txt,.xls,.xlsx,.zip';

export function ReferralReplyDialog(props: {
  referral: Referral;
  onClose: () => void;
  onSaved: (r: Referral) => void;
}) {
  const r = props.referral;
  const [replyOn, setReplyOn] = useState(r.replyOn ?? todayIso());
  const [replyText, setReplyText] = useState(r.replyText);
  const [file, setFile] = useState<File | null>(null);
  const [removeFile, setRemoveFile] = useState(false);
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(r.version);
  const late = isIsoDate(replyOn) ? calendarDaysBetween(r.dueOn, replyOn) : 0;

  const save = () =>
    submit(async () => {
      const upload = file ? { fileName: file.name, base64: await readFileAsBase64(file) } : undefined;
      props.onSaved(
        await api
          .invoke('referrals.reply', {
            id: r.id,
            version: editVersion.current(),
            replyOn,
            replyText,
            ...(upload ? { file: upload } : {}),
            removeFile: removeFile && !upload,
          })
          .catch(editVersion.adopt),
      );
    });

  return (
    <Dialog
      wide
      title={r.replyOn ? '修改书面回复' : '登记书面回复'}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            {saveLabel(editVersion.stale, '保存回复')}
          </Button>
        </>
      }
    >
      <dl className="kv">
        <dt>转报事项</dt>
        <dd>{r.matter}</dd>
        <dt>转出 → 接收</dt>
        <dd>
          {r.fromDepartmentName} → {r.toDepartmentName}
          {r.viaBureau ? <span className="case-tag">经区卫生健康局转办</span> : null}
        </dd>
        <dt>收到日期</dt>
        <dd>{r.receivedOn}</dd>
        <dt>回复期限</dt>
        <dd>
          <DeadlineText due={r.dueOn} rule={r.ruleText} />
        </dd>
      </dl>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <StaleNotice
        stale={editVersion.stale}
        labels={{ replyOn: '回复日期', replyText: '书面回复内容' }}
        mine={{ replyOn, replyText }}
        formOf={(x: Referral) => ({ replyOn: x.replyOn ?? '', replyText: x.replyText })}
      />
      {late > 0 ? <Notice kind="warning">回复日期晚于回复期限 {late} 日，将记为逾期回复。</Notice> : null}
      <Field label="回复日期" required error={errors.replyOn}>
        {(id) => <TextInput id={id} type="date" value={replyOn} onChange={setReplyOn} />}
      </Field>
      <Field label="书面回复内容" required hint="调查处理结果" error={errors.replyText}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={4}
            maxLength={2000}
            value={replyText}
            onChange={(e) => setReplyText(e.target.value)}
          />
        )}
      </Field>
      {r.replyFileName && !file ? (
        <label className="check">
          <input type="checkbox" checked={removeFile} onChange={(e) => setRemoveFile(e.target.checked)} />
          移除已附的回复文件“{r.replyFileName}”
        </label>
      ) : null}
      <label className="file-pick">
        {r.replyFileName ? '换一个回复文件' : '附回复文件'}（PDF、Word、WPS、OFD、图片等，不超过 20
        MB，可不附）：
        <input
          type="file"
          accept={ACCEPT}
          aria-label="回复文件"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      {errors.file ? (
        <div className="field-error" role="alert">
          {errors.file}
        </div>
      ) : null}
    </Dialog>
  );
}
