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
import { count, ind, type ReportSection } from '../core/report-sections';

// ------------------------------------------------------------------------------------- 信用台账

const creditSection: ReportSection = {
  key: 'credit',
  title: '信用监管',
  order: 70,
  types: ['quarterly', 'annual', 'credit', 'assessment'],
  tables: ['credit_ledger', 'credit_warnings', 'doc_numbers'],
  async collect({ db, period, asOf, startAt, asOfEndAt }) {
    // Entries by the date of their facts (staff often record them later), less those a 更正 has neutralised:
    // what the ledger says today about the period.
    const entries = await db
      .selectFrom('credit_ledger as e')
      .select([
        'e.seq',
        'e.subject_kind',
        'e.type',
        'e.points',
        (eb) =>
          eb
            .selectFrom('credit_ledger as c')
            .select('c.seq')
            .whereRef('c.amends_seq', '=', 'e.seq')
            .limit(1)
            .as('corrected_by'),
      ])
      .where('e.fact_date', '>=', period.start)
      .where('e.fact_date', '<=', asOf)
      .where('e.type', '!=', 'correction')
      .execute();
    const live = entries.filter((e) => e.corrected_by === null);
    // Threshold warnings raised by the period's 记分 (found through the entries, by index).
    const demeritSeqs = live.filter((e) => e.type === 'demerit').map((e) => e.seq);
    const warnings = demeritSeqs.length
      ? await db
          .selectFrom('credit_warnings')
          .select(['id', 'status', 'acknowledged_at', 'threshold'])
          .where('raised_by_seq', 'in', demeritSeqs)
          .execute()
      : [];
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
    const acknowledged = warnings.filter((w) => w.status === 'acknowledged');
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
        ind('credit.warningsAcknowledged', '其中已处理', acknowledged.length, '次'),
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
            .select('c.seq')
            .whereRef('c.amends_seq', '=', 'l.ledger_seq')
            .limit(1)
            .as('revoked_by'),
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
    const live = listings.filter((l) => l.revoked_by === null);
    const decided = live.filter((l) => l.decision_date >= period.start && l.decision_date <= asOf);
    const disclosed = (list: string) =>
      live.filter(
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
        ind('lists.blackDisclosed', '期末黑名单公示中', disclosed('black'), '个'),
        ind('lists.redDisclosed', '期末红名单公示中', disclosed('red'), '个'),
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

const tiersSection: ReportSection = {
  key: 'tiers',
  title: '监管对象信用等级',
  order: 90,
  types: ['quarterly', 'annual', 'assessment', 'credit'],
  tables: ['institutions', 'credit_tier_history'],
  async collect({ db, asOf }) {
    // Each institution's tier as of asOf, from its tier history.
    const rows = await db
      .selectFrom('institutions as i')
      .select([
        'i.id',
        'i.category',
        'i.status',
        (eb) =>
          eb
            .selectFrom('credit_tier_history as h')
            .select('h.tier')
            .where('h.subject_kind', '=', 'institution')
            .whereRef('h.subject_id', '=', 'i.id')
            .where('h.effective_on', '<=', asOf)
            .orderBy('h.effective_on', 'desc')
            .orderBy('h.id', 'desc')
            .limit(1)
            .as('tier'),
      ])
      .execute();
    const active = rows.filter((r) => r.status !== 'closed');
    const tierCount = (t: string | null) => active.filter((r) => (r.tier ?? null) === t).length;
    const categories = [...new Set(active.map((r) => r.category))];
    return {
      indicators: [
        ind('institutions.active', '监管对象（在业、停业）', active.length, '家'),
        ...CREDIT_TIERS.map((t) => ind(`tiers.${t}`, `信用等级 ${t} 级`, tierCount(t), '家')),
        ind('tiers.unrated', '尚未评定等级', tierCount(null), '家'),
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
