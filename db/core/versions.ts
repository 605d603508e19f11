// No lost updates (多人协同): every editable record carries row_version, raised by each save. A save names the
// version its editor started from; claiming the record is one conditional UPDATE (… where id = ? and
// row_version = ?), so of two seats saving the same copy at once exactly one wins — PostgreSQL re-checks the
// condition on the row the first writer committed, SQLite has one writer at a time — and the other is told who
// saved the newer version and when, with the newer values, so the person can compare and keep what they typed.
import type { Kysely } from 'kysely';
import type { EntityName } from '../../shared/contract';
import { AppError, type StaleDetails } from '../../shared/errors';
import type { HandlerContext } from './context';
import type { VERSIONED_TABLES } from './migrations/20261206T1300_record_versions';
import type { MORE_VERSIONED_TABLES } from './migrations/20261206T1400_more_record_versions';
import { formatWhen } from '../../shared/format';

export type VersionedTable = (typeof VERSIONED_TABLES)[number] | (typeof MORE_VERSIONED_TABLES)[number];

/** The audit entity of each versioned table (who changed a record last is read from the audit log). */
export const VERSIONED_ENTITY: Record<VersionedTable, EntityName> = {
  office: 'office',
  users: 'user',
  departments: 'department',
  checklist_items: 'checklist_item',
  meetings: 'meeting',
  institutions: 'institution',
  practitioners: 'practitioner',
  inspectors: 'inspector',
  inspection_plans: 'inspection_plan',
  inspections: 'inspection',
  referrals: 'referral',
  complaints: 'complaint',
  joint_actions: 'joint_action',
  credit_behaviours: 'credit_behaviour',
  spot_items: 'spot_item',
  experts: 'expert',
  checklist_progress: 'checklist_progress',
  selfcheck_years: 'selfcheck_year',
  selfcheck_campaigns: 'selfcheck_campaign',
  selfcheck_submissions: 'selfcheck_submission',
  decisions: 'decision',
};

/** The key a versioned table's records are found by (and its audit rows name): `id`, except the year's 自查安排. */
const VERSIONED_KEY: Partial<Record<VersionedTable, string>> = { selfcheck_years: 'year' };

type AnyVersioned = Kysely<Record<string, { id: number; row_version: number }>>;

/** 14:32 today (Beijing time), otherwise 2026-11-22 14:32 (shared/format). */
const when = (at: string, now: Date): string => formatWhen(at, now);

/**
 * Claims a record for this save: raises its version when it is still `expected` (any version when the caller
 * names none — the CLI and imports, which do not edit from a copy). Returns the new version. A newer save
 * answers CONFLICT "该记录已被张三于 14:32 修改…" with StaleDetails; a missing record NOT_FOUND.
 */
export async function claimVersion(
  ctx: HandlerContext,
  table: VersionedTable,
  id: number,
  expected: number | undefined | null,
  current?: () => Promise<unknown>,
): Promise<number> {
  const db = ctx.db as unknown as AnyVersioned;
  const key = (VERSIONED_KEY[table] ?? 'id') as 'id';
  let q = db
    .updateTable(table)
    .set((eb) => ({ row_version: eb(eb.ref('row_version'), '+', 1) }) as never)
    .where(key, '=', id);
  if (expected !== undefined && expected !== null) q = q.where('row_version', '=', expected);
  const claimed = await q.returning('row_version').executeTakeFirst();
  if (claimed) return Number(claimed.row_version);
  const row = await db.selectFrom(table).select('row_version').where(key, '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '该记录不存在或已被删除');
  const last = await ctx.db
    .selectFrom('audit_log')
    .select(['actor_name', 'at', 'seat'])
    .where('entity', '=', VERSIONED_ENTITY[table])
    .where('entity_id', '=', String(id))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  throw staleError(ctx, last, Number(row.row_version), current ? await current() : undefined);
}

// ------------------------------------------------------------------------------------------ compare-and-set
// What has no row of its own to carry a version — the office's settings and rules (one row per key), the work
// calendar's override of a day, a 承诺书 (one per institution and year, possibly not registered yet) — is saved
// by compare-and-set: the editor sends the values it started from (`expected`) for what it changes; the handler,
// holding the lock of that record (serializeOn: PostgreSQL's seats wait for each other, SQLite has one writer),
// compares them with what is stored now and, when they differ, answers the same CONFLICT as claimVersion — who
// saved last and when, from the record's latest audit row, and `current`, what is stored now — writing nothing.
// Saving again with those newer values as `expected` overwrites on purpose.

/** JSON with object keys in order, so that equal values compare equal however they were built. */
function canonical(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/** Whether two values are the same (object keys in any order; an absent key equals an undefined one). */
export const sameValues = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** The record a compare-and-set save is about: its audit entity and id (null: the office's settings). */
export interface UnversionedRecord {
  entity: EntityName;
  entityId: string | null;
  /** Other audit ids that changed the same values (a calendar day is also changed by its year's table). */
  alsoIds?: readonly string[];
  /** Audit ids beginning with this changed it too (a year's table is also changed by a day of that year); plain
   *  text without LIKE's % and _. */
  idPrefix?: string;
}

/**
 * Refuses a save whose editor started from values that are no longer stored: `expected` undefined (the CLI,
 * imports, the demo — no copy) is never refused. The caller holds the record's lock (serializeOn) and read
 * `stored` after taking it. Throws CONFLICT "该记录已被张三于 14:32 修改…" with StaleDetails whose `current` is
 * `current` (what the editor's form is filled from) and whose version is 0 (there is none).
 */
export async function refuseIfChanged(
  ctx: HandlerContext,
  record: UnversionedRecord,
  expected: unknown,
  stored: unknown,
  current: unknown = stored,
): Promise<void> {
  if (expected === undefined || sameValues(expected, stored)) return;
  let q = ctx.db
    .selectFrom('audit_log')
    .select(['actor_name', 'at', 'seat'])
    .where('entity', '=', record.entity);
  if (record.entityId === null) q = q.where('entity_id', 'is', null);
  else {
    const ids = [record.entityId, ...(record.alsoIds ?? [])];
    const prefix = record.idPrefix;
    if (prefix && /[%_\\]/.test(prefix)) throw new Error(`idPrefix holds a LIKE wildcard: ${prefix}`);
    q = q.where((eb) =>
      eb.or([eb('entity_id', 'in', ids), ...(prefix ? [eb('entity_id', 'like', `${prefix}%`)] : [])]),
    );
  }
  const last = await q.orderBy('id', 'desc').limit(1).executeTakeFirst();
  throw staleError(ctx, last, 0, current);
}

function staleError(
  ctx: HandlerContext,
  last: { actor_name: string; at: string; seat: string } | undefined,
  version: number,
  current: unknown,
): AppError {
  const name = last ? last.actor_name.replace(/（[^）]*）$/, '') : '其他用户';
  const at = last ? when(last.at, ctx.now()) : null;
  const details: StaleDetails = {
    stale: true,
    changedBy: last?.actor_name ?? '其他用户',
    changedAt: last?.at ?? null,
    seat: last?.seat ?? '',
    version,
    ...(current !== undefined ? { current } : {}),
  };
  return new AppError(
    'CONFLICT',
    `该记录已被${name}${at ? `于 ${at} ` : ''}修改${last?.seat ? `（计算机 ${last.seat}）` : ''}。下方显示对方保存的内容，您填写的内容仍保留；核对后可再次保存以覆盖。`,
    details,
  );
}
