// Accounts gain the 审计 (auditor) role and a lock-out after repeated wrong passwords. SQLite cannot change a
// CHECK constraint in place, so users is rebuilt (SQLite's documented procedure: openDatabase runs migrations
// with foreign-key enforcement off and runs foreign_key_check before it turns it back on).
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // PostgreSQL changes the constraint in place (audit_log keeps its reference to users). Its username column
    // ignores case by a unique index on lower(username), as SQLite's collate nocase column does.
    await sql`alter table users drop constraint users_role_check`.execute(db);
    await sql`alter table users add constraint users_role_check
      check (role in ('admin','secretary','clerk','leader','auditor'))`.execute(db);
    await db.schema
      .alterTable('users')
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('users').addColumn('locked_until', 'text').execute();
    await sql`create unique index users_username_ci on users (lower(username))`.execute(db);
    return;
  }
  await db.schema
    .createTable('users_new')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) =>
      c
        .notNull()
        .unique()
        .modifyEnd(sql`collate nocase`),
    )
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('admin','secretary','clerk','leader','auditor')`),
    )
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .execute();
  await sql`insert into users_new (id, username, display_name, role, password_hash, active, created_at, updated_at, last_login_at)
            select id, username, display_name, role, password_hash, active, created_at, updated_at, last_login_at from users`.execute(
    db,
  );
  await db.schema.dropTable('users').execute();
  await db.schema.alterTable('users_new').renameTo('users').execute();
}
