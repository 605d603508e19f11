// 信用台账: the append-only ledger (triggers refuse UPDATE and DELETE, and any INSERT that is not the next link of
// the hash chain), the behaviour catalogue seeded with the defaults, and what is derived from the ledger and may
// change: each subject's current standing, its tier history, threshold warnings (acknowledged by staff), and the
// office's choice of rules. docs/credit-ledger.md describes the chain.
import { sql, type Kysely } from 'kysely';
import { dialectOf, pgRefusingTrigger } from '../dialect';
import { DEFAULT_BEHAVIOURS } from '../../../shared/domain/credit-rules-data';

const GENESIS = '0'.repeat(64);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const kinds = sql`('institution','practitioner')`;
  await db.schema
    .createTable('credit_ledger')
    .addColumn('seq', 'integer', (c) => c.primaryKey().check(sql`seq > 0`))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorder_id', 'integer')
    .addColumn('recorder_name', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind in ${kinds}`))
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('subject_code', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`type in ('self_inspection','evaluation','verification','inspection','complaint','penalty','demerit','commendation','commitment','repair','correction')`,
        ),
    )
    .addColumn('fact_date', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('behaviour_code', 'text')
    .addColumn('behaviour_name', 'text')
    .addColumn('points', 'integer')
    .addColumn('basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source_kind', 'text')
    .addColumn('source_id', 'integer')
    .addColumn('amends_seq', 'integer', (c) => c.references('credit_ledger.seq'))
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('credit_ledger_subject')
    .on('credit_ledger')
    .columns(['subject_kind', 'subject_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('credit_ledger_amends')
    .on('credit_ledger')
    .column('amends_seq')
    .where(sql.ref('amends_seq'), 'is not', null)
    .execute();

  // The database itself keeps the ledger append-only, whichever program writes to the file.
  if (dialectOf(db) === 'postgres') {
    await pgRefusingTrigger(db, {
      name: 'credit_ledger_no_update',
      table: 'credit_ledger',
      op: 'update',
      message: '信用台账只能追加：已登记的记录不能修改；如有错误，请追加一条“更正”记录',
    });
    await pgRefusingTrigger(db, {
      name: 'credit_ledger_no_delete',
      table: 'credit_ledger',
      op: 'delete',
      message: '信用台账只能追加：已登记的记录不能删除',
    });
    // Only the next link (see the SQLite trigger below); on the server the appends are also serialized.
    await sql`create or replace function credit_ledger_append_only() returns trigger language plpgsql as $$
      begin
        if new.seq is distinct from (select coalesce(max(seq), 0) + 1 from credit_ledger)
          or new.prev_hash is distinct from coalesce((select hash from credit_ledger where seq = new.seq - 1), ${sql.lit(GENESIS)}) then
          raise exception using message = '信用台账只能在链尾追加：序号或前一条记录的哈希不符';
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger credit_ledger_append_only before insert on credit_ledger for each row
      execute function credit_ledger_append_only()`.execute(db);
  } else {
    await sql`create trigger credit_ledger_no_update before update on credit_ledger
    begin select raise(abort, '信用台账只能追加：已登记的记录不能修改；如有错误，请追加一条“更正”记录'); end`.execute(
      db,
    );
    await sql`create trigger credit_ledger_no_delete before delete on credit_ledger
    begin select raise(abort, '信用台账只能追加：已登记的记录不能删除'); end`.execute(db);
    // Only the next link: seq one past the head and prev_hash equal to the head's hash. This also stops
    // INSERT OR REPLACE, whose implicit delete would not fire the delete trigger.
    await sql`create trigger credit_ledger_append_only before insert on credit_ledger
    when new.seq is not (select coalesce(max(seq), 0) + 1 from credit_ledger)
      or new.prev_hash is not coalesce((select hash from credit_ledger where seq = new.seq - 1), ${sql.lit(GENESIS)})
    begin select raise(abort, '信用台账只能在链尾追加：序号或前一条记录的哈希不符'); end`.execute(db);
  }

  await db.schema
    .createTable('credit_behaviours')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind in ${kinds}`))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull().check(sql`points > 0`))
    .addColumn('basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('credit_behaviours_code', ['subject_kind', 'code'])
    .execute();
  const at = new Date().toISOString();
  // The defaults as they stood when this folder was upgraded; from then on the catalogue is the office's.
  if (DEFAULT_BEHAVIOURS.length > 0)
    await db
      .insertInto('credit_behaviours')
      .values(
        DEFAULT_BEHAVIOURS.map((b, i) => ({
          subject_kind: b.kind,
          code: b.code,
          name: b.name,
          points: b.points,
          basis: b.basis,
          sort_order: (i + 1) * 10,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();

  // Each subject's standing as of the last computation; valid until `valid_until` (its cycle's end).
  await db.schema
    .createTable('credit_subjects')
    .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind in ${kinds}`))
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.check(sql`tier in ('A','B','C','D')`))
    .addColumn('score', 'integer')
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('cycle_start', 'text', (c) => c.notNull())
    .addColumn('cycle_end', 'text', (c) => c.notNull())
    .addColumn('cycle_points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('entry_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_fact_date', 'text')
    .addColumn('computed_on', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('credit_subjects_pk', ['subject_kind', 'subject_id'])
    .execute();
  await db.schema.createIndex('credit_subjects_valid').on('credit_subjects').column('cycle_end').execute();

  await db.schema
    .createTable('credit_tier_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text')
    .addColumn('previous_tier', 'text')
    .addColumn('score', 'integer')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('cause_seq', 'integer', (c) => c.references('credit_ledger.seq'))
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('credit_tier_history_subject')
    .on('credit_tier_history')
    .columns(['subject_kind', 'subject_id', 'id'])
    .execute();

  await db.schema
    .createTable('credit_warnings')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('cycle_start', 'text', (c) => c.notNull())
    .addColumn('cycle_end', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('raised_by_seq', 'integer', (c) => c.notNull().references('credit_ledger.seq'))
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open','acknowledged')`),
    )
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('action_taken', 'text', (c) => c.notNull().defaultTo(''))
    // One warning per threshold per cycle.
    .addUniqueConstraint('credit_warnings_once', ['subject_kind', 'subject_id', 'cycle_start', 'threshold'])
    .execute();
  await db.schema
    .createIndex('credit_warnings_subject_status')
    .on('credit_warnings')
    .columns(['subject_kind', 'subject_id', 'status'])
    .execute();

  await db.schema
    .createTable('credit_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}
