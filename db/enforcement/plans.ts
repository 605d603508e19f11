// 抽查计划: the annual random-inspection plan — scope (categories, 街道/镇), 抽查事项, participating departments
// (联合 when two or more), sampling ratio per credit tier, team size, and batches. A batch that has been sealed or
// drawn keeps its number, name and dates (its seal and record refer to them); a plan with either cannot be deleted.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { planInput } from '../../shared/contract';
import type {
  DrawTier,
  InspectionPlan,
  InstitutionCategory,
  PlanBatch,
  PlanDepartment,
  PlanItemDetail,
} from '../../shared/contract';
import { spotItemLabel } from '../../shared/contract';
import { AppError, type FieldIssue } from '../../shared/errors';
import { defineHandlers, nowIso, type HandlerContext } from '../core/context';
import type { DB } from '../core/schema';
import { claimVersion } from '../core/versions';

export type PlanValues = z.output<typeof planInput>;

function refuse(code: 'CONFLICT' | 'VALIDATION', issues: FieldIssue[]): never {
  throw new AppError(code, issues.map((i) => i.message).join('；'), { issues });
}

export async function loadPlans(
  db: Kysely<DB>,
  filter: { year?: number | undefined; id?: number } = {},
): Promise<InspectionPlan[]> {
  let q = db.selectFrom('inspection_plans').selectAll().orderBy('year', 'desc').orderBy('id');
  if (filter.year !== undefined) q = q.where('year', '=', filter.year);
  if (filter.id !== undefined) q = q.where('id', '=', filter.id);
  const plans = await q.execute();
  if (plans.length === 0) return [];
  const ids = plans.map((p) => p.id);
  const departments = await db
    .selectFrom('inspection_plan_departments as pd')
    .innerJoin('departments as d', 'd.id', 'pd.department_id')
    .select(['pd.plan_id', 'd.id', 'd.short_name', 'd.full_name'])
    .where('pd.plan_id', 'in', ids)
    .orderBy('pd.plan_id')
    .orderBy('pd.position')
    .execute();
  const batches = await db
    .selectFrom('inspection_plan_batches')
    .selectAll()
    .where('plan_id', 'in', ids)
    .orderBy('plan_id')
    .orderBy('number')
    .execute();
  const draws = await db
    .selectFrom('draw_records')
    .select(['id', 'plan_id', 'batch_number', 'sha256', 'drawn_at', 'target_count'])
    .where('plan_id', 'in', ids)
    .execute();
  const drawOf = new Map(draws.map((d) => [`${d.plan_id}/${d.batch_number}`, d]));
  const planItems = await db
    .selectFrom('inspection_plan_items as pi')
    .innerJoin('spot_items as s', 's.id', 'pi.item_id')
    .select([
      'pi.plan_id',
      's.id',
      's.name',
      's.sub_item',
      's.basis',
      's.categories_json',
      's.content',
      's.method',
    ])
    .select('s.qualification')
    .where('pi.plan_id', 'in', ids)
    .orderBy('pi.plan_id')
    .orderBy('pi.position')
    .execute();
  const seals = await db
    .selectFrom('draw_seals')
    .select(['id', 'plan_id', 'batch_number', 'sha256', 'sealed_at', 'sealed_on'])
    .where('plan_id', 'in', ids)
    .execute();
  const sealOf = new Map(seals.map((x) => [`${x.plan_id}/${x.batch_number}`, x]));
  return plans.map((p): InspectionPlan => {
    const depts: PlanDepartment[] = departments
      .filter((d) => d.plan_id === p.id)
      .map((d) => ({ id: d.id, shortName: d.short_name, fullName: d.full_name }));
    return {
      id: p.id,
      version: p.row_version,
      year: p.year,
      name: p.name,
      categories: JSON.parse(p.categories_json) as InstitutionCategory[],
      streets: JSON.parse(p.streets_json) as string[],
      items: JSON.parse(p.items_json) as string[],
      itemDetails: planItems
        .filter((i) => i.plan_id === p.id)
        .map((i): PlanItemDetail => ({
          id: i.id,
          label: spotItemLabel({ name: i.name, subItem: i.sub_item }),
          basis: i.basis,
          categories: JSON.parse(i.categories_json) as InstitutionCategory[],
          content: i.content,
          method: i.method,
          qualification: i.qualification,
        })),
      expertPerTeam: p.expert_per_team === 1,
      departments: depts,
      joint: depts.length >= 2,
      ratios: { A: p.ratio_a, B: p.ratio_b, C: p.ratio_c, D: p.ratio_d, none: p.ratio_none } satisfies Record<
        DrawTier,
        number
      >,
      teamSize: p.team_size,
      notes: p.notes,
      batches: batches
        .filter((b) => b.plan_id === p.id)
        .map((b): PlanBatch => {
          const d = drawOf.get(`${p.id}/${b.number}`);
          const sealed = sealOf.get(`${p.id}/${b.number}`);
          return {
            number: b.number,
            name: b.name,
            startDate: b.start_date,
            endDate: b.end_date,
            seal: sealed
              ? {
                  id: sealed.id,
                  sha256: sealed.sha256,
                  sealedAt: sealed.sealed_at,
                  sealedOn: sealed.sealed_on,
                }
              : null,
            draw: d ? { id: d.id, sha256: d.sha256, drawnAt: d.drawn_at, targetCount: d.target_count } : null,
          };
        }),
      createdAt: p.created_at,
      updatedAt: p.updated_at,
    };
  });
}

export async function getPlan(db: Kysely<DB>, id: number): Promise<InspectionPlan> {
  const [plan] = await loadPlans(db, { id });
  if (!plan) throw new AppError('NOT_FOUND', '该抽查计划不存在或已被删除');
  return plan;
}

/**
 * The plan's items on the 随机抽查事项清单, by the label the list gives them (事项名称 or 事项名称（子项）). An item not
 * on the list is refused by name — except, on an existing plan made before the list, the free-text items it
 * already had, which stay as they were.
 */
async function resolveItems(
  db: Kysely<DB>,
  v: PlanValues,
  before: InspectionPlan | null,
): Promise<{ ids: number[]; issues: FieldIssue[] }> {
  const rows = await db.selectFrom('spot_items').select(['id', 'name', 'sub_item', 'active']).execute();
  const byLabel = new Map(rows.map((r) => [spotItemLabel({ name: r.name, subItem: r.sub_item }), r]));
  const had = new Set(before?.items ?? []);
  const legacy = before !== null && before.itemDetails.length === 0;
  const ids: number[] = [];
  const issues: FieldIssue[] = [];
  v.items.forEach((label, i) => {
    const r = byLabel.get(label);
    if (!r) {
      if (!(legacy && had.has(label)))
        issues.push({
          path: `items.${i}`,
          message: `抽查事项“${label}”不在随机抽查事项清单中，请先在“抽查事项清单”中登记，再从清单中选择`,
        });
    } else if (r.active !== 1 && !had.has(label))
      issues.push({ path: `items.${i}`, message: `抽查事项“${label}”已在清单中停用` });
    else ids.push(r.id);
  });
  return { ids, issues };
}

async function assertPlanValid(
  db: Kysely<DB>,
  v: PlanValues,
  before: InspectionPlan | null,
): Promise<number[]> {
  const { ids: itemIds, issues } = await resolveItems(db, v, before);
  const departments = await db
    .selectFrom('departments')
    .select(['id', 'short_name', 'active'])
    .where('id', 'in', v.departmentIds)
    .execute();
  const known = new Map(departments.map((d) => [d.id, d]));
  v.departmentIds.forEach((id, i) => {
    const d = known.get(id);
    if (!d) issues.push({ path: `departmentIds.${i}`, message: '所选参与单位不在成员单位名录中' });
    else if (d.active !== 1 && !before?.departments.some((x) => x.id === id))
      issues.push({ path: `departmentIds.${i}`, message: `成员单位“${d.short_name}”已停用` });
  });
  if (before) {
    const incoming = new Map(v.batches.map((b) => [b.number, b]));
    for (const b of before.batches) {
      if (!b.draw && !b.seal) continue;
      // A sealed batch is fixed in its seal as a drawn one is in its record.
      const [done, record] = b.draw ? ['已抽取', '抽取记录'] : ['已封存', '封存记录'];
      const now = incoming.get(b.number);
      if (!now) issues.push({ path: 'batches', message: `第${b.number}批${done}，不能删除` });
      else if (now.name !== b.name || now.startDate !== b.startDate || now.endDate !== b.endDate)
        issues.push({
          path: 'batches',
          message: `第${b.number}批${done}，其名称和日期已记入${record}，不能修改`,
        });
    }
  }
  if (issues.length > 0) refuse('VALIDATION', issues);
  const same = await db
    .selectFrom('inspection_plans')
    .select('id')
    .where('year', '=', v.year)
    .where('name', '=', v.name)
    .executeTakeFirst();
  if (same && same.id !== before?.id)
    refuse('CONFLICT', [{ path: 'name', message: `${v.year} 年已有名为“${v.name}”的抽查计划` }]);
  return itemIds;
}

function planRow(v: PlanValues) {
  return {
    year: v.year,
    name: v.name,
    categories_json: JSON.stringify(v.categories),
    streets_json: JSON.stringify(v.streets),
    items_json: JSON.stringify(v.items),
    ratio_a: v.ratios.A,
    ratio_b: v.ratios.B,
    ratio_c: v.ratios.C,
    ratio_d: v.ratios.D,
    ratio_none: v.ratios.none,
    team_size: v.teamSize,
    expert_per_team: v.expertPerTeam ? 1 : 0,
    notes: v.notes,
  };
}

async function writeChildren(
  db: Kysely<DB>,
  planId: number,
  v: PlanValues,
  itemIds: number[],
): Promise<void> {
  await db.deleteFrom('inspection_plan_items').where('plan_id', '=', planId).execute();
  if (itemIds.length > 0)
    await db
      .insertInto('inspection_plan_items')
      .values(itemIds.map((item_id, position) => ({ plan_id: planId, item_id, position })))
      .execute();
  await db.deleteFrom('inspection_plan_departments').where('plan_id', '=', planId).execute();
  await db
    .insertInto('inspection_plan_departments')
    .values(v.departmentIds.map((department_id, position) => ({ plan_id: planId, department_id, position })))
    .execute();
  const existing = new Set(
    (
      await db.selectFrom('inspection_plan_batches').select('number').where('plan_id', '=', planId).execute()
    ).map((b) => b.number),
  );
  const incoming = new Set(v.batches.map((b) => b.number));
  const gone = [...existing].filter((n) => !incoming.has(n));
  if (gone.length > 0)
    await db
      .deleteFrom('inspection_plan_batches')
      .where('plan_id', '=', planId)
      .where('number', 'in', gone)
      .execute();
  // Batches are kept by number (a drawn batch's record refers to it), so they are updated in place.
  for (const b of v.batches) {
    const values = { name: b.name, start_date: b.startDate, end_date: b.endDate };
    if (existing.has(b.number))
      await db
        .updateTable('inspection_plan_batches')
        .set(values)
        .where('plan_id', '=', planId)
        .where('number', '=', b.number)
        .execute();
    else
      await db
        .insertInto('inspection_plan_batches')
        .values({ plan_id: planId, number: b.number, ...values })
        .execute();
  }
}

export async function insertPlan(ctx: HandlerContext, v: PlanValues): Promise<InspectionPlan> {
  const itemIds = await assertPlanValid(ctx.db, v, null);
  const at = nowIso(ctx);
  const { id } = await ctx.db
    .insertInto('inspection_plans')
    .values({ ...planRow(v), created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeChildren(ctx.db, id, v, itemIds);
  const after = await getPlan(ctx.db, id);
  await ctx.audit({
    entity: 'inspection_plan',
    entityId: id,
    summary: `新建抽查计划 ${after.year}年“${after.name}”（${after.batches.length} 个批次）`,
    after,
  });
  return after;
}

export async function updatePlan(
  ctx: HandlerContext,
  id: number,
  v: PlanValues,
  version?: number,
): Promise<InspectionPlan> {
  const before = await getPlan(ctx.db, id);
  // Saved from the copy the editor started from: someone else's newer save is not overwritten unseen.
  await claimVersion(ctx, 'inspection_plans', id, version, () => getPlan(ctx.db, id));
  const itemIds = await assertPlanValid(ctx.db, v, before);
  await ctx.db
    .updateTable('inspection_plans')
    .set({ ...planRow(v), updated_at: nowIso(ctx) })
    .where('id', '=', id)
    .execute();
  await writeChildren(ctx.db, id, v, itemIds);
  const after = await getPlan(ctx.db, id);
  await ctx.audit({
    entity: 'inspection_plan',
    entityId: id,
    summary: `修改抽查计划 ${after.year}年“${after.name}”`,
    before,
    after,
  });
  return after;
}

export const inspectionPlanHandlers = defineHandlers({
  'inspectionPlans.list': async ({ year }, ctx) => loadPlans(ctx.db, { year }),
  'inspectionPlans.get': async ({ id }, ctx) => getPlan(ctx.db, id),
  'inspectionPlans.create': async (input, ctx) => insertPlan(ctx, input),
  'inspectionPlans.update': async ({ id, version, ...values }, ctx) => updatePlan(ctx, id, values, version),
  'inspectionPlans.delete': async ({ id }, ctx) => {
    const before = await getPlan(ctx.db, id);
    const drawn = before.batches.filter((b) => b.draw);
    if (drawn.length > 0)
      throw new AppError(
        'VALIDATION',
        `抽查计划“${before.name}”已有 ${drawn.length} 个批次完成抽取，抽取记录须永久保存，计划不能删除`,
      );
    const sealed = before.batches.filter((b) => b.seal);
    if (sealed.length > 0)
      throw new AppError(
        'VALIDATION',
        `抽查计划“${before.name}”已有 ${sealed.length} 个批次封存，封存记录须永久保存，计划不能删除`,
      );
    await ctx.db.deleteFrom('inspection_plans').where('id', '=', id).execute();
    await ctx.audit({
      entity: 'inspection_plan',
      entityId: id,
      summary: `删除抽查计划 ${before.year}年“${before.name}”`,
      before,
    });
    return { id };
  },
});
