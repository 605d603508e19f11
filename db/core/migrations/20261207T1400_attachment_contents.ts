// 多人协同 (issue 14, item 5): on the office server the attachments live in the database, so every seat opens the
// same file. One row per content, named by its SHA-256 (checked again on every read); the `files` table keeps
// what it always kept (digest, size, type). A single desk keeps its files in the data folder as before and leaves
// this table empty (db/core/attachment-store.ts chooses by store).
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attachment_contents')
    .addColumn('sha256', 'text', (c) => c.primaryKey().check(sql`length(sha256) = 64`))
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
    .addColumn('content', dialectOf(db) === 'postgres' ? sql`bytea` : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attachment_contents').execute();
}
