// 多人协同 (issue 14): every editable record carries a version, raised by each save, so a save made from a stale
// copy is refused (CONFLICT naming who saved the newer one and when) instead of silently overwriting it — on the
// office server with many seats and on one desk with two windows alike. Audit rows also name the computer (seat)
// they came from. Existing rows start at version 1 and seat '' (written before seats were recorded).
import type { Kysely } from 'kysely';

/** The tables a person edits through an update form (db/core/versions.ts VERSIONED lists them with their entity). */
export const VERSIONED_TABLES = [
  'office',
  'users',
  'departments',
  'checklist_items',
  'meetings',
  'institutions',
  'practitioners',
  'inspectors',
  'inspection_plans',
  'inspections',
  'referrals',
  'complaints',
  'joint_actions',
  'credit_behaviours',
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of VERSIONED_TABLES) {
    await db.schema
      .alterTable(table)
      .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  }
  await db.schema
    .alterTable('audit_log')
    .addColumn('seat', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
