// 基础数据: the member-department directory (with an alias table so that a name resolves to one department
// only) and the office's overrides of the working-day calendar.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('departments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('full_name', 'text', (c) => c.notNull().unique())
    .addColumn('short_name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('department')
        .check(sql`kind in ('department','township','collective')`),
    )
    .addColumn('contact_person', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('duties', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('departments_order').on('departments').columns(['sort_order', 'id']).execute();

  await db.schema
    .createTable('department_aliases')
    .addColumn('alias', 'text', (c) => c.primaryKey())
    .addColumn('department_id', 'integer', (c) =>
      c.notNull().references('departments.id').onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('department_aliases_dept')
    .on('department_aliases')
    .column('department_id')
    .execute();

  await db.schema
    .createTable('calendar_overrides')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday','workday')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}
