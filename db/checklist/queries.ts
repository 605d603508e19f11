// 任务清单 reads: the shipped templates and the names in them the department directory cannot resolve, the
// year's lists, and one list with its items, their units and measures.
import type { Kysely } from 'kysely';
import type { Checklist, ChecklistItem, TemplateSummary } from '../../shared/contract';
import type { ChecklistTemplate } from '../../shared/domain/checklist';
import { AppError } from '../../shared/errors';
import type { HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import type { DB } from '../core/schema';
import { nameIndex, normalizeName } from '../system/departments';
import { measureFor } from './measures';
import { todayIso, type IsoDate } from '../../shared/dates';
import yuecheng from '../../resources/templates/yuecheng-2020.json';
import xicheng from '../../resources/templates/xicheng-2022.json';

export const TEMPLATES: ChecklistTemplate[] = [yuecheng, xicheng];

export function template(id: string): ChecklistTemplate {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) throw new AppError('NOT_FOUND', `没有名为 ${id} 的清单模板`);
  return t;
}

const summary = (t: ChecklistTemplate): TemplateSummary => ({
  id: t.id,
  name: t.name,
  document: t.document,
  itemCount: t.items.length,
});

/** `today` (the caller's clock) dates the measurable items' counts, e.g. which joint actions have ended. */
export async function loadChecklist(
  db: Kysely<DB>,
  where: { year: number } | { id: number },
  today: IsoDate,
): Promise<Checklist | null> {
  let q = db.selectFrom('checklists').selectAll();
  q = 'year' in where ? q.where('year', '=', where.year) : q.where('id', '=', where.id);
  const list = await q.executeTakeFirst();
  if (!list) return null;
  const items = await db
    .selectFrom('checklist_items')
    .selectAll()
    .where('checklist_id', '=', list.id)
    .orderBy('seq')
    .execute();
  const units = await db
    .selectFrom('checklist_item_units as u')
    .innerJoin('checklist_items as i', 'i.id', 'u.item_id')
    .innerJoin('departments as d', 'd.id', 'u.department_id')
    .select(['u.item_id', 'u.department_id', 'u.role', 'd.short_name'])
    .where('i.checklist_id', '=', list.id)
    .orderBy('u.item_id')
    .orderBy('u.position')
    .execute();
  const byItem = new Map<number, ChecklistItem['units']>();
  for (const u of units) {
    const l = byItem.get(u.item_id) ?? [];
    l.push({ departmentId: u.department_id, shortName: u.short_name, role: u.role });
    byItem.set(u.item_id, l);
  }
  return {
    id: list.id,
    year: list.year,
    title: list.title,
    templateId: list.template_id,
    document: list.document,
    leadRule: list.lead_rule,
    itemCount: items.filter((i) => i.retired === 0).length,
    items: await Promise.all(
      items.map(async (i) => ({
        id: i.id,
        version: i.row_version,
        seq: i.seq,
        code: i.code,
        title: i.title,
        text: i.text,
        remark: i.remark,
        retired: i.retired === 1,
        measure: await measureFor(db, i, list.year, today),
        units: byItem.get(i.id) ?? [],
        updatedAt: i.updated_at,
      })),
    ),
  };
}

/** The template's unit names the directory cannot resolve, with the items that name them. */
export async function unresolvedNames(
  db: Kysely<DB>,
  t: ChecklistTemplate,
): Promise<{ name: string; items: string[] }[]> {
  const index = await nameIndex(db);
  const out = new Map<string, string[]>();
  for (const item of t.items) {
    for (const name of item.units) {
      if (!index.has(normalizeName(name))) out.set(name, [...(out.get(name) ?? []), item.code]);
    }
  }
  return [...out].map(([name, items]) => ({ name, items }));
}

export async function listTemplates(): Promise<Output<'checklist.templates'>> {
  return TEMPLATES.map(summary);
}

export async function listChecklists(
  _input: ParsedInput<'checklist.list'>,
  ctx: HandlerContext,
): Promise<Output<'checklist.list'>> {
  const rows = await ctx.db
    .selectFrom('checklists as c')
    .leftJoin('checklist_items as i', (j) => j.onRef('i.checklist_id', '=', 'c.id').on('i.retired', '=', 0))
    .select(['c.id', 'c.year', 'c.title', 'c.template_id'])
    .select((eb) => eb.fn.count<number>('i.id').as('n'))
    .groupBy('c.id')
    .orderBy('c.year', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    title: r.title,
    templateId: r.template_id,
    itemCount: Number(r.n),
  }));
}

export async function getChecklist(
  { year }: ParsedInput<'checklist.get'>,
  ctx: HandlerContext,
): Promise<Output<'checklist.get'>> {
  return loadChecklist(ctx.db, { year }, todayIso(ctx.now()));
}

export async function previewTemplate(
  { templateId }: ParsedInput<'checklist.previewTemplate'>,
  ctx: HandlerContext,
): Promise<Output<'checklist.previewTemplate'>> {
  const t = template(templateId);
  return { template: summary(t), unresolved: await unresolvedNames(ctx.db, t) };
}
