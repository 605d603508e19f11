// 成员单位 directory: CRUD with name uniqueness across full names, short names and aliases (so any name in a
// policy document resolves to exactly one department), ordering, and the default directory from seed 003.
import { sql, type Kysely } from 'kysely';
import {
  departmentInput,
  type Department,
  type DepartmentKind,
  type NameResolution,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { z } from 'zod';
import { defineHandlers, nowIso, type HandlerContext } from '../core/context';
import { claimVersion } from '../core/versions';
import type { DB, DepartmentRecord } from '../core/schema';
import seed from '../../resources/departments/yuecheng-2020.json';
import { insertionOrder } from '../core/dialect';
import { compiledOnce } from '../core/compiled';

export type DepartmentValues = z.output<typeof departmentInput>;

/** Names as they appear in documents vary in spacing and bracket width; compare them normalised. */
export function normalizeName(s: string): string {
  return s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

function toDepartment(r: DepartmentRecord, aliases: string[]): Department {
  return {
    id: r.id,
    fullName: r.full_name,
    shortName: r.short_name,
    aliases,
    kind: r.kind as DepartmentKind,
    contactPerson: r.contact_person,
    contactPhone: r.contact_phone,
    duties: r.duties,
    sortOrder: r.sort_order,
    active: r.active === 1,
    updatedAt: r.updated_at,
    version: r.row_version,
  };
}

export async function listDepartments(db: Kysely<DB>, includeInactive = true): Promise<Department[]> {
  const { rows } = await db.executeQuery(
    compiledOnce(db, includeInactive ? 'departments.all' : 'departments.active', () => {
      const q = db.selectFrom('departments').selectAll().orderBy('sort_order').orderBy('id');
      return includeInactive ? q : q.where('active', '=', 1);
    }),
  );
  const { rows: aliasRows } = await db.executeQuery(
    compiledOnce(db, 'department_aliases.all', () =>
      db.selectFrom('department_aliases').selectAll().orderBy(insertionOrder(db)),
    ),
  );
  const byDept = new Map<number, string[]>();
  for (const a of aliasRows) {
    const list = byDept.get(a.department_id) ?? [];
    list.push(a.alias);
    byDept.set(a.department_id, list);
  }
  return rows.map((r) => toDepartment(r, byDept.get(r.id) ?? []));
}

export async function getDepartment(db: Kysely<DB>, id: number): Promise<Department> {
  const r = await db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该成员单位不存在或已被删除');
  const aliases = await db
    .selectFrom('department_aliases')
    .select('alias')
    .where('department_id', '=', id)
    .orderBy(insertionOrder(db))
    .execute();
  return toDepartment(
    r,
    aliases.map((a) => a.alias),
  );
}

/** Every name a department answers to, mapped to its id. */
export async function nameIndex(
  db: Kysely<DB>,
): Promise<Map<string, { id: number; by: NameResolution['matchedBy'] }>> {
  const index = new Map<string, { id: number; by: NameResolution['matchedBy'] }>();
  const rows = await db.selectFrom('departments').select(['id', 'full_name', 'short_name']).execute();
  const aliases = await db.selectFrom('department_aliases').selectAll().execute();
  for (const a of aliases) index.set(normalizeName(a.alias), { id: a.department_id, by: 'alias' });
  for (const r of rows) index.set(normalizeName(r.short_name), { id: r.id, by: 'shortName' });
  for (const r of rows) index.set(normalizeName(r.full_name), { id: r.id, by: 'fullName' });
  return index;
}

/** Names of a department being saved must not be another department's name or alias, nor repeat each other. */
export function nameClashes(
  v: Pick<DepartmentValues, 'fullName' | 'shortName' | 'aliases'>,
  index: Map<string, { id: number }>,
  selfId: number | null,
): string[] {
  const problems: string[] = [];
  const own: [string, string][] = [
    ['全称', v.fullName],
    ['简称', v.shortName],
    ...v.aliases.map((a): [string, string] => ['别名', a]),
  ];
  const seen = new Map<string, string>();
  for (const [label, name] of own) {
    const key = normalizeName(name);
    const first = seen.get(key);
    if (first && !(first === '全称' && label === '简称'))
      problems.push(`${label}“${name}”与本单位的${first}重复`);
    if (!first) seen.set(key, label);
    const hit = index.get(key);
    if (hit && hit.id !== selfId) problems.push(`${label}“${name}”已被其他成员单位使用`);
  }
  return problems;
}

async function assertNamesFree(
  ctx: HandlerContext,
  v: DepartmentValues,
  selfId: number | null,
): Promise<void> {
  const problems = nameClashes(v, await nameIndex(ctx.db), selfId);
  if (problems.length > 0) throw new AppError('CONFLICT', problems.join('；'), { problems });
}

async function writeAliases(db: Kysely<DB>, departmentId: number, aliases: string[]): Promise<void> {
  await db.deleteFrom('department_aliases').where('department_id', '=', departmentId).execute();
  if (aliases.length > 0) {
    await db
      .insertInto('department_aliases')
      .values(aliases.map((alias) => ({ alias, department_id: departmentId })))
      .execute();
  }
}

/** The columns a person edits, as stored. */
function editableColumns(v: DepartmentValues) {
  return {
    full_name: v.fullName,
    short_name: v.shortName,
    kind: v.kind,
    contact_person: v.contactPerson,
    contact_phone: v.contactPhone,
    duties: v.duties,
  };
}

export async function insertDepartment(ctx: HandlerContext, v: DepartmentValues): Promise<Department> {
  await assertNamesFree(ctx, v, null);
  const at = nowIso(ctx);
  const sortOrder =
    v.sortOrder ??
    (
      await ctx.db
        .selectFrom('departments')
        .select(sql<number>`coalesce(max(sort_order), 0)`.as('m'))
        .executeTakeFirstOrThrow()
    ).m + 10;
  const { id } = await ctx.db
    .insertInto('departments')
    .values({
      ...editableColumns(v),
      sort_order: sortOrder,
      active: 1,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAliases(ctx.db, id, v.aliases);
  const after = await getDepartment(ctx.db, id);
  await ctx.audit({ entity: 'department', entityId: id, summary: `新增成员单位 ${after.shortName}`, after });
  return after;
}

export async function updateDepartment(
  ctx: HandlerContext,
  id: number,
  v: DepartmentValues,
  extra: { active?: boolean } = {},
): Promise<Department> {
  const before = await getDepartment(ctx.db, id);
  await assertNamesFree(ctx, v, id);
  await ctx.db
    .updateTable('departments')
    .set({
      ...editableColumns(v),
      sort_order: v.sortOrder ?? before.sortOrder,
      ...(extra.active === undefined ? {} : { active: extra.active ? 1 : 0 }),
      updated_at: nowIso(ctx),
    })
    .where('id', '=', id)
    .execute();
  await writeAliases(ctx.db, id, v.aliases);
  const after = await getDepartment(ctx.db, id);
  await ctx.audit({
    entity: 'department',
    entityId: id,
    summary: `修改成员单位 ${after.shortName}`,
    before,
    after,
  });
  return after;
}

/** The directory named in seed 003 (§四(一), §五 and the 责任单位 of its 附件), written once at first-run setup. */
export async function seedDefaultDepartments(ctx: HandlerContext): Promise<number> {
  let order = 0;
  for (const d of seed.departments) {
    order += 10;
    await insertDepartment(ctx, departmentInput.parse({ ...d, sortOrder: order }));
  }
  return seed.departments.length;
}

export const departmentHandlers = defineHandlers({
  'departments.list': async ({ includeInactive }, ctx) => listDepartments(ctx.db, includeInactive),

  'departments.create': async (input, ctx) => insertDepartment(ctx, input),

  'departments.update': async ({ id, version, ...values }, ctx) => {
    await claimVersion(ctx, 'departments', id, version, () => getDepartment(ctx.db, id));
    return updateDepartment(ctx, id, values);
  },

  'departments.setActive': async ({ id, active }, ctx) => {
    const before = await getDepartment(ctx.db, id);
    if (before.active === active) {
      throw new AppError('VALIDATION', `成员单位“${before.shortName}”已是${active ? '启用' : '停用'}状态`);
    }
    await ctx.db
      .updateTable('departments')
      .set({ active: active ? 1 : 0, updated_at: nowIso(ctx) })
      .where('id', '=', id)
      .execute();
    const after = await getDepartment(ctx.db, id);
    await ctx.audit({
      entity: 'department',
      entityId: id,
      summary: `${active ? '启用' : '停用'}成员单位 ${after.shortName}`,
      before: { active: before.active },
      after: { active: after.active },
    });
    return after;
  },

  'departments.reorder': async ({ ids }, ctx) => {
    const existing = await ctx.db.selectFrom('departments').select(['id', 'sort_order']).execute();
    const known = new Set(existing.map((r) => r.id));
    const unknown = ids.filter((i) => !known.has(i));
    if (unknown.length > 0) throw new AppError('NOT_FOUND', `成员单位不存在：${unknown.join('、')}`);
    if (new Set(ids).size !== ids.length) throw new AppError('VALIDATION', '排序列表中有重复的单位');
    const before = existing.sort((a, b) => a.sort_order - b.sort_order).map((r) => r.id);
    const at = nowIso(ctx);
    for (const [i, id] of ids.entries()) {
      await ctx.db
        .updateTable('departments')
        .set({ sort_order: (i + 1) * 10, updated_at: at })
        .where('id', '=', id)
        .execute();
    }
    await ctx.audit({
      entity: 'department',
      entityId: null,
      summary: '调整成员单位排序',
      before,
      after: ids,
    });
    return listDepartments(ctx.db);
  },

  'departments.resolve': async ({ names }, ctx) => {
    const index = await nameIndex(ctx.db);
    return names.map((name) => {
      const hit = index.get(normalizeName(name));
      return { name, departmentId: hit?.id ?? null, matchedBy: hit?.by ?? null };
    });
  },
});
