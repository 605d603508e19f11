// The 联合执法 registers as the import wizard (db/core/import) sees them: each one's fields, the headers offices
// use for them (rosters exported from 医疗机构电子化注册, district lists, 12345 platform exports) and the words
// used for the app's categories. 12345 工单 are planned here too: keyed by 工单编号, so re-importing an updated
// export updates the same orders (their handling included) and never duplicates them.
import {
  COMPLAINT_CATEGORY_LABELS,
  codeForLabel,
  complaintInput,
  type Complaint,
  type ImportPreviewRow,
} from '../../shared/contract';
import { todayIso } from '../../shared/dates';
import type { HandlerContext } from '../core/context';
import type { ImportPlan, ImportRegister } from '../core/import/engine';
import type { SheetRow } from '../core/xlsx';
import { listDepartments, nameIndex, normalizeName } from '../system/departments';
import { listInstitutions } from './directories';
import { institutionIndexes, planDirectoryRows } from './directories-import';
import {
  closeHandling,
  createComplaint,
  complaintsWithTickets,
  updateComplaint,
  type ComplaintValues,
} from './referrals';
import { normalizeUscc } from '../../shared/contract';

const USCC_ALIASES = [
  '统一社会信用代码',
  '社会信用代码',
  '统一代码',
  '信用代码',
  '组织机构代码',
  '社会统一信用代码',
];

export const institutionImportRegister: ImportRegister = {
  key: 'institutions',
  label: '监管对象',
  entity: 'institution',
  fields: [
    {
      name: '机构名称',
      required: true,
      aliases: ['医疗机构名称', '单位名称', '机构全称', '名称', '医疗机构', '机构'],
    },
    { name: '统一社会信用代码', required: true, key: true, aliases: USCC_ALIASES },
    {
      name: '执业许可证登记号',
      aliases: ['登记号', '许可证登记号', '执业许可证号', '医疗机构执业许可证登记号', '许可证号'],
    },
    {
      name: '机构类别',
      required: true,
      type: 'code',
      aliases: ['类别', '机构类型', '医疗机构类别', '诊疗类别', '类型'],
      options: [
        { value: '医院', synonyms: ['综合医院', '专科医院', '民营医院', '护理院', '康复医院', '妇幼保健院'] },
        { value: '社区卫生服务中心', synonyms: ['社区卫生服务站', '社区医院', '社区卫生'] },
        { value: '卫生院', synonyms: ['乡镇卫生院', '中心卫生院', '镇卫生院'] },
        { value: '门诊部', synonyms: ['综合门诊部', '专科门诊部'] },
        { value: '诊所', synonyms: ['个体诊所', '普通诊所', '综合诊所', '卫生室', '医务室', '村卫生室'] },
        { value: '医疗美容', synonyms: ['医疗美容诊所', '医疗美容门诊部', '医疗美容医院', '医美', '美容'] },
        { value: '健康体检', synonyms: ['体检中心', '健康体检中心', '体检'] },
        { value: '口腔', synonyms: ['口腔诊所', '口腔门诊部', '口腔医院'] },
        { value: '中医', synonyms: ['中医诊所', '中医医院', '中医馆', '中医门诊部', '中医（综合）诊所'] },
        { value: '其他', synonyms: ['其它'] },
      ],
    },
    {
      name: '所有制',
      required: true,
      type: 'code',
      aliases: ['经营性质', '所有制形式', '举办性质', '公立/社会办', '性质', '经济类型'],
      options: [
        { value: '公立', synonyms: ['公办', '政府办', '国有', '全民', '非营利性（政府办）', '公立医疗机构'] },
        {
          value: '社会办',
          synonyms: ['民营', '私营', '个体', '社会办医', '民办', '非公立', '营利性', '私人'],
        },
      ],
    },
    {
      name: '等级',
      type: 'code',
      aliases: ['医院等级', '级别', '评审等级'],
      options: [
        { value: '三级', synonyms: ['三甲', '三乙', '三级甲等', '三级乙等'] },
        { value: '二级', synonyms: ['二甲', '二乙', '二级甲等', '二级乙等'] },
        { value: '一级', synonyms: ['一甲', '一级甲等'] },
        { value: '未定级', synonyms: ['未评级', '无', '未评', '—', '-'] },
      ],
    },
    { name: '地址', aliases: ['机构地址', '执业地址', '地点', '详细地址', '注册地址'] },
    { name: '街道/镇', aliases: ['街道', '镇街', '所属街道', '乡镇街道', '所在街道'] },
    { name: '网格', aliases: ['所属网格', '网格名称'] },
    {
      name: '状态',
      type: 'code',
      aliases: ['执业状态', '经营状态', '机构状态'],
      options: [
        { value: '在业', synonyms: ['正常', '执业', '营业', '开业', '存续', '正常执业'] },
        { value: '停业', synonyms: ['暂停', '歇业', '暂停执业'] },
        { value: '注销', synonyms: ['已注销', '吊销', '注销登记'] },
      ],
    },
  ],
  plan: planDirectoryRows.institutions,
};

export const practitionerImportRegister: ImportRegister = {
  key: 'practitioners',
  label: '从业人员',
  entity: 'practitioner',
  fields: [
    { name: '姓名', required: true, aliases: ['人员姓名', '医师姓名', '护士姓名'] },
    {
      name: '人员类别',
      required: true,
      type: 'code',
      aliases: ['类别', '执业类别', '人员类型', '职业类别'],
      options: [
        { value: '医师', synonyms: ['执业医师', '执业助理医师', '临床医师', '医生', '中医师', '口腔医师'] },
        { value: '护士', synonyms: ['注册护士', '执业护士', '护师'] },
        { value: '药师', synonyms: ['执业药师', '药剂师'] },
        { value: '技师', synonyms: ['医技', '检验技师', '影像技师'] },
      ],
    },
    {
      name: '证书编号',
      required: true,
      key: true,
      aliases: ['执业证书编号', '执业证书号', '证书号', '执业证号', '资格证书编号'],
    },
    { name: '执业机构', required: true, aliases: ['执业单位', '工作单位', '执业地点', '所在机构'] },
    {
      name: '执业机构统一社会信用代码',
      aliases: USCC_ALIASES.map((a) => `执业机构${a}`).concat(['机构统一社会信用代码', '单位信用代码']),
    },
    {
      name: '状态',
      type: 'code',
      aliases: ['在职状态', '人员状态'],
      options: [
        { value: '在职', synonyms: ['在岗', '正常', '执业'] },
        { value: '离职', synonyms: ['调出', '退休', '注销'] },
      ],
    },
  ],
  plan: planDirectoryRows.practitioners,
};

export const inspectorImportRegister: ImportRegister = {
  key: 'inspectors',
  label: '执法检查人员',
  entity: 'inspector',
  fields: [
    { name: '姓名', required: true, aliases: ['人员姓名', '执法人员姓名', '执法人员'] },
    { name: '所属单位', required: true, aliases: ['单位', '工作单位', '所在单位', '执法单位', '部门'] },
    {
      name: '执法证号',
      required: true,
      key: true,
      aliases: ['执法证编号', '执法证件号', '证件号', '执法证件号码'],
    },
    {
      name: '状态',
      type: 'code',
      aliases: ['人员状态'],
      options: [
        { value: '启用', synonyms: ['在岗', '正常', '有效', '在职'] },
        { value: '停用', synonyms: ['离岗', '无效', '注销', '调离'] },
      ],
    },
    {
      name: '回避对象',
      aliases: ['回避机构', '需回避机构'],
      hint: '机构名称或统一社会信用代码：理由，多个用分号分隔',
    },
    {
      name: '资质',
      aliases: ['资质标签', '专业资质', '执法资质', '专业领域'],
      hint: '如 放射卫生、传染病防治、中医，多个用顿号分隔',
    },
  ],
  plan: planDirectoryRows.inspectors,
};

// ---------------------------------------------------------------- 12345 工单

interface ComplaintPlan {
  preview: ImportPreviewRow;
  values: ComplaintValues | null;
  existing: Complaint | null;
  handling: { handledOn: string; handlingResult: string; substantiated: boolean } | null;
  baseChanged: boolean;
  handlingChanged: boolean;
}

async function planComplaintRows(ctx: HandlerContext, rows: SheetRow[]): Promise<ImportPlan> {
  const today = todayIso(ctx.now());
  const tickets = rows.map(({ cells }) => (cells['工单编号'] ?? '').trim().toUpperCase());
  const existing = await complaintsWithTickets(ctx.db, today, tickets);
  const byTicket = new Map(existing.map((c) => [c.ticketNo, c]));
  const departments = new Map((await listDepartments(ctx.db)).map((d) => [d.id, d]));
  const names = await nameIndex(ctx.db);
  const institutions = institutionIndexes(await listInstitutions(ctx.db));
  const institutionName = new Map([...institutions.byUscc.values()].map((i) => [i.id, i.name]));

  const planned: ComplaintPlan[] = rows.map(({ rowNumber, cells }) => {
    const ticketNo = (cells['工单编号'] ?? '').trim().toUpperCase();
    const match = byTicket.get(ticketNo) ?? null;
    const errors: string[] = [];
    const p: ComplaintPlan = {
      preview: {
        rowNumber,
        action: match ? 'update' : 'create',
        label: `工单 ${ticketNo}`,
        changes: [],
        errors,
      },
      values: null,
      existing: match,
      handling: null,
      baseChanged: false,
      handlingChanged: false,
    };
    const categoryText = cells['投诉类别'] ?? '';
    const category =
      categoryText === ''
        ? (match?.category ?? 'other')
        : codeForLabel(COMPLAINT_CATEGORY_LABELS, categoryText);
    if (category === null) errors.push(`投诉类别“${categoryText}”无效`);

    let departmentId = match?.departmentId ?? null;
    const departmentText = (cells['承办单位'] ?? '').trim();
    if (departmentText !== '') {
      const hit = names.get(normalizeName(departmentText));
      const d = hit ? departments.get(hit.id) : undefined;
      if (!d) errors.push(`承办单位“${departmentText}”不在成员单位名录中`);
      else if (d.kind === 'collective') errors.push(`承办单位应为具体单位，不能是统称“${d.shortName}”`);
      else if (!d.active && match?.departmentId !== d.id) errors.push(`成员单位“${d.shortName}”已停用`);
      departmentId = d?.id ?? null;
    } else if (departmentId === null) errors.push('请填写承办单位');

    let institutionId = match?.institutionId ?? null;
    const institutionText = cells['涉及机构'];
    if (institutionText !== undefined) {
      const t = institutionText.trim();
      if (t === '') institutionId = null;
      else {
        const byCode = institutions.byUscc.get(normalizeUscc(t));
        const byName = institutions.byName.get(normalizeName(t)) ?? [];
        if (byCode) institutionId = byCode.id;
        else if (byName.length === 1) institutionId = byName[0]!.id;
        else if (byName.length > 1)
          errors.push(`有 ${byName.length} 个监管对象名为“${t}”，请改填统一社会信用代码`);
        else errors.push(`涉及机构“${t}”不在监管对象名录中（可先登记到监管对象，或不对应此列）`);
      }
    }

    const parsed = complaintInput.safeParse({
      ticketNo,
      receivedOn: cells['受理日期'] ?? '',
      content: cells['投诉内容'] ?? '',
      category: category ?? 'other',
      institutionId,
      departmentId: departmentId ?? 1,
    });
    if (!parsed.success) errors.push(...parsed.error.issues.map((i) => i.message));
    else {
      p.values = parsed.data;
      if (parsed.data.receivedOn > today) errors.push(`受理日期不能晚于今天（${today}）`);
    }

    const handledOn = cells['办结日期'] ?? '';
    const handlingResult = (cells['办理结果'] ?? '').trim();
    const substantiated = cells['是否查实'] ?? '';
    if (handledOn !== '' || substantiated !== '') {
      if (handledOn === '' || handlingResult === '' || substantiated === '')
        errors.push('已填写办结情况的工单须同时有办结日期、办理结果和是否查实');
      else {
        p.handling = { handledOn, handlingResult, substantiated: substantiated === '是' };
        if (p.values && handledOn < p.values.receivedOn)
          errors.push(`办结日期 ${handledOn} 早于受理日期 ${p.values.receivedOn}`);
        if (handledOn > today) errors.push(`办结日期不能晚于今天（${today}）`);
        if (match?.feedbackOn && handledOn > match.feedbackOn)
          errors.push(`办结日期不能晚于已登记的反馈日期（${match.feedbackOn}）`);
      }
    } else if (match?.handledOn && p.values && p.values.receivedOn > match.handledOn) {
      errors.push(`受理日期不能晚于已登记的办结日期（${match.handledOn}）`);
    }
    return p;
  });

  const first = new Map<string, number>();
  for (const p of planned) {
    const t = p.values?.ticketNo;
    if (!t) continue;
    const row = first.get(t);
    if (row !== undefined) p.preview.errors.push(`工单编号 ${t} 与第 ${row} 行重复`);
    else first.set(t, p.preview.rowNumber);
  }

  const deptName = (id: number) => departments.get(id)?.shortName ?? '';
  for (const p of planned) {
    p.preview.errors = [...new Set(p.preview.errors)];
    const before = p.existing;
    const v = p.values;
    if (!before || !v) continue;
    const changes = p.preview.changes;
    const cmp = (label: string, a: string, b: string) => {
      if (a !== b) changes.push(`${label}：“${a}”→“${b}”`);
    };
    cmp('受理日期', before.receivedOn, v.receivedOn);
    if (before.content !== v.content) changes.push('投诉内容已修改');
    cmp('投诉类别', COMPLAINT_CATEGORY_LABELS[before.category], COMPLAINT_CATEGORY_LABELS[v.category]);
    cmp('承办单位', before.departmentName, deptName(v.departmentId));
    cmp(
      '涉及机构',
      before.institutionName ?? '',
      v.institutionId === null ? '' : (institutionName.get(v.institutionId) ?? ''),
    );
    p.baseChanged = changes.length > 0;
    const h = p.handling;
    if (h) {
      cmp('办结日期', before.handledOn ?? '', h.handledOn);
      if (before.handlingResult !== h.handlingResult) changes.push('办理结果已修改');
      cmp(
        '是否查实',
        before.substantiated === null ? '' : before.substantiated ? '查实' : '未查实',
        h.substantiated ? '查实' : '未查实',
      );
      p.handlingChanged =
        before.handledOn !== h.handledOn ||
        before.handlingResult !== h.handlingResult ||
        before.substantiated !== h.substantiated;
    }
    p.preview.action = changes.length === 0 ? 'unchanged' : 'update';
  }

  return {
    rows: planned.map((p) => p.preview),
    write: async (afterRow) => {
      for (const p of planned) {
        let id = p.existing?.id ?? null;
        if (p.preview.action === 'create') id = (await createComplaint(ctx, p.values!)).id;
        else if (p.preview.action === 'update' && p.baseChanged) await updateComplaint(ctx, id!, p.values!);
        if (p.handling && (p.preview.action === 'create' || p.handlingChanged))
          await closeHandling(ctx, { id: id!, ...p.handling });
        await afterRow?.();
      }
    },
  };
}

export const complaintImportRegister: ImportRegister = {
  key: 'complaints',
  label: '12345 投诉工单',
  entity: 'complaint',
  fields: [
    {
      name: '工单编号',
      required: true,
      key: true,
      aliases: ['工单号', '工单编码', '受理编号', '编号', '流水号', '诉求编号'],
    },
    {
      name: '受理日期',
      required: true,
      type: 'date',
      aliases: ['受理时间', '派单时间', '派单日期', '登记时间', '来电时间', '交办时间', '创建时间'],
    },
    {
      name: '投诉内容',
      required: true,
      aliases: ['诉求内容', '来电内容', '反映内容', '问题描述', '诉求描述', '工单内容', '内容'],
    },
    {
      name: '投诉类别',
      type: 'code',
      aliases: ['诉求类别', '问题类别', '诉求类型', '投诉类型', '类别', '分类'],
      options: [
        { value: '医疗服务', synonyms: ['医疗纠纷', '服务态度', '医疗质量', '诊疗服务', '就医服务'] },
        { value: '医疗美容', synonyms: ['医美', '美容'] },
        { value: '收费', synonyms: ['医疗收费', '乱收费', '价格', '收费问题'] },
        { value: '医德医风', synonyms: ['行风', '红包回扣', '医德'] },
        { value: '传染病防控', synonyms: ['疫情防控', '传染病', '院感', '消毒'] },
        { value: '其他', synonyms: ['其它'] },
      ],
    },
    {
      name: '承办单位',
      required: true,
      aliases: ['承办部门', '处置单位', '责任单位', '办理单位', '主办单位', '承办'],
      hint: '成员单位的全称、简称或别名',
    },
    {
      name: '涉及机构',
      aliases: ['被投诉机构', '被反映对象', '涉及单位', '投诉对象', '被投诉单位'],
      hint: '监管对象的名称或统一社会信用代码',
    },
    { name: '办结日期', type: 'date', aliases: ['办结时间', '结案时间', '办理完成时间', '完成时间'] },
    { name: '办理结果', aliases: ['办理情况', '处理结果', '答复内容', '回复内容', '处理情况'] },
    { name: '是否查实', type: 'bool', aliases: ['查实情况', '是否属实', '查实'] },
  ],
  plan: planComplaintRows,
};
