// 一单两库: the 随机抽查事项清单 (spot_items; keyed by 事项名称 + 子项, with its Excel export and its import through the
// import wizard — each row checked, one bad row named by its Excel row number and nothing written) and the 专家库
// (experts with their 回避). The starter list for 医疗卫生 ships with the migration that made the table; it can be
// restored here.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  INSTITUTION_CATEGORY_LABELS,
  codeForLabel,
  spotItemInput,
  spotItemLabel,
  type Expert,
  type ExpertConflict,
  type ImportPreviewRow,
  type InstitutionCategory,
  type SpotItem,
  expertInput,
} from '../../shared/contract';
import { AppError, type FieldIssue } from '../../shared/errors';
import { defineHandlers, nowIso, type HandlerContext } from '../core/context';
import type { DB } from '../core/schema';
import { claimVersion } from '../core/versions';
import { jsonArrayFrom, jsonRows } from '../core/dialect';
import { writeSheet, XLSX_MIME, type SheetRow } from '../core/xlsx';
import type { ImportPlan, ImportRegister } from '../core/import/engine';
import { STARTER_ITEMS } from '../core/migrations/20261206T1100_spotcheck_model';
import { listInstitutions } from './directories';
import { institutionIndexes, parseConflicts, schemaErrors } from './directories-import';

export type SpotItemValues = z.output<typeof spotItemInput>;
export type ExpertValues = z.output<typeof expertInput>;

function refuse(code: 'CONFLICT' | 'VALIDATION', issues: FieldIssue[]): never {
  throw new AppError(code, issues.map((i) => i.message).join('；'), { issues });
}

// ---------------------------------------------------------------------------------------------- 事项清单

type SpotRow = Awaited<ReturnType<ReturnType<typeof spotColumns>['executeTakeFirstOrThrow']>>;
const spotColumns = (db: Kysely<DB>) => db.selectFrom('spot_items').selectAll();

function toSpotItem(r: SpotRow): SpotItem {
  return {
    id: r.id,
    version: r.row_version,
    name: r.name,
    subItem: r.sub_item,
    basis: r.basis,
    subject: r.subject,
    categories: JSON.parse(r.categories_json) as InstitutionCategory[],
    content: r.content,
    method: r.method,
    ratioText: r.ratio_text,
    frequency: r.frequency,
    qualification: r.qualification,
    active: r.active === 1,
    label: spotItemLabel({ name: r.name, subItem: r.sub_item }),
    updatedAt: r.updated_at,
  };
}

export async function listSpotItems(db: Kysely<DB>, includeInactive = true): Promise<SpotItem[]> {
  let q = spotColumns(db).orderBy('position').orderBy('id');
  if (!includeInactive) q = q.where('active', '=', 1);
  return (await q.execute()).map(toSpotItem);
}

export async function getSpotItem(db: Kysely<DB>, id: number): Promise<SpotItem> {
  const r = await spotColumns(db).where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该抽查事项不存在');
  return toSpotItem(r);
}

async function assertSpotKeyFree(db: Kysely<DB>, v: SpotItemValues, self: number | null): Promise<void> {
  const holder = await db
    .selectFrom('spot_items')
    .select('id')
    .where('name', '=', v.name)
    .where('sub_item', '=', v.subItem)
    .executeTakeFirst();
  if (holder && holder.id !== self)
    refuse('CONFLICT', [{ path: 'name', message: `清单中已有抽查事项“${spotItemLabel(v)}”` }]);
}

const spotRow = (v: SpotItemValues) => ({
  name: v.name,
  sub_item: v.subItem,
  basis: v.basis,
  subject: v.subject,
  categories_json: JSON.stringify(v.categories),
  content: v.content,
  method: v.method,
  ratio_text: v.ratioText,
  frequency: v.frequency,
  qualification: v.qualification,
});

export async function insertSpotItem(ctx: HandlerContext, v: SpotItemValues): Promise<SpotItem> {
  await assertSpotKeyFree(ctx.db, v, null);
  const at = nowIso(ctx);
  const last = await ctx.db
    .selectFrom('spot_items')
    .select((eb) => eb.fn.max('position').as('p'))
    .executeTakeFirst();
  const { id } = await ctx.db
    .insertInto('spot_items')
    .values({ ...spotRow(v), position: Number(last?.p ?? 0) + 1, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const after = await getSpotItem(ctx.db, id);
  await ctx.audit({ entity: 'spot_item', entityId: id, summary: `新增随机抽查事项“${after.label}”`, after });
  return after;
}

export async function updateSpotItem(
  ctx: HandlerContext,
  id: number,
  v: SpotItemValues,
  version?: number,
): Promise<SpotItem> {
  const before = await getSpotItem(ctx.db, id);
  // Saved from the copy the editor started from: someone else's newer save is not overwritten unseen.
  await claimVersion(ctx, 'spot_items', id, version, () => getSpotItem(ctx.db, id));
  await assertSpotKeyFree(ctx.db, v, id);
  await ctx.db
    .updateTable('spot_items')
    .set({ ...spotRow(v), updated_at: nowIso(ctx) })
    .where('id', '=', id)
    .execute();
  const after = await getSpotItem(ctx.db, id);
  await ctx.audit({
    entity: 'spot_item',
    entityId: id,
    summary: `修改随机抽查事项“${after.label}”`,
    before,
    after,
  });
  return after;
}

const categoriesText = (c: readonly InstitutionCategory[]) =>
  c.length ? c.map((x) => INSTITUTION_CATEGORY_LABELS[x]).join('、') : '全部';

export const SPOT_ITEM_COLUMNS: { header: string; width: number; value: (i: SpotItem) => string }[] = [
  { header: '事项名称', width: 22, value: (i) => i.name },
  { header: '子项', width: 16, value: (i) => i.subItem },
  { header: '抽查依据', width: 44, value: (i) => i.basis },
  { header: '抽查主体', width: 16, value: (i) => i.subject },
  { header: '抽查对象', width: 24, value: (i) => categoriesText(i.categories) },
  { header: '抽查内容', width: 40, value: (i) => i.content },
  { header: '抽查方式', width: 18, value: (i) => i.method },
  { header: '抽查比例', width: 10, value: (i) => i.ratioText },
  { header: '抽查频次', width: 14, value: (i) => i.frequency },
  { header: '检查人员要求', width: 14, value: (i) => i.qualification },
  { header: '状态', width: 8, value: (i) => (i.active ? '启用' : '停用') },
];

// ---------------------------------------------------------------------------------------------- import

/** What a register's planner reads from one row: its key (null when the row has no key to repeat), how the preview
 *  names it, the record it matches, the schema input and the wording of a repeated key. */
interface KeyedRow<R> {
  key: string | null;
  label: string;
  match: R | null;
  input: unknown;
  repeated: string;
}

/**
 * The row checks the 事项清单 and the 专家库 share: each row read (its own errors pushed by `read`), the schema's
 * issues named by the column's header, a key used twice named with the first row that used it, the action from the
 * changes against the matched record, and the write — create, or update the matched record — once no row is wrong.
 */
function planKeyedRows<V, R extends { id: number }>(
  ctx: HandlerContext,
  rows: SheetRow[],
  spec: {
    read: (cells: SheetRow['cells'], errors: string[]) => KeyedRow<R>;
    schema: z.ZodType<V>;
    fieldLabels: Record<string, string>;
    changes: (match: R, values: V) => string[];
    insert: (ctx: HandlerContext, v: V) => Promise<unknown>;
    update: (ctx: HandlerContext, id: number, v: V) => Promise<unknown>;
  },
): ImportPlan {
  const seen = new Map<string, number>();
  const planned = rows.map(({ rowNumber, cells }) => {
    const errors: string[] = [];
    const row = spec.read(cells, errors);
    const parsed = spec.schema.safeParse(row.input);
    if (!parsed.success) errors.push(...schemaErrors(parsed.error, spec.fieldLabels));
    if (row.key !== null) {
      const first = seen.get(row.key);
      if (first !== undefined) errors.push(`${row.repeated}与第 ${first} 行重复`);
      else seen.set(row.key, rowNumber);
    }
    const values = parsed.success ? parsed.data : null;
    const changes = row.match && values ? spec.changes(row.match, values) : [];
    const preview: ImportPreviewRow = {
      rowNumber,
      action: !row.match ? 'create' : changes.length ? 'update' : 'unchanged',
      label: row.label || `第 ${rowNumber} 行`,
      changes,
      errors,
    };
    return { preview, values, match: row.match };
  });
  return {
    rows: planned.map((p) => p.preview),
    write: async (afterRow) => {
      for (const p of planned) {
        if (p.preview.action === 'create') await spec.insert(ctx, p.values!);
        else if (p.preview.action === 'update') await spec.update(ctx, p.match!.id, p.values!);
        await afterRow?.();
      }
    },
  };
}

/** An Excel export of a register: 序号 and the register's columns. */
async function numberedSheet<T>(
  sheet: string,
  columns: readonly { header: string; width: number; value: (x: T) => string }[],
  items: readonly T[],
): Promise<Buffer> {
  type Numbered = { x: T; n: number };
  return writeSheet(
    sheet,
    [
      { header: '序号', width: 6, value: (r: Numbered) => r.n },
      ...columns.map((c) => ({ header: c.header, width: c.width, value: (r: Numbered) => c.value(r.x) })),
    ],
    items.map((x, n) => ({ x, n: n + 1 })),
  );
}

const CATEGORY_SPLIT = /[、,，;；/\s]+/;

/** 抽查对象 cell: '全部' or '' for every category, else category names (医院、诊所 …). */
function parseCategories(text: string, errors: string[]): InstitutionCategory[] {
  const t = text.trim();
  if (t === '' || t === '全部' || t === '全部类别' || t === '所有医疗机构') return [];
  const out: InstitutionCategory[] = [];
  for (const word of t.split(CATEGORY_SPLIT).filter(Boolean)) {
    const code = codeForLabel(INSTITUTION_CATEGORY_LABELS, word);
    if (code === null)
      errors.push(
        `抽查对象“${word}”不是机构类别，应为 ${Object.values(INSTITUTION_CATEGORY_LABELS).join('、')} 或“全部”`,
      );
    else if (!out.includes(code)) out.push(code);
  }
  return out;
}

const FIELD_LABELS: Record<string, string> = {
  name: '事项名称',
  subItem: '子项',
  basis: '抽查依据',
  subject: '抽查主体',
  content: '抽查内容',
  method: '抽查方式',
  ratioText: '抽查比例',
  frequency: '抽查频次',
  qualification: '检查人员要求',
};

async function planSpotItemRows(ctx: HandlerContext, rows: SheetRow[]): Promise<ImportPlan> {
  const byLabel = new Map((await listSpotItems(ctx.db)).map((i) => [i.label, i]));
  return planKeyedRows<SpotItemValues, SpotItem>(ctx, rows, {
    read: (cells, errors) => {
      const name = (cells['事项名称'] ?? '').trim();
      const subItem = (cells['子项'] ?? '').trim();
      const label = spotItemLabel({ name, subItem });
      const match = byLabel.get(label) ?? null;
      // A file without a column keeps what the record has.
      const keep = <K extends keyof SpotItem>(k: string, field: K, fallback: SpotItem[K]) =>
        cells[k] === undefined ? (match?.[field] ?? fallback) : cells[k];
      const categories =
        cells['抽查对象'] === undefined
          ? (match?.categories ?? [])
          : parseCategories(cells['抽查对象'], errors);
      return {
        key: name === '' ? null : label,
        label,
        match,
        repeated: `抽查事项“${label}”`,
        input: {
          name,
          subItem,
          basis: keep('抽查依据', 'basis', ''),
          subject: keep('抽查主体', 'subject', ''),
          categories,
          content: keep('抽查内容', 'content', ''),
          method: keep('抽查方式', 'method', ''),
          ratioText: keep('抽查比例', 'ratioText', ''),
          frequency: keep('抽查频次', 'frequency', ''),
          qualification: keep('检查人员要求', 'qualification', ''),
        },
      };
    },
    schema: spotItemInput,
    fieldLabels: FIELD_LABELS,
    changes: (match, values) => {
      const after = { ...match, ...values };
      return SPOT_ITEM_COLUMNS.filter((c) => c.header !== '状态').flatMap((c) => {
        const a = c.value(match);
        const b = c.value(after);
        return a === b ? [] : [`${c.header}：“${a}”→“${b}”`];
      });
    },
    insert: insertSpotItem,
    update: (ctx, id, v) => updateSpotItem(ctx, id, v),
  });
}

export const spotItemImportRegister: ImportRegister = {
  key: 'spotItems',
  label: '随机抽查事项清单',
  entity: 'spot_item',
  fields: [
    {
      name: '事项名称',
      required: true,
      key: true,
      aliases: ['抽查事项', '检查事项', '事项', '抽查事项名称'],
    },
    { name: '子项', aliases: ['抽查子项', '子事项', '事项子项'] },
    {
      name: '抽查依据',
      required: true,
      aliases: ['依据', '检查依据', '法律依据', '设定依据', '抽查依据（法律法规）'],
      hint: '法律、法规名称，条款已知时写明',
    },
    { name: '抽查主体', aliases: ['实施主体', '检查主体', '主体', '实施部门'] },
    {
      name: '抽查对象',
      aliases: ['检查对象', '对象', '对象类别', '适用对象'],
      hint: '机构类别，多个用顿号分隔；“全部”或留空为全部类别',
    },
    { name: '抽查内容', aliases: ['检查内容', '内容'] },
    { name: '抽查方式', aliases: ['检查方式', '方式'] },
    { name: '抽查比例', aliases: ['比例', '建议比例'] },
    { name: '抽查频次', aliases: ['频次', '检查频次'] },
    { name: '检查人员要求', aliases: ['人员要求', '资质要求', '检查人员资质'] },
  ],
  plan: planSpotItemRows,
};

// ---------------------------------------------------------------------------------------------- 专家库

const expertColumns = (db: Kysely<DB>) =>
  db
    .selectFrom('experts')
    .selectAll('experts')
    .select((eb) =>
      jsonArrayFrom(
        db,
        eb
          .selectFrom('expert_conflicts as c')
          .innerJoin('institutions as n', 'n.id', 'c.institution_id')
          .select([
            'c.institution_id as institutionId',
            'n.name as institutionName',
            'n.uscc as institutionUscc',
            'c.reason',
          ])
          .whereRef('c.expert_id', '=', 'experts.id')
          .orderBy('c.position'),
      ).as('conflicts'),
    );

type ExpertRow = Awaited<ReturnType<ReturnType<typeof expertColumns>['executeTakeFirstOrThrow']>>;

const toExpert = (r: ExpertRow): Expert => ({
  id: r.id,
  version: r.row_version,
  name: r.name,
  unit: r.unit,
  field: r.field,
  active: r.active === 1,
  conflicts: jsonRows(r.conflicts) as ExpertConflict[],
  updatedAt: r.updated_at,
});

export async function listExperts(db: Kysely<DB>, includeInactive = true): Promise<Expert[]> {
  let q = expertColumns(db).orderBy('experts.id');
  if (!includeInactive) q = q.where('experts.active', '=', 1);
  return (await q.execute()).map(toExpert);
}

export async function getExpert(db: Kysely<DB>, id: number): Promise<Expert> {
  const r = await expertColumns(db).where('experts.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该专家不存在');
  return toExpert(r);
}

async function assertExpertValid(db: Kysely<DB>, v: ExpertValues, self: number | null): Promise<void> {
  const issues: FieldIssue[] = [];
  if (v.conflicts.length > 0) {
    const known = new Set(
      (
        await db
          .selectFrom('institutions')
          .select('id')
          .where(
            'id',
            'in',
            v.conflicts.map((c) => c.institutionId),
          )
          .execute()
      ).map((r) => r.id),
    );
    v.conflicts.forEach((c, i) => {
      if (!known.has(c.institutionId))
        issues.push({ path: `conflicts.${i}.institutionId`, message: '回避对象不在监管对象名录中' });
    });
  }
  if (issues.length) refuse('VALIDATION', issues);
  const holder = await db
    .selectFrom('experts')
    .select('id')
    .where('name', '=', v.name)
    .where('unit', '=', v.unit)
    .executeTakeFirst();
  if (holder && holder.id !== self)
    refuse('CONFLICT', [{ path: 'name', message: `专家库中已有${v.unit}的“${v.name}”` }]);
}

async function writeExpertConflicts(db: Kysely<DB>, id: number, v: ExpertValues): Promise<void> {
  await db.deleteFrom('expert_conflicts').where('expert_id', '=', id).execute();
  if (v.conflicts.length)
    await db
      .insertInto('expert_conflicts')
      .values(
        v.conflicts.map((c, position) => ({
          expert_id: id,
          institution_id: c.institutionId,
          reason: c.reason,
          position,
        })),
      )
      .execute();
}

export async function insertExpert(ctx: HandlerContext, v: ExpertValues): Promise<Expert> {
  await assertExpertValid(ctx.db, v, null);
  const at = nowIso(ctx);
  const { id } = await ctx.db
    .insertInto('experts')
    .values({ name: v.name, unit: v.unit, field: v.field, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeExpertConflicts(ctx.db, id, v);
  const after = await getExpert(ctx.db, id);
  await ctx.audit({
    entity: 'expert',
    entityId: id,
    summary: `新增专家 ${after.name}（${after.unit}）`,
    after,
  });
  return after;
}

async function updateExpert(
  ctx: HandlerContext,
  id: number,
  v: ExpertValues,
  version?: number,
): Promise<Expert> {
  const before = await getExpert(ctx.db, id);
  await claimVersion(ctx, 'experts', id, version, () => getExpert(ctx.db, id));
  await assertExpertValid(ctx.db, v, id);
  await ctx.db
    .updateTable('experts')
    .set({ name: v.name, unit: v.unit, field: v.field, updated_at: nowIso(ctx) })
    .where('id', '=', id)
    .execute();
  await writeExpertConflicts(ctx.db, id, v);
  const after = await getExpert(ctx.db, id);
  await ctx.audit({
    entity: 'expert',
    entityId: id,
    summary: `修改专家 ${after.name}（${after.unit}）`,
    before,
    after,
  });
  return after;
}

// ---------------------------------------------------------------------------------------------- 专家库 in Excel

const expertConflictText = (e: Expert) =>
  e.conflicts.map((c) => `${c.institutionName}（${c.institutionUscc}）：${c.reason}`).join('；');

const EXPERT_COLUMNS: { header: string; width: number; value: (e: Expert) => string }[] = [
  { header: '姓名', width: 12, value: (e) => e.name },
  { header: '工作单位', width: 28, value: (e) => e.unit },
  { header: '专业领域', width: 16, value: (e) => e.field },
  { header: '状态', width: 8, value: (e) => (e.active ? '启用' : '停用') },
  { header: '回避对象', width: 60, value: expertConflictText },
];
const EXPERT_FIELDS: Record<string, string> = {
  name: '姓名',
  unit: '工作单位',
  field: '专业领域',
  conflicts: '回避对象',
};

/** Rows match an expert by 姓名 + 工作单位 (the key the register keeps unique): matched ones are updated. */
async function planExpertRows(ctx: HandlerContext, rows: SheetRow[]): Promise<ImportPlan> {
  const key = (name: string, unit: string) => `${name}\u0000${unit}`;
  const byKey = new Map((await listExperts(ctx.db)).map((e) => [key(e.name, e.unit), e]));
  const indexes = institutionIndexes(await listInstitutions(ctx.db));
  const institutionById = new Map([...indexes.byUscc.values()].map((i) => [i.id, i]));
  const conflictKey = (c: { institutionId: number; reason: string }[]) =>
    c.map((x) => `${x.institutionId}:${x.reason}`).join('；');
  return planKeyedRows<ExpertValues, Expert>(ctx, rows, {
    read: (cells, errors) => {
      const name = (cells['姓名'] ?? '').trim();
      const unit = (cells['工作单位'] ?? '').trim();
      const match = byKey.get(key(name, unit)) ?? null;
      // A file without the 回避对象 column keeps what the record has.
      const conflictCell = cells['回避对象'];
      const conflicts =
        conflictCell === undefined
          ? (match?.conflicts.map((c) => ({ institutionId: c.institutionId, reason: c.reason })) ?? [])
          : parseConflicts(conflictCell, indexes, errors);
      return {
        key: name === '' ? null : key(name, unit),
        label: name ? (unit ? `${name}（${unit}）` : name) : '',
        match,
        repeated: `专家“${name}”（${unit}）`,
        input: { name, unit, field: cells['专业领域'] ?? match?.field ?? '', conflicts },
      };
    },
    schema: expertInput,
    fieldLabels: EXPERT_FIELDS,
    changes: (match, values) => {
      const changes: string[] = [];
      if (match.field !== values.field) changes.push(`专业领域：“${match.field}”→“${values.field}”`);
      if (conflictKey(match.conflicts) !== conflictKey(values.conflicts))
        changes.push(
          `回避对象：“${expertConflictText(match)}”→“${values.conflicts
            .map((c) => {
              const i = institutionById.get(c.institutionId);
              return `${i?.name ?? ''}（${i?.uscc ?? ''}）：${c.reason}`;
            })
            .join('；')}”`,
        );
      return changes;
    },
    insert: insertExpert,
    update: (ctx, id, v) => updateExpert(ctx, id, v),
  });
}

export const expertImportRegister: ImportRegister = {
  key: 'experts',
  label: '专家库',
  entity: 'expert',
  fields: [
    { name: '姓名', required: true, key: true, aliases: ['专家姓名', '专家'] },
    { name: '工作单位', required: true, key: true, aliases: ['单位', '所在单位', '工作单位名称'] },
    { name: '专业领域', required: true, aliases: ['领域', '专业', '专长', '专业方向'] },
    {
      name: '回避对象',
      aliases: ['回避机构', '需回避机构', '利害关系机构'],
      hint: '机构名称或统一社会信用代码：理由，多个用分号分隔',
    },
  ],
  plan: planExpertRows,
};

// ---------------------------------------------------------------------------------------------- handlers

export const spotItemHandlers = defineHandlers({
  'spotItems.list': async ({ includeInactive }, ctx) => listSpotItems(ctx.db, includeInactive),
  'spotItems.create': async (v, ctx) => insertSpotItem(ctx, v),
  'spotItems.update': async ({ id, version, ...v }, ctx) => updateSpotItem(ctx, id, v, version),
  'spotItems.setActive': async ({ id, active }, ctx) => {
    const before = await getSpotItem(ctx.db, id);
    if (before.active === active)
      throw new AppError('VALIDATION', `抽查事项“${before.label}”已是${active ? '启用' : '停用'}状态`);
    await claimVersion(ctx, 'spot_items', id, undefined);
    await ctx.db
      .updateTable('spot_items')
      .set({ active: active ? 1 : 0, updated_at: nowIso(ctx) })
      .where('id', '=', id)
      .execute();
    const after = await getSpotItem(ctx.db, id);
    await ctx.audit({
      entity: 'spot_item',
      entityId: id,
      summary: `${active ? '启用' : '停用'}随机抽查事项“${after.label}”`,
      before: { active: before.active },
      after: { active },
    });
    return after;
  },
  'spotItems.exportXlsx': async (_input, ctx) => {
    const bytes = await numberedSheet('随机抽查事项清单', SPOT_ITEM_COLUMNS, await listSpotItems(ctx.db));
    return { fileName: '随机抽查事项清单.xlsx', mimeType: XLSX_MIME, base64: bytes.toString('base64') };
  },
  'spotItems.addStarter': async (_input, ctx) => {
    const have = new Set((await listSpotItems(ctx.db)).map((i) => i.label));
    let added = 0;
    for (const s of STARTER_ITEMS) {
      if (have.has(s.name)) continue;
      await insertSpotItem(
        ctx,
        spotItemInput.parse({
          name: s.name,
          basis: s.basis,
          subject: '区卫生健康局',
          categories: s.categories,
          content: s.content,
          method: s.method,
          frequency: '每年不少于1次',
          qualification: s.qualification,
        }),
      );
      added++;
    }
    if (added === 0) throw new AppError('VALIDATION', '医疗卫生起步清单中的事项都已在清单中');
    return { added };
  },

  'experts.list': async ({ includeInactive }, ctx) => listExperts(ctx.db, includeInactive),
  'experts.create': async (v, ctx) => insertExpert(ctx, v),
  'experts.exportXlsx': async (_input, ctx) => {
    const bytes = await numberedSheet('专家库', EXPERT_COLUMNS, await listExperts(ctx.db));
    return { fileName: '专家库.xlsx', mimeType: XLSX_MIME, base64: bytes.toString('base64') };
  },
  'experts.update': async ({ id, version, ...v }, ctx) => updateExpert(ctx, id, v, version),
  'experts.setActive': async ({ id, active }, ctx) => {
    const before = await getExpert(ctx.db, id);
    if (before.active === active)
      throw new AppError('VALIDATION', `专家“${before.name}”已是${active ? '启用' : '停用'}状态`);
    await claimVersion(ctx, 'experts', id, undefined);
    await ctx.db
      .updateTable('experts')
      .set({ active: active ? 1 : 0, updated_at: nowIso(ctx) })
      .where('id', '=', id)
      .execute();
    const after = await getExpert(ctx.db, id);
    await ctx.audit({
      entity: 'expert',
      entityId: id,
      summary: `${active ? '启用' : '停用'}专家 ${after.name}（${after.unit}）`,
      before: { active: before.active },
      after: { active },
    });
    return after;
  },
});
