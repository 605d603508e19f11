// 转报/移送 and 12345 complaints. A referral row has one receiving department; a matter sent to several goes
// through 区卫生健康局 and becomes one row per department (same group_id, via_bureau = 1), each answered on its own.
// The reply deadline is computed when the row is written and kept with the rule that gave it (days, unit), so the
// record shows which rule applied even after the office changes its settings. A complaint's feedback deadline is
// set the same way when handling ends. Indexes on the reply and feedback dates serve the open lists (no reply yet, no feedback yet).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('referrals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('group_id', 'integer', (c) => c.notNull())
    .addColumn('from_department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('to_department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('via_bureau', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`via_bureau in (0, 1)`),
    )
    .addColumn('doc_no', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('matter', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('rule_days', 'integer', (c) => c.notNull())
    .addColumn('rule_unit', 'text', (c) => c.notNull().check(sql`rule_unit in ('calendar','working')`))
    .addColumn('reply_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_on', 'text')
    .addColumn('reply_file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('reply_file_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('referrals_departments_differ', sql`from_department_id <> to_department_id`)
    .addCheckConstraint('referrals_due_after_receipt', sql`due_on >= received_on`)
    .addCheckConstraint('referrals_reply_after_receipt', sql`reply_on is null or reply_on >= received_on`)
    .addCheckConstraint('referrals_file_with_reply', sql`reply_file_id is null or reply_on is not null`)
    .execute();
  await db.schema.createIndex('referrals_received').on('referrals').columns(['received_on', 'id']).execute();
  await db.schema
    .createIndex('referrals_to_department')
    .on('referrals')
    .columns(['to_department_id', 'received_on'])
    .execute();
  await db.schema
    .createIndex('referrals_from_department')
    .on('referrals')
    .columns(['from_department_id', 'received_on'])
    .execute();
  // The open lists: `reply_on is null` (and the due date for 待回复/逾期) is a search, not a scan.
  await db.schema.createIndex('referrals_reply').on('referrals').columns(['reply_on', 'due_on']).execute();
  await db.schema.createIndex('referrals_group').on('referrals').column('group_id').execute();
  await db.schema.createIndex('referrals_institution').on('referrals').column('institution_id').execute();

  await db.schema
    .createTable('complaints')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_no', 'text', (c) => c.notNull().unique())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`category in ('medical_service','aesthetic','charges','ethics','infection_control','other')`,
        ),
    )
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('handling_result', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('handled_on', 'text')
    // 查实: 1 substantiated (goes to the credit ledger), 0 not; null while the complaint is being handled.
    .addColumn('substantiated', 'integer', (c) => c.check(sql`substantiated in (0, 1)`))
    .addColumn('feedback_due', 'text')
    .addColumn('rule_days', 'integer')
    .addColumn('rule_unit', 'text', (c) => c.check(sql`rule_unit in ('calendar','working')`))
    .addColumn('feedback_on', 'text')
    .addColumn('feedback_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'complaints_handled_complete',
      sql`(handled_on is null and substantiated is null and feedback_due is null and rule_days is null and rule_unit is null)
       or (handled_on is not null and substantiated is not null and feedback_due is not null and rule_days is not null and rule_unit is not null)`,
    )
    .addCheckConstraint(
      'complaints_handled_after_receipt',
      sql`handled_on is null or handled_on >= received_on`,
    )
    .addCheckConstraint(
      'complaints_feedback_after_handling',
      sql`feedback_on is null or (handled_on is not null and feedback_on >= handled_on)`,
    )
    .execute();
  await db.schema
    .createIndex('complaints_received')
    .on('complaints')
    .columns(['received_on', 'id'])
    .execute();
  await db.schema
    .createIndex('complaints_department')
    .on('complaints')
    .columns(['department_id', 'received_on'])
    .execute();
  // The open lists: not yet fed back (`feedback_on is null`), being handled or waiting for the feedback.
  await db.schema
    .createIndex('complaints_progress')
    .on('complaints')
    .columns(['feedback_on', 'handled_on', 'feedback_due'])
    .execute();
  // The credit ledger will read an institution's substantiated complaints.
  await db.schema
    .createIndex('complaints_institution')
    .on('complaints')
    .columns(['institution_id', 'substantiated'])
    .execute();
}
