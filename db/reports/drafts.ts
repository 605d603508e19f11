// 报告上报 drafts: made for a type and period with the type's default outline, edited and saved, deleted while
// unsigned; 更正版 is a new draft version naming the one it replaces. A signed report is frozen (FROZEN). Also the
// 上报期限 rules (reports.updateDueRules), kept in settings.
import {
  DEFAULT_ADDRESSEE,
  REPORT_TYPE_LABELS,
  defaultOutline,
  defaultReportTitle,
  requirePeriod,
  versionLabel,
  type ReportType,
} from '../../shared/contract/reports';
import { AppError } from '../../shared/errors';
import { nowIso, requireActor, type HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import { getOffice } from '../system/users';
import { DUE_RULES_KEY, loadDueRules, loadReport, reportRow, type ReportRow } from './store';
import { formatDateTime } from '../../shared/format';
import { serializeOn } from '../core/dialect';
import { refuseIfChanged } from '../core/versions';

const FROZEN = '已签发的报告不能修改；如需更改，请生成更正版';

export function describe(r: Pick<ReportRow, 'type' | 'period' | 'version'>): string {
  return `${r.period} ${REPORT_TYPE_LABELS[r.type as ReportType]}（${versionLabel(r.version)}）`;
}

export async function draftRow(ctx: HandlerContext, id: number): Promise<ReportRow> {
  const row = await reportRow(ctx.db, id);
  if (row.status === 'signed') throw new AppError('CONFLICT', FROZEN);
  return row;
}

export async function createReport(
  { type, period: code }: ParsedInput<'reports.create'>,
  ctx: HandlerContext,
): Promise<Output<'reports.create'>> {
  const actor = requireActor(ctx);
  const period = requirePeriod(code);
  const existing = await ctx.db
    .selectFrom('reports')
    .select(['id', 'version', 'status'])
    .where('type', '=', type)
    .where('period', '=', period.code)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (existing?.status === 'draft')
    throw new AppError(
      'CONFLICT',
      `${period.label}的${REPORT_TYPE_LABELS[type]}已有草稿（${versionLabel(existing.version)}），请在列表中打开它继续编辑`,
    );
  if (existing)
    throw new AppError(
      'CONFLICT',
      `${period.label}的${REPORT_TYPE_LABELS[type]}已签发（${versionLabel(existing.version)}）；如需更改，请打开它并“生成更正版”`,
    );
  const office = await getOffice(ctx.db);
  const at = nowIso(ctx);
  const { id } = await ctx.db
    .insertInto('reports')
    .values({
      type,
      period: period.code,
      version: 1,
      title: defaultReportTitle(type, period, office?.name ?? ''),
      addressee: DEFAULT_ADDRESSEE,
      narrative_json: JSON.stringify(defaultOutline(type)),
      supersedes_id: null,
      created_at: at,
      created_by: actor.displayName,
      updated_at: at,
      updated_by: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const r = await loadReport(ctx.db, id, ctx.now());
  await ctx.audit({
    entity: 'report',
    entityId: id,
    summary: `新建报告草稿：${describe({ type, period: period.code, version: 1 })}`,
    after: { type, period: period.code, title: r.title },
  });
  return r;
}

export async function saveDraft(
  input: ParsedInput<'reports.saveDraft'>,
  ctx: HandlerContext,
): Promise<Output<'reports.saveDraft'>> {
  const actor = requireActor(ctx);
  const row = await draftRow(ctx, input.id);
  if (row.updated_at !== input.updatedAt)
    throw new AppError(
      'CONFLICT',
      `该报告已由${row.updated_by}于 ${formatDateTime(row.updated_at)} 保存过，请重新打开后再编辑（您的修改未保存）`,
    );
  await ctx.db
    .updateTable('reports')
    .set({
      title: input.title,
      addressee: input.addressee,
      narrative_json: JSON.stringify(input.narrative),
      updated_at: nowIso(ctx),
      updated_by: actor.displayName,
    })
    .where('id', '=', row.id)
    .execute();
  const before = JSON.parse(row.narrative_json) as unknown[];
  await ctx.audit({
    entity: 'report',
    entityId: row.id,
    summary: `保存报告草稿：${describe(row)}（正文 ${input.narrative.length} 段）`,
    before: { title: row.title, addressee: row.addressee, blocks: before.length },
    after: { title: input.title, addressee: input.addressee, narrative: input.narrative },
  });
  return loadReport(ctx.db, row.id, ctx.now());
}

export async function deleteDraft(
  { id }: ParsedInput<'reports.deleteDraft'>,
  ctx: HandlerContext,
): Promise<Output<'reports.deleteDraft'>> {
  const row = await draftRow(ctx, id);
  await ctx.db.deleteFrom('reports').where('id', '=', id).execute();
  await ctx.audit({
    entity: 'report',
    entityId: id,
    summary: `删除报告草稿：${describe(row)}`,
    before: { title: row.title, narrative: JSON.parse(row.narrative_json) as unknown },
  });
  return { id };
}

export async function correctReport(
  { id, reason }: ParsedInput<'reports.correct'>,
  ctx: HandlerContext,
): Promise<Output<'reports.correct'>> {
  const actor = requireActor(ctx);
  const row = await reportRow(ctx.db, id);
  if (row.status !== 'signed')
    throw new AppError('VALIDATION', '草稿可以直接修改；只有已签发的报告才需要生成更正版');
  const newer = await ctx.db
    .selectFrom('reports')
    .select(['id', 'version'])
    .where('type', '=', row.type)
    .where('period', '=', row.period)
    .where('version', '>', row.version)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (newer)
    throw new AppError('CONFLICT', `该报告已有更正版（${versionLabel(newer.version)}），请打开最新版本`);
  const at = nowIso(ctx);
  const version = row.version + 1;
  const { id: newId } = await ctx.db
    .insertInto('reports')
    .values({
      type: row.type,
      period: row.period,
      version,
      title: row.title,
      addressee: row.addressee,
      narrative_json: row.narrative_json,
      supersedes_id: row.id,
      correction_reason: reason,
      created_at: at,
      created_by: actor.displayName,
      updated_at: at,
      updated_by: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.audit({
    entity: 'report',
    entityId: newId,
    summary: `生成更正版：${describe({ ...row, version })}，替代${versionLabel(row.version)}（数据包 SHA-256 ${row.package_sha256}）——${reason}`,
    after: { supersedes: row.id, supersedesPackage: row.package_sha256, reason },
  });
  return loadReport(ctx.db, newId, ctx.now());
}

export async function updateDueRules(
  { expected, ...input }: ParsedInput<'reports.updateDueRules'>,
  ctx: HandlerContext,
): Promise<Output<'reports.updateDueRules'>> {
  const actor = requireActor(ctx);
  await serializeOn(ctx.db, `settings:${DUE_RULES_KEY}`);
  const before = await loadDueRules(ctx.db);
  // Saved from the rules the editor started from: someone else's newer save is not overwritten unseen.
  await refuseIfChanged(ctx, { entity: 'settings', entityId: DUE_RULES_KEY }, expected, before);
  const row = {
    key: DUE_RULES_KEY,
    value_json: JSON.stringify(input),
    updated_at: nowIso(ctx),
    updated_by: actor.displayName,
  };
  await ctx.db
    .insertInto('settings')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet(row))
    .execute();
  await ctx.audit({
    entity: 'settings',
    entityId: DUE_RULES_KEY,
    summary: '修改报告上报期限规则',
    before,
    after: input,
  });
  return loadDueRules(ctx.db);
}
