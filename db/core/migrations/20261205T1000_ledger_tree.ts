// The credit ledger's Merkle tree (db/credit/merkle.ts): one cached node per complete run of 256 entries, so a
// signature over a 200,000-entry ledger hashes only what was appended since the last one. Derived data, append-only
// like the ledger it summarises.
import { sql, type Kysely } from 'kysely';
import { dialectOf, pgRefusingTrigger } from '../dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credit_merkle_chunks')
    .addColumn('chunk', 'integer', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull().check(sql`length(hash) = 64`))
    .execute();
  if (dialectOf(db) === 'postgres') {
    for (const op of ['update', 'delete'] as const)
      await pgRefusingTrigger(db, {
        name: `credit_merkle_chunks_no_${op}`,
        table: 'credit_merkle_chunks',
        op,
        message: '台账默克尔树缓存只能追加',
      });
    return;
  }
  await sql`create trigger credit_merkle_chunks_no_update before update on credit_merkle_chunks
    begin select raise(abort, '台账默克尔树缓存只能追加'); end`.execute(db);
  await sql`create trigger credit_merkle_chunks_no_delete before delete on credit_merkle_chunks
    begin select raise(abort, '台账默克尔树缓存只能追加'); end`.execute(db);
}
