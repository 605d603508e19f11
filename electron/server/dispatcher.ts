// The one dispatcher behind every transport (Electron IPC, the loopback HTTP host, the CLI, unit tests):
// look up the method, validate its arguments once, resolve the acting user from the caller's session,
// check access, run the handler (a mutation inside one transaction that must write an audit row) and turn
// every outcome into an Envelope. No handler knows which transport called it. The audit rows a write makes are
// also what it touched: once they have committed, the answer carries them and every listener hears
// 'data.changed', so no page has to know which other pages a write affects.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import {
  getMethod,
  type Actor,
  type AppEventName,
  type AppEvents,
  type DataChanged,
  type EntityChange,
  type EntityName,
  type Input,
  type MethodName,
  type Output,
} from '../../shared/contract';
import { PERMISSIONS, ROLE_LABELS, roleCan } from '../../shared/domain/roles';
import { AppError, type Envelope } from '../../shared/errors';
import type {
  AuditEntry,
  HandlerContext,
  Handlers,
  MaintenanceServices,
  PdfRenderer,
  PlatformServices,
  StoreServices,
} from '../../db/core/context';
import { buildHandlers } from '../../db/app';
import { systemChromiumPdf } from './pdf-renderer';
import { findActiveSession, sessionState } from '../../db/system/users';
import type { DB } from '../../db/core/schema';
import { fromPgError } from '../../db/core/postgres';
import { ProgressBoard } from '../../db/core/progress';
import { dialectOf } from '../../db/core/dialect';
import { todayIso } from '../../shared/dates';

export interface DispatcherOptions {
  db: Kysely<DB>;
  appVersion: string;
  dataDir: string | null;
  clock?: () => Date;
  handlers?: Handlers;
  log?: (message: string, error?: unknown) => void;
  platform?: PlatformServices;
  maintenance?: MaintenanceServices;
  store?: StoreServices;
  /** Server-side PDF rendering; default: a system Chromium/Edge through playwright-core (the browser host, the CLI,
   *  tests). Electron passes its own (a hidden window). null: none. */
  pdf?: PdfRenderer | null;
  /** The computer this dispatcher serves, named in every audit row it writes (default: the host name). With the
   *  office server several seats write one audit log; this tells them apart. */
  seat?: string;
  /** Share the answers of SHARED_QUERIES and SHARED_FIRST_BLOCKS between callers until the data changes (the app's host and shell: many
   *  windows or seats at once). Off by default: a test that writes straight into the database would read an answer
   *  computed before its write. */
  sharedAnswers?: boolean;
  /** How long (ms) a session's account check — still active, the same role and password, the idle-lock minutes —
   *  is trusted before the next call reads it again (the app: SESSION_CHECK_MS). A write committed here, another
   *  seat's write heard from the server, and the server lost or back drop every check at once; the time bounds what
   *  only another program does, such as the command line resetting a password on the data file. 0 (the default):
   *  read on every call, for tests that change accounts straight in the database. */
  sessionCheckMs?: number;
}

/** The app's sessionCheckMs: reading the account on every call was half of what the dispatcher adds to a small
 *  query (a third query beside the handler's two, for the 成员单位 list). */
export const SESSION_CHECK_MS = 1_000;

/** Queries whose answer depends on the data and the day alone, not on who asks: computed once and shared by every
 *  caller until the data changes — a write committed here, another seat's write heard from the office server, a
 *  commit by another connection to the SQLite file (its data_version) — and at most SHARED_TTL_MS old (a write no
 *  event announced, such as the command line on the office server). Twenty desks opening the 工作台 at once are
 *  answered by one computation instead of queueing twenty. The paged registers share their first block (its
 *  filtered total and summary counts read every matching row); the blocks further down are each one person's. */
const SHARED_QUERIES = new Set<string>(['dashboard.data']);
const SHARED_FIRST_BLOCKS = new Set<string>([
  'complaints.page',
  'referrals.page',
  'inspections.page',
  'practitioners.page',
  'audit.page',
  'credit.entries',
]);
const SHARED_TTL_MS = 5_000;
const shareable = (name: string, input: unknown): boolean =>
  SHARED_QUERIES.has(name) ||
  (SHARED_FIRST_BLOCKS.has(name) && (input as { startRow?: unknown } | null)?.startRow === 0);

/** While the data file is damaged nothing may be written: sign-in still works (its writes are rolled back), and
 *  an administrator may restore a backup. */
/** The call a window makes when the person at it types, clicks or scrolls (not on its own timers). */
const ACTIVITY_METHOD = 'session.activity';
/** Answered at once from the progress board: never behind the long call it reports on (which may hold the
 *  database connection, or the exclusive gate of a restore), and it reads or stops only the caller's own calls. */
const PROGRESS_METHOD = 'system.progress';

const READ_ONLY_ALLOWED_MUTATIONS = new Set<string>(['auth.login', 'auth.logout']);
// A desk waiting for its server's password, or one whose server is lost, may still unlock or change its store.
const READ_ONLY_ALLOWED_OPERATIONS = new Set<string>(['backup.restore', 'store.unlock', 'store.save']);

class RollBack extends Error {
  constructor(readonly value: unknown) {
    super('read-only: rolled back');
  }
}

type Listener = <E extends AppEventName>(event: E, payload: AppEvents[E]) => void;

/** The entities (and their row ids) a write's audit rows named, in the order first touched. */
class ChangeSet {
  private readonly byEntity = new Map<EntityName, Set<string>>();

  add(entry: AuditEntry): void {
    let ids = this.byEntity.get(entry.entity);
    if (!ids) this.byEntity.set(entry.entity, (ids = new Set()));
    if (entry.entityId !== undefined && entry.entityId !== null) ids.add(String(entry.entityId));
  }

  get empty(): boolean {
    return this.byEntity.size === 0;
  }

  list(): EntityChange[] {
    return [...this.byEntity].map(([entity, ids]) => ({ entity, ids: [...ids] }));
  }
}

export function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** SQLite constraint failures that slip past a handler's own checks still deserve a readable message. */
function fromSqliteError(e: unknown): AppError | null {
  const code = (e as { code?: string } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new AppError('CONFLICT', '数据重复：已存在相同的记录', { sqlite: code });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppError('CONFLICT', '该记录仍被其他数据引用，或引用的记录不存在', { sqlite: code });
  }
  if (code.startsWith('SQLITE_CONSTRAINT'))
    return new AppError('VALIDATION', '数据不符合约束条件', { sqlite: code });
  if (code === 'SQLITE_BUSY')
    return new AppError('INTERNAL', '数据文件正被其他程序占用，请稍后重试', { sqlite: code });
  return null;
}

export class Dispatcher {
  private readonly handlers: Handlers;
  /** Signed-in sessions: who, when the person last did something (calls a window makes on its own, such as a
   *  background refresh, do not count), and the account's role and password as they were at sign-in. */
  private readonly sessions = new Map<string, { userId: number; lastSeen: number; stamp: string | null }>();
  /** Why a session ended (idle lock, credentials changed), kept until that window's next signed-in call: the
   *  call that found it ended may be a public one (system.status, re-read with everything after another desk's
   *  write) that answers without an error, and the reason must still reach the sign-in screen. */
  private readonly endedReasons = new Map<string, string>();
  private readonly listeners = new Set<Listener>();
  private readonly clock: () => Date;
  private readonly seat: string;
  private readOnlyReason: string | null = null;
  private readOnlyCode: 'DB_DAMAGED' | 'DB_UNAVAILABLE' = 'DB_DAMAGED';
  private inflight = 0;
  private gate: Promise<void> | null = null;
  /** Names this start's writes apart from an earlier start's, for tabs that outlive a restart. */
  private readonly changePrefix = randomBytes(6).toString('base64url');
  private changeCount = 0;
  /** Long calls that passed a progressId, by session key and id (db/core/progress.ts). */
  private readonly progress = new ProgressBoard();
  /** Shared answers (or the computation under way), by method, day, store version and input. */
  private readonly shared = new Map<string, { at: number; value: Promise<unknown> }>();
  /** Account checks by user id (sessionCheckMs), and a count that moves whenever they are all dropped: a check
   *  read across a drop is not kept. */
  private readonly checked = new Map<number, { at: number; state: Awaited<ReturnType<typeof sessionState>> }>();
  private checkedEpoch = 0;

  constructor(private readonly options: DispatcherOptions) {
    this.handlers = options.handlers ?? buildHandlers();
    this.clock = options.clock ?? (() => new Date());
    this.seat = (options.seat ?? hostname()).slice(0, 100);
  }

  get db(): Kysely<DB> {
    return this.options.db;
  }

  /** After a restore: every later call uses the restored file. */
  replaceDb(db: Kysely<DB>): void {
    this.options.db = db;
    this.forgetRemembered();
  }

  /** Drops every shared answer and account check: the next call computes (and reads) afresh. */
  forgetRemembered(): void {
    this.shared.clear();
    this.checked.clear();
    this.checkedEpoch++;
  }

  /** The session's account as sessionState reads it, or as read within sessionCheckMs with nothing changed since. */
  private async accountState(userId: number): Promise<Awaited<ReturnType<typeof sessionState>>> {
    const ttl = this.options.sessionCheckMs ?? 0;
    const hit = ttl > 0 ? this.checked.get(userId) : undefined;
    if (hit && performance.now() - hit.at < ttl) return hit.state;
    const epoch = this.checkedEpoch;
    const at = performance.now();
    const state = await sessionState(this.options.db, userId);
    if (ttl > 0 && epoch === this.checkedEpoch) {
      if (this.checked.size > 1000) this.checked.clear();
      this.checked.set(userId, { at, state });
    }
    return state;
  }

  /** A shared query's answer: the one computed (or being computed) for the same day, store version and input
   *  within SHARED_TTL_MS, else `compute()`'s, kept for the callers after. */
  private async sharedAnswer(
    name: string,
    input: unknown,
    compute: () => Promise<unknown>,
  ): Promise<unknown> {
    const db = this.options.db;
    const version =
      dialectOf(db) === 'sqlite'
        ? ((await sql<{ data_version: number }>`pragma data_version`.execute(db)).rows[0]?.data_version ?? 0)
        : 0;
    const key = `${name}|${todayIso(this.clock())}|${version}|${JSON.stringify(input)}`;
    const now = performance.now();
    for (const [k, e] of this.shared) if (now - e.at >= SHARED_TTL_MS) this.shared.delete(k);
    const hit = this.shared.get(key);
    if (hit) return hit.value;
    const value = compute();
    const entry = { at: now, value };
    this.shared.set(key, entry);
    value.catch(() => {
      if (this.shared.get(key) === entry) this.shared.delete(key);
    });
    return value;
  }

  /** Refuse every write with this explanation (null lifts it): a damaged file (DB_DAMAGED), or a lost database
   *  server (DB_UNAVAILABLE). */
  setReadOnly(reason: string | null, code: 'DB_DAMAGED' | 'DB_UNAVAILABLE' = 'DB_DAMAGED'): void {
    this.readOnlyReason = reason;
    this.readOnlyCode = code;
  }

  get readOnly(): string | null {
    return this.readOnlyReason;
  }

  endAllSessions(): void {
    this.sessions.clear();
  }

  /** Runs `fn` alone: calls arriving meanwhile wait, calls already running (bar the caller's own) finish first. */
  async exclusive<T>(fn: () => Promise<T>, callerIsACall = true): Promise<T> {
    while (this.gate) await this.gate;
    let open!: () => void;
    this.gate = new Promise<void>((r) => (open = r));
    try {
      const own = callerIsACall ? 1 : 0;
      while (this.inflight > own) await new Promise((r) => setTimeout(r, 5));
      return await fn();
    } finally {
      this.gate = null;
      open();
    }
  }

  /** Typed call for in-process callers (CLI, tests): throws the AppError instead of returning an envelope. */
  async call<N extends MethodName>(name: N, args: Input<N>, sessionKey: string): Promise<Output<N>> {
    const env = await this.dispatch(name, args, sessionKey);
    if (!env.ok) throw AppError.from(env.error);
    return env.value as Output<N>;
  }

  async dispatch(name: string, args: unknown, sessionKey: string): Promise<Envelope<unknown>> {
    if (name === PROGRESS_METHOD) return this.progressAnswer(args, sessionKey);
    while (this.gate) await this.gate;
    this.inflight++;
    const committed: { changed: DataChanged | null; endProgress?: () => void } = { changed: null };
    try {
      const value = await this.run(name, args, sessionKey, committed);
      return committed.changed ? { ok: true, value, changed: committed.changed } : { ok: true, value };
    } catch (e) {
      const err = e instanceof AppError ? e : (fromSqliteError(e) ?? fromPgError(e));
      if (err) return { ok: false, error: err.toJSON() };
      this.options.log?.(`handler ${name} failed`, e);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `内部错误：${(e as Error)?.message ?? String(e)}` },
      };
    } finally {
      committed.endProgress?.();
      this.inflight--;
    }
  }

  /** system.progress: the caller's own running call, without a session look-up (the session key is the caller's;
   *  nobody else's calls are on its part of the board). */
  private progressAnswer(args: unknown, sessionKey: string): Envelope<unknown> {
    const parsed = getMethod(PROGRESS_METHOD)!.input.safeParse(args ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return {
        ok: false,
        error: { code: 'VALIDATION', message: issues.map((i) => i.message).join('；'), details: { issues } },
      };
    }
    const { id, cancel } = parsed.data as { id: string; cancel: boolean };
    return { ok: true, value: this.progress.poll(sessionKey, id, cancel) };
  }

  /** Binds a session to a user without a password: only for the CLI, which authenticates on its own. */
  bindSession(sessionKey: string, actor: Actor): void {
    this.sessions.set(sessionKey, { userId: actor.id, lastSeen: this.clock().getTime(), stamp: null });
  }

  endSession(sessionKey: string): void {
    this.sessions.delete(sessionKey);
  }

  /** The stamp of an active account's credentials (null when it is not active): see findActiveSession. */
  private async credentialStamp(userId: number): Promise<string | null> {
    return (await findActiveSession(this.options.db, userId))?.stamp ?? null;
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends AppEventName>(event: E, payload: AppEvents[E]): void {
    // A write committed (here or, heard from the server, on another seat), or the server lost or back: answers
    // computed before it are not shared any more.
    if (event === 'data.changed' || event === 'server.connection') this.forgetRemembered();
    for (const l of this.listeners) l(event, payload);
  }

  /** Tells every listener what a committed write touched; returns the record for the writer's own answer. */
  private announce(method: string, changes: ChangeSet): DataChanged | null {
    if (changes.empty) return null;
    const changed: DataChanged = {
      id: `${this.changePrefix}-${++this.changeCount}`,
      method,
      at: this.clock().toISOString(),
      changes: changes.list(),
    };
    try {
      this.emit('data.changed', changed);
    } catch (e) {
      // The write has committed: a failing listener must not turn it into an error for the caller.
      this.options.log?.(`data.changed listener failed after ${method}`, e);
    }
    return changed;
  }

  private async run(
    name: string,
    args: unknown,
    sessionKey: string,
    committed: { changed: DataChanged | null; endProgress?: () => void },
  ): Promise<unknown> {
    const method = getMethod(name);
    if (!method) throw new AppError('UNKNOWN_METHOD', `未知的操作：${name}`);
    const session = this.sessions.get(sessionKey);
    let actor: Actor | null = null;
    let locked = false;
    let changed = false;
    let ended = this.endedReasons.get(sessionKey) ?? null;
    if (session) {
      const now = this.clock().getTime();
      // One query: the idle-lock minutes and the account (still active? the same credentials?).
      const state = await this.accountState(session.userId);
      const idle = state.idleLockMinutes;
      if (idle > 0 && now - session.lastSeen > idle * 60_000) {
        this.sessions.delete(sessionKey); // idle too long: sign in again
        locked = true;
      } else {
        const found = state.found;
        actor = found?.actor ?? null;
        const stamp = found?.stamp ?? null;
        if (actor && session.stamp !== null && stamp !== session.stamp) {
          // A password reset or a role change ends the sessions opened before it.
          this.sessions.delete(sessionKey);
          actor = null;
          changed = true;
        } else if (actor) {
          // Only what a person does keeps the session open: writes, and the window's report of input.
          if (method.kind !== 'query' || name === ACTIVITY_METHOD) session.lastSeen = now;
        } else this.sessions.delete(sessionKey); // deactivated meanwhile: the session ends with it
      }
    }
    if (locked) ended = '长时间未操作，已自动锁定，请重新登录';
    else if (changed) ended = '账号的密码或角色已被更改，请重新登录';
    if (method.access.kind === 'permission') {
      if (!actor) {
        this.endedReasons.delete(sessionKey); // said once
        throw new AppError('UNAUTHENTICATED', ended ?? '请先登录');
      }
      const permission = method.access.permission;
      if (!roleCan(actor.role, permission)) {
        throw new AppError(
          'FORBIDDEN',
          `当前角色（${ROLE_LABELS[actor.role]}）无权执行此操作（需要“${PERMISSIONS[permission]}”权限）`,
          { permission },
        );
      }
    }
    if (ended !== null && actor === null && (locked || changed)) {
      // A public call found the session ended: keep the reason for the window's next signed-in call.
      if (this.endedReasons.size > 1000) this.endedReasons.clear();
      this.endedReasons.set(sessionKey, ended);
    }
    // Validate only for callers allowed to call: others learn nothing about the arguments.
    const parsed = method.input.safeParse(args ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      throw new AppError('VALIDATION', issues.map((i) => i.message).join('；'), { issues });
    }
    if (this.readOnlyReason) {
      const allowed =
        method.kind === 'query' ||
        (method.kind === 'mutation' && READ_ONLY_ALLOWED_MUTATIONS.has(name)) ||
        (method.kind === 'operation' && READ_ONLY_ALLOWED_OPERATIONS.has(name));
      if (!allowed) throw new AppError(this.readOnlyCode, this.readOnlyReason);
    }
    const progressId = (parsed.data as { progressId?: unknown } | null)?.progressId;
    const tracked = this.progress.begin(sessionKey, typeof progressId === 'string' ? progressId : null);
    committed.endProgress = tracked.end;
    const handler = this.handlers[name as MethodName] as (
      input: unknown,
      ctx: HandlerContext,
    ) => Promise<unknown>;

    // Session changes take effect only once the handler's work has committed.
    const pendingSession: (() => void | Promise<void>)[] = [];
    const outcome: { failure: AppError | null } = { failure: null };
    const base = {
      actor,
      method: name as MethodName,
      now: this.clock,
      appVersion: this.options.appVersion,
      dataDir: this.options.dataDir,
      sessionKey,
      platform: this.options.platform ?? {},
      maintenance: this.options.maintenance ?? null,
      store: this.options.store ?? null,
      pdf: this.options.pdf === undefined ? systemChromiumPdf() : this.options.pdf,
      progress: tracked.control,
      failAfterCommit: (error: AppError) => {
        outcome.failure = error;
      },
      session: {
        signIn: (a: Actor) =>
          pendingSession.push(async () => {
            const stamp = await this.credentialStamp(a.id);
            this.sessions.set(sessionKey, { userId: a.id, lastSeen: this.clock().getTime(), stamp });
            this.endedReasons.delete(sessionKey);
          }),
        signOut: () =>
          pendingSession.push(() => {
            this.sessions.delete(sessionKey);
          }),
      },
    };

    const writeAudit = async (
      db: Kysely<DB>,
      actorOf: () => Actor | null,
      entry: AuditEntry,
      actorId: number | null = actorOf()?.id ?? null,
    ) => {
      const who = actorOf();
      await db
        .insertInto('audit_log')
        .values({
          at: this.clock().toISOString(),
          actor_id: actorId,
          actor_name: who ? `${who.displayName}（${who.username}）` : '系统',
          action: name,
          entity: entry.entity,
          entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
          summary: entry.summary,
          before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
          after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
          seat: this.seat,
        })
        .execute();
    };

    let value: unknown;
    let toAnnounce: ChangeSet | null = null;
    if (method.kind === 'query') {
      const ctx: HandlerContext = {
        ...base,
        db: this.options.db,
        audit: () => Promise.reject(new Error(`query ${name} tried to write an audit row`)),
      };
      value =
        this.options.sharedAnswers && shareable(name, parsed.data)
          ? await this.sharedAnswer(name, parsed.data, () => handler(parsed.data, ctx))
          : await handler(parsed.data, ctx);
    } else if (method.kind === 'operation') {
      // Not one transaction (files change too); each audit row commits at once, into whichever database is
      // current when it is written (a restore swaps it).
      let audits = 0;
      const changes = new ChangeSet();
      const ctx: HandlerContext = {
        ...base,
        db: this.options.db,
        audit: async (entry: AuditEntry) => {
          audits++;
          changes.add(entry);
          // After a restore the acting user's id may name nobody (or somebody else) in the restored file.
          const db = this.options.db;
          const a = ctx.actor;
          const same = a
            ? await db
                .selectFrom('users')
                .select('id')
                .where('id', '=', a.id)
                .where('username', '=', a.username)
                .executeTakeFirst()
            : undefined;
          await writeAudit(db, () => a, entry, same ? (a?.id ?? null) : null);
        },
      };
      try {
        value = await handler(parsed.data, ctx);
      } finally {
        // Each audit row committed as it was written: even an operation that failed half-way changed that much.
        committed.changed = this.announce(name, changes);
      }
      if (audits === 0) throw new Error(`operation ${name} wrote no audit row`);
    } else {
      const readOnly = this.readOnlyReason !== null;
      let changes = new ChangeSet();
      try {
        value = await this.options.db.transaction().execute(async (trx) => {
          let audits = 0;
          changes = new ChangeSet(); // only the attempt that commits counts
          const ctx: HandlerContext = {
            ...base,
            db: trx,
            audit: async (entry: AuditEntry) => {
              audits++;
              changes.add(entry);
              await writeAudit(trx, () => ctx.actor, entry);
            },
          };
          const out = await handler(parsed.data, ctx);
          if (audits === 0) throw new Error(`mutation ${name} wrote no audit row; refusing to commit`);
          if (readOnly) throw new RollBack(out); // the damaged file is not written, even by a sign-in
          return out;
        });
        toAnnounce = changes;
      } catch (e) {
        if (!(e instanceof RollBack)) throw e;
        value = e.value; // rolled back: nothing changed, nothing to announce
      }
    }
    // The session changes first, then the news: a tab that re-reads system.status on hearing of a sign-in (or of
    // first-run setup) must find itself signed in, however slow the store is to answer the session's look-up.
    try {
      if (outcome.failure) throw outcome.failure;
      for (const apply of pendingSession) await apply();
    } finally {
      if (toAnnounce) committed.changed = this.announce(name, toAnnounce);
    }
    // Changing one's own password keeps this session (and only this one) signed in.
    const own = name === 'auth.changePassword' ? this.sessions.get(sessionKey) : undefined;
    if (own) own.stamp = await this.credentialStamp(own.userId);
    return value;
  }
}
