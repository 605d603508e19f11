// 列入红黑名单: the subject (fixed from a profile, else picked), the list, the severity of a black listing, the
// basis (document number and the facts), the decision date and the disclosure period. The allowed end dates are
// shown as they follow from the start (信用修复管理办法: 一般 3 months–1 year, 严重 1–3 years, 轻微 not
// disclosed); the main process checks them again and refuses a period outside with the reason.
import { useState } from 'react';
import {
  CREDIT_LIST_LABELS,
  LISTING_SEVERITIES,
  LISTING_SEVERITY_LABELS,
  LISTING_STATUS_LABELS,
  addMonths,
  disclosureBounds,
  isDisclosed,
  monthsText,
  type CreditListKind,
  type CreditSubjectKind,
  type ListingSeverity,
} from '../../../../shared/contract';
import { isIsoDate, todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { SubjectPicker } from './EntryDialog';

const PRESETS: Record<'general' | 'serious' | 'red', number[]> = {
  general: [3, 6, 12],
  serious: [12, 24, 36],
  red: [12, 24, 36],
};

export function ListingDialog(props: {
  subject?: { kind: CreditSubjectKind; id: number; name: string };
  onClose: () => void;
  onSaved?: () => void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const [kind, setKind] = useState<CreditSubjectKind>(props.subject?.kind ?? 'institution');
  const [subjectId, setSubjectId] = useState<number | null>(props.subject?.id ?? null);
  const [list, setList] = useState<CreditListKind>('black');
  const [severity, setSeverity] = useState<ListingSeverity | ''>('');
  const [basisNumber, setBasisNumber] = useState('');
  const [basisText, setBasisText] = useState('');
  const [decisionDate, setDecisionDate] = useState(todayIso());
  const [start, setStart] = useState(todayIso());
  const [end, setEnd] = useState('');

  const sev = list === 'black' ? severity || null : null;
  const disclosed = list === 'red' || (sev !== null && isDisclosed(list, sev));
  const bounds = disclosed && isIsoDate(start) ? disclosureBounds(list, sev, start) : null;
  const presets = list === 'red' ? PRESETS.red : sev === 'general' || sev === 'serious' ? PRESETS[sev] : [];

  const save = () => {
    if (subjectId === null) {
      form.setErrors({ subjectId: '请选择信用主体' });
      return;
    }
    void form.submit(async () => {
      const r = await api.invoke('credit.createListing', {
        subjectKind: kind,
        subjectId,
        list,
        severity: sev,
        basisNumber,
        basisText,
        decisionDate,
        disclosureStart: disclosed ? start || null : null,
        disclosureEnd: disclosed ? end || null : null,
      });
      toast(
        'success',
        `已列入${CREDIT_LIST_LABELS[list]}（台账第 ${r.entry.entry.seq} 条），${LISTING_STATUS_LABELS[r.listing.status]}`,
      );
      props.onSaved?.();
      props.onClose();
    });
  };

  return (
    <Dialog
      title={props.subject ? `列入红黑名单：${props.subject.name}` : '列入红黑名单'}
      onClose={props.onClose}
      wide
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={form.busy} onClick={save}>
            登记列入决定
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      {props.subject ? null : (
        <SubjectPicker
          kind={kind}
          onKind={setKind}
          id={subjectId}
          onId={setSubjectId}
          error={form.errors.subjectId}
        />
      )}
      <div className="form-grid">
        <Field label="名单" required error={form.errors.list}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={list}
              onChange={(e) => {
                setList(e.target.value as CreditListKind);
                setSeverity('');
                setEnd('');
              }}
            >
              <option value="black">黑名单（失信主体）</option>
              <option value="red">红名单（守信主体）</option>
            </select>
          )}
        </Field>
        {list === 'black' ? (
          <Field label="失信程度" required error={form.errors.severity}>
            {(id) => (
              <select
                id={id}
                className="input"
                value={severity}
                onChange={(e) => {
                  setSeverity(e.target.value as ListingSeverity | '');
                  setEnd('');
                }}
              >
                <option value="">请选择</option>
                {LISTING_SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {LISTING_SEVERITY_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <div />
        )}
        <Field label="依据文号" required error={form.errors.basisNumber} hint="如 越卫医罚〔2026〕21号">
          {(id) => <TextInput id={id} value={basisNumber} onChange={setBasisNumber} />}
        </Field>
        <Field label="列入决定日期" required error={form.errors.decisionDate}>
          {(id) => (
            <TextInput
              id={id}
              type="date"
              value={decisionDate}
              onChange={(v) => {
                if (start === decisionDate) setStart(v);
                setDecisionDate(v);
              }}
            />
          )}
        </Field>
      </div>
      <Field label="列入依据（主要事实）" required error={form.errors.basisText}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            value={basisText}
            onChange={(e) => setBasisText(e.target.value)}
          />
        )}
      </Field>
      {list === 'black' && sev === 'minor' ? (
        <Notice kind="info">轻微失信信息依法不予公示：只记入信用台账，不进入对外公示名单。</Notice>
      ) : null}
      {disclosed ? (
        <>
          <div className="form-grid">
            <Field label="公示起始日期" required error={form.errors.disclosureStart}>
              {(id) => <TextInput id={id} type="date" value={start} onChange={setStart} />}
            </Field>
            <Field label="公示期限" hint="按期限填入截止日期，也可直接填写截止日期">
              {(id) => (
                <select
                  id={id}
                  className="input"
                  value=""
                  disabled={!isIsoDate(start) || (list === 'black' && sev === null)}
                  onChange={(e) => e.target.value && setEnd(addMonths(start, Number(e.target.value)))}
                >
                  <option value="">选择期限…</option>
                  {presets.map((m) => (
                    <option key={m} value={m}>
                      {monthsText(m)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field
            label="公示截止日期"
            required
            error={form.errors.disclosureEnd}
            hint={
              bounds
                ? list === 'red'
                  ? `红名单公示期限不超过 ${monthsText(bounds.maxMonths)}：最晚 ${bounds.latestEnd}`
                  : `${LISTING_SEVERITY_LABELS[sev!]}失信信息公示 ${monthsText(bounds.minMonths)}至 ${monthsText(bounds.maxMonths)}：截止日期可选 ${bounds.earliestEnd} 至 ${bounds.latestEnd}；到期后自动停止公示`
                : undefined
            }
          >
            {(id) => <TextInput id={id} type="date" value={end} onChange={setEnd} />}
          </Field>
        </>
      ) : null}
      <p className="muted">
        列入决定同时记入防篡改的信用台账（“信用评价结果”记录），不能修改或删除；如决定被撤销，请对该记录登记“更正”。
      </p>
    </Dialog>
  );
}
