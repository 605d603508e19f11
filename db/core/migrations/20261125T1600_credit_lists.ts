// 红黑名单 and 信用修复: listing decisions (each one also an entry of the credit ledger, which stays the record:
// a listing whose entry is corrected is revoked) and repair applications with their decision (an approval appends
// a 信用修复 entry). The ledger table itself is not touched: a listing's entry is a 信用评价结果 with a listing
// outcome code, which the ledger's type check already admits. docs/credit-ledger.md §6.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credit_listings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('subject_kind', 'text', (c) =>
      c.notNull().check(sql`subject_kind in ('institution','practitioner')`),
    )
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('list', 'text', (c) => c.notNull().check(sql`list in ('black','red')`))
    .addColumn('severity', 'text', (c) => c.check(sql`severity in ('minor','general','serious')`))
    .addColumn('basis_number', 'text', (c) => c.notNull())
    .addColumn('basis_text', 'text', (c) => c.notNull())
    .addColumn('decision_date', 'text', (c) => c.notNull())
    .addColumn('disclosure_start', 'text')
    .addColumn('disclosure_end', 'text')
    .addColumn('ledger_seq', 'integer', (c) => c.notNull().unique().references('credit_ledger.seq'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    // A black listing has a severity, a red one none; a disclosed period has both ends, in order.
    .addCheckConstraint('credit_listings_severity', sql`(list = 'black') = (severity is not null)`)
    .addCheckConstraint(
      'credit_listings_period',
      sql`(disclosure_start is null) = (disclosure_end is null) and (disclosure_end is null or disclosure_end >= disclosure_start)`,
    )
    .execute();
  await db.schema
    .createIndex('credit_listings_subject')
    .on('credit_listings')
    .columns(['subject_kind', 'subject_id', 'id'])
    .execute();
  // The public list: what is disclosed on a day is found from the end of disclosure.
  await db.schema
    .createIndex('credit_listings_disclosure')
    .on('credit_listings')
    .columns(['list', 'disclosure_end'])
    .execute();

  await db.schema
    .createTable('credit_repairs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('listing_id', 'integer', (c) => c.notNull().references('credit_listings.id'))
    .addColumn('applied_on', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .addColumn('applied_by', 'text', (c) => c.notNull())
    .addColumn('rectification_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('commitment_seq', 'integer', (c) => c.notNull().references('credit_ledger.seq'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending','approved','rejected')`),
    )
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decision_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decision_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('repair_seq', 'integer', (c) => c.unique().references('credit_ledger.seq'))
    .execute();
  await db.schema
    .createIndex('credit_repairs_listing')
    .on('credit_repairs')
    .columns(['listing_id', 'id'])
    .execute();
  // At most one application awaiting a decision per listing.
  await db.schema
    .createIndex('credit_repairs_one_pending')
    .on('credit_repairs')
    .column('listing_id')
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}
