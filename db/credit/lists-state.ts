// Reading 红黑名单 listings as they stand on a day: each listing row with what the ledger says about it (its entry
// corrected → revoked; an approved repair whose 信用修复 entry stands → repaired), its repair applications, and
// the status derived from the dates (disclosure ends by itself after its last day). The subjects grid reads the
// per-subject summary from here too.
import type { Kysely, Selectable } from 'kysely';
import {
  INSTITUTION_CATEGORY_LABELS,
  INSTITUTION_STATUS_LABELS,
  PRACTITIONER_CATEGORY_LABELS,
  listingStatus,
  minimumPeriodEnd,
  type CreditAttachment,
  type CreditListKind,
  type CreditListing,
  type CreditRepair,
  type CreditSubjectKind,
  type CreditSubjectRef,
  type InstitutionCategory,
  type InstitutionStatus,
  type ListingSeverity,
  type PractitionerCategory,
  type SubjectListing,
} from '../../shared/contract';
import { todayIso } from '../../shared/dates';
import type { DB } from '../core/schema';

type ListingRow = Selectable<DB['credit_listings']>;

const key = (kind: string, id: number) => `${kind}-${id}`;

/** The subjects of some listings, two queries whatever their number. */
export async function subjectRefs(
  db: Kysely<DB>,
  pairs: { kind: CreditSubjectKind; id: number }[],
): Promise<Map<string, CreditSubjectRef>> {
  const out = new Map<string, CreditSubjectRef>();
  const ids = (k: CreditSubjectKind) => [...new Set(pairs.filter((p) => p.kind === k).map((p) => p.id))];
  const inst = ids('institution');
  if (inst.length)
    for (const r of await db
      .selectFrom('institutions')
      .select(['id', 'name', 'uscc', 'category', 'status'])
      .where('id', 'in', inst)
      .execute())
      out.set(key('institution', r.id), {
        kind: 'institution',
        id: r.id,
        name: r.name,
        code: r.uscc,
        detail: INSTITUTION_CATEGORY_LABELS[r.category as InstitutionCategory] ?? r.category,
        status: INSTITUTION_STATUS_LABELS[r.status as InstitutionStatus] ?? r.status,
      });
  const people = ids('practitioner');
  if (people.length)
    for (const r of await db
      .selectFrom('practitioners as p')
      .innerJoin('institutions as i', 'i.id', 'p.institution_id')
      .select(['p.id', 'p.name', 'p.certificate_no', 'p.category', 'p.active', 'i.name as institution_name'])
      .where('p.id', 'in', people)
      .execute())
      out.set(key('practitioner', r.id), {
        kind: 'practitioner',
        id: r.id,
        name: r.name,
        code: r.certificate_no,
        detail: `${PRACTITIONER_CATEGORY_LABELS[r.category as PractitionerCategory] ?? r.category} · ${r.institution_name}`,
        status: r.active === 1 ? '在职' : '离职',
      });
  return out;
}

/** Entry → the 更正 that neutralised it, for the given entries only (by the partial index on amends_seq). */
export async function correctionsFor(db: Kysely<DB>, seqs: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (seqs.length === 0) return out;
  const rows = await db
    .selectFrom('credit_ledger')
    .select(['seq', 'amends_seq'])
    .where('amends_seq', 'in', [...new Set(seqs)])
    .execute();
  for (const r of rows) if (r.amends_seq !== null) out.set(r.amends_seq, r.seq);
  return out;
}

type RepairRow = Selectable<DB['credit_repairs']>;

export function toRepair(r: RepairRow): CreditRepair {
  return {
    id: r.id,
    listingId: r.listing_id,
    appliedOn: r.applied_on,
    appliedAt: r.applied_at,
    appliedBy: r.applied_by,
    rectificationText: r.rectification_text,
    attachments: JSON.parse(r.attachments) as CreditAttachment[],
    commitmentSeq: r.commitment_seq,
    status: r.status as CreditRepair['status'],
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decisionNumber: r.decision_number,
    decisionNote: r.decision_note,
    repairSeq: r.repair_seq,
  };
}

/** Listing rows as the office sees them on `today`. */
export async function deriveListings(
  db: Kysely<DB>,
  rows: ListingRow[],
  today: string,
): Promise<CreditListing[]> {
  if (rows.length === 0) return [];
  const repairs = await db
    .selectFrom('credit_repairs')
    .selectAll()
    .where(
      'listing_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('listing_id')
    .orderBy('id')
    .execute();
  const corrected = await correctionsFor(db, [
    ...rows.map((r) => r.ledger_seq),
    ...repairs.flatMap((r) => (r.repair_seq === null ? [] : [r.repair_seq])),
  ]);
  const subjects = await subjectRefs(
    db,
    rows.map((r) => ({ kind: r.subject_kind as CreditSubjectKind, id: r.subject_id })),
  );
  return rows.map((r): CreditListing => {
    const own = repairs.filter((x) => x.listing_id === r.id).map(toRepair);
    const repair = own.find(
      (x) => x.status === 'approved' && x.repairSeq !== null && !corrected.has(x.repairSeq),
    );
    const severity = r.severity as ListingSeverity | null;
    const list = r.list as CreditListKind;
    const revokedBySeq = corrected.get(r.ledger_seq) ?? null;
    const facts = {
      list,
      severity,
      disclosureStart: r.disclosure_start,
      disclosureEnd: r.disclosure_end,
      revoked: revokedBySeq !== null,
      repaired: repair !== undefined,
    };
    const subject = subjects.get(key(r.subject_kind, r.subject_id)) ?? {
      kind: r.subject_kind as CreditSubjectKind,
      id: r.subject_id,
      name: '（已删除）',
      code: '',
      detail: '',
      status: '',
    };
    return {
      id: r.id,
      subject,
      list,
      severity,
      basisNumber: r.basis_number,
      basisText: r.basis_text,
      decisionDate: r.decision_date,
      disclosureStart: r.disclosure_start,
      disclosureEnd: r.disclosure_end,
      status: listingStatus(facts, today),
      ledgerSeq: r.ledger_seq,
      revokedBySeq,
      repairedOn: repair?.decidedAt ? todayIso(new Date(repair.decidedAt)) : null,
      repairSeq: repair?.repairSeq ?? null,
      minimumPeriodEnd: list === 'black' ? minimumPeriodEnd(severity, r.disclosure_start) : null,
      recordedAt: r.created_at,
      recordedBy: r.created_by,
      repairs: own,
    };
  });
}

/** Every listing (newest first), or one subject's. */
export async function loadListings(
  db: Kysely<DB>,
  today: string,
  subject?: { kind: CreditSubjectKind; id: number },
): Promise<CreditListing[]> {
  let q = db.selectFrom('credit_listings').selectAll();
  if (subject) q = q.where('subject_kind', '=', subject.kind).where('subject_id', '=', subject.id);
  return deriveListings(db, await q.orderBy('id', 'desc').execute(), today);
}

export async function loadListing(db: Kysely<DB>, today: string, id: number): Promise<CreditListing | null> {
  const rows = await db.selectFrom('credit_listings').selectAll().where('id', '=', id).execute();
  return (await deriveListings(db, rows, today))[0] ?? null;
}

/** The listings that may be on the public list today: disclosure not yet ended (by index), then derived. */
export async function currentlyDisclosed(
  db: Kysely<DB>,
  today: string,
  list: CreditListKind,
): Promise<CreditListing[]> {
  const rows = await db
    .selectFrom('credit_listings')
    .selectAll()
    .where('list', '=', list)
    .where('disclosure_end', '>=', today)
    .orderBy('disclosure_end')
    .execute();
  return (await deriveListings(db, rows, today))
    .filter((l) => l.status === 'disclosed')
    .sort((a, b) =>
      a.decisionDate === b.decisionDate ? a.id - b.id : a.decisionDate < b.decisionDate ? -1 : 1,
    );
}

/** Per subject (kind-id), its listings that were not revoked, for the subjects grid. */
export async function subjectListings(db: Kysely<DB>, today: string): Promise<Map<string, SubjectListing[]>> {
  const all = await loadListings(db, today);
  const out = new Map<string, SubjectListing[]>();
  for (const l of all) {
    if (l.status === 'revoked') continue;
    const k = key(l.subject.kind, l.subject.id);
    const list = out.get(k) ?? [];
    list.push({ id: l.id, list: l.list, severity: l.severity, status: l.status });
    out.set(k, list);
  }
  return out;
}
