// 联席会议: meetings (single, or occurrences of a series written out as rows so each can be edited on its own),
// attending departments and their attendance, the agenda with linked checklist items and materials, minutes,
// decisions (议定事项) with responsible departments and their follow-up (督办), and the office's register of
// 发文字号 (unique per year across every document the office issues).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('doc_numbers')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number > 0`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_numbers_pk', ['year', 'number'])
    .addUniqueConstraint('doc_numbers_ref', ['kind', 'ref_id'])
    .execute();

  await db.schema
    .createTable('meeting_series')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('rule_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('series_id', 'integer', (c) => c.references('meeting_series.id'))
    .addColumn('original_date', 'text')
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('regular','topic','emergency','enforcement')`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('room', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('convener', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('chair', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('invited_leaders', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('planned','notified','held','cancelled')`),
    )
    .addColumn('cancel_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('check_in_time', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('what_to_bring', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rsvp_deadline', 'text')
    .addColumn('contact_person', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('minutes_summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('minutes_year', 'integer')
    .addColumn('minutes_number', 'integer')
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('meetings_series_occurrence', ['series_id', 'original_date'])
    .addUniqueConstraint('meetings_minutes_number', ['minutes_year', 'minutes_number'])
    .execute();
  await db.schema.createIndex('meetings_date').on('meetings').columns(['date', 'start_time']).execute();

  await db.schema
    .createTable('meeting_departments')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('attend','observe')`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('attendee_names', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attendance', 'text', (c) => c.check(sql`attendance in ('present','leave','delegate')`))
    .addColumn('leave_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('delegate_name', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('meeting_departments_pk', ['meeting_id', 'department_id'])
    .execute();
  await db.schema
    .createIndex('meeting_departments_dept')
    .on('meeting_departments')
    .column('department_id')
    .execute();

  await db.schema
    .createTable('agenda_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('presenter_department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('discussion', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('conclusion', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createIndex('agenda_items_meeting')
    .on('agenda_items')
    .columns(['meeting_id', 'seq'])
    .execute();

  await db.schema
    .createTable('agenda_item_checklist')
    .addColumn('agenda_item_id', 'integer', (c) => c.notNull().references('agenda_items.id'))
    .addColumn('checklist_item_id', 'integer', (c) => c.notNull().references('checklist_items.id'))
    .addPrimaryKeyConstraint('agenda_item_checklist_pk', ['agenda_item_id', 'checklist_item_id'])
    .execute();

  await db.schema
    .createTable('agenda_materials')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agenda_item_id', 'integer', (c) => c.notNull().references('agenda_items.id'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agenda_materials_item')
    .on('agenda_materials')
    .column('agenda_item_id')
    .execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','done')`))
    .addColumn('result', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_meeting').on('decisions').columns(['meeting_id', 'seq']).execute();
  await db.schema.createIndex('decisions_open').on('decisions').columns(['status', 'due_date']).execute();

  await db.schema
    .createTable('decision_departments')
    .addColumn('decision_id', 'integer', (c) => c.notNull().references('decisions.id'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_departments_pk', ['decision_id', 'department_id'])
    .execute();
  await db.schema
    .createIndex('decision_departments_dept')
    .on('decision_departments')
    .column('department_id')
    .execute();

  await db.schema
    .createTable('decision_updates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('decision_id', 'integer', (c) => c.notNull().references('decisions.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('file_name', 'text')
    .execute();
  await db.schema
    .createIndex('decision_updates_decision')
    .on('decision_updates')
    .column('decision_id')
    .execute();
}
