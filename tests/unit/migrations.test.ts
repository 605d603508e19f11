// Every migration is run on a copy of the previous schema that holds data, and nothing is lost.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMigrator, migrationState, openDatabase } from '../../db/core/open';
import { migrationNames } from '../../db/core/migrations';
import { AppError } from '../../shared/errors';

describe('migrations', () => {
  it('are named by timestamp and run in that order', () => {
    expect(migrationNames.length).toBeGreaterThanOrEqual(2);
    for (const n of migrationNames) expect(n).toMatch(/^\d{8}T\d{4}_[a-z0-9_]+$/);
    expect([...migrationNames].sort()).toEqual(migrationNames);
  });

  it('upgrade a database populated at the previous version without loss', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-mig-'));
    const file = join(dir, 'zongjian.db');
    try {
      // Version 1 (core only), with an office, a user and audit rows as a real office would have them.
      const v1 = await openDatabase(file, { migrate: false });
      const r1 = await createMigrator(v1.db).migrateTo(migrationNames[0]!);
      expect(r1.error).toBeUndefined();
      const at = '2026-01-05T01:02:03.000Z';
      await sql`insert into office (id, name, doc_prefix, created_at, updated_at) values (1, '越城区卫生健康局', '越卫健', ${at}, ${at})`.execute(
        v1.db,
      );
      await sql`insert into users (username, display_name, role, password_hash, created_at, updated_at) values ('admin', '管理员', 'admin', 'scrypt$x', ${at}, ${at})`.execute(
        v1.db,
      );
      for (let i = 0; i < 50; i++) {
        await sql`insert into audit_log (at, actor_id, actor_name, action, entity, entity_id, summary, after_json) values (${at}, 1, '管理员（admin）', 'office.update', 'office', '1', ${`第${i}次修改`}, ${JSON.stringify({ i })})`.execute(
          v1.db,
        );
      }
      await v1.close();

      // Opening with the current build migrates to latest.
      const v2 = await openDatabase(file);
      const state = await migrationState(v2.db);
      expect(state.pending).toEqual([]);
      expect(state.applied).toEqual(migrationNames);
      const office = await v2.db.selectFrom('office').selectAll().executeTakeFirstOrThrow();
      expect(office).toMatchObject({
        name: '越城区卫生健康局',
        doc_prefix: '越卫健',
        uscc: '',
        created_at: at,
      });
      expect(await v2.db.selectFrom('users').select('username').execute()).toEqual([{ username: 'admin' }]);
      const audits = await v2.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
      expect(audits).toHaveLength(50);
      expect(JSON.parse(audits[49]!.after_json!)).toEqual({ i: 49 });
      // the new tables work with the old rows (foreign keys to users still hold)
      await v2.db
        .insertInto('calendar_overrides')
        .values({
          date: '2026-12-31',
          kind: 'holiday',
          name: '测试',
          note: '',
          updated_at: at,
          updated_by: '管理员',
        })
        .execute();
      const fk = await sql`pragma foreign_key_check`.execute(v2.db);
      expect(fk.rows).toEqual([]);
      await v2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuse to open a database written by a newer version, and leave it untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-mig-'));
    const file = join(dir, 'zongjian.db');
    try {
      const db = await openDatabase(file);
      await sql`insert into kysely_migration (name, timestamp) values ('20991231T2359_from_the_future', '2099-12-31T23:59:00.000Z')`.execute(
        db.db,
      );
      await db.close();
      const err = await openDatabase(file).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('DB_FROM_FUTURE');
      expect((err as AppError).message).toContain('更高版本');
      const again = await openDatabase(file, { migrate: false });
      expect((await migrationState(again.db)).unknown).toEqual(['20991231T2359_from_the_future']);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('set WAL, foreign keys and a busy timeout on file databases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-mig-'));
    try {
      const h = await openDatabase(join(dir, 'zongjian.db'));
      expect(h.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(h.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(h.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
      await h.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
