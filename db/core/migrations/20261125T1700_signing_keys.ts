// The office's SM2 signing keys (报告上报数据包的签名): the public key (hex and PEM) with its SM3 fingerprint, and the
// private key encrypted under the signing passphrase (scrypt + AES-256-GCM; db/reports/signing-keys.ts describes the
// format). One key is active; a rotated key is kept, retired, so that packages it signed can still be checked.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signing_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('public_key_hex', 'text', (c) => c.notNull())
    .addColumn('public_pem', 'text', (c) => c.notNull())
    .addColumn('encrypted_private_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active','retired')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  // At most one active key.
  await db.schema
    .createIndex('signing_keys_one_active')
    .on('signing_keys')
    .column('status')
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();
}
