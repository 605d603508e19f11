// 联合执法 directories: 监管对象, 从业人员 and 执法检查人员 (with their 回避 declarations). Keys are unique where
// the law makes them so (统一社会信用代码, 执业许可证登记号, certificate per category, 执法证号); a clash is refused with
// the record that already holds the key, on the field it concerns.
import type { EntityName } from '../../shared/contract/changes';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  inspectorInput,
  institutionInput,
  PageOf,
  ParsedInput,
  practitionerInput,
  PRACTITIONER_SORT_KEYS,
  PractitionerCounts,
} from '../../shared/contract';
import {
  INSTITUTION_STATUS_LABELS,
  PRACTITIONER_CATEGORY_LABELS,
  type CreditTier,
  type Inspector,
  type InspectorConflict,
  type Institution,
  type InstitutionCategory,
  type InstitutionLevel,
  type InstitutionStatus,
  type Ownership,
  type Practitioner,
  type PractitionerCategory,
} from '../../shared/contract';
import { AppError, type FieldIssue } from '../../shared/errors';
import { defineHandlers, nowIso, type HandlerContext } from '../core/context';
import { claimVersion } from '../core/versions';
import type { DB } from '../core/schema';
import { containsText, jsonArrayFrom, jsonRows } from '../core/dialect';
import { pageOf, splitPageInput, type PageColumns } from '../core/paging';

export type InstitutionValues = z.output<typeof institutionInput>;
export type PractitionerValues = z.output<typeof practitionerInput>;
export type InspectorValues = z.output<typeof inspectorInput>;

/** Refuses with the problems on the fields they concern (the dialogs show them there). */
function refuse(code: 'CONFLICT' | 'VALIDATION' | 'NOT_FOUND', issues: FieldIssue[]): never {
  throw new AppError(code, issues.map((i) => i.message).join('；'), { issues });
}

/** Reads the record as it now is and audits the change: `before` (left out for a new record) and the record. */
async function auditedAfter<R>(
  ctx: HandlerContext,
  get: (db: Kysely<DB>, id: number) => Promise<R>,
  id: number,
  entry: { entity: EntityName; summary: (after: R) => string; before?: R },
): Promise<R> {
  const after = await get(ctx.db, id);
  await ctx.audit({
    entity: entry.entity,
    entityId: id,
    summary: entry.summary(after),
    ...(entry.before === undefined ? {} : { before: entry.before }),
    after,
  });
  return after;
}

/** A status change (在业/停业/注销, 在职/离职, 启用/停用): refused when the record already has it; `write` stores it
 *  with the given time; audited with the old and the new value only. */
async function changeStatus<R, K extends keyof R & string>(
  ctx: HandlerContext,
  id: number,
  change: {
    get: (db: Kysely<DB>, id: number) => Promise<R>;
    key: K;
    value: R[K];
    already: (before: R) => string;
    write: (at: string) => Promise<unknown>;
    entity: EntityName;
    summary: (after: R) => string;
  },
): Promise<R> {
  const before = await change.get(ctx.db, id);
  if (before[change.key] === change.value) throw new AppError('VALIDATION', change.already(before));
  await change.write(nowIso(ctx));
  const after = await change.get(ctx.db, id);
  await ctx.audit({
    entity: change.entity,
    entityId: id,
    summary: change.summary(after),
    before: { [change.key]: before[change.key] },
    after: { [change.key]: after[change.key] },
  });
  return after;
}

// ---------------------------------------------------------------- 监管对象

const institutionColumns = (db: Kysely<DB>) =>
  db
    .selectFrom('institutions')
    .selectAll('institutions')
    .select(
      sql<number>`(select count(*) from practitioners p where p.institution_id = institutions.id and p.active = 1)`.as(
        'practitioner_count',
      ),
    );

type InstitutionRow = Awaited<ReturnType<ReturnType<typeof institutionColumns>['executeTakeFirstOrThrow']>>;

function toInstitution(r: InstitutionRow): Institution {
  return {
    id: r.id,
    name: r.name,
    uscc: r.uscc,
    licenceNo: r.licence_no ?? '',
    category: r.category as InstitutionCategory,
    ownership: r.ownership as Ownership,
    level: r.level as InstitutionLevel,
    address: r.address,
    street: r.street,
    grid: r.grid,
    status: r.status as InstitutionStatus,
    creditTier: (r.credit_tier as CreditTier | null) ?? null,
    practitionerCount: Number(r.practitioner_count),
    updatedAt: r.updated_at,
    version: r.row_version,
  };
}

export async function listInstitutions(
  db: Kysely<DB>,
  includeInactive = true,
  ids?: number[],
): Promise<Institution[]> {
  let q = institutionColumns(db).orderBy('institutions.id');
  if (!includeInactive) q = q.where('institutions.status', '!=', 'deregistered');
  if (ids !== undefined) q = q.where('institutions.id', 'in', ids);
  return (await q.execute()).map(toInstitution);
}

/** listInstitutions in blocks read by id (each starts after the last one's id), for an export of a long directory;
 *  `count` is the number of records the same filter selects. */
export function institutionBatches(db: Kysely<DB>, includeInactive = true, ids?: number[], size = 2000) {
  return {
    count: async (): Promise<number> => {
      let q = db.selectFrom('institutions').select((eb) => eb.fn.countAll<number | string>().as('n'));
      if (!includeInactive) q = q.where('institutions.status', '!=', 'deregistered');
      if (ids !== undefined) q = q.where('institutions.id', 'in', ids);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
    async *batches(): AsyncGenerator<Institution[]> {
      let after = 0;
      for (;;) {
        let q = institutionColumns(db).where('institutions.id', '>', after);
        if (!includeInactive) q = q.where('institutions.status', '!=', 'deregistered');
        if (ids !== undefined) q = q.where('institutions.id', 'in', ids);
        const rows = await q.orderBy('institutions.id').limit(size).execute();
        if (rows.length > 0) yield rows.map(toInstitution);
        if (rows.length < size) return;
        after = rows.at(-1)!.id;
      }
    },
  };
}

export async function getInstitution(db: Kysely<DB>, id: number): Promise<Institution> {
  const r = await institutionColumns(db).where('institutions.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该监管对象不存在或已被删除');
  return toInstitution(r);
}

async function assertInstitutionKeysFree(
  db: Kysely<DB>,
  v: InstitutionValues,
  selfId: number | null,
): Promise<void> {
  const issues: FieldIssue[] = [];
  const byUscc = await db
    .selectFrom('institutions')
    .select(['id', 'name'])
    .where('uscc', '=', v.uscc)
    .executeTakeFirst();
  if (byUscc && byUscc.id !== selfId)
    issues.push({ path: 'uscc', message: `统一社会信用代码 ${v.uscc} 已登记为“${byUscc.name}”` });
  if (v.licenceNo !== '') {
    const byLicence = await db
      .selectFrom('institutions')
      .select(['id', 'name'])
      .where('licence_no', '=', v.licenceNo)
      .executeTakeFirst();
    if (byLicence && byLicence.id !== selfId)
      issues.push({
        path: 'licenceNo',
        message: `执业许可证登记号 ${v.licenceNo} 已登记为“${byLicence.name}”`,
      });
  }
  if (issues.length > 0) refuse('CONFLICT', issues);
}

function institutionRow(v: InstitutionValues) {
  return {
    name: v.name,
    uscc: v.uscc,
    licence_no: v.licenceNo === '' ? null : v.licenceNo,
    category: v.category,
    ownership: v.ownership,
    level: v.level,
    address: v.address,
    street: v.street,
    grid: v.grid,
    status: v.status,
  };
}

export async function insertInstitution(ctx: HandlerContext, v: InstitutionValues): Promise<Institution> {
  await assertInstitutionKeysFree(ctx.db, v, null);
  const at = nowIso(ctx);
  const { id } = await ctx.db
    .insertInto('institutions')
    .values({ ...institutionRow(v), created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return auditedAfter(ctx, getInstitution, id, {
    entity: 'institution',
    summary: (after) => `新增监管对象 ${after.name}`,
  });
}

export async function updateInstitution(
  ctx: HandlerContext,
  id: number,
  v: InstitutionValues,
): Promise<Institution> {
  const before = await getInstitution(ctx.db, id);
  await assertInstitutionKeysFree(ctx.db, v, id);
  await ctx.db
    .updateTable('institutions')
    .set({ ...institutionRow(v), updated_at: nowIso(ctx) })
    .where('id', '=', id)
    .execute();
  return auditedAfter(ctx, getInstitution, id, {
    entity: 'institution',
    summary: (after) => `修改监管对象 ${after.name}`,
    before,
  });
}

// ---------------------------------------------------------------- 从业人员

// A left join to the institution every practitioner has (institution_id is NOT NULL and a foreign key): the same
// rows as an inner join, and a store leaves the join out where nothing reads the institution — the rows a grid's
// jump skips and the count. An inner join looked each skipped row's institution up: at three times the district
// that part grew 5.5× (npm run bench --scale 3x, 2026-12-06).
const practitionerFrom = (db: Kysely<DB>) =>
  db.selectFrom('practitioners as p').leftJoin('institutions as i', 'i.id', 'p.institution_id');

const withPractitionerColumns = (q: ReturnType<typeof practitionerFrom>) =>
  q.selectAll('p').select(['i.name as institution_name', 'i.uscc as institution_uscc']);

const practitionerColumns = (db: Kysely<DB>) => withPractitionerColumns(practitionerFrom(db));

type PractitionerRow = Awaited<ReturnType<ReturnType<typeof practitionerColumns>['executeTakeFirstOrThrow']>>;

function toPractitioner(r: PractitionerRow): Practitioner {
  return {
    id: r.id,
    name: r.name,
    category: r.category as PractitionerCategory,
    certificateNo: r.certificate_no,
    institutionId: r.institution_id,
    institutionName: r.institution_name ?? '',
    institutionUscc: r.institution_uscc ?? '',
    active: r.active === 1,
    updatedAt: r.updated_at,
    version: r.row_version,
  };
}

export async function listPractitioners(
  db: Kysely<DB>,
  opts: { includeInactive?: boolean; institutionId?: number | undefined } = {},
): Promise<Practitioner[]> {
  let q = practitionerColumns(db).orderBy('p.id');
  if (opts.institutionId !== undefined) q = q.where('p.institution_id', '=', opts.institutionId);
  if (opts.includeInactive === false) q = q.where('p.active', '=', 1);
  return (await q.execute()).map(toPractitioner);
}

export type PractitionerFilter = Omit<
  ParsedInput<'practitioners.exportXlsx'>,
  'includeInactive' | 'sort' | 'filter'
> & {
  includeInactive?: boolean;
};

/** The practitioners the register's filters select (nothing selected yet). */
function filterPractitioners(db: Kysely<DB>, f: PractitionerFilter) {
  let q = practitionerFrom(db);
  if (f.status === 'active' || f.includeInactive === false) q = q.where('p.active', '=', 1);
  if (f.status === 'inactive') q = q.where('p.active', '=', 0);
  if (f.category !== undefined) q = q.where('p.category', '=', f.category);
  if (f.institutionId !== undefined) q = q.where('p.institution_id', '=', f.institutionId);
  if (f.id !== undefined) q = q.where('p.id', '=', f.id);
  if (f.ids !== undefined) q = q.where('p.id', 'in', f.ids);
  const search = f.search;
  if (search)
    q = q.where((eb) =>
      eb.or([
        containsText(db, 'p.name', search),
        containsText(db, 'p.certificate_no', search),
        containsText(db, 'i.name', search),
        containsText(db, 'i.uscc', search),
      ]),
    );
  return q;
}

const PRACTITIONER_COLUMNS = {
  name: 'p.name',
  category: 'p.category',
  certificateNo: 'p.certificate_no',
  institutionName: 'i.name',
  institutionUscc: 'i.uscc',
} as const satisfies PageColumns<(typeof PRACTITIONER_SORT_KEYS)[number]>;

type PractitionerView = Pick<
  ParsedInput<'practitioners.page'>,
  'startRow' | 'endRow' | 'sort' | 'filter' | 'after' | 'knownTotal'
>;

function practitionerBlock(db: Kysely<DB>, f: PractitionerFilter, view: PractitionerView) {
  return pageOf({
    db,
    filtered: filterPractitioners(db, f),
    select: (q) => withPractitionerColumns(q as ReturnType<typeof practitionerFrom>),
    sortColumns: PRACTITIONER_COLUMNS,
    filterColumns: PRACTITIONER_COLUMNS,
    // The latest entered first, so a person just added (or imported) is at the top of the grid.
    order: { dir: 'desc' },
    id: 'p.id',
    input: view,
    counts: (eb) => ({ active: eb('p.active', '=', 1) }),
    toRows: (rows) => rows.map(toPractitioner),
  });
}

/** A block of the 从业人员 register (the latest entered first unless the grid sorts), with the number in 在职. */
export async function practitionersPage(
  db: Kysely<DB>,
  input: ParsedInput<'practitioners.page'>,
): Promise<PageOf<Practitioner, PractitionerCounts>> {
  const { view, filters: f } = splitPageInput(input);
  return practitionerBlock(db, f, view);
}

/** How many records practitionerBatches gives for the same filter (an export's 第 k / n 行). */
export async function countPractitioners(
  db: Kysely<DB>,
  f: PractitionerFilter & Partial<Pick<ParsedInput<'practitioners.exportXlsx'>, 'sort' | 'filter'>>,
): Promise<number> {
  const { sort = [], filter, ...rest } = f;
  return (await practitionerBlock(db, rest, { startRow: 0, endRow: 1, sort, filter })).total;
}

/** The register as the grid shows it — its filters, search, column filters and sort — in batches read by cursor
 *  (an export never holds it all at once). */
export async function* practitionerBatches(
  db: Kysely<DB>,
  f: PractitionerFilter & Partial<Pick<ParsedInput<'practitioners.exportXlsx'>, 'sort' | 'filter'>>,
  size = 2000,
): AsyncGenerator<Practitioner[]> {
  const { sort = [], filter, ...rest } = f;
  let after: PractitionerView['after'];
  for (let startRow = 0; ; startRow += size) {
    const page = await practitionerBlock(db, rest, {
      startRow,
      endRow: startRow + size,
      sort,
      filter,
      after,
    });
    if (page.rows.length > 0) yield page.rows;
    if (page.rows.length < size || !page.next) return;
    after = page.next;
  }
}

export async function getPractitioner(db: Kysely<DB>, id: number): Promise<Practitioner> {
  const r = await practitionerColumns(db).where('p.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该从业人员不存在或已被删除');
  return toPractitioner(r);
}

async function assertPractitionerValid(
  db: Kysely<DB>,
  v: PractitionerValues,
  before: Practitioner | null,
): Promise<void> {
  const institution = await db
    .selectFrom('institutions')
    .select(['name', 'status'])
    .where('id', '=', v.institutionId)
    .executeTakeFirst();
  if (!institution)
    refuse('VALIDATION', [{ path: 'institutionId', message: '所选执业机构不在监管对象名录中' }]);
  if (institution.status === 'deregistered' && before?.institutionId !== v.institutionId)
    refuse('VALIDATION', [
      { path: 'institutionId', message: `执业机构“${institution.name}”已注销，不能登记在此执业` },
    ]);
  const holder = await db
    .selectFrom('practitioners as p')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .select(['p.id', 'p.name', 'i.name as institution_name'])
    .where('p.category', '=', v.category)
    .where('p.certificate_no', '=', v.certificateNo)
    .executeTakeFirst();
  if (holder && holder.id !== before?.id)
    refuse('CONFLICT', [
      {
        path: 'certificateNo',
        message: `${PRACTITIONER_CATEGORY_LABELS[v.category]}证书编号 ${v.certificateNo} 已登记为“${holder.name}”（${holder.institution_name}）`,
      },
    ]);
}

export async function insertPractitioner(ctx: HandlerContext, v: PractitionerValues): Promise<Practitioner> {
  await assertPractitionerValid(ctx.db, v, null);
  const at = nowIso(ctx);
  const { id } = await ctx.db
    .insertInto('practitioners')
    .values({
      name: v.name,
      category: v.category,
      certificate_no: v.certificateNo,
      institution_id: v.institutionId,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return auditedAfter(ctx, getPractitioner, id, {
    entity: 'practitioner',
    summary: (after) => `新增从业人员 ${after.name}（${after.institutionName}）`,
  });
}

export async function updatePractitioner(
  ctx: HandlerContext,
  id: number,
  v: PractitionerValues,
  extra: { active?: boolean } = {},
): Promise<Practitioner> {
  const before = await getPractitioner(ctx.db, id);
  await assertPractitionerValid(ctx.db, v, before);
  await ctx.db
    .updateTable('practitioners')
    .set({
      name: v.name,
      category: v.category,
      certificate_no: v.certificateNo,
      institution_id: v.institutionId,
      ...(extra.active === undefined ? {} : { active: extra.active ? 1 : 0 }),
      updated_at: nowIso(ctx),
    })
    .where('id', '=', id)
    .execute();
  return auditedAfter(ctx, getPractitioner, id, {
    entity: 'practitioner',
    summary: (after) => `修改从业人员 ${after.name}（${after.institutionName}）`,
    before,
  });
}

// ---------------------------------------------------------------- 执法检查人员

const inspectorColumns = (db: Kysely<DB>) =>
  db
    .selectFrom('inspectors')
    .innerJoin('departments as d', 'd.id', 'inspectors.department_id')
    .selectAll('inspectors')
    .select('d.short_name as department_name')
    .select((eb) =>
      jsonArrayFrom(
        db,
        eb
          .selectFrom('inspector_conflicts as c')
          .innerJoin('institutions as n', 'n.id', 'c.institution_id')
          .select([
            'c.institution_id as institutionId',
            'n.name as institutionName',
            'n.uscc as institutionUscc',
            'c.reason',
          ])
          .whereRef('c.inspector_id', '=', 'inspectors.id')
          .orderBy('c.position'),
      ).as('conflicts'),
    );

type InspectorRow = Awaited<ReturnType<ReturnType<typeof inspectorColumns>['executeTakeFirstOrThrow']>>;

function toInspector(r: InspectorRow): Inspector {
  return {
    id: r.id,
    name: r.name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    badgeNo: r.badge_no,
    active: r.active === 1,
    qualifications: JSON.parse(r.qualifications_json) as string[],
    conflicts: jsonRows(r.conflicts) as InspectorConflict[],
    updatedAt: r.updated_at,
    version: r.row_version,
  };
}

export async function listInspectors(
  db: Kysely<DB>,
  includeInactive = true,
  ids?: number[],
): Promise<Inspector[]> {
  let q = inspectorColumns(db).orderBy('inspectors.id');
  if (!includeInactive) q = q.where('inspectors.active', '=', 1);
  if (ids !== undefined) q = q.where('inspectors.id', 'in', ids);
  return (await q.execute()).map(toInspector);
}

export async function getInspector(db: Kysely<DB>, id: number): Promise<Inspector> {
  const r = await inspectorColumns(db).where('inspectors.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该执法检查人员不存在或已被删除');
  return toInspector(r);
}

async function assertInspectorValid(
  db: Kysely<DB>,
  v: InspectorValues,
  before: Inspector | null,
): Promise<void> {
  const issues: FieldIssue[] = [];
  const department = await db
    .selectFrom('departments')
    .select(['short_name', 'active'])
    .where('id', '=', v.departmentId)
    .executeTakeFirst();
  if (!department) issues.push({ path: 'departmentId', message: '所选单位不在成员单位名录中' });
  else if (department.active !== 1 && before?.departmentId !== v.departmentId)
    issues.push({ path: 'departmentId', message: `成员单位“${department.short_name}”已停用` });
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
  if (issues.length > 0) refuse('VALIDATION', issues);
  const holder = await db
    .selectFrom('inspectors')
    .select(['id', 'name'])
    .where('badge_no', '=', v.badgeNo)
    .executeTakeFirst();
  if (holder && holder.id !== before?.id)
    refuse('CONFLICT', [{ path: 'badgeNo', message: `执法证号 ${v.badgeNo} 已登记为“${holder.name}”` }]);
}

async function writeConflicts(db: Kysely<DB>, inspectorId: number, v: InspectorValues): Promise<void> {
  await db.deleteFrom('inspector_conflicts').where('inspector_id', '=', inspectorId).execute();
  if (v.conflicts.length > 0)
    await db
      .insertInto('inspector_conflicts')
      .values(
        v.conflicts.map((c, position) => ({
          inspector_id: inspectorId,
          institution_id: c.institutionId,
          reason: c.reason,
          position,
        })),
      )
      .execute();
}

export async function insertInspector(ctx: HandlerContext, v: InspectorValues): Promise<Inspector> {
  await assertInspectorValid(ctx.db, v, null);
  const at = nowIso(ctx);
  const { id } = await ctx.db
    .insertInto('inspectors')
    .values({
      name: v.name,
      department_id: v.departmentId,
      badge_no: v.badgeNo,
      qualifications_json: JSON.stringify(v.qualifications),
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeConflicts(ctx.db, id, v);
  return auditedAfter(ctx, getInspector, id, {
    entity: 'inspector',
    summary: (after) => `新增执法检查人员 ${after.name}（${after.departmentName}）`,
  });
}

export async function updateInspector(
  ctx: HandlerContext,
  id: number,
  v: InspectorValues,
  extra: { active?: boolean } = {},
): Promise<Inspector> {
  const before = await getInspector(ctx.db, id);
  await assertInspectorValid(ctx.db, v, before);
  await ctx.db
    .updateTable('inspectors')
    .set({
      name: v.name,
      department_id: v.departmentId,
      badge_no: v.badgeNo,
      qualifications_json: JSON.stringify(v.qualifications),
      ...(extra.active === undefined ? {} : { active: extra.active ? 1 : 0 }),
      updated_at: nowIso(ctx),
    })
    .where('id', '=', id)
    .execute();
  await writeConflicts(ctx.db, id, v);
  return auditedAfter(ctx, getInspector, id, {
    entity: 'inspector',
    summary: (after) => `修改执法检查人员 ${after.name}（${after.departmentName}）`,
    before,
  });
}

const activeText = (active: boolean, on: string, off: string) => (active ? on : off);

/**
 * A status change of several records at once (the rows ticked in a register): every record is read and checked
 * first — the whole batch is refused, naming the records, if any one is missing or already has the status — then
 * each is claimed at the version the grid showed (a record changed since refuses the batch as a single edit would,
 * naming it) and changed with its own audit row, all in the mutation's one transaction.
 */
async function changeStatusMany<R extends { id: number; name: string }, K extends keyof R & string>(
  ctx: HandlerContext,
  records: { id: number; version?: number | undefined }[],
  change: {
    table: 'institutions' | 'practitioners' | 'inspectors';
    what: string;
    get: (db: Kysely<DB>, id: number) => Promise<R>;
    key: K;
    value: R[K];
    valueText: string;
    write: (ids: number[], at: string) => Promise<unknown>;
    entity: EntityName;
    summary: (after: R) => string;
  },
): Promise<R[]> {
  const before: R[] = [];
  for (const r of records) {
    try {
      before.push(await change.get(ctx.db, r.id));
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND')
        throw new AppError('NOT_FOUND', `所选${change.what}（编号 ${r.id}）不存在或已被删除，未变更任何一条`);
      throw e;
    }
  }
  const already = before.filter((b) => b[change.key] === change.value);
  if (already.length > 0)
    throw new AppError(
      'VALIDATION',
      `以下${change.what}已是${change.valueText}状态：${already
        .slice(0, 10)
        .map((b) => `“${b.name}”`)
        .join(
          '、',
        )}${already.length > 10 ? ` 等 ${already.length} 条` : ''}；请取消勾选后重试（未变更任何一条）`,
    );
  for (const [i, r] of records.entries()) {
    try {
      await claimVersion(ctx, change.table, r.id, r.version);
    } catch (e) {
      if (e instanceof AppError && e.code === 'CONFLICT')
        throw new AppError(
          'CONFLICT',
          `${change.what}“${before[i]!.name}”${e.message.replace(/^该记录/, '').replace(/。[\s\S]*$/, '')}，与列表显示的不同；请刷新列表、核对后重试（未变更任何一条）`,
        );
      throw e;
    }
  }
  await change.write(
    records.map((r) => r.id),
    nowIso(ctx),
  );
  const out: R[] = [];
  for (const b of before) {
    const after = await change.get(ctx.db, b.id);
    await ctx.audit({
      entity: change.entity,
      entityId: b.id,
      summary: `批量变更：${change.summary(after)}`,
      before: { [change.key]: b[change.key] },
      after: { [change.key]: after[change.key] },
    });
    out.push(after);
  }
  return out;
}

export const enforcementDirectoryHandlers = defineHandlers({
  'institutions.list': async ({ includeInactive }, ctx) => listInstitutions(ctx.db, includeInactive),
  'institutions.create': async (input, ctx) => insertInstitution(ctx, input),
  'institutions.update': async ({ id, version, ...values }, ctx) => {
    await claimVersion(ctx, 'institutions', id, version, () => getInstitution(ctx.db, id));
    return updateInstitution(ctx, id, values);
  },
  'institutions.setStatus': async ({ id, status }, ctx) =>
    changeStatus(ctx, id, {
      get: getInstitution,
      key: 'status',
      value: status,
      already: (before) => `监管对象“${before.name}”已是${INSTITUTION_STATUS_LABELS[status]}状态`,
      write: (at) =>
        ctx.db.updateTable('institutions').set({ status, updated_at: at }).where('id', '=', id).execute(),
      entity: 'institution',
      summary: (after) => `监管对象 ${after.name} 状态改为${INSTITUTION_STATUS_LABELS[status]}`,
    }),

  'institutions.setStatusMany': async ({ records, status }, ctx) =>
    changeStatusMany(ctx, records, {
      table: 'institutions',
      what: '监管对象',
      get: getInstitution,
      key: 'status',
      value: status,
      valueText: INSTITUTION_STATUS_LABELS[status],
      write: (ids, at) =>
        ctx.db.updateTable('institutions').set({ status, updated_at: at }).where('id', 'in', ids).execute(),
      entity: 'institution',
      summary: (after) => `监管对象 ${after.name} 状态改为${INSTITUTION_STATUS_LABELS[status]}`,
    }),

  'practitioners.list': async ({ includeInactive, institutionId }, ctx) =>
    listPractitioners(ctx.db, { includeInactive, institutionId }),
  'practitioners.page': async (input, ctx) => practitionersPage(ctx.db, input),
  'practitioners.create': async (input, ctx) => insertPractitioner(ctx, input),
  'practitioners.update': async ({ id, version, ...values }, ctx) => {
    await claimVersion(ctx, 'practitioners', id, version, () => getPractitioner(ctx.db, id));
    return updatePractitioner(ctx, id, values);
  },
  'practitioners.setActive': async ({ id, active }, ctx) =>
    changeStatus(ctx, id, {
      get: getPractitioner,
      key: 'active',
      value: active,
      already: (before) => `从业人员“${before.name}”已是${activeText(active, '在职', '离职')}状态`,
      write: (at) =>
        ctx.db
          .updateTable('practitioners')
          .set({ active: active ? 1 : 0, updated_at: at })
          .where('id', '=', id)
          .execute(),
      entity: 'practitioner',
      summary: (after) =>
        `从业人员 ${after.name}（${after.institutionName}）标为${activeText(active, '在职', '离职')}`,
    }),

  'practitioners.setActiveMany': async ({ records, active }, ctx) =>
    changeStatusMany(ctx, records, {
      table: 'practitioners',
      what: '从业人员',
      get: getPractitioner,
      key: 'active',
      value: active,
      valueText: activeText(active, '在职', '离职'),
      write: (ids, at) =>
        ctx.db
          .updateTable('practitioners')
          .set({ active: active ? 1 : 0, updated_at: at })
          .where('id', 'in', ids)
          .execute(),
      entity: 'practitioner',
      summary: (after) =>
        `从业人员 ${after.name}（${after.institutionName}）标为${activeText(active, '在职', '离职')}`,
    }),

  'inspectors.list': async ({ includeInactive }, ctx) => listInspectors(ctx.db, includeInactive),
  'inspectors.create': async (input, ctx) => insertInspector(ctx, input),
  'inspectors.update': async ({ id, version, ...values }, ctx) => {
    await claimVersion(ctx, 'inspectors', id, version, () => getInspector(ctx.db, id));
    return updateInspector(ctx, id, values);
  },
  'inspectors.setActive': async ({ id, active }, ctx) =>
    changeStatus(ctx, id, {
      get: getInspector,
      key: 'active',
      value: active,
      already: (before) => `执法检查人员“${before.name}”已是${activeText(active, '启用', '停用')}状态`,
      write: (at) =>
        ctx.db
          .updateTable('inspectors')
          .set({ active: active ? 1 : 0, updated_at: at })
          .where('id', '=', id)
          .execute(),
      entity: 'inspector',
      summary: (after) =>
        `${activeText(active, '启用', '停用')}执法检查人员 ${after.name}（${after.departmentName}）`,
    }),
  'inspectors.setActiveMany': async ({ records, active }, ctx) =>
    changeStatusMany(ctx, records, {
      table: 'inspectors',
      what: '执法检查人员',
      get: getInspector,
      key: 'active',
      value: active,
      valueText: activeText(active, '启用', '停用'),
      write: (ids, at) =>
        ctx.db
          .updateTable('inspectors')
          .set({ active: active ? 1 : 0, updated_at: at })
          .where('id', 'in', ids)
          .execute(),
      entity: 'inspector',
      summary: (after) =>
        `${activeText(active, '启用', '停用')}执法检查人员 ${after.name}（${after.departmentName}）`,
    }),
});
