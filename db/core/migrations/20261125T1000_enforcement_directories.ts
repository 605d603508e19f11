// 联合执法 directories: 监管对象 (institutions; unique 统一社会信用代码, unique 执业许可证登记号 when there is one,
// credit tier left null for the credit ledger), 从业人员 (certificate unique per category, no ID-card numbers), and
// 执法检查人员 with the institutions each has declared a conflict with (回避).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('institutions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('uscc', 'text', (c) => c.notNull().unique())
    .addColumn('licence_no', 'text', (c) => c.unique())
    .addColumn('category', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`category in ('hospital','community','township','outpatient','clinic','aesthetic','checkup','dental','tcm','other')`,
        ),
    )
    .addColumn('ownership', 'text', (c) => c.notNull().check(sql`ownership in ('public','private')`))
    .addColumn('level', 'text', (c) =>
      c
        .notNull()
        .defaultTo('unrated')
        .check(sql`level in ('tertiary','secondary','primary','unrated')`),
    )
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('street', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('grid', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('operating')
        .check(sql`status in ('operating','suspended','deregistered')`),
    )
    .addColumn('credit_tier', 'text', (c) => c.check(sql`credit_tier in ('A','B','C','D')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('institutions_name').on('institutions').column('name').execute();

  await db.schema
    .createTable('practitioners')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('physician','nurse','pharmacist','technician')`),
    )
    .addColumn('certificate_no', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('practitioners_certificate', ['category', 'certificate_no'])
    .execute();
  await db.schema
    .createIndex('practitioners_institution')
    .on('practitioners')
    .columns(['institution_id', 'active'])
    .execute();

  await db.schema
    .createTable('inspectors')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('badge_no', 'text', (c) => c.notNull().unique())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspectors_department').on('inspectors').column('department_id').execute();

  await db.schema
    .createTable('inspector_conflicts')
    .addColumn('inspector_id', 'integer', (c) => c.notNull().references('inspectors.id').onDelete('cascade'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspector_conflicts_pk', ['inspector_id', 'institution_id'])
    .execute();
  await db.schema
    .createIndex('inspector_conflicts_institution')
    .on('inspector_conflicts')
    .column('institution_id')
    .execute();
}
