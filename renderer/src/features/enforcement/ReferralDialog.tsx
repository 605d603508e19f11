// Register or edit one 转报. A new one may go to several departments: it is then routed through 区卫生健康局
// (seed 003 §四(五)) and becomes one record per receiving department, each answered on its own. The reply due
// date is shown as it is typed, with the rule that gives it.
import { useState } from 'react';
import type { Department, Institution, Referral } from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import {
  DeadlineText,
  DepartmentSelect,
  pickedInstitution,
  selectableDepartments,
  unknownInstitution,
  useDeadlines,
} from './ReferralCommon';
import { InstitutionPicker, institutionOption } from './shared';

const COMPARED = {
  fromName: '转出单位',
  toName: '接收单位',
  receivedOn: '收到日期',
  docNo: '转报文号',
  matter: '转报事项',
  institutionName: '涉及监管对象',
};
const compared = (r: Referral) => ({
  fromName: r.fromDepartmentName,
  toName: r.toDepartmentName,
  receivedOn: r.receivedOn,
  docNo: r.docNo,
  matter: r.matter,
  institutionName: r.institutionName ?? '',
});

export function ReferralDialog(props: {
  referral: Referral | null;
  departments: Department[];
  institutions: Institution[];
  onClose: () => void;
  onSaved: (saved: Referral[]) => void;
}) {
  const r = props.referral;
  const [from, setFrom] = useState(r ? String(r.fromDepartmentId) : '');
  const [to, setTo] = useState<number[]>(r ? [r.toDepartmentId] : []);
  const [viaBureau, setViaBureau] = useState(r?.viaBureau ?? false);
  const [docNo, setDocNo] = useState(r?.docNo ?? '');
  const [matter, setMatter] = useState(r?.matter ?? '');
  const [institution, setInstitution] = useState(
    r?.institutionId
      ? institutionOption({
          name: r.institutionName ?? '',
          uscc: props.institutions.find((i) => i.id === r.institutionId)?.uscc ?? '',
        })
      : '',
  );
  const [receivedOn, setReceivedOn] = useState(r?.receivedOn ?? todayIso());
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(r?.version);
  const deptName = (id: number | string) =>
    props.departments.find((d) => String(d.id) === String(id))?.shortName ?? '';
  const deadlines = useDeadlines({ referralReceivedOn: receivedOn });
  const keep = r ? [r.fromDepartmentId, r.toDepartmentId] : [];
  const choices = selectableDepartments(props.departments, keep);
  const several = to.length > 1;
  const inGroup = r ? r.groupDepartments.length > 1 : false;

  // Editing without touching the receipt date keeps the due date the record has; otherwise the rule in force.
  const due =
    r && receivedOn === r.receivedOn
      ? { date: r.dueOn, rule: r.ruleText }
      : deadlines.data?.referralReply.due
        ? { date: deadlines.data.referralReply.due, rule: deadlines.data.referralReply.text }
        : null;

  const save = () =>
    submit(async () => {
      const institutionId = pickedInstitution(props.institutions, institution);
      if (institutionId === 'unknown') throw unknownInstitution();
      const values = {
        fromDepartmentId: Number(from) || 0,
        viaBureau: viaBureau || several || inGroup,
        docNo,
        matter,
        institutionId,
        receivedOn,
      };
      const saved = r
        ? [
            await api
              .invoke('referrals.update', {
                ...values,
                id: r.id,
                version: editVersion.current(),
                toDepartmentId: to[0] ?? 0,
              })
              .catch(editVersion.adopt),
          ]
        : await api.invoke('referrals.create', { ...values, toDepartmentIds: to });
      props.onSaved(saved);
    });

  const toggle = (id: number, on: boolean) => setTo(on ? [...to, id] : to.filter((x) => x !== id));

  return (
    <Dialog
      wide
      title={r ? '编辑转报' : '登记转报'}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            {saveLabel(editVersion.stale)}
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <StaleNotice
        stale={editVersion.stale}
        labels={COMPARED}
        mine={{
          fromName: deptName(from),
          toName: to[0] ? deptName(to[0]) : '',
          receivedOn,
          docNo,
          matter,
          institutionName: institution.replace(/（[^（]*）$/, ''),
        }}
        formOf={compared}
      />
      <div className="form-grid">
        <Field label="转出单位" required error={errors.fromDepartmentId}>
          {(id) => <DepartmentSelect id={id} value={from} departments={choices} onChange={setFrom} />}
        </Field>
        <Field label="收到日期" required error={errors.receivedOn}>
          {(id) => <TextInput id={id} type="date" value={receivedOn} onChange={setReceivedOn} />}
        </Field>
      </div>
      {r ? (
        <Field
          label="接收单位"
          required
          error={errors.toDepartmentId}
          hint={
            inGroup
              ? `同批经区卫生健康局转办：${r.groupDepartments.join('、')}（各自回复，分别修改）`
              : undefined
          }
        >
          {(id) => (
            <DepartmentSelect
              id={id}
              value={to[0] ? String(to[0]) : ''}
              departments={choices}
              onChange={(v) => setTo([Number(v)])}
            />
          )}
        </Field>
      ) : (
        <fieldset className="dept-picker">
          <legend>
            接收单位<span className="required">*</span>
            <span className="muted">已选 {to.length} 个</span>
          </legend>
          <div className="case-picks" role="group" aria-label="接收单位">
            {choices
              .filter((d) => String(d.id) !== from)
              .map((d) => (
                <label key={d.id}>
                  <input
                    type="checkbox"
                    checked={to.includes(d.id)}
                    onChange={(e) => toggle(d.id, e.target.checked)}
                  />
                  {d.shortName}
                </label>
              ))}
          </div>
          {errors.toDepartmentIds ? (
            <div className="field-error" role="alert">
              {errors.toDepartmentIds}
            </div>
          ) : null}
        </fieldset>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={viaBureau || several || inGroup}
          disabled={several || inGroup}
          onChange={(e) => setViaBureau(e.target.checked)}
        />
        经区卫生健康局转办
        <span className="muted">
          {several || inGroup
            ? '（涉及多个部门，由区卫生健康局统一转报，每个接收单位一条记录、各自书面回复）'
            : '（涉及多个部门或职能交叉时，先提交区卫生健康局统一转报）'}
        </span>
      </label>
      <Field label="转报事项" required error={errors.matter}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            maxLength={1000}
            value={matter}
            placeholder="在执法检查或案件处理中发现的、应由接收单位处理的情况"
            onChange={(e) => setMatter(e.target.value)}
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label="转报文号" hint="没有可不填" error={errors.docNo}>
          {(id) => <TextInput id={id} value={docNo} onChange={setDocNo} />}
        </Field>
        <Field label="涉及监管对象" hint="可不填" error={errors.institutionId}>
          {(id) => (
            <InstitutionPicker
              id={id}
              institutions={props.institutions}
              value={institution}
              onChange={setInstitution}
            />
          )}
        </Field>
      </div>
      <p className="case-deadline" aria-label="回复期限">
        回复期限：
        {due ? (
          <DeadlineText due={due.date} rule={due.rule} />
        ) : (
          <span className="muted">填写收到日期后计算</span>
        )}
      </p>
    </Dialog>
  );
}
