// 依法执业自查 and 告诫谈话 (issue 17): the year's self-inspection work (scope, deadlines), 专项 campaigns, each
// institution's submissions and 承诺书, the staff's explicit 登记未自查, the 自查督导 inspections' findings (linked to
// the existing inspection records, which stay as they are) and warning talks. Credit effects live in the ledger.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('selfcheck_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('categories_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('streets_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('full_deadline', 'text', (c) => c.notNull())
    .addColumn('pledge_deadline', 'text', (c) => c.notNull())
    .addColumn('routine_after_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('selfcheck_campaigns')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('year', 'integer', (c) => c.notNull().references('selfcheck_years.year'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('categories_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('streets_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('selfcheck_submissions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('year', 'integer', (c) => c.notNull().references('selfcheck_years.year'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('full','routine','special')`))
    .addColumn('quarter', 'integer')
    .addColumn('campaign_id', 'integer', (c) => c.references('selfcheck_campaigns.id'))
    .addColumn('submitted_on', 'text', (c) => c.notNull())
    .addColumn('areas_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('found_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fixed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rectify_plan', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rectify_due', 'text')
    .addColumn('report_file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('report_file_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('untrue', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('credit_seq', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('selfcheck_submissions_period', ['year', 'institution_id', 'period_key'])
    .execute();
  await db.schema
    .createIndex('selfcheck_submissions_institution')
    .on('selfcheck_submissions')
    .columns(['institution_id', 'year'])
    .execute();

  await db.schema
    .createTable('selfcheck_pledges')
    .addColumn('year', 'integer', (c) => c.notNull().references('selfcheck_years.year'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('submitted_on', 'text', (c) => c.notNull())
    .addColumn('signer', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('practitioners_signed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('file_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('selfcheck_pledges_pk', ['year', 'institution_id'])
    .execute();

  await db.schema
    .createTable('selfcheck_missing')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('year', 'integer', (c) => c.notNull().references('selfcheck_years.year'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('credit_seq', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('selfcheck_missing_period', ['year', 'institution_id', 'period_key'])
    .execute();

  await db.schema
    .createTable('selfcheck_supervisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('inspection_id', 'integer', (c) => c.notNull().unique().references('inspections.id'))
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('selfcheck_submissions.id'))
    .addColumn('findings_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('untrue', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('credit_seq', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('warning_talks')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('subject_kind', 'text', (c) =>
      c.notNull().check(sql`subject_kind in ('institution','practitioner')`),
    )
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('talk_on', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('talkers', 'text', (c) => c.notNull())
    .addColumn('attendees', 'text', (c) => c.notNull())
    .addColumn('reason_kind', 'text', (c) => c.notNull())
    .addColumn('reason_id', 'integer')
    .addColumn('reason_text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('commitments', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('follow_up_on', 'text')
    .addColumn('credit_seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('warning_talks_subject')
    .on('warning_talks')
    .columns(['subject_kind', 'subject_id'])
    .execute();
}
