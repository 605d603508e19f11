// The agenda (议题, presenters, linked checklist items), its materials, and issuing the notice with its 发文字号.
import { AppError } from '../../shared/errors';
import { nowIso, type HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import { storeFile } from '../core/files';
import { issueNumber } from '../core/doc-numbers';
import { NOTICE_KIND, docNumberOf } from './queries';
import { assertDepartments, saved, describe, touch, assertEditable } from './editing';

export async function saveAgenda(
  { meetingId, version, items }: ParsedInput<'meetings.saveAgenda'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.saveAgenda'>> {
  const meeting = await assertEditable(ctx, meetingId, version);
  const existing = await ctx.db
    .selectFrom('agenda_items')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .execute();
  const byId = new Map(existing.map((e) => [e.id, e]));
  for (const i of items) {
    if (i.id !== undefined && !byId.has(i.id))
      throw new AppError('VALIDATION', '议题不属于此会议，请刷新后重试');
  }
  await assertDepartments(ctx.db, [
    ...new Set(items.flatMap((i) => (i.presenterDepartmentId ? [i.presenterDepartmentId] : []))),
  ]);
  const checklistIds = [...new Set(items.flatMap((i) => i.checklistItemIds))];
  if (checklistIds.length) {
    const found = await ctx.db
      .selectFrom('checklist_items')
      .select('id')
      .where('id', 'in', checklistIds)
      .execute();
    if (found.length !== checklistIds.length)
      throw new AppError('VALIDATION', '关联的清单任务不存在，请刷新后重试');
  }
  const keep = new Set(items.flatMap((i) => (i.id ? [i.id] : [])));
  const removed = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
  if (removed.length) {
    await ctx.db.deleteFrom('agenda_item_checklist').where('agenda_item_id', 'in', removed).execute();
    await ctx.db.deleteFrom('agenda_materials').where('agenda_item_id', 'in', removed).execute();
    await ctx.db.deleteFrom('agenda_items').where('id', 'in', removed).execute();
  }
  let seq = 1;
  for (const i of items) {
    const values = {
      seq: seq++,
      title: i.title,
      presenter_department_id: i.presenterDepartmentId,
      minutes: i.minutes,
    };
    let itemId = i.id;
    if (itemId) await ctx.db.updateTable('agenda_items').set(values).where('id', '=', itemId).execute();
    else {
      itemId = (
        await ctx.db
          .insertInto('agenda_items')
          .values({ ...values, meeting_id: meetingId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    await ctx.db.deleteFrom('agenda_item_checklist').where('agenda_item_id', '=', itemId).execute();
    for (const c of i.checklistItemIds) {
      await ctx.db
        .insertInto('agenda_item_checklist')
        .values({ agenda_item_id: itemId, checklist_item_id: c })
        .execute();
    }
  }
  await touch(ctx, meetingId);
  await ctx.audit({
    entity: 'meeting',
    entityId: meetingId,
    summary: `保存议程（${items.length} 个议题，合计 ${items.reduce((n, i) => n + i.minutes, 0)} 分钟）：${describe(meeting)}`,
    before: existing.map((e) => ({ title: e.title, minutes: e.minutes })),
    after: items,
  });
  return saved(ctx, meetingId);
}

export async function addMaterial(
  { agendaItemId, file }: ParsedInput<'meetings.addMaterial'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.addMaterial'>> {
  const item = await ctx.db
    .selectFrom('agenda_items')
    .selectAll()
    .where('id', '=', agendaItemId)
    .executeTakeFirst();
  if (!item) throw new AppError('NOT_FOUND', '议题不存在，请刷新后重试');
  await assertEditable(ctx, item.meeting_id);
  const stored = await storeFile(ctx, file);
  await ctx.db
    .insertInto('agenda_materials')
    .values({
      agenda_item_id: agendaItemId,
      file_id: stored.id,
      file_name: file.fileName,
      added_at: nowIso(ctx),
    })
    .execute();
  await ctx.audit({
    entity: 'meeting',
    entityId: item.meeting_id,
    summary: `议题“${item.title}”添加材料 ${file.fileName}`,
    after: { sha256: stored.sha256 },
  });
  return saved(ctx, item.meeting_id);
}

export async function removeMaterial(
  { materialId }: ParsedInput<'meetings.removeMaterial'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.removeMaterial'>> {
  const m = await ctx.db
    .selectFrom('agenda_materials as m')
    .innerJoin('agenda_items as a', 'a.id', 'm.agenda_item_id')
    .select(['m.id', 'm.file_name', 'a.meeting_id', 'a.title'])
    .where('m.id', '=', materialId)
    .executeTakeFirst();
  if (!m) throw new AppError('NOT_FOUND', '材料不存在，请刷新后重试');
  await assertEditable(ctx, m.meeting_id);
  await ctx.db.deleteFrom('agenda_materials').where('id', '=', materialId).execute();
  await ctx.audit({
    entity: 'meeting',
    entityId: m.meeting_id,
    summary: `议题“${m.title}”移除材料 ${m.file_name}`,
  });
  return saved(ctx, m.meeting_id);
}

export async function issueNotice(
  { id }: ParsedInput<'meetings.issueNotice'>,
  ctx: HandlerContext,
): Promise<Output<'meetings.issueNotice'>> {
  const m = await assertEditable(ctx, id);
  const attending = await ctx.db
    .selectFrom('meeting_departments')
    .select('department_id')
    .where('meeting_id', '=', id)
    .where('role', '=', 'attend')
    .execute();
  const problems: string[] = [];
  if (!m.place) problems.push('会议地点');
  if (attending.length === 0) problems.push('参会单位');
  const agendaCount = await ctx.db
    .selectFrom('agenda_items')
    .select('id')
    .where('meeting_id', '=', id)
    .execute();
  if (agendaCount.length === 0) problems.push('议程');
  if (problems.length) throw new AppError('VALIDATION', `发出通知前请先填写：${problems.join('、')}`);
  // 发文字号: the next free number of the year the notice is issued in; a notice issued again keeps its number.
  const number =
    (await docNumberOf(ctx.db, id)) ??
    (await issueNumber(ctx, { kind: NOTICE_KIND, refId: id, title: `关于召开${m.title}的通知` })).docNumber;
  if (m.status === 'planned')
    await ctx.db.updateTable('meetings').set({ status: 'notified' }).where('id', '=', id).execute();
  await touch(ctx, id);
  await ctx.audit({ entity: 'meeting', entityId: id, summary: `发出会议通知 ${number}：${describe(m)}` });
  return saved(ctx, id);
}
