// 任务清单: one checklist per year; items with ordered departments (the first, role lead, is 牵头单位);
// quarterly progress per item × department; evidence files stored once by SHA-256; lead units' summaries.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('checklists')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('year', 'integer', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text')
    .addColumn('document', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lead_rule', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checklist_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('checklist_id', 'integer', (c) => c.notNull().references('checklists.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('remark', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('checklist_items_order')
    .on('checklist_items')
    .columns(['checklist_id', 'seq'])
    .execute();

  await db.schema
    .createTable('checklist_item_units')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('checklist_items.id'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lead','participant')`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('checklist_item_units_pk', ['item_id', 'department_id'])
    .execute();
  await db.schema
    .createIndex('checklist_item_units_dept')
    .on('checklist_item_units')
    .column('department_id')
    .execute();

  await db.schema
    .createTable('checklist_progress')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('checklist_items.id'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('quarter', 'integer', (c) => c.notNull().check(sql`quarter between 1 and 4`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('not_started','in_progress','done','behind','not_applicable')`),
    )
    .addColumn('narrative', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('issues', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_steps', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reporter_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('checklist_progress_one', ['item_id', 'department_id', 'quarter'])
    .execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checklist_evidence')
    .addColumn('progress_id', 'integer', (c) => c.notNull().references('checklist_progress.id'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('checklist_evidence_pk', ['progress_id', 'file_id'])
    .execute();

  await db.schema
    .createTable('checklist_summaries')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('checklist_items.id'))
    .addColumn('quarter', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('checklist_summaries_pk', ['item_id', 'quarter'])
    .execute();
}
