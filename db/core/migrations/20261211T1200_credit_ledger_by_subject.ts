// The reports' 信用等级 section computes every institution's tier as of the period's end from its ledger entries.
// It read them all at once in ledger order (credit_ledger_replay: kind, seq, subject, …) and held them until the
// last one: 550,000 entries at three times the 10-year district, and the heap they made grew the section 3.7x for
// 3x the entries. It now reads them a batch of institutions at a time, each institution's entries together: one
// index in the order (kind, subject, seq) with the columns the tier reads. Its first three columns are
// credit_ledger_subject's (a subject's entries in ledger order), so it replaces both.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('credit_ledger_by_subject')
    .on('credit_ledger')
    .columns(['subject_kind', 'subject_id', 'seq', 'type', 'fact_date', 'outcome', 'points', 'amends_seq'])
    .execute();
  await db.schema.dropIndex('credit_ledger_replay').execute();
  await db.schema.dropIndex('credit_ledger_subject').execute();
}
