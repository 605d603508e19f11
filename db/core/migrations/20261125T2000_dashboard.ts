// 工作台: the indexes its year figures read by (the open-deadline queries use the modules' own partial indexes).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('credit_warnings_raised_at')
    .on('credit_warnings')
    .column('raised_at')
    .execute();
}
