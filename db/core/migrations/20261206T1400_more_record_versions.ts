// 多人协同 (issue 14), the rest of the editable records: the 抽查事项清单 and 专家库 entries, a department's quarterly
// 工作进展 on a checklist item, a meeting's 议定事项, and the 依法执业自查 year arrangement, 专项自查 and submissions also carry a version
// raised by each save, so a save from a stale copy is refused (db/core/versions.ts) as it is for the records of
// 20261206T1300_record_versions. Existing rows start at version 1.
import type { Kysely } from 'kysely';

/** The tables this migration gives a row_version (db/core/versions.ts VERSIONED_ENTITY names their entity). */
export const MORE_VERSIONED_TABLES = [
  'spot_items',
  'experts',
  'checklist_progress',
  'selfcheck_years',
  'selfcheck_campaigns',
  'selfcheck_submissions',
  'decisions',
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of MORE_VERSIONED_TABLES) {
    await db.schema
      .alterTable(table)
      .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  }
}
