// The report's dialogs: 签发 (the office's signing passphrase; the package is built and the report frozen, with a
// progress bar through its steps — no 取消, signing is not safe to stop part-way, see db/reports/issue.ts),
// 登记报送 (how the signed package was sent, to whom, when) and 生成更正版 (why a signed report is replaced).
import { useState } from 'react';
import {
  SUBMISSION_METHODS,
  SUBMISSION_METHOD_LABELS,
  type ReportDetail,
  type SubmissionMethod,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { navigate } from '../../app/router';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { figureChangesReason, groupedHash } from './text';
import { TechInfo } from '../../ui/TechInfo';
import { ProgressBar, useTrackedCall } from '../../ui/ProgressBar';

export function SignDialog(props: {
  report: ReportDetail;
  onClose: () => void;
  onSigned: (r: ReportDetail) => void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const r = props.report;
  const [passphrase, setPassphrase] = useState('');
  const tracked = useTrackedCall();
  const sign = () =>
    void form.submit(async () => {
      try {
        const signed = await tracked.run((progressId) =>
          api.invoke('reports.sign', { id: r.id, passphrase, progressId }),
        );
        toast('success', `已签发 ${signed.docNumber}，上报数据包已生成`);
        props.onSigned(signed);
      } catch (e) {
        tracked.settle(null); // the error says what happened; no bar stopped half-way
        throw e;
      }
    });
  return (
    <Dialog
      title="签发报告"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={form.busy || passphrase === ''} onClick={sign}>
            {form.busy ? '正在生成并签名…' : '签发'}
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      {tracked.progress ? <ProgressBar progress={tracked.progress} finished={!tracked.running} /> : null}
      <dl className="kv">
        <dt>报告</dt>
        <dd>{r.title}</dd>
        <dt>版本</dt>
        <dd>
          第{r.version}版{r.supersedes ? `（更正版，替代第${r.supersedes.version}版）` : ''}
        </dd>
        <dt>发文字号</dt>
        <dd>{r.docNumber ?? '签发时取得本年度下一个发文字号'}</dd>
      </dl>
      {r.emptySections.length ? (
        <Notice kind="warning">有 {r.emptySections.length} 节尚未填写，签发后将标注“（本节未填写）”。</Notice>
      ) : null}
      <p className="muted">
        签发时按当前记录重新计算数字，生成 PDF（与预览同一版式）、Word 和
        Excel，用本单位签名密钥签名后打成上报数据包。 签发后报告不能再修改，如需更改须生成更正版。
      </p>
      <p className="muted">
        签名口令是生成本单位签名密钥时设定的口令。
        <Button variant="link" onClick={() => navigate('/reports/keys')}>
          查看本单位签名密钥
        </Button>
      </p>
      <TechInfo>数据包另含供其他系统读取的数据 JSON；签名算法为 SM2。</TechInfo>
      <Field label="签名口令" required error={form.errors.passphrase}>
        {(id) => (
          <TextInput
            id={id}
            type="password"
            value={passphrase}
            onChange={setPassphrase}
            autoFocus
            autoComplete="off"
          />
        )}
      </Field>
    </Dialog>
  );
}

export function SubmissionDialog(props: {
  report: ReportDetail;
  onClose: () => void;
  onSaved: (r: ReportDetail) => void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const r = props.report;
  const [method, setMethod] = useState<SubmissionMethod>('usb');
  const [methodNote, setMethodNote] = useState('');
  const [recipient, setRecipient] = useState(r.addressee);
  const [sentOn, setSentOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const save = () =>
    void form.submit(async () => {
      const saved = await api.invoke('reports.logSubmission', {
        reportId: r.id,
        method,
        methodNote,
        recipient,
        sentOn,
        note,
      });
      toast('success', '已登记报送');
      props.onSaved(saved);
    });
  return (
    <Dialog
      title="登记报送"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={form.busy} onClick={save}>
            登记
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <TechInfo>
        报送的数据包：SHA-256 <span className="hash">{groupedHash(r.packageSha256)}</span>
      </TechInfo>
      <fieldset className="choice-list">
        <legend>报送方式</legend>
        {SUBMISSION_METHODS.map((m) => (
          <label key={m}>
            <input type="radio" name="method" checked={method === m} onChange={() => setMethod(m)} />{' '}
            {SUBMISSION_METHOD_LABELS[m]}
          </label>
        ))}
      </fieldset>
      {method === 'other' ? (
        <Field label="报送方式说明" required error={form.errors.methodNote}>
          {(id) => (
            <TextInput id={id} value={methodNote} onChange={setMethodNote} placeholder="例如：政务外网平台" />
          )}
        </Field>
      ) : null}
      <Field label="接收单位或接收人" required error={form.errors.recipient}>
        {(id) => <TextInput id={id} value={recipient} onChange={setRecipient} />}
      </Field>
      <Field label="报送日期" required error={form.errors.sentOn}>
        {(id) => <TextInput id={id} type="date" value={sentOn} onChange={setSentOn} />}
      </Field>
      <Field label="备注" error={form.errors.note}>
        {(id) => <TextInput id={id} value={note} onChange={setNote} />}
      </Field>
    </Dialog>
  );
}

export function CorrectionDialog(props: {
  report: ReportDetail;
  onClose: () => void;
  onCreated: (r: ReportDetail) => void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const [reason, setReason] = useState(() => figureChangesReason(props.report.figureChanges));
  const create = () =>
    void form.submit(async () => {
      const r = await api.invoke('reports.correct', { id: props.report.id, reason });
      toast('success', `已生成更正版（第${r.version}版），请修改后重新签发`);
      props.onCreated(r);
    });
  return (
    <Dialog
      title="生成更正版"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={form.busy} onClick={create}>
            生成更正版
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <p className="muted">
        已签发的第{props.report.version}版保持不变。更正版是第{props.report.version + 1}
        版草稿，正文取自本版，签发时在清单中注明所替代的数据包。
      </p>
      <TechInfo>被替代的数据包 SHA-256 {groupedHash(props.report.packageSha256).slice(0, 17)}…</TechInfo>
      <Field label="更正原因" required error={form.errors.reason}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
    </Dialog>
  );
}
