// 议定事项催办 (issue 18, item 8): each time the office urges the responsible departments of a decision — by phone,
// in writing or through the system — one row: the decision, the day, the method, who urged and a note. The 督办 list
// shows how often and when each decision was last urged; the rows are never edited (a mistaken one is a new note).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('decision_urgings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('decision_id', 'integer', (c) => c.notNull().references('decisions.id'))
    .addColumn('urged_on', 'text', (c) => c.notNull().check(sql`length(urged_on) = 10`))
    .addColumn('method', 'text', (c) =>
      c.notNull().check(sql`method in ('phone','written','system','meeting')`),
    )
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('urged_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('decision_urgings_decision')
    .on('decision_urgings')
    .columns(['decision_id', 'urged_on'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('decision_urgings').execute();
}
