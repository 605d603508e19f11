// 信用台账's sections of a report's figures: ledger entries by the date of their facts, 记分通知书 and threshold
// warnings; 红黑名单 and 信用修复; the institutions' credit tiers as of the period's day. Registered in ./index.ts;
// db/reports/figures.ts loops over the registered sections.
import {
  CREDIT_ENTRY_TYPE_LABELS,
  CREDIT_TIERS,
  INSTITUTION_CATEGORY_LABELS,
  type CreditEntryType,
  type InstitutionCategory,
} from '../../shared/contract';
import { quarterEnd, quarterOf, type IsoDate } from '../../shared/dates';
import { computeTier } from '../../shared/domain/credit-rules';
import { isSupervised, type CreditTier } from '../../shared/domain/institutions';
import { count, ind, stock, type ReportSection } from '../core/report-sections';
import { loadRules, toFact } from './state';
import type { Kysely } from 'kysely';
import type { DB } from '../core/schema';

/** Whether a record of `factDate` still counts in the figures as of `asOf`, given the date of the 更正 that
 *  neutralised it (null: none). A correction counts by its own date: it takes the record out of the quarter the
 *  record belongs to only when dated within that quarter (and by asOf); a later one leaves the past quarter — and
 *  so the year, the sum of its quarters — as it stood, and shows as a 更正 of its own period. */
export function liveAt(factDate: IsoDate, correctedOn: IsoDate | null, asOf: IsoDate): boolean {
  if (correctedOn === null) return true;
  const q = quarterOf(factDate);
  const close = quarterEnd(q.year, q.quarter);
  return correctedOn > (close < asOf ? close : asOf);
}

// ------------------------------------------------------------------------------------- 信用台账

const creditSection: ReportSection = {
  key: 'credit',
  title: '信用监管',
  order: 70,
  types: ['quarterly', 'annual', 'credit', 'assessment'],
  tables: ['credit_ledger', 'credit_warnings', 'doc_numbers'],
  async collect({ db, period, asOf, startAt, asOfEndAt }) {
    // Entries by the date of their facts (staff often record them later), less those a 更正 dated within the same
    // quarter has neutralised (liveAt); 更正 by their own date.
    const entries = await db
      .selectFrom('credit_ledger as e')
      .select([
        'e.seq',
        'e.subject_kind',
        'e.type',
        'e.fact_date',
        'e.points',
        (eb) =>
          eb
            .selectFrom('credit_ledger as c')
            .select('c.fact_date')
            .whereRef('c.amends_seq', '=', 'e.seq')
            .limit(1)
            .as('corrected_on'),
      ])
      .where('e.fact_date', '>=', period.start)
      .where('e.fact_date', '<=', asOf)
      .where('e.type', '!=', 'correction')
      .execute();
    const live = entries.filter((e) => liveAt(e.fact_date, e.corrected_on, asOf));
    const corrections = await db
      .selectFrom('credit_ledger')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'correction')
      .where('fact_date', '>=', period.start)
      .where('fact_date', '<=', asOf)
      .executeTakeFirstOrThrow();
    // Threshold warnings raised by the period's 记分 (found through the entries, by index).
    const demeritSeqs = live.filter((e) => e.type === 'demerit').map((e) => e.seq);
    const warnings = demeritSeqs.length
      ? await db
          .selectFrom('credit_warnings')
          .select(['id', 'status', 'acknowledged_at', 'threshold'])
          .where('raised_by_seq', 'in', demeritSeqs)
          .execute()
      : [];
    // Warnings handled in the period (by the moment they were acknowledged), whenever they were raised.
    const acknowledged = await db
      .selectFrom('credit_warnings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'acknowledged')
      .where('acknowledged_at', '>=', startAt)
      .where('acknowledged_at', '<', asOfEndAt)
      .executeTakeFirstOrThrow();
    const notices = await db
      .selectFrom('doc_numbers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('year', '=', period.year)
      .where('kind', '=', 'credit-notice')
      .where('issued_at', '>=', startAt)
      .where('issued_at', '<', asOfEndAt)
      .executeTakeFirstOrThrow();
    const of = (t: CreditEntryType) => live.filter((e) => e.type === t);
    const demerits = of('demerit');
    const byType = new Map<string, { inst: number; prac: number }>();
    for (const e of live) {
      const x = byType.get(e.type) ?? { inst: 0, prac: 0 };
      if (e.subject_kind === 'institution') x.inst++;
      else x.prac++;
      byType.set(e.type, x);
    }
    return {
      indicators: [
        ind('credit.entries', '登记信用记录', live.length, '条'),
        ind('credit.penalties', '其中行政处罚', of('penalty').length, '条'),
        ind('credit.complaints', '其中投诉查实', of('complaint').length, '条'),
        ind('credit.demerits', '不良执业行为记分', demerits.length, '次'),
        ind(
          'credit.demeritPoints',
          '记分合计',
          demerits.reduce((n, e) => n + (e.points ?? 0), 0),
          '分',
        ),
        ind('credit.noticesIssued', '发出记分通知书', count(notices.n), '份'),
        ind('credit.warnings', '记分达到阈值预警', warnings.length, '次'),
        ind('credit.warningsAcknowledged', '处理阈值预警', count(acknowledged.n), '次'),
        ind('credit.corrections', '更正信用记录', count(corrections.n), '条'),
      ],
      tables: [
        {
          key: 'credit_entries',
          title: '信用记录登记情况',
          columns: ['记录类型', '医疗机构（条）', '医务人员（条）', '合计（条）'],
          rows: [...byType]
            .sort((a, b) => b[1].inst + b[1].prac - (a[1].inst + a[1].prac))
            .map(([t, v]) => [
              CREDIT_ENTRY_TYPE_LABELS[t as CreditEntryType] ?? t,
              v.inst,
              v.prac,
              v.inst + v.prac,
            ]),
        },
      ],
    };
  },
};

// ------------------------------------------------------------------------------------- 红黑名单与信用修复

const listsSection: ReportSection = {
  key: 'lists',
  title: '红黑名单与信用修复',
  order: 80,
  types: ['quarterly', 'annual', 'credit', 'assessment'],
  tables: ['credit_listings', 'credit_repairs', 'credit_ledger'],
  async collect({ db, period, asOf, startAt, asOfEndAt }) {
    // A district's listing decisions are few: read them all, and what revoked or repaired them by index.
    const listings = await db
      .selectFrom('credit_listings as l')
      .select([
        'l.id',
        'l.list',
        'l.severity',
        'l.decision_date',
        'l.disclosure_start',
        'l.disclosure_end',
        (eb) =>
          eb
            .selectFrom('credit_ledger as c')
            .select('c.fact_date')
            .whereRef('c.amends_seq', '=', 'l.ledger_seq')
            .limit(1)
            .as('revoked_on'),
      ])
      .execute();
    const ids = listings.map((l) => l.id);
    const repairs = ids.length
      ? await db
          .selectFrom('credit_repairs')
          .select(['listing_id', 'applied_on', 'status', 'decided_at'])
          .where('listing_id', 'in', ids)
          .execute()
      : [];
    const repairedBy = new Set(
      repairs
        .filter((r) => r.status === 'approved' && r.decided_at !== null && r.decided_at < asOfEndAt)
        .map((r) => r.listing_id),
    );
    // Decisions by their date, less those revoked by a 更正 within the same quarter (liveAt); on the list at the
    // end: not revoked by then.
    const decided = listings.filter(
      (l) =>
        l.decision_date >= period.start &&
        l.decision_date <= asOf &&
        liveAt(l.decision_date, l.revoked_on, asOf),
    );
    const standing = listings.filter((l) => l.revoked_on === null || l.revoked_on > asOf);
    const disclosed = (list: string) =>
      standing.filter(
        (l) =>
          l.list === list &&
          !repairedBy.has(l.id) &&
          l.disclosure_start !== null &&
          l.disclosure_start <= asOf &&
          l.disclosure_end !== null &&
          l.disclosure_end >= asOf,
      ).length;
    return {
      indicators: [
        ind('lists.blackListed', '列入黑名单', decided.filter((l) => l.list === 'black').length, '个'),
        ind(
          'lists.blackSerious',
          '其中严重失信',
          decided.filter((l) => l.list === 'black' && l.severity === 'serious').length,
          '个',
        ),
        ind('lists.redListed', '列入红名单', decided.filter((l) => l.list === 'red').length, '个'),
        stock('lists.blackDisclosed', '期末黑名单公示中', disclosed('black'), '个'),
        stock('lists.redDisclosed', '期末红名单公示中', disclosed('red'), '个'),
        ind(
          'lists.repairsApplied',
          '受理信用修复申请',
          repairs.filter((r) => r.applied_on >= period.start && r.applied_on <= asOf).length,
          '件',
        ),
        ind(
          'lists.repairsApproved',
          '准予信用修复',
          repairs.filter(
            (r) =>
              r.status === 'approved' &&
              r.decided_at !== null &&
              r.decided_at >= startAt &&
              r.decided_at < asOfEndAt,
          ).length,
          '件',
        ),
      ],
      tables: [],
    };
  },
};

// ------------------------------------------------------------------------------------- 监管对象与信用等级

/** Institutions whose ledger entries the 信用等级 section reads at once. */
const TIER_BATCH = 1000;

/**
 * Each institution's tier on `asOf` from its ledger entries dated by then (the credit module's rules); absent: no
 * entry yet. `ids` ascending. The entries are read a batch of institutions at a time, each institution's together in
 * ledger order (the credit_ledger_by_subject index), and only the tiers are kept: all the entries at once were
 * 550,000 objects at three times the 10-year district, held to the end.
 */
export async function institutionTiers(
  db: Kysely<DB>,
  ids: readonly number[],
  asOf: IsoDate,
  batchSize = TIER_BATCH,
): Promise<Map<number, CreditTier | null>> {
  const tierOf = new Map<number, CreditTier | null>();
  let rules: Awaited<ReturnType<typeof loadRules>> | null = null;
  for (let k = 0; k < ids.length; k += batchSize) {
    const batch = ids.slice(k, k + batchSize);
    const wanted = new Set(batch);
    const entries = await db
      .selectFrom('credit_ledger')
      .select(['subject_id', 'seq', 'type', 'fact_date', 'outcome', 'points', 'amends_seq'])
      .where('subject_kind', '=', 'institution')
      .where('subject_id', '>=', batch[0]!)
      .where('subject_id', '<=', batch.at(-1)!)
      .where('fact_date', '<=', asOf)
      .orderBy('subject_id')
      .orderBy('seq')
      .execute();
    if (entries.length) rules ??= await loadRules(db);
    for (let i = 0; i < entries.length;) {
      const id = entries[i]!.subject_id;
      const facts: ReturnType<typeof toFact>[] = [];
      for (; i < entries.length && entries[i]!.subject_id === id; i++) facts.push(toFact(entries[i]!));
      // An institution between two of the batch's ids but not asked for (entered after asOf) is not counted.
      if (wanted.has(id)) tierOf.set(id, computeTier(rules!, 'institution', facts, asOf).tier);
    }
  }
  return tierOf;
}

const tiersSection: ReportSection = {
  key: 'tiers',
  title: '监管对象信用等级',
  order: 90,
  types: ['quarterly', 'annual', 'assessment', 'credit'],
  tables: ['institutions', 'credit_ledger', 'audit_log'],
  async collect({ db, asOf }) {
    // Each supervised institution's tier as of asOf: the tier its ledger entries dated by then give (facts and
    // 更正 by their own dates, the rules of the credit module) — the tier history as of that day, dated like the
    // credit records rather than by when a tier was last recomputed.
    // The register as it stood at the end of asOf (Beijing): institutions added later are not counted, and
    // one whose status changed since counts with the status it had then (the first later change's "before").
    const asOfEnd = new Date(`${asOf}T23:59:59.999+08:00`).toISOString();
    const later = await db
      .selectFrom('audit_log')
      .select(['entity_id', 'before_json', 'after_json'])
      .where('entity', '=', 'institution')
      .where('at', '>', asOfEnd)
      .orderBy('id')
      .execute();
    const statusThen = new Map<number, string>();
    for (const a of later) {
      const id = Number(a.entity_id);
      if (!a.entity_id || statusThen.has(id) || !a.before_json) continue;
      const before = JSON.parse(a.before_json) as { status?: unknown };
      const after = a.after_json ? (JSON.parse(a.after_json) as { status?: unknown }) : {};
      if (typeof before.status === 'string' && before.status !== after.status)
        statusThen.set(id, before.status);
    }
    const institutions = (
      await db
        .selectFrom('institutions')
        .select(['id', 'category', 'status', 'created_at'])
        .where('created_at', '<=', asOfEnd)
        .orderBy('id')
        .execute()
    ).map((i) => ({ id: i.id, category: i.category, status: statusThen.get(i.id) ?? i.status }));
    const tierOf = await institutionTiers(
      db,
      institutions.map((i) => i.id),
      asOf,
    );
    const rows = institutions.map((i) => ({ ...i, tier: tierOf.get(i.id) ?? null }));
    const active = rows.filter((r) => isSupervised(r.status));
    const tierCount = (t: string | null) => active.filter((r) => (r.tier ?? null) === t).length;
    const categories = [...new Set(active.map((r) => r.category))];
    return {
      indicators: [
        stock('institutions.active', '监管对象（在业、停业）', active.length, '家'),
        ...CREDIT_TIERS.map((t) => stock(`tiers.${t}`, `信用等级 ${t} 级`, tierCount(t), '家')),
        stock('tiers.unrated', '尚未评定等级', tierCount(null), '家'),
      ],
      tables: [
        {
          key: 'tiers_by_category',
          title: '监管对象信用等级分布（按机构类别）',
          columns: ['机构类别', '机构数', 'A 级', 'B 级', 'C 级', 'D 级', '未评定'],
          rows: categories.map((c) => {
            const of = active.filter((r) => r.category === c);
            const n = (t: string | null) => of.filter((r) => (r.tier ?? null) === t).length;
            return [
              INSTITUTION_CATEGORY_LABELS[c as InstitutionCategory] ?? c,
              of.length,
              n('A'),
              n('B'),
              n('C'),
              n('D'),
              n(null),
            ];
          }),
        },
      ],
    };
  },
};

export const creditReportSections: ReportSection[] = [creditSection, listsSection, tiersSection];
