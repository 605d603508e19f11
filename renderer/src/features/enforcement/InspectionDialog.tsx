// 录入 / 编辑检查结果: for a drawn target (institution, team and 抽查事项 from the draw; changing the team asks why) or
// ad hoc (any institution; a team of at least two, those who declared 回避 marked), the date, 抽查事项, findings, the
// outcome with its own fields (整改期限, 移送单位), penalties with their amounts, the case number, the practitioners
// concerned (masked when published), attachments. Once saved it says which credit-ledger entries it wrote, each a
// link to the institution's credit profile. The 复查 of a 责令整改 is a dialog of its own (ReviewDialog).
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  CHECK_METHODS,
  CHECK_METHOD_LABELS,
  FOLLOWUPS_FOR,
  FOLLOWUP_LABELS,
  RESULT_CATEGORIES,
  RESULT_CATEGORY_LABELS,
  internalOutcome,
  type CheckMethod,
  type Followup,
  type InspectionItemResult,
  type ResultCategory,
  PENALTY_KINDS,
  PENALTY_LABELS,
  PRACTITIONER_CATEGORY_LABELS,
  REVIEW_RESULTS,
  REVIEW_RESULT_LABELS,
  penaltiesAllowed,
  type Inspection,
  type InspectionCreditLink,
  type Inspector,
  type PenaltyKind,
  type ReviewResult,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { AppError } from '../../../../shared/errors';
import { api, readFileAsBase64 } from '../../api';
import { navigate } from '../../app/router';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { useInstitutions } from './InstitutionsPanel';
import { InstitutionPicker, conflictsOnFields, findInstitution, institutionOption } from './shared';
import './inspections.css';

/** What a drawn target brings to a new record. */
export interface DrawnPreset {
  drawId: number;
  drawPosition: number;
  institutionId: number;
  institutionName: string;
  uscc: string;
  /** '2026年度…抽查 第1批（上半年）' */
  source: string;
  team: { inspectorId: number; lead: boolean }[];
  /** The plan's items that apply to the institution (from the list, or free text for an older plan). */
  items: { itemId: number | null; name: string }[];
  /** The expert drawn for the team ('姓名（单位，领域）'), shown beside it; not an enforcement officer. */
  experts?: string[];
}

const newItemRow = (i: { itemId: number | null; name: string }): InspectionItemResult => ({
  itemId: i.itemId,
  name: i.name,
  checked: true,
  method: null,
  problems: '',
  disposal: '',
});

const CREDIT_KIND_TEXT: Record<InspectionCreditLink['kind'], string> = {
  result: '监督检查结果',
  penalty: '行政处罚',
  review: '复查结果',
};

export const creditProfilePath = (institutionId: number) => `/credit/institution/${institutionId}`;

/** '已记入信用台账 第12条（监督检查结果）、第13条（行政处罚）', each a link to the credit profile. */
export function CreditLinks({ x }: { x: Pick<Inspection, 'credit' | 'institutionId'> }) {
  if (x.credit.length === 0) return null;
  return (
    <span className="insp-credit" data-testid="inspection-credit">
      已记入信用台账{' '}
      {x.credit.map((c, i) => (
        <span key={c.seq}>
          {i > 0 ? '、' : ''}
          <a
            href={`#${creditProfilePath(x.institutionId)}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(creditProfilePath(x.institutionId));
            }}
          >
            第{c.seq}条
          </a>
          （{CREDIT_KIND_TEXT[c.kind]}）
        </span>
      ))}
    </span>
  );
}

export function useInspectors() {
  return useQuery({
    queryKey: ['enforcement', 'inspectors'],
    queryFn: () => api.invoke('inspectors.list', { includeInactive: true }),
  });
}

const inspectorLabel = (p: Inspector, institutionId: number | null) => {
  const conflict = institutionId ? p.conflicts.find((c) => c.institutionId === institutionId) : undefined;
  return `${p.name}（${p.departmentName}）${conflict ? ` · 申报回避：${conflict.reason}` : ''}`;
};

/** An amount typed in 元: '' → null; anything else must be a number. */
function amount(text: string, path: string, label: string): number | null {
  const t = text.trim().replace(/[,，]/g, '');
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isFinite(n)) {
    const message = `${label}应为数字（元）`;
    throw new AppError('VALIDATION', message, { issues: [{ path, message }] });
  }
  return n;
}

const yuanInput = (fen: number | null) => (fen === null ? '' : String(fen / 100));

/** What a stale save compares: the fields a person types, as this form shows them. */
interface ComparedInspection {
  inspectedOn: string;
  findings: string;
  category: ResultCategory | '';
  followup: Followup | '';
  rectifyDue: string;
  transferTo: string;
  penalties: PenaltyKind[];
  fine: string;
  caseNo: string;
  teamNote: string;
}

const COMPARED_LABELS: Record<keyof ComparedInspection, string> = {
  inspectedOn: '检查日期',
  findings: '检查发现',
  category: '检查结果',
  followup: '后续处置措施',
  rectifyDue: '整改期限',
  transferTo: '抄告部门（办案机构）',
  penalties: '行政处罚',
  fine: '罚款金额（元）',
  caseNo: '立案号',
  teamNote: '检查组调整说明',
};

const COMPARED_SHOWN = {
  category: (c: ResultCategory | '') => (c ? RESULT_CATEGORY_LABELS[c] : ''),
  followup: (f: Followup | '') => (f ? FOLLOWUP_LABELS[f] : ''),
  penalties: (p: PenaltyKind[]) => p.map((k) => PENALTY_LABELS[k]).join('、'),
};

const comparedOf = (i: Inspection): ComparedInspection => ({
  inspectedOn: i.inspectedOn,
  findings: i.findings,
  category: i.resultCategory,
  followup: i.followup,
  rectifyDue: i.rectifyDue ?? '',
  transferTo: i.transferTo ?? '',
  penalties: i.penalties,
  fine: yuanInput(i.fineFen),
  caseNo: i.caseNo ?? '',
  teamNote: i.teamNote,
});

const REVIEW_COMPARED = { reviewOn: '复查日期', result: '复查结果', note: '复查说明' };
const reviewCompared = (i: Inspection) => ({
  reviewOn: i.review?.on ?? '',
  result: (i.review?.result ?? '') as ReviewResult | '',
  note: i.review?.note ?? '',
});
const reviewShown = { result: (r: ReviewResult | '') => (r ? REVIEW_RESULT_LABELS[r] : '') };

function Checks(props: { label: string; children: ReactNode; error?: string | undefined; testId?: string }) {
  return (
    <fieldset className="insp-checks" data-testid={props.testId}>
      <legend>{props.label}</legend>
      <div role="group" aria-label={props.label} className="insp-check-list">
        {props.children}
      </div>
      {props.error ? (
        <div className="field-error" role="alert">
          {props.error}
        </div>
      ) : null}
    </fieldset>
  );
}

export function InspectionDialog(props: {
  inspection: Inspection | null;
  preset?: DrawnPreset;
  onClose: () => void;
  onSaved?: (x: Inspection) => void;
}) {
  const x = props.inspection;
  const preset = props.preset;
  const drawnExperts = preset?.experts ?? x?.experts.map((e) => `${e.name}（${e.unit}，${e.field}）`) ?? [];
  const drawn = x ? x.source === 'draw' : Boolean(preset);
  const institutions = useInstitutions();
  const inspectors = useInspectors();
  const [saved, setSaved] = useState<Inspection | null>(null);
  const [institutionText, setInstitutionText] = useState(
    x ? institutionOption({ name: x.institutionName, uscc: x.institutionUscc }) : '',
  );
  const fixedInstitution = x?.institutionId ?? preset?.institutionId ?? null;
  const pickedInstitution =
    fixedInstitution ?? findInstitution(institutions.data ?? [], institutionText)?.id ?? null;
  const initialTeam = x
    ? x.team.map((m) => ({ inspectorId: m.inspectorId, lead: m.lead }))
    : (preset?.team ?? []);
  const [lead, setLead] = useState(String(initialTeam.find((m) => m.lead)?.inspectorId ?? ''));
  const [members, setMembers] = useState<number[]>(
    initialTeam.filter((m) => !m.lead).map((m) => m.inspectorId),
  );
  const [teamNote, setTeamNote] = useState(x?.teamNote ?? '');
  const [inspectedOn, setInspectedOn] = useState(x?.inspectedOn ?? todayIso());
  const [itemRows, setItemRows] = useState<InspectionItemResult[]>(
    x
      ? x.itemResults.length
        ? x.itemResults
        : x.items.map((name) => newItemRow({ itemId: null, name }))
      : (preset?.items ?? []).map(newItemRow),
  );
  const spotItems = useQuery({
    queryKey: ['enforcement', 'spotItems'],
    queryFn: () => api.invoke('spotItems.list', { includeInactive: false }),
  });
  const [findings, setFindings] = useState(x?.findings ?? '');
  const [category, setCategory] = useState<ResultCategory | ''>(x?.resultCategory ?? '');
  const [followup, setFollowup] = useState<Followup | ''>(x?.followup ?? '');
  const outcome = category && followup ? internalOutcome(category, followup) : 'qualified';
  const setRow = (n: number, patch: Partial<InspectionItemResult>) =>
    setItemRows(itemRows.map((r, i) => (i === n ? { ...r, ...patch } : r)));
  const [rectifyDue, setRectifyDue] = useState(x?.rectifyDue ?? '');
  const [transferTo, setTransferTo] = useState(x?.transferTo ?? '');
  const [penalties, setPenalties] = useState<PenaltyKind[]>(x?.penalties ?? []);
  const [fine, setFine] = useState(yuanInput(x?.fineFen ?? null));
  const [confiscation, setConfiscation] = useState(yuanInput(x?.confiscationFen ?? null));
  const [caseNo, setCaseNo] = useState(x?.caseNo ?? '');
  const [practitionerIds, setPractitionerIds] = useState<number[]>(x?.practitioners.map((p) => p.id) ?? []);
  const [files, setFiles] = useState<File[]>([]);
  const [removeAttachments, setRemoveAttachments] = useState<number[]>([]);
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(x?.version);

  const practitioners = useQuery({
    queryKey: ['enforcement', 'practitioners', 'of', pickedInstitution],
    queryFn: () =>
      api.invoke('practitioners.list', { includeInactive: false, institutionId: pickedInstitution! }),
    enabled: pickedInstitution !== null,
  });
  const onTeam = new Set(initialTeam.map((m) => m.inspectorId));
  const roster = (inspectors.data ?? []).filter((p) => p.active || onTeam.has(p.id));
  const allowPenalties = penaltiesAllowed(outcome);
  const teamChanged =
    drawn &&
    preset !== undefined &&
    (String(preset.team.find((m) => m.lead)?.inspectorId) !== lead ||
      JSON.stringify(
        preset.team
          .filter((m) => !m.lead)
          .map((m) => m.inspectorId)
          .sort(),
      ) !== JSON.stringify([...members].sort()));

  const save = () =>
    submit(async () => {
      let institutionId = fixedInstitution;
      if (institutionId === null) {
        institutionId = findInstitution(institutions.data ?? [], institutionText)?.id ?? null;
        if (institutionId === null) {
          const message = '请从名录中选择监管对象（可输入名称或统一社会信用代码）';
          throw new AppError('VALIDATION', message, { issues: [{ path: 'institutionId', message }] });
        }
      }
      const values = {
        drawId: x?.drawId ?? preset?.drawId ?? null,
        drawPosition: x?.drawPosition ?? preset?.drawPosition ?? null,
        institutionId,
        inspectedOn,
        leadInspectorId: Number(lead) || 0,
        memberIds: members.filter((m) => String(m) !== lead),
        teamNote,
        itemResults: itemRows,
        findings,
        resultCategory: category || null,
        followup: followup || null,
        rectifyDue: followup === 'rectify_track' ? rectifyDue || null : null,
        transferTo: followup === 'notify' || followup === 'transfer_case' ? transferTo : '',
        penalties: allowPenalties ? penalties : [],
        fineYuan: allowPenalties && penalties.includes('fine') ? amount(fine, 'fineYuan', '罚款金额') : null,
        confiscationYuan:
          allowPenalties && penalties.includes('confiscation')
            ? amount(confiscation, 'confiscationYuan', '没收违法所得金额')
            : null,
        caseNo,
        practitionerIds,
        attachments: await Promise.all(
          files.map(async (f) => ({ fileName: f.name, base64: await readFileAsBase64(f) })),
        ),
      };
      const result = x
        ? await conflictsOnFields(
            api
              .invoke('inspections.update', {
                ...values,
                id: x.id,
                version: editVersion.current(),
                removeAttachments,
              })
              .catch(editVersion.adopt),
          )
        : await conflictsOnFields(api.invoke('inspections.create', values));
      setSaved(result);
      props.onSaved?.(result);
    });

  const title = x
    ? `编辑检查记录第 ${x.id} 号：${x.institutionName}`
    : preset
      ? `录入检查结果：${preset.institutionName}`
      : '录入检查结果';

  if (saved)
    return (
      <Dialog
        title={title}
        onClose={props.onClose}
        footer={
          <>
            <Button onClick={() => navigate(creditProfilePath(saved.institutionId))}>查看信用档案</Button>
            <Button variant="primary" onClick={props.onClose}>
              关闭
            </Button>
          </>
        }
      >
        <Notice kind="success" title={`检查记录第 ${saved.id} 号已保存`}>
          <p>
            {saved.institutionName}，{saved.inspectedOn}，{RESULT_CATEGORY_LABELS[saved.resultCategory]}（
            {FOLLOWUP_LABELS[saved.followup]}）{saved.penaltyText ? `；${saved.penaltyText}` : ''}
          </p>
          <p>检查结果已提交审核：由局领导或指定审核人审核通过后才能公开。</p>
          <p>
            <CreditLinks x={saved} />
          </p>
        </Notice>
      </Dialog>
    );

  return (
    <Dialog
      wide
      title={title}
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
        labels={COMPARED_LABELS}
        mine={{
          inspectedOn,
          findings,
          category,
          followup,
          rectifyDue,
          transferTo,
          penalties,
          fine,
          caseNo,
          teamNote,
        }}
        formOf={comparedOf}
        show={COMPARED_SHOWN}
      />
      {x && x.credit.length ? (
        <p className="muted">
          <CreditLinks x={x} />
          。修改检查日期、结果或处罚后，原记录由“更正”抵消并重新记入。
        </p>
      ) : null}
      {drawn ? (
        <p className="insp-source">
          双随机抽取对象：<strong>{x?.institutionName ?? preset?.institutionName}</strong>（
          {x?.institutionUscc ?? preset?.uscc}）
          <span className="muted">
            {' '}
            · {x ? `${x.planName ?? ''} 第${x.batchNumber}批（${x.batchName ?? ''}）` : preset?.source}
          </span>
        </p>
      ) : null}
      <div className="form-grid">
        {drawn ? null : (
          <Field label="监管对象" required error={errors.institutionId}>
            {(id) => (
              <InstitutionPicker
                id={id}
                institutions={(institutions.data ?? []).filter((i) => i.status !== 'deregistered')}
                value={institutionText}
                onChange={setInstitutionText}
              />
            )}
          </Field>
        )}
        <Field label="检查日期" required error={errors.inspectedOn}>
          {(id) => <TextInput id={id} type="date" value={inspectedOn} onChange={setInspectedOn} />}
        </Field>
      </div>
      <div className="form-grid">
        <Field label="组长" required error={errors.leadInspectorId}>
          {(id) => (
            <select id={id} className="input" value={lead} onChange={(e) => setLead(e.target.value)}>
              <option value="" disabled>
                请选择
              </option>
              {roster.map((p) => (
                <option key={p.id} value={String(p.id)}>
                  {inspectorLabel(p, pickedInstitution)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div />
      </div>
      <Checks label="组员（检查组至少 2 人）" error={errors.memberIds}>
        {roster
          .filter((p) => String(p.id) !== lead)
          .map((p) => (
            <label key={p.id}>
              <input
                type="checkbox"
                checked={members.includes(p.id)}
                onChange={(e) =>
                  setMembers(e.target.checked ? [...members, p.id] : members.filter((m) => m !== p.id))
                }
              />
              {inspectorLabel(p, pickedInstitution)}
            </label>
          ))}
      </Checks>
      {drawn && (teamChanged || teamNote || errors.teamNote) ? (
        <Field
          label="检查组调整说明"
          required
          hint="检查组与抽取结果不同时须说明原因"
          error={errors.teamNote}
        >
          {(id) => <TextInput id={id} value={teamNote} onChange={setTeamNote} />}
        </Field>
      ) : null}
      {drawnExperts.length ? (
        <p className="muted">随机抽取的专家：{drawnExperts.join('、')}（不计入执法人员，随检查记录保存）</p>
      ) : null}
      <fieldset className="insp-checks" data-testid="item-results">
        <legend>
          逐项检查情况<span className="required">*</span>
        </legend>
        {errors.itemResults ? (
          <div className="field-error" role="alert">
            {errors.itemResults}
          </div>
        ) : null}
        <table className="table insp-items" aria-label="逐项检查情况">
          <thead>
            <tr>
              <th>抽查事项</th>
              <th style={{ width: 70 }}>已检查</th>
              <th style={{ width: 190 }}>检查方式</th>
              <th>发现的问题（未检查时写原因）</th>
              <th>处置情况</th>
              <th style={{ width: 50 }} />
            </tr>
          </thead>
          <tbody>
            {itemRows.map((r, n) => {
              const rowError = Object.entries(errors).find(([k]) => k.startsWith(`itemResults.${n}.`))?.[1];
              return (
                <tr key={`${r.itemId ?? 'x'}-${r.name}`}>
                  <td>
                    {r.name}
                    {rowError ? (
                      <div className="field-error" role="alert">
                        {rowError}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${r.name}：已检查`}
                      checked={r.checked}
                      onChange={(e) =>
                        setRow(n, { checked: e.target.checked, method: e.target.checked ? r.method : null })
                      }
                    />
                  </td>
                  <td>
                    <select
                      className="input"
                      aria-label={`${r.name}：检查方式`}
                      value={r.method ?? ''}
                      disabled={!r.checked}
                      onChange={(e) => setRow(n, { method: (e.target.value || null) as CheckMethod | null })}
                    >
                      <option value="">请选择</option>
                      {CHECK_METHODS.map((m) => (
                        <option key={m} value={m}>
                          {CHECK_METHOD_LABELS[m]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      className="input"
                      aria-label={`${r.name}：发现的问题`}
                      value={r.problems}
                      onChange={(e) => setRow(n, { problems: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      className="input"
                      aria-label={`${r.name}：处置情况`}
                      value={r.disposal}
                      onChange={(e) => setRow(n, { disposal: e.target.value })}
                    />
                  </td>
                  <td>
                    {drawn ? null : (
                      <Button variant="link" onClick={() => setItemRows(itemRows.filter((_, i) => i !== n))}>
                        删除
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {drawn ? null : (
          <label className="inline-field">
            添加抽查事项
            <select
              className="input"
              aria-label="添加抽查事项"
              value=""
              onChange={(e) => {
                const item = (spotItems.data ?? []).find((i) => String(i.id) === e.target.value);
                if (item && !itemRows.some((r) => r.itemId === item.id))
                  setItemRows([...itemRows, newItemRow({ itemId: item.id, name: item.label })]);
              }}
            >
              <option value="">从清单中选择…</option>
              {(spotItems.data ?? []).map((i) => (
                <option key={i.id} value={String(i.id)}>
                  {i.label}
                  {i.qualification ? `（须具备“${i.qualification}”资质）` : ''}
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
      <Field label="检查发现" error={errors.findings} hint="内部记录，不对外公开">
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            maxLength={2000}
            value={findings}
            onChange={(e) => setFindings(e.target.value)}
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label="检查结果" required error={errors.resultCategory}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={category}
              onChange={(e) => {
                const c = e.target.value as ResultCategory | '';
                setCategory(c);
                if (c && followup && !FOLLOWUPS_FOR[c].includes(followup)) setFollowup('');
                if (c && FOLLOWUPS_FOR[c].length === 1) setFollowup(FOLLOWUPS_FOR[c][0]!);
              }}
            >
              <option value="">请选择</option>
              {RESULT_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {RESULT_CATEGORY_LABELS[c]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="后续处置措施" required error={errors.followup}>
          {(id) => (
            <select
              id={id}
              className="input"
              value={followup}
              disabled={!category}
              onChange={(e) => setFollowup(e.target.value as Followup | '')}
            >
              <option value="">请选择</option>
              {(category ? FOLLOWUPS_FOR[category] : []).map((f) => (
                <option key={f} value={f}>
                  {FOLLOWUP_LABELS[f]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {followup === 'rectify_track' ? (
        <Field label="整改期限" required error={errors.rectifyDue} hint="期满后登记复查">
          {(id) => <TextInput id={id} type="date" value={rectifyDue} onChange={setRectifyDue} />}
        </Field>
      ) : null}
      {followup === 'notify' || followup === 'transfer_case' ? (
        <Field
          label={followup === 'notify' ? '抄告部门' : '办案机构'}
          required={followup === 'notify'}
          error={errors.transferTo}
        >
          {(id) => (
            <TextInput
              id={id}
              value={transferTo}
              placeholder={followup === 'notify' ? '如：区市场监管局' : '如：区卫生健康综合行政执法队'}
              onChange={setTransferTo}
            />
          )}
        </Field>
      ) : null}
      {allowPenalties ? (
        <Checks label="行政处罚（可多选）" error={errors.penalties}>
          {PENALTY_KINDS.map((k) => (
            <label key={k}>
              <input
                type="checkbox"
                checked={penalties.includes(k)}
                onChange={(e) =>
                  setPenalties(e.target.checked ? [...penalties, k] : penalties.filter((p) => p !== k))
                }
              />
              {PENALTY_LABELS[k]}
            </label>
          ))}
        </Checks>
      ) : null}
      {allowPenalties && (penalties.includes('fine') || penalties.includes('confiscation')) ? (
        <div className="form-grid">
          {penalties.includes('fine') ? (
            <Field label="罚款金额（元）" required error={errors.fineYuan}>
              {(id) => <TextInput id={id} value={fine} onChange={setFine} placeholder="如：5000" />}
            </Field>
          ) : (
            <div />
          )}
          {penalties.includes('confiscation') ? (
            <Field label="没收违法所得金额（元）" required error={errors.confiscationYuan}>
              {(id) => <TextInput id={id} value={confiscation} onChange={setConfiscation} />}
            </Field>
          ) : null}
        </div>
      ) : null}
      <div className="form-grid">
        <Field label="立案号" hint="立案查处时填写；不可与其他记录重复" error={errors.caseNo}>
          {(id) => (
            <TextInput id={id} value={caseNo} onChange={setCaseNo} placeholder="如：越卫立〔2026〕12号" />
          )}
        </Field>
        <div />
      </div>
      {pickedInstitution !== null && (practitioners.data ?? []).length > 0 ? (
        <Checks label="涉及的从业人员（公开时姓名、证书编号脱敏）" error={errors.practitionerIds}>
          {(practitioners.data ?? []).map((p) => (
            <label key={p.id}>
              <input
                type="checkbox"
                checked={practitionerIds.includes(p.id)}
                onChange={(e) =>
                  setPractitionerIds(
                    e.target.checked ? [...practitionerIds, p.id] : practitionerIds.filter((i) => i !== p.id),
                  )
                }
              />
              {p.name}（{PRACTITIONER_CATEGORY_LABELS[p.category]}，{p.certificateNo}）
            </label>
          ))}
        </Checks>
      ) : null}
      <fieldset className="insp-checks">
        <legend>附件（可选：现场笔录、照片、决定书等）</legend>
        {x?.attachments.map((a, i) => (
          <label key={a.sha256 + i} className="check">
            <input
              type="checkbox"
              checked={removeAttachments.includes(i)}
              onChange={(e) =>
                setRemoveAttachments(
                  e.target.checked ? [...removeAttachments, i] : removeAttachments.filter((r) => r !== i),
                )
              }
            />
            移除“{a.name}”
          </label>
        ))}
        <input
          type="file"
          multiple
          aria-label="选择附件"
          accept=".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.wps,.ofd,.txt,.zip"
          onChange={(e) => setFiles([...(e.target.files ?? [])])}
        />
      </fieldset>
    </Dialog>
  );
}

/** 复查 of a 责令整改: the date, 已整改 or 未整改 (which may go on to 立案查处, with its case number), a note. */
export function ReviewDialog(props: {
  inspection: Inspection;
  onClose: () => void;
  onSaved: (x: Inspection) => void;
}) {
  const x = props.inspection;
  const [reviewOn, setReviewOn] = useState(x.review?.on ?? todayIso());
  const [result, setResult] = useState<ReviewResult | ''>(x.review?.result ?? '');
  const [note, setNote] = useState(x.review?.note ?? '');
  const [escalate, setEscalate] = useState(x.review?.escalated ?? false);
  const [caseNo, setCaseNo] = useState(x.review?.escalated ? (x.caseNo ?? '') : '');
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(x.version);
  const save = () =>
    submit(async () => {
      if (result === '') {
        const message = '请选择复查结果';
        throw new AppError('VALIDATION', message, { issues: [{ path: 'result', message }] });
      }
      const unrectified = result === 'unrectified';
      props.onSaved(
        await conflictsOnFields(
          api
            .invoke('inspections.review', {
              id: x.id,
              version: editVersion.current(),
              reviewOn,
              result,
              note,
              escalate: unrectified && escalate,
              caseNo: unrectified && escalate ? caseNo : '',
            })
            .catch(editVersion.adopt),
        ),
      );
    });
  return (
    <Dialog
      title={`登记复查：${x.institutionName}`}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            {saveLabel(editVersion.stale, '保存复查')}
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <StaleNotice
        stale={editVersion.stale}
        labels={REVIEW_COMPARED}
        mine={{ reviewOn, result, note }}
        formOf={reviewCompared}
        show={reviewShown}
      />
      <dl className="kv">
        <dt>检查</dt>
        <dd>
          {x.inspectedOn} 责令整改{x.findings ? `：${x.findings}` : ''}
        </dd>
        <dt>整改期限</dt>
        <dd className={x.rectifyOverdue ? 'case-late-text' : ''}>
          {x.rectifyDue}
          {x.rectifyOverdue ? '（已过期限，尚未复查）' : ''}
        </dd>
      </dl>
      <Field label="复查日期" required error={errors.reviewOn}>
        {(id) => <TextInput id={id} type="date" value={reviewOn} onChange={setReviewOn} />}
      </Field>
      <fieldset className="insp-checks">
        <legend>
          复查结果<span className="required">*</span>
        </legend>
        <div role="radiogroup" aria-label="复查结果" className="insp-check-list">
          {REVIEW_RESULTS.map((r) => (
            <label key={r}>
              <input type="radio" name="review" checked={result === r} onChange={() => setResult(r)} />
              {REVIEW_RESULT_LABELS[r]}
            </label>
          ))}
        </div>
        {errors.result ? (
          <div className="field-error" role="alert">
            {errors.result}
          </div>
        ) : null}
      </fieldset>
      {result === 'unrectified' ? (
        <>
          <label className="check">
            <input type="checkbox" checked={escalate} onChange={(e) => setEscalate(e.target.checked)} />
            转为立案查处
          </label>
          {escalate ? (
            <Field
              label="立案号"
              hint="可稍后在编辑中补充；处罚决定作出后在编辑中登记行政处罚"
              error={errors.caseNo}
            >
              {(id) => <TextInput id={id} value={caseNo} onChange={setCaseNo} />}
            </Field>
          ) : null}
        </>
      ) : null}
      <Field label="复查说明" error={errors.note}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <p className="muted">
        复查结果记入该机构的信用台账（监督检查结果：已整改为“合格”，未整改为“不合格”）。
      </p>
    </Dialog>
  );
}
