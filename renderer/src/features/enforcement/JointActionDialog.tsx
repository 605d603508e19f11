// Register or edit one 联合执法行动 / 专项整治: name and kind, the lead department and the participating ones (from
// the directory), the dates and the status (from the dates unless chosen), the institutions checked (picked from
// the directory, plus a free-text scope), the results and attachments. The dispatcher checks everything again and
// answers in Chinese on the field concerned (e.g. a 联合执法行动 needs at least two departments).
import { useState } from 'react';
import {
  JOINT_ACTION_KINDS,
  JOINT_ACTION_KIND_LABELS,
  JOINT_ACTION_STATUSES,
  JOINT_ACTION_STATUS_LABELS,
  statusFromDates,
  type Department,
  type Institution,
  type JointAction,
  type JointActionKind,
  type JointActionStatus,
} from '../../../../shared/contract';
import { isIsoDate, todayIso } from '../../../../shared/dates';
import { AppError } from '../../../../shared/errors';
import { api, readFileAsBase64 } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { DepartmentSelect, selectableDepartments } from './ReferralCommon';
import { InstitutionPicker, findInstitution } from './shared';

type StatusChoice = 'auto' | JointActionStatus;

/** '' → 0; anything else as typed (the dispatcher words a bad number on its field). */
const numberOf = (s: string): number => (s.trim() === '' ? 0 : Number(s));

function NumberField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
  step?: string;
  hint?: string;
}) {
  return (
    <Field label={props.label} error={props.error} {...(props.hint ? { hint: props.hint } : {})}>
      {(id) => (
        <input
          id={id}
          className="input"
          type="number"
          min={0}
          step={props.step ?? '1'}
          inputMode={props.step ? 'decimal' : 'numeric'}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

const COMPARED = {
  name: '行动名称',
  leadName: '牵头单位',
  participants: '参与单位',
  startDate: '开始日期',
  endDate: '结束日期',
  scope: '检查范围说明',
  checked: '检查机构数',
  issues: '发现问题数',
  cases: '立案数',
  fines: '罚没金额（元）',
  resultsText: '工作成效',
};
const compared = (a: JointAction) => ({
  name: a.name,
  leadName: a.leadDepartmentName,
  participants: a.participants.map((p) => p.shortName),
  startDate: a.startDate,
  endDate: a.endDate,
  scope: a.scope,
  checked: String(a.institutionsChecked),
  issues: String(a.issuesFound),
  cases: String(a.casesFiled),
  fines: String(a.finesYuan),
  resultsText: a.resultsText,
});

export function JointActionDialog(props: {
  action: JointAction | null;
  departments: Department[];
  institutions: Institution[];
  onClose: () => void;
  onSaved: (a: JointAction) => void;
}) {
  const a = props.action;
  const today = todayIso();
  const [name, setName] = useState(a?.name ?? '');
  const [kind, setKind] = useState<JointActionKind>(a?.kind ?? 'joint');
  const [lead, setLead] = useState(a ? String(a.leadDepartmentId) : '');
  const [participants, setParticipants] = useState<number[]>(a?.participants.map((p) => p.id) ?? []);
  const [startDate, setStartDate] = useState(a?.startDate ?? today);
  const [endDate, setEndDate] = useState(a?.endDate ?? today);
  const [status, setStatus] = useState<StatusChoice>(a?.statusSet ?? 'auto');
  const [targets, setTargets] = useState<{ id: number; name: string }[]>(a?.targets ?? []);
  const [picking, setPicking] = useState('');
  const [pickError, setPickError] = useState('');
  const [scope, setScope] = useState(a?.scope ?? '');
  const [checked, setChecked] = useState(a ? String(a.institutionsChecked) : '');
  const [issues, setIssues] = useState(a ? String(a.issuesFound) : '');
  const [cases, setCases] = useState(a ? String(a.casesFiled) : '');
  const [fines, setFines] = useState(a ? String(a.finesYuan) : '');
  const [resultsText, setResultsText] = useState(a?.resultsText ?? '');
  const [removeFileIds, setRemoveFileIds] = useState<number[]>([]);
  const [newFiles, setNewFiles] = useState<File[]>([]);
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(a?.version);
  const deptName = (id: number | string) =>
    props.departments.find((d) => String(d.id) === String(id))?.shortName ?? '';

  const keep = a ? [a.leadDepartmentId, ...a.participants.map((p) => p.id)] : [];
  const choices = selectableDepartments(props.departments, keep);
  const departmentCount = (lead ? 1 : 0) + participants.filter((p) => String(p) !== lead).length;
  const autoStatus =
    isIsoDate(startDate) && isIsoDate(endDate) && endDate >= startDate
      ? statusFromDates(startDate, endDate, today)
      : null;

  const addTarget = () => {
    const found = findInstitution(props.institutions, picking);
    if (!found) {
      setPickError('请从名录中选择监管对象（可输入名称或统一社会信用代码）');
      return;
    }
    setPickError('');
    setPicking('');
    if (!targets.some((t) => t.id === found.id)) setTargets([...targets, { id: found.id, name: found.name }]);
  };

  const toggle = (id: number, on: boolean) =>
    setParticipants(on ? [...participants, id] : participants.filter((x) => x !== id));

  const save = () =>
    submit(async () => {
      if (picking.trim() !== '') {
        const message = '“检查对象”中输入的机构尚未添加：请点“添加”或清空';
        throw new AppError('VALIDATION', message, { issues: [{ path: 'targetIds', message }] });
      }
      const addFiles = [];
      for (const f of newFiles) addFiles.push({ fileName: f.name, base64: await readFileAsBase64(f) });
      const values = {
        name,
        kind,
        leadDepartmentId: Number(lead) || 0,
        participantIds: participants.filter((p) => String(p) !== lead),
        startDate,
        endDate,
        targetIds: targets.map((t) => t.id),
        scope,
        status,
        institutionsChecked: numberOf(checked),
        issuesFound: numberOf(issues),
        casesFiled: numberOf(cases),
        finesYuan: numberOf(fines),
        resultsText,
        addFiles,
      };
      props.onSaved(
        a
          ? await api
              .invoke('jointActions.update', {
                ...values,
                id: a.id,
                version: editVersion.current(),
                removeFileIds,
              })
              .catch(editVersion.adopt)
          : await api.invoke('jointActions.create', values),
      );
    });

  return (
    <Dialog
      wide
      title={a ? '编辑联合行动' : '新增联合行动'}
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
          name,
          leadName: deptName(lead),
          participants: participants.map(deptName),
          startDate,
          endDate,
          scope,
          checked,
          issues,
          cases,
          fines,
          resultsText,
        }}
        formOf={compared}
      />
      <Field label="行动名称" required error={errors.name}>
        {(id) => (
          <TextInput
            id={id}
            value={name}
            onChange={setName}
            placeholder="如：2026 年医疗美容行业联合执法行动"
          />
        )}
      </Field>
      <fieldset className="choice-list ja-inline" aria-label="行动类型">
        <legend>
          行动类型<span className="required">*</span>
        </legend>
        {JOINT_ACTION_KINDS.map((k) => (
          <label key={k}>
            <input type="radio" name="ja-kind" checked={kind === k} onChange={() => setKind(k)} />
            {JOINT_ACTION_KIND_LABELS[k]}
          </label>
        ))}
        <span className="muted">
          {kind === 'joint'
            ? '两个及以上部门联合开展'
            : '可由一个部门开展；两个及以上部门联合开展的计入年度联合执法次数'}
        </span>
      </fieldset>
      <Field label="牵头单位" required error={errors.leadDepartmentId}>
        {(id) => (
          <DepartmentSelect
            id={id}
            value={lead}
            departments={choices}
            onChange={(v) => {
              setLead(v);
              setParticipants(participants.filter((p) => String(p) !== v));
            }}
          />
        )}
      </Field>
      <fieldset className="dept-picker">
        <legend>
          参与单位{kind === 'joint' ? <span className="required">*</span> : null}
          <span className="muted">
            已选 {participants.filter((p) => String(p) !== lead).length} 个；共 {departmentCount} 个部门
          </span>
        </legend>
        <div className="case-picks" role="group" aria-label="参与单位">
          {choices
            .filter((d) => String(d.id) !== lead)
            .map((d) => (
              <label key={d.id}>
                <input
                  type="checkbox"
                  checked={participants.includes(d.id)}
                  onChange={(e) => toggle(d.id, e.target.checked)}
                />
                {d.shortName}
              </label>
            ))}
        </div>
        {errors.participantIds ? (
          <div className="field-error" role="alert">
            {errors.participantIds}
          </div>
        ) : null}
      </fieldset>
      <div className="form-grid">
        <Field label="开始日期" required error={errors.startDate}>
          {(id) => <TextInput id={id} type="date" value={startDate} onChange={setStartDate} />}
        </Field>
        <Field label="结束日期" required error={errors.endDate}>
          {(id) => <TextInput id={id} type="date" value={endDate} onChange={setEndDate} />}
        </Field>
        <Field label="状态" error={errors.status}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={status}
              onChange={(e) => setStatus(e.target.value as StatusChoice)}
            >
              <option value="auto">
                按日期自动{autoStatus ? `（${JOINT_ACTION_STATUS_LABELS[autoStatus]}）` : ''}
              </option>
              {JOINT_ACTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {JOINT_ACTION_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="dept-picker">
        <legend>
          检查对象<span className="muted">从监管对象名录中选择，可不填；已选 {targets.length} 家</span>
        </legend>
        <div className="ja-pick">
          <InstitutionPicker
            label="选择检查对象"
            institutions={props.institutions}
            value={picking}
            onChange={setPicking}
          />
          <Button onClick={addTarget}>添加</Button>
        </div>
        {pickError ? (
          <div className="field-error" role="alert">
            {pickError}
          </div>
        ) : null}
        {targets.length > 0 ? (
          <ul className="ja-chips" aria-label="已选检查对象">
            {targets.map((t) => (
              <li key={t.id}>
                {t.name}
                <button
                  type="button"
                  aria-label={`移除 ${t.name}`}
                  onClick={() => setTargets(targets.filter((x) => x.id !== t.id))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {errors.targetIds ? (
          <div className="field-error" role="alert">
            {errors.targetIds}
          </div>
        ) : null}
      </fieldset>
      <Field
        label="检查范围说明"
        hint="如：辖区内全部医疗美容机构及生活美容场所，可不填"
        error={errors.scope}
      >
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={2}
            maxLength={1000}
            value={scope}
            onChange={(e) => setScope(e.target.value)}
          />
        )}
      </Field>
      <h3 className="ja-section">行动结果</h3>
      <div className="form-grid ja-counts">
        <NumberField
          label="检查机构数"
          value={checked}
          onChange={setChecked}
          error={errors.institutionsChecked}
        />
        <NumberField label="发现问题数" value={issues} onChange={setIssues} error={errors.issuesFound} />
        <NumberField label="立案数" value={cases} onChange={setCases} error={errors.casesFiled} />
        <NumberField
          label="罚没金额（元）"
          value={fines}
          onChange={setFines}
          error={errors.finesYuan}
          step="0.01"
        />
      </div>
      <Field label="工作成效" hint="行动开展情况、查处的典型问题、整改落实等" error={errors.resultsText}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            maxLength={2000}
            value={resultsText}
            onChange={(e) => setResultsText(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="dept-picker">
        <legend>
          附件<span className="muted">方案、通报、总结等，可不添加</span>
        </legend>
        {a && a.files.length > 0 ? (
          <ul className="ja-files">
            {a.files.map((f) => (
              <li key={f.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={removeFileIds.includes(f.id)}
                    onChange={(e) =>
                      setRemoveFileIds(
                        e.target.checked ? [...removeFileIds, f.id] : removeFileIds.filter((x) => x !== f.id),
                      )
                    }
                  />
                  删除“{f.fileName}”
                </label>
              </li>
            ))}
          </ul>
        ) : null}
        <input
          type="file"
          multiple
          aria-label="添加附件"
          onChange={(e) => setNewFiles([...(e.target.files ?? [])])}
        />
        {errors.addFiles ? (
          <div className="field-error" role="alert">
            {errors.addFiles}
          </div>
        ) : null}
      </fieldset>
    </Dialog>
  );
}
