// 联合执法行动 / 专项整治: one row per action with its dates, the lead department, the status the office set (null =
// from the dates), the results (counts; 罚没金额 in 分 so sums are exact) and a results text; its participating
// departments, target institutions and attachments in their own tables, in the order given. The year's count
// (completed actions of several departments, by end date) is read through the end-date index.
// Also: a complaint keeps the credit-ledger entry its 查实 wrote (credit_seq) and the 更正 that neutralised it
// (credit_correction_seq), so it is recorded once and the complaint screen can say 已记入信用台账 第 N 条.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const nonNegative = (col: string) => sql`${sql.ref(col)} >= 0`;
  await db.schema
    .createTable('joint_actions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('joint','campaign')`))
    .addColumn('lead_department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status_set', 'text', (c) => c.check(sql`status_set in ('planned','in_progress','done')`))
    .addColumn('institutions_checked', 'integer', (c) =>
      c.notNull().defaultTo(0).check(nonNegative('institutions_checked')),
    )
    .addColumn('issues_found', 'integer', (c) => c.notNull().defaultTo(0).check(nonNegative('issues_found')))
    .addColumn('cases_filed', 'integer', (c) => c.notNull().defaultTo(0).check(nonNegative('cases_filed')))
    .addColumn('fines_fen', 'integer', (c) => c.notNull().defaultTo(0).check(nonNegative('fines_fen')))
    .addColumn('results_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('joint_actions_end_after_start', sql`end_date >= start_date`)
    .execute();
  // The year's list (actions overlapping the year: end on or after 1 January, start on or before 31 December)
  // and the count (by end date) both start from the end date.
  await db.schema.createIndex('joint_actions_end').on('joint_actions').columns(['end_date', 'id']).execute();
  await db.schema
    .createIndex('joint_actions_lead')
    .on('joint_actions')
    .columns(['lead_department_id', 'end_date'])
    .execute();

  await db.schema
    .createTable('joint_action_departments')
    .addColumn('action_id', 'integer', (c) => c.notNull().references('joint_actions.id').onDelete('cascade'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('joint_action_departments_pk', ['action_id', 'department_id'])
    .execute();
  await db.schema
    .createIndex('joint_action_departments_department')
    .on('joint_action_departments')
    .column('department_id')
    .execute();

  await db.schema
    .createTable('joint_action_targets')
    .addColumn('action_id', 'integer', (c) => c.notNull().references('joint_actions.id').onDelete('cascade'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('joint_action_targets_pk', ['action_id', 'institution_id'])
    .execute();
  await db.schema
    .createIndex('joint_action_targets_institution')
    .on('joint_action_targets')
    .column('institution_id')
    .execute();

  await db.schema
    .createTable('joint_action_files')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('action_id', 'integer', (c) => c.notNull().references('joint_actions.id').onDelete('cascade'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('joint_action_files_action')
    .on('joint_action_files')
    .columns(['action_id', 'id'])
    .execute();

  // 12345 complaint → 信用台账.
  await db.schema
    .alterTable('complaints')
    .addColumn('credit_seq', 'integer', (c) => c.references('credit_ledger.seq'))
    .execute();
  await db.schema
    .alterTable('complaints')
    .addColumn('credit_correction_seq', 'integer', (c) => c.references('credit_ledger.seq'))
    .execute();
}
