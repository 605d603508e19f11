// What the 转报移送 and 12345 投诉 tabs share: the query keys, the member departments a record may name, status
// badges, the deadline line with the rule that gave it, and the dialog that asks for a reason
// (删除, 撤销回复, 重新办理) before a change that undoes something.
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Department, Institution } from '../../../../shared/contract';
import { isIsoDate } from '../../../../shared/dates';
import { AppError } from '../../../../shared/errors';
import { api, errorMessage } from '../../api';
import { Button, Dialog, Field, Notice } from '../../ui';
import { findInstitution } from './shared';
import './referrals.css';

/** Both registers, so a change in one refreshes every view of it. */
export const CASES_KEY = ['enforcement', 'cases'] as const;

export function useDepartments() {
  return useQuery({
    queryKey: ['departments', 'list'],
    queryFn: () => api.invoke('departments.list', { includeInactive: true }),
  });
}

/** Departments a record may name: specific ones (not a 统称) that are active, plus the one it already names. */
export function selectableDepartments(all: Department[], keep: number[] = []): Department[] {
  return all.filter((d) => d.kind !== 'collective' && (d.active || keep.includes(d.id)));
}

export function DepartmentSelect(props: {
  id: string;
  value: string;
  departments: Department[];
  onChange: (v: string) => void;
}) {
  return (
    <select
      id={props.id}
      className="input"
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    >
      <option value="" disabled>
        请选择
      </option>
      {props.departments.map((d) => (
        <option key={d.id} value={String(d.id)}>
          {d.shortName}
        </option>
      ))}
    </select>
  );
}

export type BadgeKind = 'open' | 'late' | 'done' | 'handling';

export function CaseStatus(props: { kind: BadgeKind; text: string }) {
  return <span className={`case-status case-${props.kind}`}>{props.text}</span>;
}

/** '2026-12-07 收到后 15 日内书面回复（越政办发〔2020〕64号）' */
export function DeadlineText(props: { due: string; rule: string }) {
  return (
    <>
      <strong>{props.due}</strong>
      <span className="case-rule">{props.rule}</span>
    </>
  );
}

export function ReasonDialog(props: {
  title: string;
  label: string;
  confirm: string;
  danger?: boolean;
  children?: ReactNode;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<unknown>;
}) {
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const go = async () => {
    if (reason.trim() === '') {
      setFailure(`请填写${props.label}`);
      return;
    }
    setBusy(true);
    try {
      await props.onConfirm(reason.trim());
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant={props.danger ? 'danger' : 'primary'} disabled={busy} onClick={() => void go()}>
            {props.confirm}
          </Button>
        </>
      }
    >
      {props.children}
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <Field label={props.label} required hint="记入操作日志">
        {(id) => (
          <input
            id={id}
            className="input"
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
    </Dialog>
  );
}

/** The rules in force and the due dates they give for the dates typed so far (asked of the office's calendar). */
export function useDeadlines(dates: { referralReceivedOn?: string; complaintHandledOn?: string }) {
  const args = {
    ...(dates.referralReceivedOn && isIsoDate(dates.referralReceivedOn)
      ? { referralReceivedOn: dates.referralReceivedOn }
      : {}),
    ...(dates.complaintHandledOn && isIsoDate(dates.complaintHandledOn)
      ? { complaintHandledOn: dates.complaintHandledOn }
      : {}),
  };
  return useQuery({
    queryKey: [...CASES_KEY, 'deadlines', args],
    queryFn: () => api.invoke('referrals.deadlines', args),
  });
}

/** The institution the picker's text names: null when empty, 'unknown' when it names none on the register. */
export function pickedInstitution(institutions: Institution[], text: string): number | null | 'unknown' {
  if (text.trim() === '') return null;
  return findInstitution(institutions, text)?.id ?? 'unknown';
}
/** Shown on the picker, as the dispatcher's own refusals are. */
export const unknownInstitution = () => {
  const message = '请从名录中选择监管对象（可输入名称或统一社会信用代码），或留空';
  return new AppError('VALIDATION', message, { issues: [{ path: 'institutionId', message }] });
};
