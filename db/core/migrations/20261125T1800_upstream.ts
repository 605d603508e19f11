// 市级汇总 (upstream mode): the trust list of district public keys, and every submission package imported — the
// zip kept in the attachment store, the verification outcome with its reasons, and for accepted packages the
// manifest and data.json that the roll-up reads. A package that supersedes an earlier accepted one (更正版)
// marks it superseded.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('upstream_trusted_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('district_name', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('public_key_hex', 'text', (c) => c.notNull())
    .addColumn('public_pem', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('upstream_packages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('file_id', 'integer', (c) => c.references('files.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('accepted','rejected','superseded')`),
    )
    .addColumn('reasons_json', 'text', (c) => c.notNull().defaultTo('[]'))
    // The report's year (or the import's, when the package says nothing readable): the list is read by year.
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('district_name', 'text')
    .addColumn('signer_fingerprint', 'text')
    .addColumn('office_name', 'text')
    .addColumn('office_uscc', 'text')
    .addColumn('report_type', 'text')
    .addColumn('period', 'text')
    .addColumn('title', 'text')
    .addColumn('version', 'integer')
    .addColumn('signed_at', 'text')
    .addColumn('supersedes', 'text')
    .addColumn('superseded_by', 'integer', (c) => c.references('upstream_packages.id'))
    .addColumn('manifest_json', 'text')
    .addColumn('data_json', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('upstream_packages_year')
    .on('upstream_packages')
    .columns(['year', 'id'])
    .execute();
  await db.schema
    .createIndex('upstream_packages_report')
    .on('upstream_packages')
    .columns(['report_type', 'period', 'status'])
    .execute();
  await db.schema
    .createIndex('upstream_packages_supersedes')
    .on('upstream_packages')
    .column('supersedes')
    .where(sql.ref('supersedes'), 'is not', null)
    .execute();
}
