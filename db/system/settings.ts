// Office settings, stored per key; unknown or invalid stored values fall back to the defaults.
import type { Kysely } from 'kysely';
import {
  ruleCitation,
  settingsSchema,
  type DeadlineRule,
  type RuleCitation,
  type RuleKind,
  type Settings,
} from '../../shared/contract';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import { AppError, type FieldIssue } from '../../shared/errors';
import type { DB } from '../core/schema';
import { serializeOn } from '../core/dialect';
import { refuseIfChanged } from '../core/versions';

/** The last settings read and what they parsed to: the dispatcher reads them on every call (the idle lock), and
 *  the same rows need not be validated again. Keyed by the rows' text, so any change is read afresh. */
let lastSettings: { text: string; settings: Settings } | null = null;

export async function loadSettings(db: Kysely<DB>): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value_json']).orderBy('key').execute();
  const text = rows.map((r) => `${r.key}\u0000${r.value_json}`).join('\u0001');
  if (lastSettings?.text === text) return structuredClone(lastSettings.settings);
  const raw: Record<string, unknown> = {};
  for (const r of rows) raw[r.key] = JSON.parse(r.value_json);
  const parsed = settingsSchema.safeParse(raw);
  const settings = parsed.success ? parsed.data : settingsSchema.parse({});
  lastSettings = { text, settings };
  return structuredClone(settings);
}

/** The 转报 reply and 12345 feedback rules in force (seed 003 §四(五), §四(四), or the office's own). */
export async function loadDeadlineRules(
  db: Kysely<DB>,
): Promise<{ referralReply: DeadlineRule; complaintFeedback: DeadlineRule }> {
  const s = await loadSettings(db);
  return {
    referralReply: { days: s.referralReplyDays, unit: s.referralReplyUnit },
    complaintFeedback: { days: s.complaintFeedbackDays, unit: s.complaintFeedbackUnit },
  };
}

/** What records cite for a rule: the preset in force for this office (系统设置 → 业务规则). */
export async function loadCitation(db: Kysely<DB>, kind: RuleKind): Promise<RuleCitation> {
  return ruleCitation(await loadSettings(db), kind);
}

/** Writes the given settings (one row per key); the caller audits. */
export async function storeSettings(ctx: HandlerContext, input: Partial<Settings>): Promise<void> {
  const actor = requireActor(ctx);
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const row = {
      key,
      value_json: JSON.stringify(value),
      updated_at: nowIso(ctx),
      updated_by: actor.displayName,
    };
    await ctx.db
      .insertInto('settings')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet(row))
      .execute();
  }
}

export const settingsHandlers = defineHandlers({
  'settings.get': async (_input, ctx) => loadSettings(ctx.db),

  'settings.update': async ({ expected, ...input }, ctx) => {
    requireActor(ctx);
    await serializeOn(ctx.db, 'settings');
    const before = await loadSettings(ctx.db);
    if (expected) {
      // Compared are the settings this save changes whose starting values the editor sent.
      const keys = (Object.keys(input) as (keyof typeof input)[]).filter(
        (k) => input[k] !== undefined && k in expected,
      );
      const pick = (s: Partial<Settings>) => Object.fromEntries(keys.map((k) => [k, s[k]]));
      await refuseIfChanged(
        ctx,
        { entity: 'settings', entityId: null },
        pick(expected),
        pick(before),
        before,
      );
    }
    if (input.inspectionReviewerIds?.length) {
      const users = await ctx.db
        .selectFrom('users')
        .select(['id', 'display_name', 'role', 'active'])
        .where('id', 'in', input.inspectionReviewerIds)
        .execute();
      const byId = new Map(users.map((u) => [u.id, u]));
      const issues: FieldIssue[] = [];
      for (const id of input.inspectionReviewerIds) {
        const u = byId.get(id);
        if (!u || u.active !== 1)
          issues.push({
            path: 'inspectionReviewerIds',
            message: `指定审核人（用户 id ${id}）不存在或已停用`,
          });
        else if (u.role === 'auditor')
          issues.push({
            path: 'inspectionReviewerIds',
            message: `“${u.display_name}”是审计账号（只读），不能指定为审核人`,
          });
      }
      if (issues.length)
        throw new AppError('VALIDATION', issues.map((i) => i.message).join('；'), { issues });
    }
    await storeSettings(ctx, input);
    const after = await loadSettings(ctx.db);
    await ctx.audit({
      entity: 'settings',
      entityId: null,
      summary: `修改设置：${Object.keys(input)
        .filter((k) => input[k as keyof typeof input] !== undefined)
        .join('、')}`,
      before,
      after,
    });
    return after;
  },
});
