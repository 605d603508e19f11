// 历史检查记录 through the import wizard: last years' inspection lists brought in as records (each entering the
// institution's credit ledger as one typed in would, through createInspection). A historical record is identified
// by its institution and inspection date: a row matching one already on file is left as it is (a change to a
// recorded inspection goes through its own 编辑, which corrects the ledger), so importing the same list twice
// adds nothing.
import {
  INSPECTION_OUTCOME_LABELS,
  PENALTY_LABELS,
  codeForLabel,
  inspectionCreateInput,
  type ImportPreviewRow,
  type Inspector,
  type PenaltyKind,
} from '../../shared/contract';
import { todayIso } from '../../shared/dates';
import type { HandlerContext } from '../core/context';
import type { ImportPlan, ImportRegister } from '../core/import/engine';
import type { SheetRow } from '../core/xlsx';
import { normalizeName } from '../system/departments';
import { listInspectors, listInstitutions } from './directories';
import { institutionIndexes } from './directories-import';
import { createInspection } from './inspections';
import { normalizeUscc } from '../../shared/contract';

const LIST_SPLIT = /[、,，;；/\n]+/;
const split = (s: string) =>
  s
    .split(LIST_SPLIT)
    .map((x) => x.trim())
    .filter(Boolean);

const PENALTY_WORDS: Record<string, PenaltyKind> = {
  警告: 'warning',
  罚款: 'fine',
  没收违法所得: 'confiscation',
  没收: 'confiscation',
  暂停执业: 'suspension',
  责令暂停执业: 'suspension',
  吊销执业许可证: 'revocation',
  吊销: 'revocation',
  吊销许可证: 'revocation',
};

function money(text: string, label: string, errors: string[]): number | null {
  const t = text.replace(/[,，\s元]/g, '');
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isFinite(n) || n < 0) {
    errors.push(`${label}“${text}”不是有效的金额`);
    return null;
  }
  return n;
}

interface Planned {
  preview: ImportPreviewRow;
  values: ReturnType<typeof inspectionCreateInput.parse> | null;
}

async function planInspectionRows(ctx: HandlerContext, rows: SheetRow[]): Promise<ImportPlan> {
  const today = todayIso(ctx.now());
  const institutions = institutionIndexes(await listInstitutions(ctx.db));
  const inspectors = await listInspectors(ctx.db, true);
  const byBadge = new Map(inspectors.map((i) => [i.badgeNo, i]));
  const byName = new Map<string, Inspector[]>();
  for (const i of inspectors)
    byName.set(normalizeName(i.name), [...(byName.get(normalizeName(i.name)) ?? []), i]);
  const onFile = await ctx.db
    .selectFrom('inspections')
    .select(['id', 'institution_id', 'inspected_on', 'case_no'])
    .where('removed_at', 'is', null)
    .execute();
  const existing = new Map(onFile.map((r) => [`${r.institution_id}|${r.inspected_on}`, r.id]));
  const caseHolders = new Map<string, string>();
  for (const r of onFile) if (r.case_no) caseHolders.set(r.case_no, `检查记录第 ${r.id} 号`);

  const person = (text: string, role: string, errors: string[]): Inspector | null => {
    const t = text.trim();
    const hit = byBadge.get(t.toUpperCase());
    if (hit) return hit;
    const named = byName.get(normalizeName(t)) ?? [];
    if (named.length === 1) return named[0]!;
    errors.push(
      named.length > 1
        ? `有 ${named.length} 名执法人员名为“${t}”，请改填执法证号`
        : `${role}“${t}”不在执法人员名录中`,
    );
    return null;
  };

  const planned: Planned[] = rows.map(({ rowNumber, cells }) => {
    const errors: string[] = [];
    const nameText = (cells['被检查机构'] ?? '').trim();
    const usccText = normalizeUscc(cells['统一社会信用代码'] ?? '');
    let institution = usccText ? institutions.byUscc.get(usccText) : undefined;
    if (usccText && !institution) errors.push(`统一社会信用代码 ${usccText} 不在监管对象名录中`);
    if (!usccText) {
      const named = institutions.byName.get(normalizeName(nameText)) ?? [];
      if (nameText === '') errors.push('请填写被检查机构');
      else if (named.length === 1) institution = named[0];
      else if (named.length > 1)
        errors.push(`有 ${named.length} 个监管对象名为“${nameText}”，请对应统一社会信用代码列`);
      else errors.push(`被检查机构“${nameText}”不在监管对象名录中`);
    }
    const inspectedOn = cells['检查日期'] ?? '';
    const preview: ImportPreviewRow = {
      rowNumber,
      action: 'create',
      label: `${institution?.name ?? nameText} ${inspectedOn}`,
      changes: [],
      errors,
    };
    const held = institution ? existing.get(`${institution.id}|${inspectedOn}`) : undefined;
    if (held !== undefined) {
      preview.action = 'unchanged';
      preview.changes.push(`已有该机构同日的检查记录第 ${held} 号，不重复导入`);
      return { preview, values: null };
    }
    const lead = cells['组长'] ? person(cells['组长'], '组长', errors) : null;
    const members = split(cells['组员'] ?? '').map((m) => person(m, '组员', errors));
    const outcome = codeForLabel(INSPECTION_OUTCOME_LABELS, cells['检查结果'] ?? '');
    const penalties: PenaltyKind[] = [];
    for (const word of split(cells['行政处罚'] ?? '')) {
      const k = PENALTY_WORDS[word] ?? codeForLabel(PENALTY_LABELS, word);
      if (!k) errors.push(`行政处罚“${word}”无法识别，应为 ${Object.values(PENALTY_LABELS).join('、')}`);
      else if (!penalties.includes(k)) penalties.push(k);
    }
    const parsed = inspectionCreateInput.safeParse({
      institutionId: institution?.id ?? 1,
      inspectedOn,
      leadInspectorId: lead?.id ?? 1,
      memberIds: members.map((m) => m?.id ?? 1),
      items: split(cells['抽查事项'] ?? ''),
      findings: cells['检查发现'] ?? '',
      outcome: outcome ?? 'qualified',
      rectifyDue: (cells['整改期限'] ?? '') || null,
      transferTo: cells['移送单位'] ?? '',
      penalties,
      fineYuan: money(cells['罚款金额'] ?? '', '罚款金额', errors),
      confiscationYuan: money(cells['没收违法所得金额'] ?? '', '没收违法所得金额', errors),
      caseNo: cells['立案号'] ?? '',
    });
    if (outcome === null && (cells['检查结果'] ?? '') === '') errors.push('请填写检查结果');
    if (!parsed.success) {
      // Placeholder ids stand in for people and institutions already reported above.
      if (lead && members.every(Boolean) && institution)
        errors.push(...parsed.error.issues.map((i) => i.message));
      else
        errors.push(
          ...parsed.error.issues
            .filter((i) => !['institutionId', 'leadInspectorId', 'memberIds'].includes(String(i.path[0])))
            .map((i) => i.message),
        );
      return { preview, values: null };
    }
    const v = parsed.data;
    if (v.inspectedOn > today) errors.push(`检查日期不能晚于今天（${today}）`);
    if (institution?.status === 'deregistered') errors.push(`监管对象“${institution.name}”已注销`);
    for (const p of [lead, ...members]) {
      if (!p) continue;
      if (!p.active) errors.push(`执法人员“${p.name}”已停用`);
      const recused = p.conflicts.find((c) => c.institutionId === institution?.id);
      if (recused)
        errors.push(`执法人员“${p.name}”已申报回避“${institution?.name ?? ''}”（${recused.reason}）`);
    }
    if (v.caseNo !== '') {
      const holder = caseHolders.get(v.caseNo);
      if (holder) errors.push(`立案号 ${v.caseNo} 已用于${holder}`);
      else caseHolders.set(v.caseNo, `第 ${rowNumber} 行`);
    }
    return { preview, values: v };
  });

  const first = new Map<string, number>();
  for (const p of planned) {
    if (!p.values) continue;
    const key = `${p.values.institutionId}|${p.values.inspectedOn}`;
    const row = first.get(key);
    if (row !== undefined) p.preview.errors.push(`与第 ${row} 行是同一机构同一天的检查`);
    else first.set(key, p.preview.rowNumber);
  }
  for (const p of planned) p.preview.errors = [...new Set(p.preview.errors)];

  return {
    rows: planned.map((p) => p.preview),
    write: async (afterRow) => {
      for (const p of planned) {
        if (p.preview.action === 'create') await createInspection(ctx, p.values!);
        await afterRow?.();
      }
    },
  };
}

export const inspectionImportRegister: ImportRegister = {
  key: 'inspections',
  label: '历史检查记录',
  entity: 'inspection',
  fields: [
    {
      name: '被检查机构',
      required: true,
      key: true,
      aliases: ['机构名称', '检查对象', '被检查单位', '单位名称', '医疗机构名称', '监管对象'],
    },
    { name: '统一社会信用代码', aliases: ['社会信用代码', '统一代码', '信用代码'] },
    {
      name: '检查日期',
      required: true,
      type: 'date',
      key: true,
      aliases: ['检查时间', '监督检查日期', '日期'],
    },
    {
      name: '组长',
      required: true,
      aliases: ['检查组长', '主检人', '执法人员1', '主办人'],
      hint: '执法人员的姓名或执法证号',
    },
    {
      name: '组员',
      required: true,
      aliases: ['检查组员', '执法人员2', '协办人', '其他检查人员'],
      hint: '多名用顿号分隔；检查组至少 2 人',
    },
    {
      name: '抽查事项',
      required: true,
      aliases: ['检查事项', '检查内容', '检查项目'],
      hint: '多项用顿号分隔',
    },
    { name: '检查发现', aliases: ['检查情况', '发现问题', '存在问题', '检查结论'] },
    {
      name: '检查结果',
      required: true,
      type: 'code',
      aliases: ['处理结果', '处理情况', '结果'],
      options: [
        { value: '合格', synonyms: ['未发现问题', '符合', '正常', '未发现违法行为'] },
        { value: '责令整改', synonyms: ['限期整改', '整改', '责令改正', '责令限期整改'] },
        { value: '立案查处', synonyms: ['立案', '行政处罚', '立案调查'] },
        { value: '移送', synonyms: ['移交', '移送处理'] },
      ],
    },
    { name: '整改期限', type: 'date', aliases: ['整改时限', '整改截止日期'] },
    { name: '移送单位', aliases: ['移交单位', '移送部门'] },
    {
      name: '行政处罚',
      aliases: ['处罚种类', '处罚措施'],
      hint: '警告、罚款、没收违法所得、暂停执业、吊销执业许可证',
    },
    { name: '罚款金额', aliases: ['罚款（元）', '罚款数额'] },
    { name: '没收违法所得金额', aliases: ['没收金额', '没收违法所得（元）'] },
    { name: '立案号', aliases: ['案件编号', '案号'] },
  ],
  plan: planInspectionRows,
};
