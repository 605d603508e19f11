// 报告上报: reports (one row per version: a draft the office edits, frozen once signed — triggers refuse any change
// to or deletion of a signed row, so a change is a new version that names the one it replaces) and the log of how
// each signed report was sent.
import { sql, type Kysely } from 'kysely';
import { dialectOf, pgRefusingTrigger } from '../dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('quarterly','annual','assessment','checklist','enforcement','credit')`),
    )
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft','signed')`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('addressee', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('narrative_json', 'text', (c) => c.notNull())
    .addColumn('supersedes_id', 'integer', (c) => c.references('reports.id'))
    .addColumn('correction_reason', 'text', (c) => c.notNull().defaultTo(''))
    // Set when the report is signed: the figures as signed, the manifest, the stored package and who signed.
    .addColumn('data_json', 'text')
    .addColumn('manifest_json', 'text')
    .addColumn('package_file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('package_sha256', 'text')
    .addColumn('signer_fingerprint', 'text')
    .addColumn('signed_at', 'text')
    .addColumn('signed_by_id', 'integer')
    .addColumn('signed_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('reports_version', ['type', 'period', 'version'])
    .execute();
  // One open draft per type and period.
  await db.schema
    .createIndex('reports_one_draft')
    .on('reports')
    .columns(['type', 'period'])
    .unique()
    .where(sql.ref('status'), '=', 'draft')
    .execute();
  await db.schema.createIndex('reports_period').on('reports').columns(['period', 'type']).execute();
  await db.schema
    .createIndex('reports_supersedes')
    .on('reports')
    .column('supersedes_id')
    .where(sql.ref('supersedes_id'), 'is not', null)
    .execute();
  // A signed report is frozen, whichever program writes to the file.
  if (dialectOf(db) === 'postgres') {
    await pgRefusingTrigger(db, {
      name: 'reports_signed_frozen',
      table: 'reports',
      op: 'update',
      when: "old.status = 'signed'",
      message: '已签发的报告不能修改；如需更改，请生成更正版',
    });
    await pgRefusingTrigger(db, {
      name: 'reports_signed_kept',
      table: 'reports',
      op: 'delete',
      when: "old.status = 'signed'",
      message: '已签发的报告不能删除',
    });
  } else {
    await sql`create trigger reports_signed_frozen before update on reports when old.status = 'signed'
    begin select raise(abort, '已签发的报告不能修改；如需更改，请生成更正版'); end`.execute(db);
    await sql`create trigger reports_signed_kept before delete on reports when old.status = 'signed'
    begin select raise(abort, '已签发的报告不能删除'); end`.execute(db);
  }

  await db.schema
    .createTable('report_submissions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id'))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('usb','mail','other')`))
    .addColumn('method_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('package_sha256', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_submissions_report')
    .on('report_submissions')
    .columns(['report_id', 'sent_on'])
    .execute();

  // A report's figures are read by period from the modules' growing tables: by date, through these.
  await db.schema.createIndex('credit_ledger_fact_date').on('credit_ledger').column('fact_date').execute();
  await db.schema
    .createIndex('credit_warnings_raised_by')
    .on('credit_warnings')
    .column('raised_by_seq')
    .execute();
  await db.schema.createIndex('draw_records_drawn').on('draw_records').column('drawn_at').execute();
  await db.schema
    .createIndex('decisions_closed')
    .on('decisions')
    .column('closed_at')
    .where(sql.ref('closed_at'), 'is not', null)
    .execute();
}
