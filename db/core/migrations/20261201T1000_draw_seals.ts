// The seal of a 双随机 batch (封存记录, draw algorithm zongjian-draw-v2): the plan's parameters, the batch and the
// directory snapshot (row hashes, tiers, previous leads, 回避) fixed as canonical JSON with its SHA-256 before the
// lottery is drawn; the draw is made from it. One per batch, and like the draw record it is immutable: triggers
// refuse UPDATE and DELETE.
import { sql, type Kysely } from 'kysely';
import { dialectOf, pgRefusingTrigger } from '../dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('draw_seals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('batch_number', 'integer', (c) => c.notNull())
    .addColumn('sealed_at', 'text', (c) => c.notNull())
    .addColumn('sealed_on', 'text', (c) => c.notNull())
    .addColumn('sealed_by', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('seal_json', 'text', (c) => c.notNull())
    // One seal per batch: sealing again after seeing the directory change is what the seal prevents.
    .addUniqueConstraint('draw_seals_batch', ['plan_id', 'batch_number'])
    .addForeignKeyConstraint('draw_seals_batch_fk', ['plan_id', 'batch_number'], 'inspection_plan_batches', [
      'plan_id',
      'number',
    ])
    .execute();
  for (const op of ['update', 'delete'] as const) {
    if (dialectOf(db) === 'postgres') {
      await pgRefusingTrigger(db, {
        name: `draw_seals_no_${op}`,
        table: 'draw_seals',
        op,
        message: '封存记录一经生成不可修改或删除',
      });
      continue;
    }
    await sql
      .raw(
        `create trigger draw_seals_no_${op} before ${op} on draw_seals begin select raise(abort, '封存记录一经生成不可修改或删除'); end`,
      )
      .execute(db);
  }
}
