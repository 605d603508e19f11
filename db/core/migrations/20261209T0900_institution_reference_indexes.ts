// Every table that names an institution can find its rows by it: the 承诺书, the registered 未自查 and the experts'
// declared conflicts had no index on institution_id (their keys start with the year or the expert), so each check
// of the foreign key — and each look-up by institution — read the whole table. Removing the bench's 120,000
// imported institutions took longer than ten minutes on the 10-year district for this reason.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['selfcheck_pledges', 'selfcheck_missing', 'expert_conflicts']) {
    await db.schema.createIndex(`${table}_institution`).on(table).column('institution_id').execute();
  }
}
