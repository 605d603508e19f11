// Register or edit one 12345 complaint: the ticket number (unique), the day it was received, its category (for the
// dashboard charts), the institution complained about, the department it was assigned to, and what it says.
import { useState } from 'react';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CATEGORY_LABELS,
  type Complaint,
  type ComplaintCategory,
  type Department,
  type Institution,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import {
  DepartmentSelect,
  pickedInstitution,
  selectableDepartments,
  unknownInstitution,
} from './ReferralCommon';
import { InstitutionPicker, conflictsOnFields, institutionOption } from './shared';

const COMPARED = {
  ticketNo: '工单编号',
  receivedOn: '受理日期',
  category: '投诉类别',
  departmentName: '承办单位',
  institutionName: '被投诉机构',
  content: '投诉内容',
};
const compared = (c: Complaint) => ({
  ticketNo: c.ticketNo,
  receivedOn: c.receivedOn,
  category: c.category as ComplaintCategory | '',
  departmentName: c.departmentName,
  institutionName: c.institutionName ?? '',
  content: c.content,
});
const categoryShown = { category: (k: ComplaintCategory | '') => (k ? COMPLAINT_CATEGORY_LABELS[k] : '') };

export function ComplaintDialog(props: {
  complaint: Complaint | null;
  departments: Department[];
  institutions: Institution[];
  onClose: () => void;
  onSaved: (c: Complaint) => void;
}) {
  const c = props.complaint;
  const [ticketNo, setTicketNo] = useState(c?.ticketNo ?? '');
  const [receivedOn, setReceivedOn] = useState(c?.receivedOn ?? todayIso());
  const [category, setCategory] = useState<ComplaintCategory | ''>(c?.category ?? '');
  const [departmentId, setDepartmentId] = useState(c ? String(c.departmentId) : '');
  const [institution, setInstitution] = useState(
    c?.institutionId
      ? institutionOption({
          name: c.institutionName ?? '',
          uscc: props.institutions.find((i) => i.id === c.institutionId)?.uscc ?? '',
        })
      : '',
  );
  const [content, setContent] = useState(c?.content ?? '');
  const { errors, failure, busy, submit } = useFormSubmit();
  const choices = selectableDepartments(props.departments, c ? [c.departmentId] : []);
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(c?.version);

  const save = () =>
    submit(async () => {
      const institutionId = pickedInstitution(props.institutions, institution);
      if (institutionId === 'unknown') throw unknownInstitution();
      const values = {
        ticketNo,
        receivedOn,
        // An unchosen category goes as it is; the dispatcher answers “请选择投诉类别” on that field.
        category: category as ComplaintCategory,
        departmentId: Number(departmentId) || 0,
        institutionId,
        content,
      };
      props.onSaved(
        await conflictsOnFields(
          c
            ? api
                .invoke('complaints.update', { ...values, id: c.id, version: editVersion.current() })
                .catch(editVersion.adopt)
            : api.invoke('complaints.create', values),
        ),
      );
    });

  return (
    <Dialog
      wide
      title={c ? `编辑投诉工单：${c.ticketNo}` : '登记 12345 投诉'}
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
          ticketNo,
          receivedOn,
          category,
          departmentName: props.departments.find((d) => String(d.id) === departmentId)?.shortName ?? '',
          institutionName: institution.replace(/（[^（]*）$/, ''),
          content,
        }}
        formOf={compared}
        show={categoryShown}
      />
      <div className="form-grid">
        <Field label="工单编号" required hint="12345 平台的工单号" error={errors.ticketNo}>
          {(id) => <TextInput id={id} value={ticketNo} onChange={setTicketNo} />}
        </Field>
        <Field label="受理日期" required error={errors.receivedOn}>
          {(id) => <TextInput id={id} type="date" value={receivedOn} onChange={setReceivedOn} />}
        </Field>
        <Field label="投诉类别" required error={errors.category}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={category}
              onChange={(e) => setCategory(e.target.value as ComplaintCategory)}
            >
              <option value="" disabled>
                请选择
              </option>
              {COMPLAINT_CATEGORIES.map((k) => (
                <option key={k} value={k}>
                  {COMPLAINT_CATEGORY_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="承办单位" required error={errors.departmentId}>
          {(id) => (
            <DepartmentSelect id={id} value={departmentId} departments={choices} onChange={setDepartmentId} />
          )}
        </Field>
      </div>
      <Field
        label="被投诉机构"
        hint="在监管对象名录中选择；不涉及具体机构可不填"
        error={errors.institutionId}
      >
        {(id) => (
          <InstitutionPicker
            id={id}
            institutions={props.institutions}
            value={institution}
            onChange={setInstitution}
          />
        )}
      </Field>
      <Field label="投诉内容" required error={errors.content}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={4}
            maxLength={2000}
            value={content}
            onChange={(e) => setContent(e.target.value)}
          />
        )}
      </Field>
    </Dialog>
  );
}
