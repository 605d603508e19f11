// 报告数字 (issue 21): the dates the report figures place records by, indexed — deadlines (转报回复期限, 投诉反馈期限,
// 整改期限), the days of 办结, 复查 and 预警处理 — so a period's figures read by index, never the whole table.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('referrals_due').on('referrals').columns(['due_on', 'reply_on']).execute();
  await db.schema.createIndex('complaints_feedback_due').on('complaints').column('feedback_due').execute();
  await db.schema.createIndex('complaints_handled').on('complaints').column('handled_on').execute();
  await db.schema.createIndex('inspections_review').on('inspections').column('review_on').execute();
  await db.schema.createIndex('inspections_rectify_due').on('inspections').column('rectify_due').execute();
  await db.schema
    .createIndex('credit_warnings_acknowledged_at')
    .on('credit_warnings')
    .column('acknowledged_at')
    .execute();
}
