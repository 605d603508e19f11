// 任务清单 structure: a year's list made from a shipped template (names resolved through the department
// directory; unknown names are reported and must be mapped or created, never dropped), copied forward to the
// next year, and edited item by item. Items that have progress are retired, not deleted, so history stays.
// The domain's handler map is at the end; reads are in queries.ts.
import type { Kysely } from 'kysely';
import type { Checklist, ChecklistItem } from '../../shared/contract';
import type { UnitRole } from '../../shared/domain/checklist';
import { AppError } from '../../shared/errors';
import { defineHandlers, nowIso, type HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import type { DB } from '../core/schema';
import { claimVersion } from '../core/versions';
import { getDepartment, insertDepartment, nameIndex, normalizeName } from '../system/departments';
import { departmentInput } from '../../shared/contract';
import { todayIso, type IsoDate } from '../../shared/dates';
import {
  template,
  loadChecklist,
  unresolvedNames,
  listTemplates,
  listChecklists,
  getChecklist,
  previewTemplate,
} from './queries';

async function requireChecklist(
  db: Kysely<DB>,
  where: { year: number } | { id: number },
  today: IsoDate,
): Promise<Checklist> {
  const c = await loadChecklist(db, where, today);
  if (!c)
    throw new AppError('NOT_FOUND', 'year' in where ? `${where.year} 年尚未建立任务清单` : '任务清单不存在');
  return c;
}

async function itemOf(
  db: Kysely<DB>,
  itemId: number,
  today: IsoDate,
): Promise<{ checklist: Checklist; item: ChecklistItem }> {
  const row = await db
    .selectFrom('checklist_items')
    .select('checklist_id')
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '任务不存在');
  const checklist = await requireChecklist(db, { id: row.checklist_id }, today);
  return { checklist, item: checklist.items.find((i) => i.id === itemId)! };
}

async function writeUnits(
  db: Kysely<DB>,
  itemId: number,
  units: { departmentId: number; role: UnitRole }[],
): Promise<void> {
  await db.deleteFrom('checklist_item_units').where('item_id', '=', itemId).execute();
  if (units.length) {
    await db
      .insertInto('checklist_item_units')
      .values(
        units.map((u, i) => ({ item_id: itemId, department_id: u.departmentId, role: u.role, position: i })),
      )
      .execute();
  }
}

async function assertDepartmentsExist(db: Kysely<DB>, ids: number[]): Promise<void> {
  for (const id of ids) await getDepartment(db, id);
}

interface NewItem {
  code: string;
  title: string;
  text: string;
  remark: string;
  units: { departmentId: number; role: UnitRole }[];
}

async function insertItems(
  ctx: HandlerContext,
  checklistId: number,
  items: NewItem[],
  firstSeq = 1,
): Promise<void> {
  const at = nowIso(ctx);
  for (const [i, item] of items.entries()) {
    const { id } = await ctx.db
      .insertInto('checklist_items')
      .values({
        checklist_id: checklistId,
        seq: firstSeq + i,
        code: item.code,
        title: item.title,
        text: item.text,
        remark: item.remark,
        retired: 0,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeUnits(ctx.db, id, item.units);
  }
}

export async function createChecklist(
  { year, templateId, unresolved }: ParsedInput<'checklist.create'>,
  ctx: HandlerContext,
): Promise<Output<'checklist.create'>> {
  if (await loadChecklist(ctx.db, { year }, todayIso(ctx.now())))
    throw new AppError('CONFLICT', `${year} 年的任务清单已存在`);
  const t = templateId ? template(templateId) : null;
  const at = nowIso(ctx);
  const { id } = await ctx.db
    .insertInto('checklists')
    .values({
      year,
      title: t ? `${year}年${t.name}` : `${year}年医疗卫生行业综合监管工作清单`,
      template_id: t?.id ?? null,
      document: t?.document ?? '',
      lead_rule: t?.leadRule ?? '责任单位中排名第一位的为牵头单位。',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (t) {
    // Every name must end up as a department: mapped by the user, or created now. None is dropped.
    const missing = await unresolvedNames(ctx.db, t);
    const mapping = new Map(unresolved.map((u) => [u.name, u.departmentId]));
    const notDecided = missing.filter((m) => !mapping.has(m.name));
    if (notDecided.length) {
      throw new AppError(
        'VALIDATION',
        `以下责任单位在成员单位名录中找不到，请先对应到已有单位或新建：${notDecided.map((m) => m.name).join('、')}`,
        { unresolved: notDecided },
      );
    }
    const resolved = new Map<string, number>();
    for (const m of missing) {
      const target = mapping.get(m.name);
      if (target) {
        await getDepartment(ctx.db, target);
        resolved.set(m.name, target);
      } else {
        const d = await insertDepartment(ctx, departmentInput.parse({ fullName: m.name, shortName: m.name }));
        resolved.set(m.name, d.id);
      }
    }
    const index = await nameIndex(ctx.db);
    const items: NewItem[] = t.items.map((item) => {
      const ids: number[] = [];
      for (const name of item.units) {
        const id = resolved.get(name) ?? index.get(normalizeName(name))!.id;
        if (!ids.includes(id)) ids.push(id); // two names of one unit (各镇人民政府、街道办事处) count once
      }
      return {
        code: item.code,
        title: item.title,
        text: item.text,
        remark: item.remark,
        units: ids.map((departmentId, i) => ({ departmentId, role: i === 0 ? 'lead' : 'participant' })),
      };
    });
    await insertItems(ctx, id, items);
  }
  const after = await requireChecklist(ctx.db, { id }, todayIso(ctx.now()));
  await ctx.audit({
    entity: 'checklist',
    entityId: id,
    summary: `建立 ${year} 年任务清单${t ? `（模板：${t.name}，${t.items.length} 项）` : '（空清单）'}`,
    after: { year, templateId, items: after.items.length },
  });
  return after;
}

export async function copyForward(
  { fromYear, toYear }: ParsedInput<'checklist.copyForward'>,
  ctx: HandlerContext,
): Promise<Output<'checklist.copyForward'>> {
  if (toYear <= fromYear) throw new AppError('VALIDATION', '只能复制到以后的年度');
  const from = await requireChecklist(ctx.db, { year: fromYear }, todayIso(ctx.now()));
  if (await loadChecklist(ctx.db, { year: toYear }, todayIso(ctx.now())))
    throw new AppError('CONFLICT', `${toYear} 年的任务清单已存在`);
  const at = nowIso(ctx);
  const { id } = await ctx.db
    .insertInto('checklists')
    .values({
      year: toYear,
      title: from.title.replace(String(fromYear), String(toYear)),
      template_id: from.templateId,
      document: from.document,
      lead_rule: from.leadRule,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const active = from.items.filter((i) => !i.retired);
  await insertItems(
    ctx,
    id,
    active.map((i) => ({
      ...i,
      units: i.units.map((u) => ({ departmentId: u.departmentId, role: u.role })),
    })),
  );
  await ctx.audit({
    entity: 'checklist',
    entityId: id,
    summary: `由 ${fromYear} 年任务清单复制建立 ${toYear} 年清单（${active.length} 项）`,
    after: { fromYear, toYear, items: active.length },
  });
  return requireChecklist(ctx.db, { id }, todayIso(ctx.now()));
}

export async function addItem(
  { checklistId, units, ...fields }: ParsedInput<'checklist.addItem'>,
  ctx: HandlerContext,
): Promise<Output<'checklist.addItem'>> {
  const list = await requireChecklist(ctx.db, { id: checklistId }, todayIso(ctx.now()));
  await assertDepartmentsExist(
    ctx.db,
    units.map((u) => u.departmentId),
  );
  const seq = Math.max(0, ...list.items.map((i) => i.seq)) + 1;
  await insertItems(ctx, checklistId, [{ ...fields, units }], seq);
  const after = (await requireChecklist(ctx.db, { id: checklistId }, todayIso(ctx.now()))).items.find(
    (i) => i.seq === seq,
  )!;
  await ctx.audit({
    entity: 'checklist_item',
    entityId: after.id,
    summary: `新增任务：${after.title}`,
    after,
  });
  return after;
}

export async function updateItem(
  { itemId, units, version, ...fields }: ParsedInput<'checklist.updateItem'>,
  ctx: HandlerContext,
): Promise<Output<'checklist.updateItem'>> {
  const { item: before } = await itemOf(ctx.db, itemId, todayIso(ctx.now()));
  // Saved from the copy the editor started from: someone else's newer save is not overwritten unseen.
  await claimVersion(ctx, 'checklist_items', itemId, version, async () => {
    return (await itemOf(ctx.db, itemId, todayIso(ctx.now()))).item;
  });
  await assertDepartmentsExist(
    ctx.db,
    units.map((u) => u.departmentId),
  );
  await ctx.db
    .updateTable('checklist_items')
    .set({ ...fields, updated_at: nowIso(ctx) })
    .where('id', '=', itemId)
    .execute();
  await writeUnits(ctx.db, itemId, units);
  const { item: after } = await itemOf(ctx.db, itemId, todayIso(ctx.now()));
  await ctx.audit({
    entity: 'checklist_item',
    entityId: itemId,
    summary: `修改任务：${after.title}`,
    before,
    after,
  });
  return after;
}

export async function setRetired(
  { itemId, retired }: ParsedInput<'checklist.setRetired'>,
  ctx: HandlerContext,
): Promise<Output<'checklist.setRetired'>> {
  const { item: before } = await itemOf(ctx.db, itemId, todayIso(ctx.now()));
  if (before.retired === retired) throw new AppError('VALIDATION', `该任务已${retired ? '停用' : '启用'}`);
  await claimVersion(ctx, 'checklist_items', itemId, undefined);
  await ctx.db
    .updateTable('checklist_items')
    .set({ retired: retired ? 1 : 0, updated_at: nowIso(ctx) })
    .where('id', '=', itemId)
    .execute();
  const { item: after } = await itemOf(ctx.db, itemId, todayIso(ctx.now()));
  await ctx.audit({
    entity: 'checklist_item',
    entityId: itemId,
    summary: `${retired ? '停用' : '恢复'}任务：${after.title}（已填报的进展保留）`,
    before: { retired: before.retired },
    after: { retired: after.retired },
  });
  return after;
}

export async function reorderItems(
  { checklistId, itemIds }: ParsedInput<'checklist.reorder'>,
  ctx: HandlerContext,
): Promise<Output<'checklist.reorder'>> {
  const list = await requireChecklist(ctx.db, { id: checklistId }, todayIso(ctx.now()));
  const ids = list.items.map((i) => i.id);
  if (itemIds.length !== ids.length || !ids.every((i) => itemIds.includes(i))) {
    throw new AppError('VALIDATION', '排序列表须包含本清单的全部任务，且每项只出现一次');
  }
  for (const [i, id] of itemIds.entries()) {
    await ctx.db
      .updateTable('checklist_items')
      .set({ seq: i + 1 })
      .where('id', '=', id)
      .execute();
  }
  await ctx.audit({
    entity: 'checklist',
    entityId: checklistId,
    summary: '调整任务顺序',
    before: ids,
    after: itemIds,
  });
  return requireChecklist(ctx.db, { id: checklistId }, todayIso(ctx.now()));
}

export const checklistHandlers = defineHandlers({
  'checklist.templates': listTemplates,
  'checklist.list': listChecklists,
  'checklist.get': getChecklist,
  'checklist.previewTemplate': previewTemplate,
  'checklist.create': createChecklist,
  'checklist.copyForward': copyForward,
  'checklist.addItem': addItem,
  'checklist.updateItem': updateItem,
  'checklist.setRetired': setRetired,
  'checklist.reorder': reorderItems,
});
