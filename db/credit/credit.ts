// 信用台账 handlers: record an entry (the next link of the hash chain, with its attachments), correct one with a
// 更正 entry, acknowledge a threshold warning, the grid of all subjects and a subject's profile, the chain head and
// its verification and an entry's attachments. The 记分通知书 lives in credit-notices.ts, the catalogue and the
// rules in credit-catalogue.ts, the chain in credit-ledger.ts, and what the ledger implies in credit-state.ts.
import { dialectOf } from '../core/dialect';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import {
  CREDIT_ENTRY_TYPE_LABELS,
  INSTITUTION_CATEGORY_LABELS,
  INSTITUTION_STATUS_LABELS,
  PRACTITIONER_CATEGORY_LABELS,
  computeTier,
  correctionsOf,
  cycleLastDay,
  entryTypeAllowed,
  type CreditAttachment,
  type CreditEntry,
  type CreditProfile,
  type CreditRecordResult,
  type CreditRules,
  type CreditSubjectKind,
  type CreditSubjectRow,
  type CreditTierChange,
  type CreditWarning,
  type InstitutionCategory,
  type InstitutionStatus,
  type PractitionerCategory,
  type creditCorrectionInput,
  type creditEntryInput,
} from '../../shared/contract';
import type { CreditTier } from '../../shared/domain/institutions';
import { todayIso } from '../../shared/dates';
import { AppError, type FieldIssue } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import { attachmentStore, downloadName, readStoredFile, storeFile } from '../core/files';
import type { DB } from '../core/schema';
import { appendLedgerRow, ledgerHead, verifyLedger } from './ledger';
import { issuedNoticesOf, noticeStates } from './notices';
import { loadWorkCalendar } from '../system/calendar';
import { subjectListings } from './lists-state';
import {
  loadRules,
  loadSubject,
  refreshStale,
  refreshSubject,
  subjectLabel,
  cycleView,
  subjectLedger,
  toEntry,
  toFact,
  toWarning,
} from './state';
import { formatDate } from '../../shared/format';

export type CreditEntryValues = z.output<typeof creditEntryInput>;
type CorrectionValues = z.output<typeof creditCorrectionInput>;

function refuse(code: 'VALIDATION' | 'CONFLICT' | 'NOT_FOUND', issues: FieldIssue[]): never {
  throw new AppError(code, issues.map((i) => i.message).join('；'), { issues });
}

async function warningsByIds(db: Kysely<DB>, ids: number[]): Promise<CreditWarning[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('credit_warnings')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
  return rows.map((r) => toWarning(r, (end) => cycleLastDay({ start: r.cycle_start, end })));
}

/** Appends an entry, recomputes the subject's standing and writes the audit row. */
export async function recordRow(
  ctx: HandlerContext,
  rules: CreditRules,
  row: Parameters<typeof appendLedgerRow>[1],
  summary: string,
): Promise<CreditRecordResult> {
  const stored = await appendLedgerRow(ctx.db, row);
  const kind = row.subject_kind as CreditSubjectKind;
  const refreshed = await refreshSubject(ctx.db, ctx.now(), rules, kind, row.subject_id, stored.seq);
  const entry = toEntry(stored, null);
  const warnings = await warningsByIds(ctx.db, refreshed.raised);
  await ctx.audit({
    entity: 'credit_entry',
    entityId: stored.seq,
    summary: `${summary}${refreshed.before !== refreshed.after.tier ? `；信用等级 ${refreshed.before ?? '未评定'} → ${refreshed.after.tier ?? '未评定'}` : ''}${warnings.length ? `；触发预警 ${warnings.map((w) => `${w.threshold} 分`).join('、')}` : ''}`,
    after: { entry, tier: refreshed.after.summary, warnings },
  });
  return { entry, warnings, tierBefore: refreshed.before, tierAfter: refreshed.after.tier };
}

/** Records one entry for a subject; other modules (complaints, inspections) record theirs through this too. */
export async function appendCreditEntry(
  ctx: HandlerContext,
  v: CreditEntryValues,
): Promise<CreditRecordResult> {
  const actor = requireActor(ctx);
  const rules = await loadRules(ctx.db);
  await refreshStale(ctx.db, ctx.now(), rules);
  const subject = await loadSubject(ctx.db, v.subjectKind, v.subjectId);
  const issues: FieldIssue[] = [];
  if (v.factDate > todayIso(ctx.now())) issues.push({ path: 'factDate', message: '事实日期不能晚于今天' });
  if (!entryTypeAllowed(v.subjectKind, v.type))
    issues.push({ path: 'type', message: '校验结果只适用于医疗机构' });
  let behaviour: { code: string; name: string; points: number } | null = null;
  if (v.type === 'demerit' && v.behaviourId !== null) {
    const b = await ctx.db
      .selectFrom('credit_behaviours')
      .selectAll()
      .where('id', '=', v.behaviourId)
      .executeTakeFirst();
    if (!b) issues.push({ path: 'behaviourId', message: '所选记分行为不在条目库中' });
    else if (b.subject_kind !== v.subjectKind)
      issues.push({ path: 'behaviourId', message: '所选记分行为不适用于该类信用主体' });
    else if (b.active !== 1) issues.push({ path: 'behaviourId', message: `记分条目 ${b.code} 已停用` });
    else behaviour = { code: b.code, name: b.name, points: b.points };
  }
  if (issues.length) refuse('VALIDATION', issues);
  const attachments: CreditAttachment[] = [];
  for (const upload of v.attachments) {
    const file = await storeFile(ctx, upload);
    attachments.push({ name: downloadName(upload.fileName), sha256: file.sha256, size: file.size });
  }
  return recordRow(
    ctx,
    rules,
    {
      recorded_at: nowIso(ctx),
      recorder_id: actor.id,
      recorder_name: `${actor.displayName}（${actor.username}）`,
      subject_kind: subject.kind,
      subject_id: subject.id,
      subject_name: subject.name,
      subject_code: subject.code,
      type: v.type,
      fact_date: v.factDate,
      outcome: v.outcome,
      behaviour_code: behaviour?.code ?? null,
      behaviour_name: behaviour?.name ?? null,
      points: behaviour?.points ?? null,
      basis: v.basis,
      source_kind: v.sourceKind,
      source_id: v.sourceId,
      amends_seq: null,
      text: v.text,
      attachments: JSON.stringify(attachments),
    },
    `${subjectLabel(subject)} 登记${CREDIT_ENTRY_TYPE_LABELS[v.type]}${behaviour ? `（${behaviour.code}，记 ${behaviour.points} 分）` : ''}`,
  );
}

export async function correctCreditEntry(
  ctx: HandlerContext,
  v: CorrectionValues,
): Promise<CreditRecordResult> {
  const actor = requireActor(ctx);
  const rules = await loadRules(ctx.db);
  await refreshStale(ctx.db, ctx.now(), rules);
  const target = await ctx.db
    .selectFrom('credit_ledger')
    .selectAll()
    .where('seq', '=', v.seq)
    .executeTakeFirst();
  if (!target) throw new AppError('NOT_FOUND', `信用台账中没有第 ${v.seq} 条记录`);
  if (target.type === 'correction')
    throw new AppError('VALIDATION', '“更正”记录不能再被更正；如原记录确实成立，请重新登记该事实');
  const earlier = await ctx.db
    .selectFrom('credit_ledger')
    .select('seq')
    .where('amends_seq', '=', v.seq)
    .executeTakeFirst();
  if (earlier) throw new AppError('VALIDATION', `第 ${v.seq} 条记录已由第 ${earlier.seq} 条更正`);
  if (v.factDate > todayIso(ctx.now()))
    refuse('VALIDATION', [{ path: 'factDate', message: '更正日期不能晚于今天' }]);
  const subject = await loadSubject(ctx.db, target.subject_kind as CreditSubjectKind, target.subject_id);
  return recordRow(
    ctx,
    rules,
    {
      recorded_at: nowIso(ctx),
      recorder_id: actor.id,
      recorder_name: `${actor.displayName}（${actor.username}）`,
      subject_kind: subject.kind,
      subject_id: subject.id,
      subject_name: subject.name,
      subject_code: subject.code,
      type: 'correction',
      fact_date: v.factDate,
      outcome: null,
      behaviour_code: null,
      behaviour_name: null,
      points: null,
      basis: v.basis,
      source_kind: null,
      source_id: null,
      amends_seq: target.seq,
      text: v.reason,
      attachments: '[]',
    },
    `${subjectLabel(subject)} 更正第 ${target.seq} 条（${CREDIT_ENTRY_TYPE_LABELS[target.type as CreditEntry['type']]}${target.points ? `，${target.points} 分` : ''}）`,
  );
}

// ---------------------------------------------------------------------------------------------- reading

const reachedThreshold = (rules: CreditRules, kind: CreditSubjectKind, points: number): number | null =>
  rules[kind].thresholds.filter((t) => points >= t.points).at(-1)?.points ?? null;

const openWarnings = (kind: CreditSubjectKind, idRef: string) =>
  sql<number>`(select count(*) from credit_warnings w where w.subject_kind = ${kind} and w.subject_id = ${sql.ref(idRef)} and w.status = 'open')`;

/** All institutions, and the practitioners who have entries, with their standing. */
export async function listCreditSubjects(db: Kysely<DB>, now: Date): Promise<CreditSubjectRow[]> {
  const rules = await loadRules(db);
  const today = todayIso(now);
  const lists = await subjectListings(db, today);
  const institutions = await db
    .selectFrom('institutions as i')
    .leftJoin('credit_subjects as cs', (j) =>
      j.onRef('cs.subject_id', '=', 'i.id').on('cs.subject_kind', '=', 'institution'),
    )
    .select(['i.id', 'i.name', 'i.uscc as code', 'i.category', 'i.status'])
    .select(['cs.tier', 'cs.score', 'cs.summary', 'cs.cycle_start', 'cs.cycle_end', 'cs.cycle_points'])
    .select(['cs.entry_count', 'cs.last_fact_date'])
    .select(openWarnings('institution', 'i.id').as('open_warnings'))
    .orderBy('i.id')
    .execute();
  const practitioners = await db
    .selectFrom('credit_subjects as cs')
    .innerJoin('practitioners as p', 'p.id', 'cs.subject_id')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .where('cs.subject_kind', '=', 'practitioner')
    .select([
      'p.id',
      'p.name',
      'p.certificate_no as code',
      'p.category',
      'p.active',
      'i.name as institution_name',
    ])
    .select(['cs.tier', 'cs.score', 'cs.summary', 'cs.cycle_start', 'cs.cycle_end', 'cs.cycle_points'])
    .select(['cs.entry_count', 'cs.last_fact_date'])
    .select(openWarnings('practitioner', 'p.id').as('open_warnings'))
    .orderBy('p.id')
    .execute();

  type Standing = {
    tier: string | null;
    score: number | null;
    summary: string | null;
    cycle_start: string | null;
    cycle_end: string | null;
    cycle_points: number | null;
    entry_count: number | null;
  };
  const row = async (
    kind: CreditSubjectKind,
    base: Pick<
      CreditSubjectRow,
      'id' | 'name' | 'code' | 'detail' | 'status' | 'openWarnings' | 'lastFactDate'
    >,
    s: Standing,
  ): Promise<CreditSubjectRow> => {
    let standing = {
      tier: (s.tier as CreditTier | null) ?? null,
      score: s.score ?? null,
      summary: s.summary ?? '未评定（尚无信用记录）',
      cycleStart: s.cycle_start,
      cycleEnd: s.cycle_end,
      cyclePoints: s.cycle_points ?? 0,
    };
    // A cycle that has ended since the standing was stored: what holds today, computed without writing.
    if (s.cycle_end !== null && s.cycle_end <= today) {
      const t = computeTier(rules, kind, (await subjectLedger(db, kind, base.id)).map(toFact), today);
      standing = {
        tier: t.tier,
        score: t.score,
        summary: t.summary,
        cycleStart: t.cycle.cycle.start,
        cycleEnd: t.cycle.cycle.end,
        cyclePoints: t.cycle.points,
      };
    }
    return {
      kind,
      ...base,
      tier: standing.tier,
      score: standing.score,
      summary: standing.summary,
      cyclePoints: standing.cyclePoints,
      cycleStart: standing.cycleStart,
      cycleLastDay: standing.cycleEnd
        ? cycleLastDay({ start: standing.cycleStart ?? '', end: standing.cycleEnd })
        : null,
      reachedThreshold: reachedThreshold(rules, kind, standing.cyclePoints),
      entryCount: s.entry_count ?? 0,
      lists: lists.get(`${kind}-${base.id}`) ?? [],
    };
  };
  const out: CreditSubjectRow[] = [];
  for (const r of institutions)
    out.push(
      await row(
        'institution',
        {
          id: r.id,
          name: r.name,
          code: r.code,
          detail: INSTITUTION_CATEGORY_LABELS[r.category as InstitutionCategory] ?? r.category,
          status: INSTITUTION_STATUS_LABELS[r.status as InstitutionStatus] ?? r.status,
          openWarnings: Number(r.open_warnings),
          lastFactDate: r.last_fact_date,
        },
        r,
      ),
    );
  for (const r of practitioners)
    out.push(
      await row(
        'practitioner',
        {
          id: r.id,
          name: r.name,
          code: r.code,
          detail: `${PRACTITIONER_CATEGORY_LABELS[r.category as PractitionerCategory] ?? r.category} · ${r.institution_name}`,
          status: r.active === 1 ? '在职' : '离职',
          openWarnings: Number(r.open_warnings),
          lastFactDate: r.last_fact_date,
        },
        r,
      ),
    );
  return out;
}

export async function loadCreditProfile(
  db: Kysely<DB>,
  now: Date,
  kind: CreditSubjectKind,
  id: number,
): Promise<CreditProfile> {
  // The reads at once: on the office server each is a round trip of its own (SQLite answers them in turn). The
  // ledger first: the longest read takes the first free connection rather than waiting behind the small ones.
  const [rows, subject, rules, history, warnings, cal, issued] = await Promise.all([
    subjectLedger(db, kind, id),
    loadSubject(db, kind, id),
    loadRules(db),
    db
      .selectFrom('credit_tier_history')
      .selectAll()
      .where('subject_kind', '=', kind)
      .where('subject_id', '=', id)
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('credit_warnings')
      .selectAll()
      .where('subject_kind', '=', kind)
      .where('subject_id', '=', id)
      .orderBy('id', 'desc')
      .execute(),
    loadWorkCalendar(db),
    issuedNoticesOf(db, kind, id),
  ]);
  const today = todayIso(now);
  const facts = rows.map(toFact);
  const tier = computeTier(rules, kind, facts, today);
  const corrected = correctionsOf(facts);
  return {
    subject,
    today,
    cycle: cycleView(rules[kind], tier.cycle),
    tier: { tier: tier.tier, score: tier.score, reasons: tier.reasons, summary: tier.summary },
    tierHistory: history.map((h): CreditTierChange => ({
      id: h.id,
      tier: h.tier as CreditTier | null,
      previousTier: h.previous_tier as CreditTier | null,
      score: h.score,
      summary: h.summary,
      causeSeq: h.cause_seq,
      effectiveOn: h.effective_on,
      changedAt: h.changed_at,
    })),
    warnings: warnings.map((w) => toWarning(w, (end) => cycleLastDay({ start: w.cycle_start, end }))),
    entries: rows.map((r) => toEntry(r, corrected.get(r.seq) ?? null)).reverse(),
    notices: noticeStates(cal, issued, rules, rows, corrected, today),
  };
}

// ---------------------------------------------------------------------------------------------- handlers

export const creditHandlers = defineHandlers({
  'credit.subjects': async (_input, ctx) => listCreditSubjects(ctx.db, ctx.now()),
  'credit.profile': async ({ kind, id }, ctx) => loadCreditProfile(ctx.db, ctx.now(), kind, id),
  'credit.record': async (input, ctx) => appendCreditEntry(ctx, input),
  'credit.correct': async (input, ctx) => correctCreditEntry(ctx, input),

  'credit.acknowledgeWarning': async ({ id, actionTaken }, ctx) => {
    const actor = requireActor(ctx);
    const w = await ctx.db.selectFrom('credit_warnings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!w) throw new AppError('NOT_FOUND', '该预警不存在');
    if (w.status !== 'open')
      throw new AppError(
        'VALIDATION',
        `该预警已于 ${formatDate(w.acknowledged_at)} 由${w.acknowledged_by}确认处理`,
      );
    await ctx.db
      .updateTable('credit_warnings')
      .set({
        status: 'acknowledged',
        acknowledged_at: nowIso(ctx),
        acknowledged_by: `${actor.displayName}（${actor.username}）`,
        action_taken: actionTaken,
      })
      .where('id', '=', id)
      .execute();
    const [after] = await warningsByIds(ctx.db, [id]);
    const subject = await loadSubject(ctx.db, w.subject_kind as CreditSubjectKind, w.subject_id);
    await ctx.audit({
      entity: 'credit_warning',
      entityId: id,
      summary: `确认处理 ${subjectLabel(subject)} 记分 ${w.threshold} 分预警：${actionTaken}`,
      before: { status: w.status },
      after,
    });
    return after!;
  },

  'credit.chainHead': async (_input, ctx) => ledgerHead(ctx.db),
  // 校验台账 shows its progress bar (第 120,000 / 200,000 条) and may be stopped: it only reads.
  'credit.verify': async (_input, ctx) => {
    const report = (done: number, total: number) =>
      ctx.progress.report({ what: '正在校验信用台账', done, total, unit: '条', cancellable: true });
    report(0, 0);
    return verifyLedger(ctx.db, 'auto', {
      attachments: dialectOf(ctx.db) === 'postgres' || ctx.dataDir ? attachmentStore(ctx) : null,
      progress: report,
      progressEvery: 2000,
      signal: ctx.progress.signal,
    });
  },

  'credit.attachment': async ({ seq, index }, ctx) => {
    const row = await ctx.db
      .selectFrom('credit_ledger')
      .select('attachments')
      .where('seq', '=', seq)
      .executeTakeFirst();
    const a = row ? (JSON.parse(row.attachments) as CreditAttachment[])[index] : undefined;
    if (!a) throw new AppError('NOT_FOUND', '该附件不存在');
    const file = await ctx.db
      .selectFrom('files')
      .select('id')
      .where('sha256', '=', a.sha256)
      .executeTakeFirst();
    if (!file) throw new AppError('NOT_FOUND', '附件文件已丢失，请从备份中恢复数据文件夹');
    const { bytes, file: stored } = await readStoredFile(ctx, file.id);
    return { fileName: downloadName(a.name), mimeType: stored.mimeType, base64: bytes.toString('base64') };
  },
});
