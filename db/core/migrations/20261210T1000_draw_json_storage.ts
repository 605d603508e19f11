// The office server stores a draw's record and a batch's seal (JSON of the whole directory, megabytes each) out of
// line without compressing them. PostgreSQL compressed every such value with pglz on write and decompressed it on
// each read — a stored draw spent its extra time against the same draw on SQLite (which never compresses) there.
// Disk is cheap beside that: a district makes a few draws a year. SQLite: nothing to change.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`alter table draw_records alter column record_json set storage external`.execute(db);
  await sql`alter table draw_seals alter column seal_json set storage external`.execute(db);
}
