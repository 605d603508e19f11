// 信用修复: the application for a black listing (the three conditions — minimum period, rectification with
// evidence, a 信用承诺 — shown up front; every unmet one is refused with its reason, listed in the dialog), and the
// leader's decision on it (批准: a 信用修复 entry, the listing leaves the public list; 驳回 with the reason).
import { useState } from 'react';
import {
  LISTING_STATUS_LABELS,
  repairOpensOn,
  type CreditListing,
  type CreditRepair,
} from '../../../../shared/contract';
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES } from '../../../../shared/domain/checklist';
import { api, readFileAsBase64 } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { listingName, localTime } from './text';

const ACCEPT = Object.keys(EVIDENCE_TYPES)
  .map((ext) => `.${ext}`)
  .join(',');

const CONDITIONS = ['minimumPeriod', 'rectification', 'commitment'] as const;

function ListingFacts({ l }: { l: CreditListing }) {
  return (
    <dl className="kv">
      <dt>主体</dt>
      <dd>
        {l.subject.name}（{l.subject.code}）
      </dd>
      <dt>列入决定</dt>
      <dd>
        {listingName(l)} · {l.basisNumber} · {l.decisionDate}
      </dd>
      <dt>公示期限</dt>
      <dd>
        {l.disclosureStart} 至 {l.disclosureEnd}（{LISTING_STATUS_LABELS[l.status]}）
      </dd>
      <dt>主要事实</dt>
      <dd>{l.basisText}</dd>
    </dl>
  );
}

export function RepairApplyDialog(props: { listing: CreditListing; onClose: () => void }) {
  const toast = useToast();
  const form = useFormSubmit();
  const l = props.listing;
  const [confirmed, setConfirmed] = useState(false);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [commitment, setCommitment] = useState('');
  const opens = repairOpensOn(l.severity, l.disclosureStart);
  const unmet = CONDITIONS.map((c) => form.errors[c]).filter((m): m is string => Boolean(m));

  const save = () => {
    const bad = files.find((f) => {
      const ext = f.name.toLowerCase().split('.').pop() ?? '';
      return !EVIDENCE_TYPES[ext] || f.size === 0 || f.size > EVIDENCE_MAX_BYTES;
    });
    if (bad) {
      form.setErrors({ attachments: `附件“${bad.name}”类型不支持、为空或过大` });
      return;
    }
    void form.submit(async () => {
      const attachments = [];
      for (const f of files) attachments.push({ fileName: f.name, base64: await readFileAsBase64(f) });
      await api.invoke('credit.applyRepair', {
        listingId: l.id,
        rectificationConfirmed: confirmed,
        rectificationText: text,
        attachments,
        commitmentText: commitment,
      });
      toast('success', '信用修复申请已提交，待领导审批');
      props.onClose();
    });
  };

  return (
    <Dialog
      title={`申请信用修复：${l.subject.name}`}
      onClose={props.onClose}
      wide
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={form.busy} onClick={save}>
            提交申请
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      {unmet.length ? (
        <Notice kind="error" title="不符合信用修复条件">
          <ul className="repair-unmet">
            {unmet.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <ListingFacts l={l} />
      <Notice kind="info" title="修复条件（信用修复管理办法）">
        <ol className="repair-conditions">
          <li>最短公示期已满：{opens ? `${opens} 起可以申请` : '—'}；</li>
          <li>已纠正失信行为、履行法定义务，并提供整改情况或整改材料；</li>
          <li>作出信用承诺：在下面填写，或此前已登记 {l.decisionDate} 以后的“信用承诺”记录。</li>
        </ol>
      </Notice>
      <label className="inline-field">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        已核实：失信行为已纠正，法定义务已履行（整改完成）
      </label>
      <Field label="整改情况" error={form.errors.rectificationText}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <Field label="整改材料" error={form.errors.attachments} hint="整改报告、缴款凭证、培训记录等">
        {(id) => (
          <input
            id={id}
            type="file"
            multiple
            accept={ACCEPT}
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
          />
        )}
      </Field>
      <Field label="信用承诺" error={form.errors.commitmentText} hint="提交后作为“信用承诺”记录记入信用台账">
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={2}
            value={commitment}
            onChange={(e) => setCommitment(e.target.value)}
          />
        )}
      </Field>
    </Dialog>
  );
}

export function RepairDecisionDialog(props: {
  listing: CreditListing;
  repair: CreditRepair;
  onClose: () => void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const { listing: l, repair: r } = props;
  const [decisionNumber, setDecisionNumber] = useState('');
  const [opinion, setOpinion] = useState('');
  const [reason, setReason] = useState('');
  const done = (message: string) => {
    toast('success', message);
    props.onClose();
  };
  const approve = () =>
    void form.submit(async () => {
      await api.invoke('credit.approveRepair', { id: r.id, decisionNumber, opinion });
      done('已批准信用修复：该列入决定停止公示，记录保留在信用台账中');
    });
  const reject = () =>
    void form.submit(async () => {
      await api.invoke('credit.rejectRepair', { id: r.id, reason });
      done('已驳回信用修复申请');
    });
  return (
    <Dialog
      title={`审批信用修复：${l.subject.name}`}
      onClose={props.onClose}
      wide
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="danger" disabled={form.busy} onClick={reject}>
            驳回
          </Button>
          <Button variant="primary" disabled={form.busy} onClick={approve}>
            批准修复
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <ListingFacts l={l} />
      <dl className="kv">
        <dt>申请</dt>
        <dd>
          {r.appliedBy} 于 {localTime(r.appliedAt)} 提出
        </dd>
        <dt>整改情况</dt>
        <dd>{r.rectificationText || '（见整改材料）'}</dd>
        <dt>整改材料</dt>
        <dd>{r.attachments.length ? r.attachments.map((a) => a.name).join('、') : '无'}</dd>
        <dt>信用承诺</dt>
        <dd>信用台账第 {r.commitmentSeq} 条</dd>
      </dl>
      <div className="form-grid">
        <Field label="修复决定文号" error={form.errors.decisionNumber}>
          {(id) => <TextInput id={id} value={decisionNumber} onChange={setDecisionNumber} />}
        </Field>
        <Field label="审批意见" error={form.errors.opinion}>
          {(id) => <TextInput id={id} value={opinion} onChange={setOpinion} />}
        </Field>
      </div>
      <Field label="驳回理由" error={form.errors.reason} hint="驳回时必填">
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
    </Dialog>
  );
}
