// 性能 (issue 16): the two reads the 工作台 makes over the whole of ten years, indexed. 记分通知书 due items look for
// demerit entries of the last year in the credit ledger (type, then fact date); the 投诉按类别 chart counts a year's
// complaints by category (received date, then category, so the count is answered from the index alone).
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('credit_ledger_type_fact_date')
    .on('credit_ledger')
    .columns(['type', 'fact_date'])
    .execute();
  await db.schema
    .createIndex('complaints_received_category')
    .on('complaints')
    .columns(['received_on', 'category'])
    .execute();
}
