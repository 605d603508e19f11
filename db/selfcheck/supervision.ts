// 自查督导: the district checks an institution's self-inspection through an inspection record of its own (the
// existing inspection records, ad hoc, with 依法执业自查督导 among its items) and records, area by area, what the
// inspectors found against what the institution reported. Problems reported fixed that were not, or present and
// not reported, mark the self-inspection 不实 and write a ledger entry (依法执业自查结果“自查不实”, source the
// inspection). The link lives in selfcheck_supervisions; inspections.ts is not changed.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { randomBytes } from 'node:crypto';
import type {
  SelfcheckSupervision,
  SupervisionDraw,
  supervisionDrawInput,
  supervisionInput,
} from '../../shared/contract/selfcheck';
import {
  isUntrue,
  periodLabel,
  supervisionProblems,
  supervisionSummary,
  type SupervisionFinding,
} from '../../shared/domain/selfcheck';
import { todayIso } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import type { DB } from '../core/schema';
import { loadWorkCalendar } from '../system/calendar';
import { appendCreditEntry } from '../credit/credit';
import { createInspection } from '../enforcement/inspections';
import { canonicalJson, DrawStream, partialShuffle, sha256Hex } from '../enforcement/draw-algorithm';
import { loadSetup, periodsOf, requireSetup } from './state';
import { loadSubmission } from './submissions';

export const SUPERVISION_ITEM = '依法执业自查督导';

type SupervisionValues = z.output<typeof supervisionInput>;

const parse = (json: string): SupervisionFinding[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as SupervisionFinding[]) : [];
  } catch {
    return [];
  }
};

export async function listSupervisions(
  db: Kysely<DB>,
  filter: { year?: number; id?: number; institutionId?: number },
): Promise<SelfcheckSupervision[]> {
  let q = db
    .selectFrom('selfcheck_supervisions as v')
    .innerJoin('selfcheck_submissions as s', 's.id', 'v.submission_id')
    .innerJoin('inspections as x', 'x.id', 'v.inspection_id')
    .innerJoin('institutions as i', 'i.id', 's.institution_id')
    .leftJoin('selfcheck_campaigns as c', 'c.id', 's.campaign_id')
    .select([
      'v.id',
      'v.inspection_id',
      'v.submission_id',
      'v.findings_json',
      'v.untrue',
      'v.credit_seq',
      'v.created_at',
      'v.created_by',
      'x.inspected_on',
      'x.result_seq',
      's.institution_id',
      's.period_key',
      'i.name as institution_name',
      'c.topic',
    ]);
  if (filter.year !== undefined) q = q.where('s.year', '=', filter.year);
  if (filter.id !== undefined) q = q.where('v.id', '=', filter.id);
  if (filter.institutionId !== undefined) q = q.where('s.institution_id', '=', filter.institutionId);
  const rows = await q.orderBy('x.inspected_on', 'desc').orderBy('v.id', 'desc').execute();
  return rows.map((r) => {
    const findings = parse(r.findings_json);
    return {
      id: r.id,
      inspectionId: r.inspection_id,
      inspectedOn: r.inspected_on,
      institutionId: r.institution_id,
      institutionName: r.institution_name,
      submissionId: r.submission_id,
      periodLabel: periodLabel(r.period_key, r.topic ?? undefined),
      findings,
      untrue: r.untrue === 1,
      summary: supervisionSummary(findings),
      creditSeq: r.credit_seq,
      inspectionSeq: r.result_seq,
      createdAt: r.created_at,
      createdBy: r.created_by,
    };
  });
}

export const DRAW_FORMAT = 'zongjian/selfcheck-supervision-draw/1';

/** 随机抽取督导对象: `count` of the period's submitted self-inspections not yet supervised, drawn with the 双随机
 *  draw's stream (SHA-256 counter mode, unbiased, partial Fisher–Yates) from a fresh seed over the candidates in id
 *  order. The seed, the candidates and the drawn are kept in the audit row, so the draw can be recomputed. */
async function drawSupervision(v: z.output<typeof supervisionDrawInput>, ctx: HandlerContext) {
  requireActor(ctx);
  const setup = await requireSetup(ctx.db, await loadWorkCalendar(ctx.db), v.year);
  const period = periodsOf(setup).find((p) => p.key === v.periodKey);
  if (!period) throw new AppError('VALIDATION', `“${v.periodKey}”不是 ${v.year} 年安排的自查期间`);
  const candidates = await ctx.db
    .selectFrom('selfcheck_submissions as s')
    .innerJoin('institutions as i', 'i.id', 's.institution_id')
    .select(['s.id', 's.institution_id', 'i.name', 's.submitted_on', 's.found_count', 's.fixed_count'])
    .where('s.year', '=', v.year)
    .where('s.period_key', '=', v.periodKey)
    .where('s.id', 'not in', (q) => q.selectFrom('selfcheck_supervisions').select('submission_id'))
    .orderBy('s.id')
    .execute();
  if (candidates.length === 0)
    throw new AppError('VALIDATION', `${v.year} 年${period.label}没有可抽取的自查：尚无提交，或已全部督导`);
  if (v.count > candidates.length)
    throw new AppError(
      'VALIDATION',
      `${v.year} 年${period.label}可抽取的自查只有 ${candidates.length} 家（已提交且未督导），抽取数量不能超过此数`,
    );
  const seed = sha256Hex(
    canonicalJson({
      format: DRAW_FORMAT,
      year: v.year,
      periodKey: v.periodKey,
      candidates: candidates.map((c) => c.id),
      at: nowIso(ctx),
      nonce: randomBytes(16).toString('hex'),
    }),
  );
  const picked = partialShuffle(candidates, v.count, new DrawStream(seed));
  const draw: SupervisionDraw = {
    year: v.year,
    periodKey: v.periodKey,
    periodLabel: period.label,
    candidates: candidates.map((c) => c.id),
    seed,
    drawn: picked.map((c) => ({
      submissionId: c.id,
      institutionId: c.institution_id,
      institutionName: c.name,
      submittedOn: c.submitted_on,
      found: c.found_count,
      fixed: c.fixed_count,
    })),
  };
  await ctx.audit({
    entity: 'selfcheck_supervision',
    entityId: null,
    summary:
      `随机抽取 ${v.year} 年${period.label}督导对象 ${v.count} 家（从已提交且未督导的 ${candidates.length} 家中）：${draw.drawn.map((d) => d.institutionName).join('、')}`.slice(
        0,
        1000,
      ),
    after: { format: DRAW_FORMAT, ...draw },
  });
  return draw;
}

async function recordSupervision(v: SupervisionValues, ctx: HandlerContext) {
  const actor = requireActor(ctx);
  const sub = await ctx.db
    .selectFrom('selfcheck_submissions')
    .select(['id', 'year', 'institution_id', 'untrue'])
    .where('id', '=', v.submissionId)
    .executeTakeFirst();
  if (!sub) throw new AppError('NOT_FOUND', `自查记录第 ${v.submissionId} 号不存在`);
  const setup = await loadSetup(ctx.db, await loadWorkCalendar(ctx.db), sub.year);
  const submission = await loadSubmission(ctx.db, setup, sub.id);
  const problems: string[] = [];
  if (v.inspection.institutionId !== submission.institutionId)
    problems.push(`督导检查的对象应为${submission.institutionName}`);
  if (v.inspection.drawId !== null) problems.push('自查督导是单独的检查，不对应双随机抽取对象');
  if (v.inspection.inspectedOn < submission.submittedOn)
    problems.push(`督导检查日期不能早于自查日期（${submission.submittedOn}）`);
  if (v.inspection.inspectedOn > todayIso(ctx.now())) problems.push('检查日期不能晚于今天');
  const areas = new Set<string>();
  for (const f of v.findings) {
    if (areas.has(f.area)) problems.push(`检查领域“${f.area}”重复`);
    areas.add(f.area);
  }
  problems.push(...supervisionProblems(v.findings, submission.areas));
  if (problems.length) throw new AppError('VALIDATION', problems.join('；'));

  const tierOf = async () =>
    (
      await ctx.db
        .selectFrom('institutions')
        .select('credit_tier')
        .where('id', '=', submission.institutionId)
        .executeTakeFirst()
    )?.credit_tier ?? null;
  const tierBefore = await tierOf();
  const items = v.inspection.items.includes(SUPERVISION_ITEM)
    ? v.inspection.items
    : [SUPERVISION_ITEM, ...v.inspection.items].slice(0, 30);
  const inspection = await createInspection(ctx, { ...v.inspection, items });
  const findings = v.findings.filter((f) => f.notReported > 0 || f.fixedButNot > 0 || f.note !== '');
  const untrue = isUntrue(findings);
  const { id } = await ctx.db
    .insertInto('selfcheck_supervisions')
    .values({
      inspection_id: inspection.id,
      submission_id: submission.id,
      findings_json: JSON.stringify(findings),
      untrue: untrue ? 1 : 0,
      credit_seq: null,
      created_at: nowIso(ctx),
      created_by: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let entry = null;
  if (untrue) {
    entry = await appendCreditEntry(ctx, {
      subjectKind: 'institution',
      subjectId: submission.institutionId,
      type: 'self_inspection',
      factDate: inspection.inspectedOn,
      outcome: 'untrue',
      behaviourId: null,
      basis: '',
      sourceKind: 'inspection',
      sourceId: inspection.id,
      text: `${submission.year}年${submission.periodLabel}经自查督导（检查记录第 ${inspection.id} 号）认定${supervisionSummary(findings)}。`.slice(
        0,
        2000,
      ),
      attachments: [],
    });
    await ctx.db
      .updateTable('selfcheck_supervisions')
      .set({ credit_seq: entry.entry.seq })
      .where('id', '=', id)
      .execute();
    await ctx.db
      .updateTable('selfcheck_submissions')
      .set({ untrue: 1 })
      .where('id', '=', submission.id)
      .execute();
  }
  const [supervision] = await listSupervisions(ctx.db, { id });
  const tierAfter = await tierOf();
  await ctx.audit({
    entity: 'selfcheck_supervision',
    entityId: id,
    summary: `自查督导：${submission.institutionName} ${submission.year} 年${submission.periodLabel}（检查记录第 ${inspection.id} 号）——${supervision!.summary}${entry ? `；记入信用台账第 ${entry.entry.seq} 条` : ''}${tierBefore !== tierAfter ? `；信用等级 ${tierBefore ?? '未评定'} → ${tierAfter ?? '未评定'}` : ''}`,
    after: supervision,
  });
  return { supervision: supervision!, inspection, entry, tierBefore, tierAfter };
}

export const supervisionHandlers = defineHandlers({
  'selfcheck.supervisions': async ({ year }, ctx) => listSupervisions(ctx.db, { year }),
  'selfcheck.drawSupervision': drawSupervision,
  'selfcheck.recordSupervision': recordSupervision,
});
