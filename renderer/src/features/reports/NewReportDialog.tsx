// 新建报告: a type and a period (a quarter or a year, as the type is made for); the draft starts from the type's
// default outline with its figures computed from the records.
import { useState } from 'react';
import {
  REPORT_PERIOD_KINDS,
  REPORT_TYPES,
  REPORT_TYPE_LABELS,
  type PeriodKind,
  type ReportType,
} from '../../../../shared/contract';
import { quarterOf, todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { Button, Dialog, Field, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';

export function NewReportDialog(props: {
  initial: { type: ReportType; period: string } | null;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const toast = useToast();
  const form = useFormSubmit();
  const now = quarterOf(todayIso());
  const initial = props.initial;
  const [type, setType] = useState<ReportType>(initial?.type ?? 'quarterly');
  const [year, setYear] = useState(initial ? Number(initial.period.slice(0, 4)) : now.year);
  const [quarter, setQuarter] = useState(
    initial && initial.period.includes('Q') ? Number(initial.period.slice(5)) : now.quarter,
  );
  const kinds = REPORT_PERIOD_KINDS[type];
  const [kind, setKind] = useState<PeriodKind>(
    initial ? (initial.period.includes('Q') ? 'quarter' : 'year') : kinds[0]!,
  );
  const effectiveKind: PeriodKind = kinds.includes(kind) ? kind : kinds[0]!;
  const period = effectiveKind === 'quarter' ? `${year}Q${quarter}` : String(year);
  const years = Array.from({ length: 6 }, (_, i) => now.year + 1 - i);
  const create = () =>
    void form.submit(async () => {
      const r = await api.invoke('reports.create', { type, period });
      toast('success', `已新建报告草稿：${r.title}`);
      props.onCreated(r.id);
    });
  return (
    <Dialog
      title="新建报告"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={form.busy} onClick={create}>
            新建草稿
          </Button>
        </>
      }
    >
      {form.failure ? <Notice kind="error">{form.failure}</Notice> : null}
      <Field label="报告类型" required error={form.errors.type}>
        {(id) => (
          <select
            id={id}
            className="input"
            value={type}
            onChange={(e) => setType(e.target.value as ReportType)}
          >
            {REPORT_TYPES.map((t) => (
              <option key={t} value={t}>
                {REPORT_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kinds.length > 1 ? (
        <Field label="报告期类型">
          {(id) => (
            <select
              id={id}
              className="input"
              value={effectiveKind}
              onChange={(e) => setKind(e.target.value as PeriodKind)}
            >
              <option value="quarter">季度</option>
              <option value="year">年度</option>
            </select>
          )}
        </Field>
      ) : null}
      <div className="form-grid">
        <Field label="年度" required>
          {(id) => (
            <select id={id} className="input" value={year} onChange={(e) => setYear(Number(e.target.value))}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y} 年
                </option>
              ))}
            </select>
          )}
        </Field>
        {effectiveKind === 'quarter' ? (
          <Field label="季度" required error={form.errors.period}>
            {(id) => (
              <select
                id={id}
                className="input"
                value={quarter}
                onChange={(e) => setQuarter(Number(e.target.value) as 1 | 2 | 3 | 4)}
              >
                {[1, 2, 3, 4].map((q) => (
                  <option key={q} value={q}>
                    第{['', '一', '二', '三', '四'][q]}季度
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <p className="muted">
        报告期 {period}。草稿按该类报告的默认提纲生成，数字和表格由记录自动计算，正文由本单位撰写。
      </p>
    </Dialog>
  );
}
