// First-run setup, sign-in, the office profile, user accounts and the audit trail.
import { createHash } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import {
  RULE_KINDS,
  RULE_KIND_LABELS,
  chosenPreset,
  isOwnProvince,
  presetsForProvince,
  settingsSchema,
  startQuarterLabel,
  type Actor,
  type OfficeProfile,
  type RuleKind,
  type UserRow,
} from '../../shared/contract';
import type { Role } from '../../shared/domain/roles';
import { AppError } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import type { DB, UserRecord } from '../core/schema';
import type { Kysely, Selectable } from 'kysely';
import type { OfficeTable } from '../core/schema';
import { claimVersion } from '../core/versions';
import { hashPassword, maskedName, verifyAgainstDummy, verifyPassword } from './passwords';
import { seedDefaultDepartments } from './departments';
import { auditPage, exportAudit, queryAudit } from './audit';
import { loadSettings, storeSettings } from './settings';
import { sameTextIgnoringCase } from '../core/dialect';

function toOffice(r: Selectable<OfficeTable>): OfficeProfile {
  return {
    name: r.name,
    docPrefix: r.doc_prefix,
    uscc: r.uscc,
    address: r.address,
    contactPerson: r.contact_person,
    contactPhone: r.contact_phone,
    updatedAt: r.updated_at,
    version: r.row_version,
  };
}

/** Login lock-out: this many wrong passwords in a row lock the account for this many minutes. */
export const LOCKOUT_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

export function toActor(u: UserRecord): Actor {
  return { id: u.id, username: u.username, displayName: u.display_name, role: u.role as Role };
}

function toUserRow(u: UserRecord): UserRow {
  return {
    ...toActor(u),
    version: u.row_version,
    active: u.active === 1,
    createdAt: u.created_at,
    lastLoginAt: u.last_login_at,
  };
}

/** Fields worth auditing about a user: never the password hash. */
const auditUser = (u: UserRow) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  active: u.active,
});

export async function getOffice(db: Kysely<DB>): Promise<OfficeProfile | null> {
  const r = await db.selectFrom('office').selectAll().where('id', '=', 1).executeTakeFirst();
  return r ? toOffice(r) : null;
}

export async function findActiveUser(db: Kysely<DB>, id: number): Promise<Actor | null> {
  return (await findActiveSession(db, id))?.actor ?? null;
}

/** An active user and the stamp of the credentials a session was opened with (role and password hash, digested):
 *  a password reset or a role change gives another stamp, which ends the sessions opened before it. One read. */
export async function findActiveSession(
  db: Kysely<DB>,
  id: number,
): Promise<{ actor: Actor; stamp: string } | null> {
  const u = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!u) return null;
  return { actor: toActor(u), stamp: credentialStamp(u.role, u.password_hash) };
}

const DEFAULT_IDLE_MINUTES = settingsSchema.parse({}).idleLockMinutes;

/** The idle-lock minutes as the settings row has them (the default when absent or not valid). */
function idleMinutesOf(json: string | null | undefined): number {
  if (json === null || json === undefined) return DEFAULT_IDLE_MINUTES;
  try {
    const r = settingsSchema.shape.idleLockMinutes.safeParse(JSON.parse(json));
    return r.success ? r.data : DEFAULT_IDLE_MINUTES;
  } catch {
    return DEFAULT_IDLE_MINUTES;
  }
}

/** The session-state query compiled once per database (the dispatcher runs it on every call; building and
 *  compiling it anew would cost as much as running it), with the user's id put in its place. */
const SENTINEL_ID = -0x5e55_1d;
const sessionStateSql = new WeakMap<Kysely<DB>, { sql: string; parameters: readonly unknown[] }>();
function sessionStateQuery(db: Kysely<DB>, id: number): CompiledQuery {
  let c = sessionStateSql.get(db);
  if (!c) {
    c = db
      .selectFrom('users')
      .selectAll()
      .select((eb) =>
        eb.selectFrom('settings').select('value_json').where('key', '=', 'idleLockMinutes').as('idle_json'),
      )
      .where('id', '=', SENTINEL_ID)
      .where('active', '=', 1)
      .compile();
    sessionStateSql.set(db, c);
  }
  return CompiledQuery.raw(
    c.sql,
    c.parameters.map((p) => (p === SENTINEL_ID ? id : p)),
  );
}

/** What the dispatcher checks on every call of a signed-in session, in one query: the account if it is still
 *  active (with its credentials' stamp, as findActiveSession gives it) and the idle-lock minutes in force. */
export async function sessionState(
  db: Kysely<DB>,
  id: number,
): Promise<{ idleLockMinutes: number; found: { actor: Actor; stamp: string } | null }> {
  const u = (await db.executeQuery<UserRecord & { idle_json: string | null }>(sessionStateQuery(db, id)))
    .rows[0];
  if (!u) {
    const r = await db
      .selectFrom('settings')
      .select('value_json')
      .where('key', '=', 'idleLockMinutes')
      .executeTakeFirst();
    return { idleLockMinutes: idleMinutesOf(r?.value_json), found: null };
  }
  const { idle_json, ...user } = u;
  return {
    idleLockMinutes: idleMinutesOf(idle_json),
    found: { actor: toActor(user), stamp: credentialStamp(user.role, user.password_hash) },
  };
}

/** SHA-256 of role and password hash: the last few asked for remembered (the same few accounts ask all day). */
const stamps = new Map<string, string>();
function credentialStamp(role: string, passwordHash: string): string {
  const key = `${role}\u0000${passwordHash}`;
  let stamp = stamps.get(key);
  if (!stamp) {
    stamp = createHash('sha256').update(key).digest('hex');
    if (stamps.size > 64) stamps.clear();
    stamps.set(key, stamp);
  }
  return stamp;
}

async function loadUser(db: Kysely<DB>, id: number): Promise<UserRecord> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!u) throw new AppError('NOT_FOUND', '用户不存在');
  return u;
}

async function activeAdminCount(db: Kysely<DB>, exceptId?: number): Promise<number> {
  let q = db
    .selectFrom('users')
    .select(sql<number>`count(*)`.as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', 1);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirstOrThrow()).n;
}

async function insertUser(
  ctx: HandlerContext,
  u: { username: string; displayName: string; role: Role; password: string },
): Promise<UserRow> {
  const taken = await ctx.db
    .selectFrom('users')
    .select('id')
    .where(sameTextIgnoringCase(ctx.db, 'username', u.username))
    .executeTakeFirst();
  if (taken) throw new AppError('CONFLICT', `用户名“${u.username}”已被使用`);
  const at = nowIso(ctx);
  const row = await ctx.db
    .insertInto('users')
    .values({
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      password_hash: await hashPassword(u.password),
      active: 1,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUserRow(row);
}

export async function systemStatus(
  _input: ParsedInput<'system.status'>,
  ctx: HandlerContext,
): Promise<Output<'system.status'>> {
  const office = await getOffice(ctx.db);
  return {
    initialized: office !== null,
    appVersion: ctx.appVersion,
    office,
    user: ctx.actor,
    integrity: ctx.maintenance?.integrity() ?? { state: 'ok', checkedAt: null, detail: [] },
  };
}

export async function setupSystem(
  { office, admin, start }: ParsedInput<'system.setup'>,
  ctx: HandlerContext,
): Promise<Output<'system.setup'>> {
  if (await getOffice(ctx.db)) throw new AppError('ALREADY_INITIALIZED', '本数据文件已完成初始设置');
  const at = nowIso(ctx);
  await ctx.db
    .insertInto('office')
    .values({
      id: 1,
      name: office.name,
      doc_prefix: office.docPrefix,
      uscc: office.uscc,
      address: office.address,
      contact_person: office.contactPerson,
      contact_phone: office.contactPhone,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await ctx.audit({ entity: 'office', entityId: 1, summary: `初始设置：${office.name}`, after: office });
  const user = await insertUser(ctx, { ...admin, role: 'admin' });
  const actor: Actor = {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: 'admin',
  };
  // The first administrator is the one who acts from here on, including the directory seeding below.
  ctx.actor = actor;
  await ctx.audit({
    entity: 'user',
    entityId: user.id,
    summary: `创建管理员 ${user.username}`,
    after: auditUser(user),
  });
  await seedDefaultDepartments(ctx);
  if (start) await storeStart(ctx, start);
  ctx.session.signIn(actor);
  return { user: actor };
}

/** The quarter the office starts in, its province and the rule presets that follow from it (the province's own
 *  where the project has them, another province's as a reference otherwise), with the rules' values. */
async function storeStart(
  ctx: HandlerContext,
  start: NonNullable<ParsedInput<'system.setup'>['start']>,
): Promise<void> {
  const before = await loadSettings(ctx.db);
  const rulePresets = { ...presetsForProvince(start.province), ...start.rulePresets };
  const deadline = (kind: RuleKind) => chosenPreset(rulePresets, kind).deadline!;
  await storeSettings(ctx, {
    startQuarter: start.quarter,
    province: start.province,
    rulePresets,
    referralReplyDays: deadline('referralReply').days,
    referralReplyUnit: deadline('referralReply').unit,
    complaintFeedbackDays: deadline('complaintFeedback').days,
    complaintFeedbackUnit: deadline('complaintFeedback').unit,
    inspectionPublicationDays: deadline('publication').days,
    inspectionPublicationUnit: deadline('publication').unit,
  });
  const after = await loadSettings(ctx.db);
  const reference = RULE_KINDS.filter((k) => !isOwnProvince(chosenPreset(rulePresets, k), start.province));
  await ctx.audit({
    entity: 'settings',
    entityId: null,
    summary:
      `初始设置：自${startQuarterLabel(start.quarter)}起使用本系统，所在省份 ${start.province ?? '未填写'}` +
      (reference.length ? `；${reference.map((k) => RULE_KIND_LABELS[k]).join('、')}参照其他省份规定` : ''),
    before,
    after,
  });
}

/** Failed sign-ins are slowed down in this process: at most 10 a minute from one window or tab and 30 a minute in
 *  all, whatever the names tried (an account's own lock-out only counts names that exist). */
class LoginLimiter {
  private readonly bySession = new Map<string, number[]>();
  private all: number[] = [];
  constructor(
    private readonly perSession = 10,
    private readonly total = 30,
    private readonly windowMs = 60_000,
  ) {}

  refusal(session: string, now: number): string | null {
    const recent = (list: number[]) => list.filter((t) => now - t < this.windowMs);
    this.all = recent(this.all);
    const mine = recent(this.bySession.get(session) ?? []);
    this.bySession.set(session, mine);
    if (mine.length >= this.perSession || this.all.length >= this.total) {
      const oldest = Math.min(...(mine.length >= this.perSession ? mine : this.all));
      const seconds = Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
      return `登录失败次数过多，请 ${seconds} 秒后再试`;
    }
    return null;
  }

  failed(session: string, now: number): void {
    this.all.push(now);
    this.bySession.set(session, [...(this.bySession.get(session) ?? []), now]);
    if (this.bySession.size > 1000) this.bySession.clear(); // bounded: old windows hold nothing worth keeping
  }
}

const loginLimiter = new LoginLimiter();

export async function login(
  { username, password }: ParsedInput<'auth.login'>,
  ctx: HandlerContext,
): Promise<Output<'auth.login'>> {
  const limited = loginLimiter.refusal(ctx.sessionKey, ctx.now().getTime());
  if (limited) throw new AppError('FORBIDDEN', limited);
  const u = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where(sameTextIgnoringCase(ctx.db, 'username', username))
    .executeTakeFirst();
  const at = nowIso(ctx);
  // Failures are recorded and committed even though the answer is an error (ctx.failAfterCommit).
  const refuse = async (error: AppError, summary: string) => {
    if (error.code === 'BAD_CREDENTIALS') loginLimiter.failed(ctx.sessionKey, ctx.now().getTime());
    await ctx.audit({ entity: 'session', entityId: u?.id ?? null, summary });
    ctx.failAfterCommit(error);
    return { user: null as unknown as Actor };
  };
  if (u?.locked_until && u.locked_until > at) {
    const minutes = Math.ceil((Date.parse(u.locked_until) - ctx.now().getTime()) / 60_000);
    return refuse(
      new AppError(
        'FORBIDDEN',
        `密码连续输错 ${LOCKOUT_ATTEMPTS} 次，账号已锁定，请 ${minutes} 分钟后再试或联系管理员`,
      ),
      `登录被拒绝：${username} 已锁定`,
    );
  }
  // Same message whether the name or the password is wrong: do not reveal which accounts exist.
  // An unknown name costs the same scrypt as a known one (a dummy hash), so the time does not tell which exist.
  const passwordOk = u ? await verifyPassword(password, u.password_hash) : await verifyAgainstDummy(password);
  if (!u || !passwordOk) {
    if (u) {
      const failed = u.failed_logins + 1;
      const lock = failed >= LOCKOUT_ATTEMPTS;
      await ctx.db
        .updateTable('users')
        .set({
          failed_logins: lock ? 0 : failed,
          locked_until: lock ? new Date(ctx.now().getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null,
        })
        .where('id', '=', u.id)
        .execute();
      if (lock) {
        return refuse(
          new AppError(
            'FORBIDDEN',
            `密码连续输错 ${LOCKOUT_ATTEMPTS} 次，账号已锁定 ${LOCKOUT_MINUTES} 分钟`,
          ),
          `登录失败：${username} 密码错误，第 ${failed} 次，账号锁定 ${LOCKOUT_MINUTES} 分钟`,
        );
      }
      return refuse(
        new AppError('BAD_CREDENTIALS', '用户名或密码错误'),
        `登录失败：${username} 密码错误，第 ${failed} 次`,
      );
    }
    return refuse(
      new AppError('BAD_CREDENTIALS', '用户名或密码错误'),
      `登录失败：不存在的用户名 ${maskedName(username)}`,
    );
  }
  if (u.active !== 1)
    return refuse(new AppError('FORBIDDEN', '该账号已停用，请联系管理员'), `登录被拒绝：${username} 已停用`);
  await ctx.db
    .updateTable('users')
    .set({ last_login_at: at, failed_logins: 0, locked_until: null })
    .where('id', '=', u.id)
    .execute();
  const actor = toActor(u);
  ctx.actor = actor;
  await ctx.audit({ entity: 'session', entityId: u.id, summary: `${u.display_name}（${u.username}）登录` });
  ctx.session.signIn(actor);
  return { user: actor };
}

export async function logout(
  _input: ParsedInput<'auth.logout'>,
  ctx: HandlerContext,
): Promise<Output<'auth.logout'>> {
  const actor = requireActor(ctx);
  await ctx.audit({
    entity: 'session',
    entityId: actor.id,
    summary: `${actor.displayName}（${actor.username}）退出登录`,
  });
  ctx.session.signOut();
  return null;
}

export async function changeOwnPassword(
  { currentPassword, newPassword }: ParsedInput<'auth.changePassword'>,
  ctx: HandlerContext,
): Promise<Output<'auth.changePassword'>> {
  const actor = requireActor(ctx);
  const u = await loadUser(ctx.db, actor.id);
  if (!(await verifyPassword(currentPassword, u.password_hash))) {
    throw new AppError('BAD_CREDENTIALS', '当前密码不正确');
  }
  await ctx.db
    .updateTable('users')
    .set({ password_hash: await hashPassword(newPassword), updated_at: nowIso(ctx) })
    .where('id', '=', actor.id)
    .execute();
  await ctx.audit({ entity: 'user', entityId: actor.id, summary: `${actor.username} 修改了自己的密码` });
  return null;
}

export async function getOfficeProfile(
  _input: ParsedInput<'office.get'>,
  ctx: HandlerContext,
): Promise<Output<'office.get'>> {
  const office = await getOffice(ctx.db);
  if (!office) throw new AppError('NOT_INITIALIZED', '尚未完成初始设置');
  return office;
}

export async function updateOffice(
  input: ParsedInput<'office.update'>,
  ctx: HandlerContext,
): Promise<Output<'office.update'>> {
  const before = await getOffice(ctx.db);
  if (!before) throw new AppError('NOT_INITIALIZED', '尚未完成初始设置');
  // Saved from the copy the editor started from: someone else's newer save is not overwritten unseen.
  await claimVersion(ctx, 'office', 1, input.version, async () => getOffice(ctx.db));
  await ctx.db
    .updateTable('office')
    .set({
      name: input.name,
      doc_prefix: input.docPrefix,
      uscc: input.uscc,
      address: input.address,
      contact_person: input.contactPerson,
      contact_phone: input.contactPhone,
      updated_at: nowIso(ctx),
    })
    .where('id', '=', 1)
    .execute();
  const after = (await getOffice(ctx.db))!;
  await ctx.audit({ entity: 'office', entityId: 1, summary: `修改单位信息：${after.name}`, before, after });
  return after;
}

export async function listUsers(
  _input: ParsedInput<'users.list'>,
  ctx: HandlerContext,
): Promise<Output<'users.list'>> {
  const rows = await ctx.db.selectFrom('users').selectAll().orderBy('id').execute();
  return rows.map(toUserRow);
}

export async function createUser(
  input: ParsedInput<'users.create'>,
  ctx: HandlerContext,
): Promise<Output<'users.create'>> {
  const user = await insertUser(ctx, input);
  await ctx.audit({
    entity: 'user',
    entityId: user.id,
    summary: `创建用户 ${user.username}`,
    after: auditUser(user),
  });
  return user;
}

export async function updateUser(
  { id, version, displayName, role, active }: ParsedInput<'users.update'>,
  ctx: HandlerContext,
): Promise<Output<'users.update'>> {
  const before = toUserRow(await loadUser(ctx.db, id));
  // Saved from the copy the editor started from: someone else's newer save is not overwritten unseen.
  await claimVersion(ctx, 'users', id, version, async () => toUserRow(await loadUser(ctx.db, id)));
  const losesAdmin = before.role === 'admin' && before.active && (role !== 'admin' || !active);
  if (losesAdmin && (await activeAdminCount(ctx.db, id)) === 0) {
    throw new AppError('VALIDATION', '至少需要保留一个启用的管理员账号');
  }
  await ctx.db
    .updateTable('users')
    .set({ display_name: displayName, role, active: active ? 1 : 0, updated_at: nowIso(ctx) })
    .where('id', '=', id)
    .execute();
  const after = toUserRow(await loadUser(ctx.db, id));
  await ctx.audit({
    entity: 'user',
    entityId: id,
    summary: `修改用户 ${after.username}`,
    before: auditUser(before),
    after: auditUser(after),
  });
  return after;
}

export async function resetPassword(
  { id, newPassword }: ParsedInput<'users.resetPassword'>,
  ctx: HandlerContext,
): Promise<Output<'users.resetPassword'>> {
  const u = await loadUser(ctx.db, id);
  await ctx.db
    .updateTable('users')
    .set({
      password_hash: await hashPassword(newPassword),
      updated_at: nowIso(ctx),
      failed_logins: 0,
      locked_until: null,
    })
    .where('id', '=', id)
    .execute();
  await ctx.audit({ entity: 'user', entityId: id, summary: `重置用户 ${u.username} 的密码并解除锁定` });
  return null;
}

export async function listAudit(
  { limit, ...filter }: ParsedInput<'audit.list'>,
  ctx: HandlerContext,
): Promise<Output<'audit.list'>> {
  return queryAudit(ctx.db, filter, limit);
}

export async function exportAuditXlsx(
  { progressId: _progressId, ...filter }: ParsedInput<'audit.exportXlsx'>,
  ctx: HandlerContext,
): Promise<Output<'audit.exportXlsx'>> {
  return exportAudit(ctx.db, filter, ctx.progress);
}

export const systemHandlers = defineHandlers({
  'session.activity': async () => null,
  'system.status': systemStatus,
  // The dispatcher answers this itself before any session look-up; the same board through the context here.
  'system.progress': async ({ id, cancel }, ctx) => ctx.progress.poll(id, cancel),
  'system.setup': setupSystem,
  'auth.login': login,
  'auth.logout': logout,
  'auth.changePassword': changeOwnPassword,
  'office.get': getOfficeProfile,
  'office.update': updateOffice,
  'users.list': listUsers,
  'users.create': createUser,
  'users.update': updateUser,
  'users.resetPassword': resetPassword,
  'audit.list': listAudit,
  'audit.page': async (input, ctx) => auditPage(ctx.db, input),
  'audit.exportXlsx': exportAuditXlsx,
});
