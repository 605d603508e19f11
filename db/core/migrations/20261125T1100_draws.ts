// 抽查计划 and 双随机 draws: annual plans (scope, 抽查事项, ratio per credit tier, team size), their participating
// departments and batches, and the draw records — canonical JSON with its SHA-256, one per batch — with the
// targets and lead inspectors of each draw for the next draw's 回避 of last time's lead. Draw records and their
// targets are immutable: triggers refuse UPDATE and DELETE.
import { sql, type Kysely } from 'kysely';
import { dialectOf, pgRefusingTrigger } from '../dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const percent = (column: string) => sql.raw(`${column} between 0 and 100`);
  await db.schema
    .createTable('inspection_plans')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('categories_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('streets_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('items_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('ratio_a', 'integer', (c) => c.notNull().check(percent('ratio_a')))
    .addColumn('ratio_b', 'integer', (c) => c.notNull().check(percent('ratio_b')))
    .addColumn('ratio_c', 'integer', (c) => c.notNull().check(percent('ratio_c')))
    .addColumn('ratio_d', 'integer', (c) => c.notNull().check(percent('ratio_d')))
    .addColumn('ratio_none', 'integer', (c) => c.notNull().check(percent('ratio_none')))
    .addColumn('team_size', 'integer', (c) => c.notNull().check(sql`team_size >= 2`))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inspection_plans_year_name', ['year', 'name'])
    .execute();

  await db.schema
    .createTable('inspection_plan_departments')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('inspection_plans.id').onDelete('cascade'))
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_plan_departments_pk', ['plan_id', 'department_id'])
    .execute();

  await db.schema
    .createTable('inspection_plan_batches')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('inspection_plans.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number between 1 and 99`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_plan_batches_pk', ['plan_id', 'number'])
    .execute();

  await db.schema
    .createTable('draw_records')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('batch_number', 'integer', (c) => c.notNull())
    .addColumn('drawn_at', 'text', (c) => c.notNull())
    .addColumn('drawn_by', 'text', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('target_count', 'integer', (c) => c.notNull())
    .addColumn('record_json', 'text', (c) => c.notNull())
    // One draw per batch: drawing again until the result pleases is exactly what a witnessed draw prevents.
    .addUniqueConstraint('draw_records_batch', ['plan_id', 'batch_number'])
    .addForeignKeyConstraint(
      'draw_records_batch_fk',
      ['plan_id', 'batch_number'],
      'inspection_plan_batches',
      ['plan_id', 'number'],
    )
    .execute();

  await db.schema
    .createTable('draw_targets')
    .addColumn('draw_id', 'integer', (c) => c.notNull().references('draw_records.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('lead_inspector_id', 'integer', (c) => c.notNull().references('inspectors.id'))
    .addPrimaryKeyConstraint('draw_targets_pk', ['draw_id', 'position'])
    .execute();
  // The latest draw of an institution (its previous lead) is found by this index, never by a scan.
  await db.schema
    .createIndex('draw_targets_institution')
    .on('draw_targets')
    .columns(['institution_id', 'draw_id'])
    .execute();

  for (const table of ['draw_records', 'draw_targets']) {
    for (const op of ['update', 'delete'] as const) {
      if (dialectOf(db) === 'postgres') {
        await pgRefusingTrigger(db, {
          name: `${table}_no_${op}`,
          table,
          op,
          message: '抽取记录一经生成不可修改或删除',
        });
        continue;
      }
      await sql
        .raw(
          `create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, '抽取记录一经生成不可修改或删除'); end`,
        )
        .execute(db);
    }
  }
}
