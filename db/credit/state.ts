// What the credit ledger implies for a subject, kept beside it: the current standing (tier, score, reasons, the
// cycle's points) in credit_subjects, a row in credit_tier_history whenever the tier changes, the institution's
// credit_tier column that the 双随机 draw reads, and one warning per threshold per cycle. Everything here is
// recomputed from the ledger, so it can always be rebuilt; the ledger itself is never changed.
import type { Kysely, Selectable } from 'kysely';
import {
  CREDIT_SUBJECT_KIND_LABELS,
  DEFAULT_RULE_OPTIONS,
  INSTITUTION_CATEGORY_LABELS,
  INSTITUTION_STATUS_LABELS,
  PRACTITIONER_CATEGORY_LABELS,
  computeTier,
  creditRuleOptionsInput,
  cycleAt,
  cycleLastDay,
  cycleTotals,
  liveFacts,
  resolveRules,
  tierRuleProblem,
  verificationAnchors,
  type CreditAttachment,
  type CreditCycleView,
  type CreditEntry,
  type CreditEntryType,
  type CreditRuleOptions,
  type CreditRules,
  type CreditSubjectKind,
  type CreditSourceKind,
  type CreditSubjectRef,
  type CreditWarning,
  type CycleTotal,
  type DemeritRuleSet,
  type InstitutionCategory,
  type InstitutionStatus,
  type LedgerFact,
  type PractitionerCategory,
  type TierResult,
} from '../../shared/contract';
import type { CreditTier } from '../../shared/domain/institutions';
import { todayIso } from '../../shared/dates';
import { AppError } from '../../shared/errors';
import type { DB } from '../core/schema';
import { loadSettings } from '../system/settings';
import { ruleSourceText } from '../../shared/domain/rule-presets';
import type { LedgerRow } from './ledger';

const RULES_KEY = 'rules';

export async function loadRuleOptions(db: Kysely<DB>): Promise<CreditRuleOptions> {
  const row = await db
    .selectFrom('credit_settings')
    .select('value_json')
    .where('key', '=', RULES_KEY)
    .executeTakeFirst();
  if (!row) return DEFAULT_RULE_OPTIONS;
  const parsed = creditRuleOptionsInput.safeParse(JSON.parse(row.value_json));
  return parsed.success && !tierRuleProblem(parsed.data.tier) ? parsed.data : DEFAULT_RULE_OPTIONS;
}

export async function saveRuleOptions(
  db: Kysely<DB>,
  options: CreditRuleOptions,
  at: string,
  by: string,
): Promise<void> {
  const row = { key: RULES_KEY, value_json: JSON.stringify(options), updated_at: at, updated_by: by };
  await db
    .insertInto('credit_settings')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet(row))
    .execute();
}

/** The rules in force, each citing the scoring preset the office uses (系统设置 → 业务规则): '依据…' for its own
 *  province's document, '参照…' for another's. */
export async function loadRules(
  db: Kysely<DB>,
  /** The settings when the caller has them (the 工作台 reads them once for every source). */
  settings?: Awaited<ReturnType<typeof loadSettings>>,
): Promise<CreditRules> {
  // At once: two round trips on the office server, not one after the other.
  const [options, s] = await Promise.all([loadRuleOptions(db), settings ?? loadSettings(db)]);
  const rules = resolveRules(options);
  return {
    ...rules,
    institution: { ...rules.institution, source: ruleSourceText(s, 'institutionScoring') },
    practitioner: { ...rules.practitioner, source: ruleSourceText(s, 'practitionerScoring') },
  };
}

export function toFact(
  r: Pick<LedgerRow, 'seq' | 'type' | 'fact_date' | 'outcome' | 'points' | 'amends_seq'>,
): LedgerFact {
  return {
    seq: r.seq,
    type: r.type as CreditEntryType,
    factDate: r.fact_date,
    outcome: r.outcome,
    points: r.points,
    amendsSeq: r.amends_seq,
  };
}

/** A subject's entries in ledger order. */
export async function subjectLedger(
  db: Kysely<DB>,
  kind: CreditSubjectKind,
  id: number,
): Promise<LedgerRow[]> {
  return db
    .selectFrom('credit_ledger')
    .selectAll()
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', id)
    .orderBy('seq')
    .execute();
}

export async function loadSubject(
  db: Kysely<DB>,
  kind: CreditSubjectKind,
  id: number,
): Promise<CreditSubjectRef> {
  if (kind === 'institution') {
    const r = await db
      .selectFrom('institutions')
      .select(['id', 'name', 'uscc', 'category', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND', '该监管对象不存在或已被删除');
    return {
      kind,
      id: r.id,
      name: r.name,
      code: r.uscc,
      detail: INSTITUTION_CATEGORY_LABELS[r.category as InstitutionCategory] ?? r.category,
      status: INSTITUTION_STATUS_LABELS[r.status as InstitutionStatus] ?? r.status,
    };
  }
  const r = await db
    .selectFrom('practitioners as p')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .select(['p.id', 'p.name', 'p.certificate_no', 'p.category', 'p.active', 'i.name as institution_name'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该从业人员不存在或已被删除');
  return {
    kind,
    id: r.id,
    name: r.name,
    code: r.certificate_no,
    detail: `${PRACTITIONER_CATEGORY_LABELS[r.category as PractitionerCategory] ?? r.category} · ${r.institution_name}`,
    status: r.active === 1 ? '在职' : '离职',
  };
}

export function subjectLabel(s: CreditSubjectRef): string {
  return `${CREDIT_SUBJECT_KIND_LABELS[s.kind]}“${s.name}”`;
}

export type WarningRow = Selectable<DB['credit_warnings']>;

export function toWarning(r: WarningRow, lastDay: (end: string) => string): CreditWarning {
  return {
    id: r.id,
    subjectKind: r.subject_kind as CreditSubjectKind,
    subjectId: r.subject_id,
    cycleStart: r.cycle_start,
    cycleLastDay: lastDay(r.cycle_end),
    threshold: r.threshold,
    actions: JSON.parse(r.actions) as string[],
    points: r.points,
    raisedBySeq: r.raised_by_seq,
    raisedAt: r.raised_at,
    status: r.status as CreditWarning['status'],
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    actionTaken: r.action_taken,
  };
}

export interface Refreshed {
  before: CreditTier | null;
  after: TierResult;
  /** Ids of the warnings raised by this refresh. */
  raised: number[];
}

/**
 * Recomputes a subject's standing from its entries and stores it: credit_subjects, a tier-history row when the
 * tier changed, institutions.credit_tier, and a warning for every threshold a cycle has reached that has none
 * yet (the unique key makes that once per threshold per cycle).
 */
export async function refreshSubject(
  db: Kysely<DB>,
  now: Date,
  rules: CreditRules,
  kind: CreditSubjectKind,
  id: number,
  causeSeq: number | null,
  rows?: LedgerRow[],
): Promise<Refreshed> {
  const entries = rows ?? (await subjectLedger(db, kind, id));
  const facts = entries.map(toFact);
  const today = todayIso(now);
  const at = now.toISOString();
  const result = computeTier(rules, kind, facts, today);
  const lastHistory = await db
    .selectFrom('credit_tier_history')
    .select('tier')
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const before = (lastHistory?.tier as CreditTier | null | undefined) ?? null;
  const lastFact = facts.reduce<string | null>(
    (m, f) => (m === null || f.factDate > m ? f.factDate : m),
    null,
  );
  const standing = {
    tier: result.tier,
    score: result.score,
    summary: result.summary,
    cycle_start: result.cycle.cycle.start,
    cycle_end: result.cycle.cycle.end,
    cycle_points: result.cycle.points,
    entry_count: entries.length,
    last_fact_date: lastFact,
    computed_on: today,
  };
  await db
    .insertInto('credit_subjects')
    .values({ subject_kind: kind, subject_id: id, ...standing })
    .onConflict((oc) => oc.columns(['subject_kind', 'subject_id']).doUpdateSet(standing))
    .execute();
  if (result.tier !== before)
    await db
      .insertInto('credit_tier_history')
      .values({
        subject_kind: kind,
        subject_id: id,
        tier: result.tier,
        previous_tier: before,
        score: result.score,
        summary: result.summary,
        cause_seq: causeSeq,
        effective_on: today,
        changed_at: at,
      })
      .execute();
  if (kind === 'institution')
    await db
      .updateTable('institutions')
      .set({ credit_tier: result.tier })
      .where('id', '=', id)
      .where((eb) => eb('credit_tier', 'is distinct from', result.tier))
      .execute();

  const raised: number[] = [];
  const rule = rules[kind];
  const live = liveFacts(facts);
  // A 校验 recorded later ends the cycle an earlier warning belongs to sooner than it seemed.
  if (rule.cycle.type === 'verification') {
    const anchors = verificationAnchors(live);
    const earlier = await db
      .selectFrom('credit_warnings')
      .select(['id', 'cycle_start', 'cycle_end'])
      .where('subject_kind', '=', kind)
      .where('subject_id', '=', id)
      .execute();
    for (const w of earlier) {
      const c = cycleAt(rule, anchors, w.cycle_start);
      if (c.start === w.cycle_start && c.end !== w.cycle_end)
        await db.updateTable('credit_warnings').set({ cycle_end: c.end }).where('id', '=', w.id).execute();
    }
  }
  const points = new Map(entries.map((e) => [e.seq, e.points ?? 0]));
  for (const total of cycleTotals(rule, live).values()) {
    for (const threshold of rule.thresholds) {
      if (total.points < threshold.points) continue;
      // The entry whose points took the running total of the cycle to the threshold.
      let running = 0;
      const crossing =
        total.seqs.find((s) => (running += points.get(s) ?? 0) >= threshold.points) ?? total.seqs.at(-1)!;
      const inserted = await db
        .insertInto('credit_warnings')
        .values({
          subject_kind: kind,
          subject_id: id,
          cycle_start: total.cycle.start,
          cycle_end: total.cycle.end,
          threshold: threshold.points,
          actions: JSON.stringify(threshold.actions),
          points: total.points,
          raised_by_seq: crossing,
          raised_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['subject_kind', 'subject_id', 'cycle_start', 'threshold']).doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      if (inserted) raised.push(inserted.id);
    }
  }
  return { before, after: result, raised };
}

/** Subjects whose cycle has ended since their standing was stored: a new cycle starts with no points. */
export async function refreshStale(db: Kysely<DB>, now: Date, rules: CreditRules): Promise<number> {
  const today = todayIso(now);
  const stale = await db
    .selectFrom('credit_subjects')
    .select(['subject_kind', 'subject_id'])
    .where('cycle_end', '<=', today)
    .execute();
  for (const s of stale)
    await refreshSubject(db, now, rules, s.subject_kind as CreditSubjectKind, s.subject_id, null);
  return stale.length;
}

/** Every subject with entries, after the rules changed. */
export async function refreshAll(db: Kysely<DB>, now: Date, rules: CreditRules): Promise<number> {
  const all = await db.selectFrom('credit_subjects').select(['subject_kind', 'subject_id']).execute();
  for (const s of all)
    await refreshSubject(db, now, rules, s.subject_kind as CreditSubjectKind, s.subject_id, null);
  return all.length;
}

export function toEntry(r: LedgerRow, correctedBy: number | null): CreditEntry {
  return {
    seq: r.seq,
    recordedAt: r.recorded_at,
    recorderName: r.recorder_name,
    subjectKind: r.subject_kind as CreditSubjectKind,
    subjectId: r.subject_id,
    subjectName: r.subject_name,
    subjectCode: r.subject_code,
    type: r.type as CreditEntry['type'],
    factDate: r.fact_date,
    outcome: r.outcome,
    behaviourCode: r.behaviour_code,
    behaviourName: r.behaviour_name,
    points: r.points,
    basis: r.basis,
    sourceKind: r.source_kind as CreditSourceKind | null,
    sourceId: r.source_id,
    amendsSeq: r.amends_seq,
    text: r.text,
    attachments: JSON.parse(r.attachments) as CreditAttachment[],
    prevHash: r.prev_hash,
    hash: r.hash,
    correctedBy,
  };
}

export function cycleView(rule: DemeritRuleSet, total: CycleTotal): CreditCycleView {
  return {
    start: total.cycle.start,
    lastDay: cycleLastDay(total.cycle),
    points: total.points,
    thresholds: rule.thresholds.map((t) => ({ ...t, reached: total.points >= t.points })),
    rule: { title: rule.title, source: rule.source, cycle: rule.cycle },
  };
}
