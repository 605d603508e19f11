// The directory as an Excel sheet: export, and import with a preview that lists every row's action and
// problems before anything is written. Apply re-reads and re-validates the same file and writes all rows in
// the mutation's one transaction, or none when any row is wrong.
import {
  DEPARTMENT_KIND_LABELS,
  departmentInput,
  type Department,
  type DepartmentImportPreview,
  type DepartmentKind,
  type FileDownload,
  type ImportRowPreview,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { defineHandlers, type HandlerContext } from '../core/context';
import { readSheet, writeSheet, XLSX_MIME, type SheetColumn, type SheetRow } from '../core/xlsx';
import type { ImportRegister } from '../core/import/engine';
import {
  insertDepartment,
  listDepartments,
  nameClashes,
  normalizeName,
  updateDepartment,
  type DepartmentValues,
} from './departments';

const COLUMNS: SheetColumn<Department>[] = [
  { header: '序号', width: 6, value: (_d) => null },
  { header: '单位全称', width: 36, value: (d) => d.fullName },
  { header: '简称', width: 16, value: (d) => d.shortName },
  { header: '别名', width: 24, value: (d) => d.aliases.join('、') },
  { header: '类型', width: 8, value: (d) => DEPARTMENT_KIND_LABELS[d.kind] },
  { header: '联系人', width: 10, value: (d) => d.contactPerson },
  { header: '联系电话', width: 16, value: (d) => d.contactPhone },
  { header: '职责', width: 60, value: (d) => d.duties },
  { header: '状态', width: 8, value: (d) => (d.active ? '启用' : '停用') },
];
const REQUIRED = ['单位全称', '简称'];
const FIELD_LABELS: Record<string, string> = {
  fullName: '单位全称',
  shortName: '简称',
  aliases: '别名',
  kind: '类型',
  contactPerson: '联系人',
  contactPhone: '联系电话',
  duties: '职责',
};
const KIND_BY_LABEL = new Map(
  Object.entries(DEPARTMENT_KIND_LABELS).map(([k, label]) => [label, k as DepartmentKind]),
);

export async function exportDepartmentsXlsx(
  ctx: HandlerContext,
  includeInactive: boolean,
): Promise<FileDownload> {
  const departments = await listDepartments(ctx.db, includeInactive);
  const numbered = COLUMNS.map((c) =>
    c.header === '序号' ? { ...c, value: (d: Department) => departments.indexOf(d) + 1 } : c,
  );
  const bytes = await writeSheet('成员单位', numbered, departments);
  return { fileName: '成员单位名录.xlsx', mimeType: XLSX_MIME, base64: bytes.toString('base64') };
}

interface PlannedRow {
  preview: ImportRowPreview;
  values: DepartmentValues | null;
  active: boolean;
  existing: Department | null;
}

function describeChanges(before: Department, v: DepartmentValues, active: boolean): string[] {
  const changes: string[] = [];
  const cmp = (label: string, a: string, b: string) => {
    if (a !== b) changes.push(`${label}：“${a}”→“${b}”`);
  };
  cmp('单位全称', before.fullName, v.fullName);
  cmp('简称', before.shortName, v.shortName);
  cmp('别名', before.aliases.join('、'), v.aliases.join('、'));
  cmp('类型', DEPARTMENT_KIND_LABELS[before.kind], DEPARTMENT_KIND_LABELS[v.kind]);
  cmp('联系人', before.contactPerson, v.contactPerson);
  cmp('联系电话', before.contactPhone, v.contactPhone);
  if (before.duties !== v.duties) changes.push('职责已修改');
  if (before.active !== active)
    changes.push(`状态：${before.active ? '启用' : '停用'}→${active ? '启用' : '停用'}`);
  return changes;
}

async function planImport(ctx: HandlerContext, base64: string): Promise<PlannedRow[]> {
  const rows = await readSheet(Buffer.from(base64, 'base64'), REQUIRED);
  if (rows.length === 0) throw new AppError('IMPORT_INVALID', '表格中没有数据行');
  if (rows.length > 2000)
    throw new AppError('IMPORT_INVALID', `数据行过多（${rows.length} 行，上限 2000 行）`);
  return planRows(ctx, rows);
}

/** The rows' plan, from rows keyed by this register's own headers (the sheet, or the import wizard's mapping). */
async function planRows(ctx: HandlerContext, rows: SheetRow[]): Promise<PlannedRow[]> {
  const existing = await listDepartments(ctx.db);
  const byName = new Map<string, Department>();
  for (const d of existing) {
    byName.set(normalizeName(d.shortName), d);
    byName.set(normalizeName(d.fullName), d);
  }
  // Names as they will be after the import: the rows' own names replace those of the departments they update.
  const planned: PlannedRow[] = [];
  for (const { rowNumber, cells } of rows) {
    const errors: string[] = [];
    const match =
      byName.get(normalizeName(cells['单位全称'] ?? '')) ??
      byName.get(normalizeName(cells['简称'] ?? '')) ??
      null;
    // A column left out of the file keeps what the department has; it does not blank it.
    const kindLabel = cells['类型'] ?? (match ? DEPARTMENT_KIND_LABELS[match.kind] : '');
    const kind = kindLabel === '' ? 'department' : KIND_BY_LABEL.get(kindLabel);
    if (!kind) errors.push(`类型“${kindLabel}”无效，应为 部门、镇街 或 统称`);
    const status = cells['状态'] ?? '';
    if (status !== '' && status !== '启用' && status !== '停用')
      errors.push(`状态“${status}”无效，应为 启用 或 停用`);
    const aliasText = cells['别名'];
    const parsed = departmentInput.safeParse({
      fullName: cells['单位全称'] ?? '',
      shortName: cells['简称'] ?? '',
      aliases:
        aliasText === undefined
          ? (match?.aliases ?? [])
          : aliasText
              .split(/[、,，;；\n]/)
              .map((a) => a.trim())
              .filter(Boolean),
      kind: kind ?? 'department',
      contactPerson: cells['联系人'] ?? match?.contactPerson ?? '',
      contactPhone: cells['联系电话'] ?? match?.contactPhone ?? '',
      duties: cells['职责'] ?? match?.duties ?? '',
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = FIELD_LABELS[String(issue.path[0])] ?? String(issue.path[0] ?? '');
        errors.push(issue.message.includes(field) ? issue.message : `${field}：${issue.message}`);
      }
    }
    const values = parsed.success ? parsed.data : null;
    const active = status === '' ? (match?.active ?? true) : status === '启用';
    planned.push({
      preview: {
        rowNumber,
        action: 'create',
        fullName: cells['单位全称'] ?? '',
        shortName: cells['简称'] ?? '',
        changes: [],
        errors,
      },
      values,
      active,
      existing: match,
    });
  }

  // Cross-row checks: one department per row, and every name must still be unique after the import.
  const targetCount = new Map<number, number>();
  for (const p of planned)
    if (p.existing) targetCount.set(p.existing.id, (targetCount.get(p.existing.id) ?? 0) + 1);
  const updated = new Set(planned.flatMap((p) => (p.existing ? [p.existing.id] : [])));
  // name -> who holds it after the import: an untouched department, or a row of the file
  const holders = new Map<string, { id: number; label: string }>();
  for (const d of existing) {
    if (updated.has(d.id)) continue;
    for (const n of [d.fullName, d.shortName, ...d.aliases])
      holders.set(normalizeName(n), { id: d.id, label: `成员单位“${d.shortName}”` });
  }
  planned.forEach((p, i) => {
    if (p.existing && (targetCount.get(p.existing.id) ?? 0) > 1) {
      p.preview.errors.push(`与其他行对应同一个成员单位“${p.existing.shortName}”`);
    }
    if (!p.values) return;
    const selfId = p.existing?.id ?? -(i + 1); // rows that create get a provisional negative id
    const names: [string, string][] = [
      ['全称', p.values.fullName],
      ['简称', p.values.shortName],
      ...p.values.aliases.map((a): [string, string] => ['别名', a]),
    ];
    for (const [label, name] of names) {
      const key = normalizeName(name);
      const holder = holders.get(key);
      if (holder && holder.id !== selfId) p.preview.errors.push(`${label}“${name}”已被${holder.label}使用`);
      else if (!holder) holders.set(key, { id: selfId, label: `第 ${p.preview.rowNumber} 行` });
    }
    p.preview.errors.push(...nameClashes(p.values, new Map(), selfId));
  });

  for (const p of planned) {
    if (p.existing && p.values) {
      p.preview.changes = describeChanges(p.existing, p.values, p.active);
      p.preview.action = p.preview.changes.length === 0 ? 'unchanged' : 'update';
    } else if (p.existing) {
      p.preview.action = 'update';
    }
    p.preview.errors = [...new Set(p.preview.errors)];
  }
  return planned;
}

function summarize(planned: PlannedRow[]): DepartmentImportPreview {
  const rows = planned.map((p) => p.preview);
  return {
    rows,
    createCount: rows.filter((r) => r.action === 'create').length,
    updateCount: rows.filter((r) => r.action === 'update').length,
    unchangedCount: rows.filter((r) => r.action === 'unchanged').length,
    errorCount: rows.filter((r) => r.errors.length > 0).length,
  };
}

async function writePlanned(ctx: HandlerContext, planned: PlannedRow[]): Promise<void> {
  for (const p of planned) {
    const v = p.values!;
    if (p.preview.action === 'create') {
      const d = await insertDepartment(ctx, v);
      if (!p.active) await updateDepartment(ctx, d.id, v, { active: false });
    } else if (p.preview.action === 'update') {
      await updateDepartment(
        ctx,
        p.existing!.id,
        { ...v, sortOrder: p.existing!.sortOrder },
        { active: p.active },
      );
    }
  }
}

/** 成员单位 for the import wizard (db/core/import): its fields and the words offices use for them. */
export const departmentImportRegister: ImportRegister = {
  key: 'departments',
  label: '成员单位',
  entity: 'department',
  fields: [
    { name: '单位全称', required: true, aliases: ['单位名称', '部门名称', '成员单位', '全称', '名称'] },
    { name: '简称', required: true, aliases: ['单位简称', '部门简称'] },
    { name: '别名', aliases: ['其他名称', '曾用名'], hint: '多个别名用顿号分隔' },
    {
      name: '类型',
      type: 'code',
      aliases: ['单位类型', '类别'],
      options: [
        { value: '部门', synonyms: ['区级部门', '职能部门', '委办局'] },
        { value: '镇街', synonyms: ['街道', '镇', '乡镇', '街道办事处', '镇人民政府'] },
        { value: '统称', synonyms: ['合称'] },
      ],
    },
    { name: '联系人', aliases: ['联络员', '联系人姓名'] },
    { name: '联系电话', aliases: ['电话', '联系方式', '手机'] },
    { name: '职责', aliases: ['工作职责', '部门职责', '监管职责'] },
    {
      name: '状态',
      type: 'code',
      options: [
        { value: '启用', synonyms: ['正常', '在用', '有效'] },
        { value: '停用', synonyms: ['撤销', '无效', '已撤销'] },
      ],
    },
  ],
  plan: async (ctx, rows) => {
    if (rows.length > 2000)
      throw new AppError('IMPORT_INVALID', `数据行过多（${rows.length} 行，成员单位上限 2000 行）`);
    const planned = await planRows(ctx, rows);
    return {
      rows: planned.map(({ preview: { fullName, shortName, ...r } }) => ({
        ...r,
        label:
          shortName && fullName && shortName !== fullName
            ? `${fullName}（${shortName}）`
            : fullName || shortName,
      })),
      write: () => writePlanned(ctx, planned),
    };
  },
};

export const departmentFileHandlers = defineHandlers({
  'departments.exportXlsx': async ({ includeInactive }, ctx) => exportDepartmentsXlsx(ctx, includeInactive),

  'departments.importPreview': async ({ base64 }, ctx) => summarize(await planImport(ctx, base64)),

  'departments.importApply': async ({ base64, fileName }, ctx) => {
    const planned = await planImport(ctx, base64);
    const summary = summarize(planned);
    if (summary.errorCount > 0) {
      throw new AppError(
        'IMPORT_INVALID',
        `有 ${summary.errorCount} 行存在问题，未导入任何数据。请修改后重新导入。`,
        summary,
      );
    }
    await writePlanned(ctx, planned);
    await ctx.audit({
      entity: 'department',
      entityId: null,
      summary: `从 ${fileName} 导入成员单位：新增 ${summary.createCount}，更新 ${summary.updateCount}，未变 ${summary.unchangedCount}`,
    });
    return summary;
  },
});
