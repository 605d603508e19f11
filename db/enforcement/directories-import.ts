// The three 联合执法 directories as Excel sheets: export, and import with a preview listing every row's action
// and problems (in Chinese, by Excel row number) before anything is written. Apply re-reads and re-checks the same
// file and writes every row in the mutation's one transaction, or nothing when any row is wrong.
//
// Rows match existing records by their key: 监管对象 by 统一社会信用代码, 从业人员 by category + certificate number,
// 执法检查人员 by 执法证号. A column left out of the file keeps what the record has; it does not blank it.
import type { z } from 'zod';
import {
  INSTITUTION_CATEGORY_LABELS,
  INSTITUTION_LEVEL_LABELS,
  INSTITUTION_STATUS_LABELS,
  OWNERSHIP_LABELS,
  PRACTITIONER_CATEGORY_LABELS,
  codeForLabel,
  inspectorInput,
  institutionInput,
  labelList,
  normalizeUscc,
  practitionerInput,
  type DirectoryImportPreview,
  type DirectoryImportRow,
  type FileDownload,
  type Inspector,
  type Institution,
  type Practitioner,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { defineHandlers, type HandlerContext } from '../core/context';
import {
  readSheet,
  writeSheet,
  writeSheetFrom,
  XLSX_MIME,
  type SheetColumn,
  type SheetProgress,
  type SheetRow,
} from '../core/xlsx';
import { listDepartments, nameIndex, normalizeName } from '../system/departments';
import {
  insertInspector,
  insertInstitution,
  countPractitioners,
  insertPractitioner,
  institutionBatches,
  listInspectors,
  listInstitutions,
  listPractitioners,
  practitionerBatches,
  updateInspector,
  updateInstitution,
  updatePractitioner,
  type InspectorValues,
  type InstitutionValues,
  type PractitionerValues,
} from './directories';

const MAX_ROWS = 10000;
const USCC_IN_TEXT = /[0-9A-HJ-NPQRTUWXY]{18}/;

interface Numbered<T> {
  item: T;
  seq: number;
}

async function exportSheet<T>(
  sheetName: string,
  fileName: string,
  columns: SheetColumn<T>[],
  items: T[],
): Promise<FileDownload> {
  const numbered: SheetColumn<Numbered<T>>[] = [
    { header: '序号', width: 6, value: (r) => r.seq },
    ...columns.map((c) => ({ ...c, value: (r: Numbered<T>) => c.value(r.item) })),
  ];
  const bytes = await writeSheet(
    sheetName,
    numbered,
    items.map((item, i) => ({ item, seq: i + 1 })),
  );
  return { fileName, mimeType: XLSX_MIME, base64: bytes.toString('base64') };
}

/** exportSheet over a list read in batches (a long register): numbered across the batches, with its progress
 *  (第 k / n 行) and 取消 when the window passed a progressId. */
async function exportSheetFrom<T>(
  sheetName: string,
  fileName: string,
  columns: SheetColumn<T>[],
  batches: AsyncIterable<T[]>,
  track?: SheetProgress,
): Promise<FileDownload> {
  const numbered: SheetColumn<Numbered<T>>[] = [
    { header: '序号', width: 6, value: (r) => r.seq },
    ...columns.map((c) => ({ ...c, value: (r: Numbered<T>) => c.value(r.item) })),
  ];
  async function* withSeq(): AsyncGenerator<Numbered<T>[]> {
    let seq = 0;
    for await (const batch of batches) yield batch.map((item) => ({ item, seq: ++seq }));
  }
  const bytes = await writeSheetFrom(sheetName, numbered, withSeq(), track);
  return { fileName, mimeType: XLSX_MIME, base64: bytes.toString('base64') };
}

async function readRows(base64: string, required: string[]): Promise<SheetRow[]> {
  const rows = await readSheet(Buffer.from(base64, 'base64'), required);
  if (rows.length === 0) throw new AppError('IMPORT_INVALID', '表格中没有数据行');
  if (rows.length > MAX_ROWS)
    throw new AppError('IMPORT_INVALID', `数据行过多（${rows.length} 行，上限 ${MAX_ROWS} 行）`);
  return rows;
}

/** A label cell (类别, 状态…) turned into its code; '' gives the fallback, or an error when there is none. */
function labelCell<K extends string>(
  text: string,
  header: string,
  labels: Record<K, string>,
  fallback: K | null,
  errors: string[],
): K | null {
  if (text === '') {
    if (fallback === null) errors.push(`请填写${header}`);
    return fallback;
  }
  const code = codeForLabel(labels, text);
  if (code === null) errors.push(`${header}“${text}”无效，应为 ${labelList(labels)}`);
  return code;
}

export function schemaErrors(error: z.ZodError, labels: Record<string, string>): string[] {
  return error.issues.map((issue) => {
    const field = labels[String(issue.path[0] ?? '')] ?? '';
    return field === '' || issue.message.includes(field) ? issue.message : `${field}：${issue.message}`;
  });
}

function compare(changes: string[], label: string, a: string, b: string): void {
  if (a !== b) changes.push(`${label}：“${a}”→“${b}”`);
}

interface Planned<V, E> {
  preview: DirectoryImportRow;
  values: V | null;
  existing: E | null;
  /** For 从业人员 and 执法检查人员: the active flag the row asks for. */
  active: boolean;
}

function newPlanned<V, E>(rowNumber: number, label: string, existing: E | null): Planned<V, E> {
  return {
    preview: { rowNumber, action: existing ? 'update' : 'create', label, changes: [], errors: [] },
    values: null,
    existing,
    active: true,
  };
}

/** Marks rows whose key another row of the file already used. */
function flagDuplicateKeys<V, E>(
  planned: Planned<V, E>[],
  keyOf: (p: Planned<V, E>) => string | null,
  what: string,
) {
  const first = new Map<string, number>();
  for (const p of planned) {
    const key = keyOf(p);
    if (key === null || key === '') continue;
    const row = first.get(key);
    if (row !== undefined) p.preview.errors.push(`${what}与第 ${row} 行重复`);
    else first.set(key, p.preview.rowNumber);
  }
}

function finish<V, E>(planned: Planned<V, E>[], describe: (existing: E, p: Planned<V, E>) => string[]) {
  for (const p of planned) {
    p.preview.errors = [...new Set(p.preview.errors)];
    if (p.existing && p.values) {
      p.preview.changes = describe(p.existing, p);
      p.preview.action = p.preview.changes.length === 0 ? 'unchanged' : 'update';
    }
  }
}

function summarize(planned: Planned<unknown, unknown>[]): DirectoryImportPreview {
  const rows = planned.map((p) => p.preview);
  return {
    rows,
    createCount: rows.filter((r) => r.action === 'create').length,
    updateCount: rows.filter((r) => r.action === 'update').length,
    unchangedCount: rows.filter((r) => r.action === 'unchanged').length,
    errorCount: rows.filter((r) => r.errors.length > 0).length,
  };
}

function refuseIfErrors(summary: DirectoryImportPreview): void {
  if (summary.errorCount > 0)
    throw new AppError(
      'IMPORT_INVALID',
      `有 ${summary.errorCount} 行存在问题，未导入任何数据。请修改后重新导入。`,
      summary,
    );
}

const countsText = (s: DirectoryImportPreview) =>
  `新增 ${s.createCount}，更新 ${s.updateCount}，未变 ${s.unchangedCount}`;

/** Institutions by 统一社会信用代码 and by (normalised) name: a name may belong to more than one. */
export function institutionIndexes(institutions: Institution[]) {
  const byUscc = new Map(institutions.map((i) => [i.uscc, i]));
  const byName = new Map<string, Institution[]>();
  for (const i of institutions) {
    const key = normalizeName(i.name);
    byName.set(key, [...(byName.get(key) ?? []), i]);
  }
  return { byUscc, byName };
}

// ---------------------------------------------------------------- 监管对象

const INSTITUTION_COLUMNS: SheetColumn<Institution>[] = [
  { header: '机构名称', width: 34, value: (i) => i.name },
  { header: '统一社会信用代码', width: 22, value: (i) => i.uscc },
  { header: '执业许可证登记号', width: 26, value: (i) => i.licenceNo },
  { header: '机构类别', width: 16, value: (i) => INSTITUTION_CATEGORY_LABELS[i.category] },
  { header: '所有制', width: 8, value: (i) => OWNERSHIP_LABELS[i.ownership] },
  { header: '等级', width: 8, value: (i) => INSTITUTION_LEVEL_LABELS[i.level] },
  { header: '地址', width: 36, value: (i) => i.address },
  { header: '街道/镇', width: 12, value: (i) => i.street },
  { header: '网格', width: 14, value: (i) => i.grid },
  { header: '状态', width: 8, value: (i) => INSTITUTION_STATUS_LABELS[i.status] },
  { header: '信用等级', width: 10, value: (i) => i.creditTier ?? '—' },
];
const INSTITUTION_FIELDS: Record<string, string> = {
  name: '机构名称',
  uscc: '统一社会信用代码',
  licenceNo: '执业许可证登记号',
  category: '机构类别',
  ownership: '所有制',
  level: '等级',
  address: '地址',
  street: '街道/镇',
  grid: '网格',
  status: '状态',
};

type InstitutionPlan = Planned<InstitutionValues, Institution>;

async function planInstitutions(ctx: HandlerContext, base64: string): Promise<InstitutionPlan[]> {
  return planInstitutionsRows(
    ctx,
    await readRows(base64, ['机构名称', '统一社会信用代码', '机构类别', '所有制']),
  );
}

async function planInstitutionsRows(ctx: HandlerContext, rows: SheetRow[]): Promise<InstitutionPlan[]> {
  const existing = await listInstitutions(ctx.db);
  const { byUscc } = institutionIndexes(existing);
  const planned: InstitutionPlan[] = rows.map(({ rowNumber, cells }) => {
    const uscc = normalizeUscc(cells['统一社会信用代码'] ?? '');
    const match = byUscc.get(uscc) ?? null;
    const p: InstitutionPlan = newPlanned(rowNumber, `${cells['机构名称'] ?? ''}（${uscc}）`, match);
    const errors = p.preview.errors;
    const category = labelCell(
      cells['机构类别'] ?? '',
      '机构类别',
      INSTITUTION_CATEGORY_LABELS,
      null,
      errors,
    );
    const ownership = labelCell(cells['所有制'] ?? '', '所有制', OWNERSHIP_LABELS, null, errors);
    const level = labelCell(
      cells['等级'] ?? '',
      '等级',
      INSTITUTION_LEVEL_LABELS,
      match?.level ?? 'unrated',
      errors,
    );
    const status = labelCell(
      cells['状态'] ?? '',
      '状态',
      INSTITUTION_STATUS_LABELS,
      match?.status ?? 'operating',
      errors,
    );
    const parsed = institutionInput.safeParse({
      name: cells['机构名称'] ?? '',
      uscc,
      licenceNo: cells['执业许可证登记号'] ?? match?.licenceNo ?? '',
      category: category ?? 'other',
      ownership: ownership ?? 'public',
      level: level ?? 'unrated',
      address: cells['地址'] ?? match?.address ?? '',
      street: cells['街道/镇'] ?? match?.street ?? '',
      grid: cells['网格'] ?? match?.grid ?? '',
      status: status ?? 'operating',
    });
    if (parsed.success) p.values = parsed.data;
    else errors.push(...schemaErrors(parsed.error, INSTITUTION_FIELDS));
    return p;
  });

  flagDuplicateKeys(planned, (p) => p.values?.uscc ?? null, '统一社会信用代码');
  // 执业许可证登记号 after the import: held by an institution the file does not touch, or by a row of the file.
  const touched = new Set(planned.flatMap((p) => (p.existing ? [p.existing.id] : [])));
  const licenceHolders = new Map<string, string>();
  for (const i of existing)
    if (!touched.has(i.id) && i.licenceNo !== '') licenceHolders.set(i.licenceNo, `监管对象“${i.name}”`);
  for (const p of planned) {
    const licence = p.values?.licenceNo ?? '';
    if (licence === '') continue;
    const holder = licenceHolders.get(licence);
    if (holder) p.preview.errors.push(`执业许可证登记号 ${licence} 已被${holder}使用`);
    else licenceHolders.set(licence, `第 ${p.preview.rowNumber} 行`);
  }

  finish(planned, (before, p) => {
    const v = p.values!;
    const changes: string[] = [];
    compare(changes, '机构名称', before.name, v.name);
    compare(changes, '执业许可证登记号', before.licenceNo, v.licenceNo);
    compare(
      changes,
      '机构类别',
      INSTITUTION_CATEGORY_LABELS[before.category],
      INSTITUTION_CATEGORY_LABELS[v.category],
    );
    compare(changes, '所有制', OWNERSHIP_LABELS[before.ownership], OWNERSHIP_LABELS[v.ownership]);
    compare(changes, '等级', INSTITUTION_LEVEL_LABELS[before.level], INSTITUTION_LEVEL_LABELS[v.level]);
    compare(changes, '地址', before.address, v.address);
    compare(changes, '街道/镇', before.street, v.street);
    compare(changes, '网格', before.grid, v.grid);
    compare(changes, '状态', INSTITUTION_STATUS_LABELS[before.status], INSTITUTION_STATUS_LABELS[v.status]);
    return changes;
  });
  return planned;
}

// ---------------------------------------------------------------- 从业人员

const PRACTITIONER_COLUMNS: SheetColumn<Practitioner>[] = [
  { header: '姓名', width: 12, value: (p) => p.name },
  { header: '人员类别', width: 10, value: (p) => PRACTITIONER_CATEGORY_LABELS[p.category] },
  { header: '证书编号', width: 24, value: (p) => p.certificateNo },
  { header: '执业机构', width: 34, value: (p) => p.institutionName },
  { header: '执业机构统一社会信用代码', width: 24, value: (p) => p.institutionUscc },
  { header: '状态', width: 8, value: (p) => (p.active ? '在职' : '离职') },
];
const PRACTITIONER_FIELDS: Record<string, string> = {
  name: '姓名',
  category: '人员类别',
  certificateNo: '证书编号',
  institutionId: '执业机构',
};
const PRACTITIONER_STATUS = { active: '在职', inactive: '离职' };

type PractitionerPlan = Planned<PractitionerValues, Practitioner>;

/** The institution a row names: by 统一社会信用代码 when given, else by its exact name (or a code in the name cell). */
function resolveInstitution(
  nameCell: string,
  usccCell: string,
  indexes: ReturnType<typeof institutionIndexes>,
  errors: string[],
): Institution | null {
  const name = nameCell.trim();
  const uscc = normalizeUscc(usccCell);
  if (uscc !== '') {
    const hit = indexes.byUscc.get(uscc);
    if (!hit) {
      errors.push(`执业机构统一社会信用代码 ${uscc} 不在监管对象名录中`);
      return null;
    }
    if (name !== '' && normalizeName(name) !== normalizeName(hit.name) && normalizeUscc(name) !== hit.uscc) {
      errors.push(`执业机构“${name}”与统一社会信用代码 ${uscc} 对应的“${hit.name}”不一致`);
      return null;
    }
    return hit;
  }
  if (name === '') {
    errors.push('请填写执业机构');
    return null;
  }
  const byCode = indexes.byUscc.get(normalizeUscc(name));
  if (byCode) return byCode;
  const candidates = indexes.byName.get(normalizeName(name)) ?? [];
  if (candidates.length === 0) {
    errors.push(`执业机构“${name}”不在监管对象名录中`);
    return null;
  }
  if (candidates.length > 1) {
    errors.push(`有 ${candidates.length} 个监管对象名为“${name}”，请在“执业机构统一社会信用代码”列填写代码`);
    return null;
  }
  return candidates[0]!;
}

async function planPractitioners(ctx: HandlerContext, base64: string): Promise<PractitionerPlan[]> {
  return planPractitionersRows(ctx, await readRows(base64, ['姓名', '人员类别', '证书编号', '执业机构']));
}

async function planPractitionersRows(ctx: HandlerContext, rows: SheetRow[]): Promise<PractitionerPlan[]> {
  const existing = await listPractitioners(ctx.db);
  const byKey = new Map(existing.map((p) => [`${p.category}|${p.certificateNo}`, p]));
  const indexes = institutionIndexes(await listInstitutions(ctx.db));
  const planned: PractitionerPlan[] = rows.map(({ rowNumber, cells }) => {
    const certificateNo = (cells['证书编号'] ?? '').trim().toUpperCase();
    const scratch: string[] = [];
    const category = labelCell(
      cells['人员类别'] ?? '',
      '人员类别',
      PRACTITIONER_CATEGORY_LABELS,
      null,
      scratch,
    );
    const match = category ? (byKey.get(`${category}|${certificateNo}`) ?? null) : null;
    const p: PractitionerPlan = newPlanned(rowNumber, `${cells['姓名'] ?? ''}（${certificateNo}）`, match);
    const errors = p.preview.errors;
    errors.push(...scratch);
    const institution = resolveInstitution(
      cells['执业机构'] ?? '',
      cells['执业机构统一社会信用代码'] ?? '',
      indexes,
      errors,
    );
    if (institution?.status === 'deregistered' && match?.institutionId !== institution.id)
      errors.push(`执业机构“${institution.name}”已注销，不能登记在此执业`);
    const statusCode = labelCell(
      cells['状态'] ?? '',
      '状态',
      PRACTITIONER_STATUS,
      match ? (match.active ? 'active' : 'inactive') : 'active',
      errors,
    );
    p.active = statusCode !== 'inactive';
    const parsed = practitionerInput.safeParse({
      name: cells['姓名'] ?? '',
      category: category ?? 'physician',
      certificateNo,
      institutionId: institution?.id ?? 1,
    });
    if (parsed.success) p.values = parsed.data;
    else errors.push(...schemaErrors(parsed.error, PRACTITIONER_FIELDS));
    return p;
  });

  flagDuplicateKeys(
    planned,
    (p) => (p.values ? `${p.values.category}|${p.values.certificateNo}` : null),
    '人员类别与证书编号',
  );
  finish(planned, (before, p) => {
    const v = p.values!;
    const changes: string[] = [];
    compare(changes, '姓名', before.name, v.name);
    if (before.institutionId !== v.institutionId) {
      const after = [...indexes.byUscc.values()].find((i) => i.id === v.institutionId);
      compare(changes, '执业机构', before.institutionName, after?.name ?? '');
    }
    compare(changes, '状态', before.active ? '在职' : '离职', p.active ? '在职' : '离职');
    return changes;
  });
  return planned;
}

// ---------------------------------------------------------------- 执法检查人员

const conflictText = (i: Inspector) =>
  i.conflicts.map((c) => `${c.institutionName}（${c.institutionUscc}）：${c.reason}`).join('\n');

const INSPECTOR_COLUMNS: SheetColumn<Inspector>[] = [
  { header: '姓名', width: 12, value: (i) => i.name },
  { header: '所属单位', width: 18, value: (i) => i.departmentName },
  { header: '执法证号', width: 20, value: (i) => i.badgeNo },
  { header: '状态', width: 8, value: (i) => (i.active ? '启用' : '停用') },
  { header: '回避对象', width: 60, value: conflictText },
  { header: '资质', width: 24, value: (i) => i.qualifications.join('、') },
];
const INSPECTOR_FIELDS: Record<string, string> = {
  name: '姓名',
  departmentId: '所属单位',
  badgeNo: '执法证号',
  conflicts: '回避对象',
  qualifications: '资质',
};
const INSPECTOR_STATUS = { active: '启用', inactive: '停用' };

type InspectorPlan = Planned<InspectorValues, Inspector>;

/** “机构名称或统一社会信用代码：理由”, one per line (or separated by ；). */
export function parseConflicts(
  text: string,
  indexes: ReturnType<typeof institutionIndexes>,
  errors: string[],
): { institutionId: number; reason: string }[] {
  const out: { institutionId: number; reason: string }[] = [];
  for (const entry of text
    .split(/[；;\r\n]+/)
    .map((e) => e.trim())
    .filter(Boolean)) {
    const m = /^(.+?)[：:](.*)$/s.exec(entry);
    const target = m?.[1]?.trim() ?? entry;
    const reason = m?.[2]?.trim() ?? '';
    if (reason === '') {
      errors.push(`回避对象“${target}”缺少回避理由（格式：机构名称或统一社会信用代码：理由）`);
      continue;
    }
    const code = USCC_IN_TEXT.exec(normalizeUscc(target))?.[0];
    let institution: Institution | undefined;
    if (code) institution = indexes.byUscc.get(code);
    else {
      const candidates = indexes.byName.get(normalizeName(target)) ?? [];
      if (candidates.length > 1) {
        errors.push(`有 ${candidates.length} 个监管对象名为“${target}”，请写明统一社会信用代码`);
        continue;
      }
      institution = candidates[0];
    }
    if (!institution) {
      errors.push(`回避对象“${target}”不在监管对象名录中`);
      continue;
    }
    out.push({ institutionId: institution.id, reason });
  }
  return out;
}

async function planInspectors(ctx: HandlerContext, base64: string): Promise<InspectorPlan[]> {
  return planInspectorsRows(ctx, await readRows(base64, ['姓名', '所属单位', '执法证号']));
}

async function planInspectorsRows(ctx: HandlerContext, rows: SheetRow[]): Promise<InspectorPlan[]> {
  const existing = await listInspectors(ctx.db);
  const byBadge = new Map(existing.map((i) => [i.badgeNo, i]));
  const departments = new Map((await listDepartments(ctx.db)).map((d) => [d.id, d]));
  const names = await nameIndex(ctx.db);
  const indexes = institutionIndexes(await listInstitutions(ctx.db));
  const planned: InspectorPlan[] = rows.map(({ rowNumber, cells }) => {
    const badgeNo = (cells['执法证号'] ?? '').trim().toUpperCase();
    const match = byBadge.get(badgeNo) ?? null;
    const p: InspectorPlan = newPlanned(rowNumber, `${cells['姓名'] ?? ''}（${badgeNo}）`, match);
    const errors = p.preview.errors;
    const departmentName = (cells['所属单位'] ?? '').trim();
    let departmentId: number | null = null;
    if (departmentName === '') errors.push('请填写所属单位');
    else {
      departmentId = names.get(normalizeName(departmentName))?.id ?? null;
      const department = departmentId === null ? undefined : departments.get(departmentId);
      if (!department) errors.push(`所属单位“${departmentName}”不在成员单位名录中`);
      else if (!department.active && match?.departmentId !== department.id)
        errors.push(`成员单位“${department.shortName}”已停用`);
    }
    const statusCode = labelCell(
      cells['状态'] ?? '',
      '状态',
      INSPECTOR_STATUS,
      match ? (match.active ? 'active' : 'inactive') : 'active',
      errors,
    );
    p.active = statusCode !== 'inactive';
    const conflictCell = cells['回避对象'];
    const conflicts =
      conflictCell === undefined
        ? (match?.conflicts.map((c) => ({ institutionId: c.institutionId, reason: c.reason })) ?? [])
        : parseConflicts(conflictCell, indexes, errors);
    // 资质: 、，; separated; a file without the column keeps what the record has.
    const qualificationCell = cells['资质'];
    const qualifications =
      qualificationCell === undefined
        ? (match?.qualifications ?? [])
        : qualificationCell
            .split(/[、,，;；\s]+/)
            .map((q) => q.trim())
            .filter(Boolean);
    const parsed = inspectorInput.safeParse({
      name: cells['姓名'] ?? '',
      departmentId: departmentId ?? 1,
      badgeNo,
      conflicts,
      qualifications,
    });
    if (parsed.success) p.values = parsed.data;
    else errors.push(...schemaErrors(parsed.error, INSPECTOR_FIELDS));
    return p;
  });

  flagDuplicateKeys(planned, (p) => p.values?.badgeNo ?? null, '执法证号');
  const institutionName = new Map([...indexes.byUscc.values()].map((i) => [i.id, i.name]));
  finish(planned, (before, p) => {
    const v = p.values!;
    const changes: string[] = [];
    compare(changes, '姓名', before.name, v.name);
    compare(changes, '所属单位', before.departmentName, departments.get(v.departmentId)?.shortName ?? '');
    compare(changes, '状态', before.active ? '启用' : '停用', p.active ? '启用' : '停用');
    compare(
      changes,
      '回避对象',
      before.conflicts.map((c) => `${c.institutionName}：${c.reason}`).join('、'),
      v.conflicts.map((c) => `${institutionName.get(c.institutionId) ?? ''}：${c.reason}`).join('、'),
    );
    compare(changes, '资质', before.qualifications.join('、'), v.qualifications.join('、'));
    return changes;
  });
  return planned;
}

async function writeInstitutions(
  ctx: HandlerContext,
  planned: InstitutionPlan[],
  afterRow?: () => Promise<void>,
): Promise<void> {
  for (const p of planned) {
    if (p.preview.action === 'create') await insertInstitution(ctx, p.values!);
    else if (p.preview.action === 'update') await updateInstitution(ctx, p.existing!.id, p.values!);
    await afterRow?.();
  }
}

async function writePractitioners(
  ctx: HandlerContext,
  planned: PractitionerPlan[],
  afterRow?: () => Promise<void>,
): Promise<void> {
  for (const p of planned) {
    if (p.preview.action === 'create') {
      const created = await insertPractitioner(ctx, p.values!);
      if (!p.active) await updatePractitioner(ctx, created.id, p.values!, { active: false });
    } else if (p.preview.action === 'update') {
      await updatePractitioner(ctx, p.existing!.id, p.values!, { active: p.active });
    }
    await afterRow?.();
  }
}

async function writeInspectors(
  ctx: HandlerContext,
  planned: InspectorPlan[],
  afterRow?: () => Promise<void>,
): Promise<void> {
  for (const p of planned) {
    if (p.preview.action === 'create') {
      const created = await insertInspector(ctx, p.values!);
      if (!p.active) await updateInspector(ctx, created.id, p.values!, { active: false });
    } else if (p.preview.action === 'update') {
      await updateInspector(ctx, p.existing!.id, p.values!, { active: p.active });
    }
    await afterRow?.();
  }
}

/** For the import wizard: the rows' plan and, when no row is wrong, their write. */
export const planDirectoryRows = {
  institutions: async (ctx: HandlerContext, rows: SheetRow[]) => {
    const planned = await planInstitutionsRows(ctx, rows);
    return {
      rows: planned.map((p) => p.preview),
      write: (afterRow?: () => Promise<void>) => writeInstitutions(ctx, planned, afterRow),
    };
  },
  practitioners: async (ctx: HandlerContext, rows: SheetRow[]) => {
    const planned = await planPractitionersRows(ctx, rows);
    return {
      rows: planned.map((p) => p.preview),
      write: (afterRow?: () => Promise<void>) => writePractitioners(ctx, planned, afterRow),
    };
  },
  inspectors: async (ctx: HandlerContext, rows: SheetRow[]) => {
    const planned = await planInspectorsRows(ctx, rows);
    return {
      rows: planned.map((p) => p.preview),
      write: (afterRow?: () => Promise<void>) => writeInspectors(ctx, planned, afterRow),
    };
  },
};

export const enforcementFileHandlers = defineHandlers({
  'institutions.exportXlsx': async ({ includeInactive, ids }, ctx) => {
    const list = institutionBatches(ctx.db, includeInactive, ids);
    return exportSheetFrom(
      '监管对象',
      ids ? `监管对象名录（所选 ${ids.length} 个）.xlsx` : '监管对象名录.xlsx',
      INSTITUTION_COLUMNS,
      list.batches(),
      { progress: ctx.progress, what: '正在导出监管对象名录', total: await list.count() },
    );
  },
  'institutions.importPreview': async ({ base64 }, ctx) => summarize(await planInstitutions(ctx, base64)),
  'institutions.importApply': async ({ base64, fileName }, ctx) => {
    const planned = await planInstitutions(ctx, base64);
    const summary = summarize(planned);
    refuseIfErrors(summary);
    await writeInstitutions(ctx, planned);
    await ctx.audit({
      entity: 'institution',
      entityId: null,
      summary: `从 ${fileName} 导入监管对象：${countsText(summary)}`,
    });
    return summary;
  },

  'practitioners.exportXlsx': async ({ progressId: _progressId, ...filter }, ctx) =>
    exportSheetFrom(
      '从业人员',
      filter.ids ? `从业人员名录（所选 ${filter.ids.length} 人）.xlsx` : '从业人员名录.xlsx',
      PRACTITIONER_COLUMNS,
      practitionerBatches(ctx.db, filter),
      { progress: ctx.progress, what: '正在导出从业人员名录', total: await countPractitioners(ctx.db, filter) },
    ),
  'practitioners.importPreview': async ({ base64 }, ctx) => summarize(await planPractitioners(ctx, base64)),
  'practitioners.importApply': async ({ base64, fileName }, ctx) => {
    const planned = await planPractitioners(ctx, base64);
    const summary = summarize(planned);
    refuseIfErrors(summary);
    await writePractitioners(ctx, planned);
    await ctx.audit({
      entity: 'practitioner',
      entityId: null,
      summary: `从 ${fileName} 导入从业人员：${countsText(summary)}`,
    });
    return summary;
  },

  'inspectors.exportXlsx': async ({ includeInactive, ids }, ctx) =>
    exportSheet(
      '执法检查人员',
      ids ? `执法检查人员名录（所选 ${ids.length} 人）.xlsx` : '执法检查人员名录.xlsx',
      INSPECTOR_COLUMNS,
      await listInspectors(ctx.db, includeInactive, ids),
    ),
  'inspectors.importPreview': async ({ base64 }, ctx) => summarize(await planInspectors(ctx, base64)),
  'inspectors.importApply': async ({ base64, fileName }, ctx) => {
    const planned = await planInspectors(ctx, base64);
    const summary = summarize(planned);
    refuseIfErrors(summary);
    await writeInspectors(ctx, planned);
    await ctx.audit({
      entity: 'inspector',
      entityId: null,
      summary: `从 ${fileName} 导入执法检查人员：${countsText(summary)}`,
    });
    return summary;
  },
});
