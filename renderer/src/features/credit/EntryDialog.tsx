// 新增信用记录: the subject (fixed when opened from a profile, else picked), the type, the date of the fact, its
// result, the behaviour and its points for a 记分, the basis, the source record, a summary and attachments. The
// entry joins the hash chain as it is saved and can never be edited afterwards, which the dialog says.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  CREDIT_ENTRY_TYPE_LABELS,
  CREDIT_OUTCOMES,
  CREDIT_SOURCE_KINDS,
  CREDIT_SOURCE_KIND_LABELS,
  CREDIT_SUBJECT_KIND_LABELS,
  RECORDABLE_ENTRY_TYPES,
  entryTypeAllowed,
  type CreditCycleView,
  type CreditRecordResult,
  type CreditSourceKind,
  type CreditSubjectKind,
  type RecordableEntryType,
} from '../../../../shared/contract';
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES } from '../../../../shared/domain/checklist';
import { todayIso } from '../../../../shared/dates';
import { api, readFileAsBase64 } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { CREDIT_KEY, tierText } from './text';
import { PICKER_ROWS, usePractitionerChoices } from '../enforcement/practitioner-choices';

const ACCEPT = Object.keys(EVIDENCE_TYPES)
  .map((ext) => `.${ext}`)
  .join(',');

function fileProblem(file: File): string | null {
  const ext = file.name.includes('.') ? (file.name.toLowerCase().split('.').pop() ?? '') : '';
  if (!EVIDENCE_TYPES[ext])
    return `不支持的附件类型“${file.name}”，可上传：${Object.keys(EVIDENCE_TYPES).join('、')}`;
  if (file.size === 0) return `附件“${file.name}”是空文件`;
  if (file.size > EVIDENCE_MAX_BYTES) return `附件“${file.name}”超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`;
  return null;
}

export interface FixedSubject {
  kind: CreditSubjectKind;
  id: number;
  name: string;
  cycle: CreditCycleView;
}

/** What a save did, in one line for the toast. */
export function recordedText(r: CreditRecordResult): string {
  const parts = [`已登记第 ${r.entry.seq} 条（${CREDIT_ENTRY_TYPE_LABELS[r.entry.type]}）`];
  if (r.tierBefore !== r.tierAfter)
    parts.push(`信用等级 ${tierText(r.tierBefore)} → ${tierText(r.tierAfter)}`);
  for (const w of r.warnings) parts.push(`本周期记分达到 ${w.threshold} 分，已生成预警`);
  return parts.join('；');
}

export function SubjectPicker(props: {
  kind: CreditSubjectKind;
  onKind: (k: CreditSubjectKind) => void;
  id: number | null;
  onId: (id: number | null) => void;
  error?: string | undefined;
}) {
  const [search, setSearch] = useState('');
  const institutions = useQuery({
    queryKey: ['enforcement', 'institutions'],
    queryFn: () => api.invoke('institutions.list', { includeInactive: true }),
  });
  // Practitioners are found on the server as one types (a district has tens of thousands); institutions are few.
  const practitioners = usePractitionerChoices({
    search,
    includeInactive: true,
    selectedId: props.kind === 'practitioner' ? props.id : null,
    enabled: props.kind === 'practitioner',
  });
  const { options, total } = useMemo(() => {
    const q = search.trim();
    if (props.kind === 'practitioner')
      return {
        options: practitioners.choices.map((p) => ({
          id: p.id,
          label: `${p.name}（${p.certificateNo}，${p.institutionName}）`,
        })),
        total: practitioners.total,
      };
    const all = (institutions.data ?? []).map((i) => ({ id: i.id, label: `${i.name}（${i.uscc}）` }));
    const matching = q ? all.filter((o) => o.label.includes(q)) : all;
    return { options: matching.slice(0, PICKER_ROWS), total: matching.length };
  }, [props.kind, search, institutions.data, practitioners.choices, practitioners.total]);
  return (
    <>
      <div className="form-grid">
        <Field label="信用主体类别" required>
          {(id) => (
            <select
              id={id}
              className="input"
              value={props.kind}
              onChange={(e) => {
                props.onKind(e.target.value as CreditSubjectKind);
                props.onId(null);
              }}
            >
              <option value="institution">{CREDIT_SUBJECT_KIND_LABELS.institution}</option>
              <option value="practitioner">{CREDIT_SUBJECT_KIND_LABELS.practitioner}</option>
            </select>
          )}
        </Field>
        <Field label="查找" hint="输入名称、代码或证书编号的一部分">
          {(id) => <TextInput id={id} value={search} onChange={setSearch} />}
        </Field>
      </div>
      <Field label={props.kind === 'institution' ? '监管对象' : '从业人员'} required error={props.error}>
        {(id) => (
          <select
            id={id}
            className="input"
            value={props.id ?? ''}
            onChange={(e) => props.onId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">
              {total === null
                ? '正在查找…'
                : total > PICKER_ROWS
                  ? `请选择（共 ${total} 个，显示前 ${PICKER_ROWS} 个，请输入查找内容缩小范围）`
                  : `请选择（共 ${total} 个）`}
            </option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

export function EntryDialog(props: {
  subject?: FixedSubject;
  onClose: () => void;
  onSaved: (kind: CreditSubjectKind, id: number, r: CreditRecordResult) => void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const [kind, setKind] = useState<CreditSubjectKind>(props.subject?.kind ?? 'institution');
  const [subjectId, setSubjectId] = useState<number | null>(props.subject?.id ?? null);
  const [type, setType] = useState<RecordableEntryType>('demerit');
  const [factDate, setFactDate] = useState(todayIso());
  const [outcome, setOutcome] = useState<string | null>(null);
  const [behaviourId, setBehaviourId] = useState<number | null>(null);
  const [basis, setBasis] = useState('');
  const [sourceKind, setSourceKind] = useState<CreditSourceKind | ''>('');
  const [sourceId, setSourceId] = useState('');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);

  const behaviours = useQuery({
    queryKey: [...CREDIT_KEY, 'behaviours'],
    queryFn: () => api.invoke('credit.behaviours', { includeInactive: false }),
  });
  const choices = (behaviours.data ?? []).filter((b) => b.subjectKind === kind && b.active);
  const behaviour = choices.find((b) => b.id === behaviourId) ?? null;
  const outcomes = CREDIT_OUTCOMES[type];
  const types = RECORDABLE_ENTRY_TYPES.filter((t) => entryTypeAllowed(kind, t));

  const cycle = props.subject?.cycle;
  const inCycle = cycle && factDate >= cycle.start && factDate <= cycle.lastDay;
  const projected = behaviour && cycle && inCycle ? cycle.points + behaviour.points : null;
  const crossing =
    projected === null ? [] : cycle!.thresholds.filter((t) => !t.reached && projected >= t.points);

  const save = () => {
    const problem = files.map(fileProblem).find(Boolean);
    if (problem) {
      form.setErrors({ attachments: problem });
      return;
    }
    if (subjectId === null) {
      form.setErrors({ subjectId: '请选择信用主体' });
      return;
    }
    void form.submit(async () => {
      const attachments = [];
      for (const f of files) attachments.push({ fileName: f.name, base64: await readFileAsBase64(f) });
      const r = await api.invoke('credit.record', {
        subjectKind: kind,
        subjectId,
        type,
        factDate,
        outcome: outcomes ? outcome : null,
        behaviourId: type === 'demerit' ? behaviourId : null,
        basis,
        sourceKind: sourceKind || null,
        sourceId: sourceKind && sourceId ? Number(sourceId) : null,
        text,
        attachments,
      });
      toast('success', recordedText(r));
      props.onSaved(kind, subjectId, r);
    });
  };

  return (
    <Dialog
      title={props.subject ? `新增信用记录：${props.subject.name}` : '新增信用记录'}
      onClose={props.onClose}
      wide
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
      {props.subject ? null : (
        <SubjectPicker
          kind={kind}
          onKind={(k) => {
            setKind(k);
            setBehaviourId(null);
            if (!entryTypeAllowed(k, type)) setType('demerit');
          }}
          id={subjectId}
          onId={setSubjectId}
          error={form.errors.subjectId}
        />
      )}
      <div className="form-grid">
        <Field label="记录类型" required error={form.errors.type}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={type}
              onChange={(e) => {
                setType(e.target.value as RecordableEntryType);
                setOutcome(null);
              }}
            >
              {types.map((t) => (
                <option key={t} value={t}>
                  {CREDIT_ENTRY_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={type === 'demerit' ? '事实确认日期' : '事实日期'}
          required
          error={form.errors.factDate}
          hint={
            type === 'demerit' ? '记分计入该日所在的周期；记分通知书须在其后 10 个工作日内送达' : undefined
          }
        >
          {(id) => <TextInput id={id} type="date" value={factDate} onChange={setFactDate} />}
        </Field>
      </div>
      {outcomes ? (
        <Field label="结果" required error={form.errors.outcome}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={outcome ?? ''}
              onChange={(e) => setOutcome(e.target.value || null)}
            >
              <option value="">请选择</option>
              {Object.entries(outcomes).map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {type === 'demerit' ? (
        <Field label="不良执业行为" required error={form.errors.behaviourId}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={behaviourId ?? ''}
              onChange={(e) => setBehaviourId(e.target.value ? Number(e.target.value) : null)}
            >
              <option value="">请选择记分条目</option>
              {choices.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.code} {b.name}（{b.points} 分）
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {behaviour ? (
        <Notice kind={crossing.length ? 'warning' : 'info'}>
          记 <strong>{behaviour.points}</strong> 分{behaviour.basis ? `（依据：${behaviour.basis}）` : ''}。
          {projected !== null ? ` 登记后本周期累计 ${projected} 分。` : null}
          {crossing.map((t) => (
            <span key={t.points}>
              {' '}
              将达到 {t.points} 分阈值：{t.actions.join('、')}。
            </span>
          ))}
        </Notice>
      ) : null}
      <div className="form-grid">
        <Field label="依据文号" error={form.errors.basis} hint="如 越卫医罚〔2026〕3号">
          {(id) => <TextInput id={id} value={basis} onChange={setBasis} />}
        </Field>
        <div className="credit-source">
          <Field label="来源记录" error={form.errors.sourceKind}>
            {(id) => (
              <select
                id={id}
                className="input"
                value={sourceKind}
                onChange={(e) => setSourceKind(e.target.value as CreditSourceKind | '')}
              >
                <option value="">无</option>
                {CREDIT_SOURCE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {CREDIT_SOURCE_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="来源编号" error={form.errors.sourceId}>
            {(id) => (
              <TextInput id={id} value={sourceId} onChange={(v) => setSourceId(v.replace(/\D/g, ''))} />
            )}
          </Field>
        </div>
      </div>
      <Field label="事实摘要" error={form.errors.text}>
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
      <Field label="附件" error={form.errors.attachments} hint="处罚决定书、检查记录、照片等；保存后不能删除">
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
      <p className="muted">
        信用台账只能追加：登记后记录进入防篡改记录链，不能修改或删除；如有错误，请登记一条“更正”记录。
      </p>
    </Dialog>
  );
}
