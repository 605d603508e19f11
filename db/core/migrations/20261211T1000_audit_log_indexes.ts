// The 操作日志 grid on a long log (#16, three times the 10-year district: 360,000 rows, 77 MB with the before/after
// copies):
// - A block far down (the scrollbar dragged) counts the rows it skips in id order. SQLite walked the table itself,
//   its wide rows and all: 15 ms at 3x for a random block. An index of the ids alone holds the same order in a
//   fraction of the pages: 2 ms. (PostgreSQL walks its primary key's index already: this one is SQLite's only.)
// - A filter by date and person counted the days' rows by the date index and read each row for its person: the
//   person is now in the index with the time (it replaces audit_log_at, whose searches it answers the same way),
//   so that count reads the index alone.
import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite')
    await db.schema.createIndex('audit_log_order').on('audit_log').column('id').execute();
  await db.schema.createIndex('audit_log_at_actor').on('audit_log').columns(['at', 'actor_name']).execute();
  await db.schema.dropIndex('audit_log_at').execute();
}
