// 信用台账 rules: the behaviour catalogue the office keeps (a recorded entry keeps the wording and points it was
// recorded with, so editing an item never changes the ledger), and the office's choice of rules — the institution
// 校验期 and the credit-tier numbers — after which every subject's standing is recomputed.
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import {
  tierRuleProblem,
  type CreditBehaviour,
  type CreditSubjectKind,
  type creditBehaviourInput,
} from '../../shared/contract';
import { AppError, type FieldIssue } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor } from '../core/context';
import type { DB } from '../core/schema';
import { claimVersion, refuseIfChanged } from '../core/versions';
import { serializeOn } from '../core/dialect';
import { loadRuleOptions, loadRules, refreshAll, saveRuleOptions } from './state';

type BehaviourValues = z.output<typeof creditBehaviourInput>;

function refuse(code: 'VALIDATION' | 'CONFLICT', issues: FieldIssue[]): never {
  throw new AppError(code, issues.map((i) => i.message).join('；'), { issues });
}

function toBehaviour(r: {
  id: number;
  row_version: number;
  subject_kind: string;
  code: string;
  name: string;
  points: number;
  basis: string;
  active: number;
  sort_order: number;
}): CreditBehaviour {
  return {
    id: r.id,
    version: r.row_version,
    subjectKind: r.subject_kind as CreditSubjectKind,
    code: r.code,
    name: r.name,
    points: r.points,
    basis: r.basis,
    active: r.active === 1,
    sortOrder: r.sort_order,
  };
}

async function getBehaviour(db: Kysely<DB>, id: number): Promise<CreditBehaviour> {
  const r = await db.selectFrom('credit_behaviours').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该记分条目不存在');
  return toBehaviour(r);
}

async function assertBehaviourValid(
  db: Kysely<DB>,
  v: BehaviourValues,
  selfId: number | null,
): Promise<void> {
  const rules = await loadRules(db);
  const allowed = rules[v.subjectKind].pointValues;
  if (!allowed.includes(v.points))
    refuse('VALIDATION', [{ path: 'points', message: `分值应为 ${allowed.join('、')} 分之一` }]);
  const holder = await db
    .selectFrom('credit_behaviours')
    .select(['id', 'name'])
    .where('subject_kind', '=', v.subjectKind)
    .where('code', '=', v.code)
    .executeTakeFirst();
  if (holder && holder.id !== selfId)
    refuse('CONFLICT', [{ path: 'code', message: `条目编号 ${v.code} 已用于“${holder.name}”` }]);
}

function behaviourRow(v: BehaviourValues) {
  return {
    subject_kind: v.subjectKind,
    code: v.code,
    name: v.name,
    points: v.points,
    basis: v.basis,
    active: v.active ? 1 : 0,
  };
}

export const creditCatalogueHandlers = defineHandlers({
  'credit.behaviours': async ({ includeInactive }, ctx) => {
    let q = ctx.db
      .selectFrom('credit_behaviours')
      .selectAll()
      .orderBy('subject_kind')
      .orderBy('sort_order')
      .orderBy('id');
    if (!includeInactive) q = q.where('active', '=', 1);
    return (await q.execute()).map(toBehaviour);
  },
  'credit.createBehaviour': async (v, ctx) => {
    await assertBehaviourValid(ctx.db, v, null);
    const at = nowIso(ctx);
    const last = await ctx.db
      .selectFrom('credit_behaviours')
      .select(sql<number>`coalesce(max(sort_order), 0)`.as('m'))
      .executeTakeFirstOrThrow();
    const { id } = await ctx.db
      .insertInto('credit_behaviours')
      .values({ ...behaviourRow(v), sort_order: last.m + 10, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = await getBehaviour(ctx.db, id);
    await ctx.audit({
      entity: 'credit_behaviour',
      entityId: id,
      summary: `新增记分条目 ${after.code}（${after.points} 分）`,
      after,
    });
    return after;
  },
  'credit.updateBehaviour': async ({ id, version, ...v }, ctx) => {
    const before = await getBehaviour(ctx.db, id);
    // Saved from the copy the editor started from: someone else's newer save is not overwritten unseen.
    await claimVersion(ctx, 'credit_behaviours', id, version, () => getBehaviour(ctx.db, id));
    await assertBehaviourValid(ctx.db, v, id);
    await ctx.db
      .updateTable('credit_behaviours')
      .set({ ...behaviourRow(v), updated_at: nowIso(ctx) })
      .where('id', '=', id)
      .execute();
    const after = await getBehaviour(ctx.db, id);
    await ctx.audit({
      entity: 'credit_behaviour',
      entityId: id,
      summary: `修改记分条目 ${after.code}（${after.points} 分${after.active ? '' : '，已停用'}）`,
      before,
      after,
    });
    return after;
  },

  'credit.rules': async (_input, ctx) => ({
    options: await loadRuleOptions(ctx.db),
    rules: await loadRules(ctx.db),
  }),
  'credit.updateRules': async ({ expected, ...options }, ctx) => {
    const actor = requireActor(ctx);
    const problem = tierRuleProblem(options.tier);
    if (problem) throw new AppError('VALIDATION', problem);
    await serializeOn(ctx.db, 'credit_rules');
    const before = await loadRuleOptions(ctx.db);
    // Saved from the rules the editor started from: someone else's newer save is not overwritten unseen.
    await refuseIfChanged(ctx, { entity: 'credit_rules', entityId: null }, expected, before, {
      options: before,
      rules: await loadRules(ctx.db),
    });
    await saveRuleOptions(ctx.db, options, nowIso(ctx), actor.displayName);
    const rules = await loadRules(ctx.db);
    const refreshed = await refreshAll(ctx.db, ctx.now(), rules);
    await ctx.audit({
      entity: 'credit_rules',
      entityId: null,
      summary: `修改信用规则（医疗机构校验期 ${options.institutionCycleYears} 年），重新计算 ${refreshed} 个信用主体`,
      before,
      after: options,
    });
    return { options: await loadRuleOptions(ctx.db), rules };
  },
});
