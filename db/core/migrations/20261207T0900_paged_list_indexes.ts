// 性能 (issue 16): the first block of 台账记录 (the whole credit ledger as a list) carries the summary counts — the
// entries, those with points, the 更正 — over every entry. Type and points in one index answer them from the index
// alone, without reading the ledger's wide rows (hashes, texts, attachments).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('credit_ledger_type_points')
    .on('credit_ledger')
    .columns(['type', 'points'])
    .execute();
}
