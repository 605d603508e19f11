// What a write touched: the dispatcher reports each committed write's audit entities in its answer and as one
// 'data.changed' event, after the commit; failed, rolled-back and read-only calls report nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../electron/server/dispatcher';
import { openDatabase, type OpenDatabase } from '../../db/core/open';
import { buildHandlers } from '../../db/app';
import type { Handlers } from '../../db/core/context';
import { AppError, type Envelope } from '../../shared/errors';
import { ENTITY_NAMES, type DataChanged } from '../../shared/contract';
import { ADMIN } from './helpers';

let open: OpenDatabase | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

/** A set-up office with the admin signed in on 's'; every data.changed is recorded with whether SQLite was still
 *  inside a transaction when it fired. */
async function setUp(handlers?: Handlers) {
  open = await openDatabase(':memory:');
  const sqlite = open.sqlite;
  const dispatcher = new Dispatcher({
    db: open.db,
    appVersion: 'test',
    dataDir: null,
    pdf: null,
    log: () => {},
    ...(handlers ? { handlers } : {}),
  });
  const ok = async (name: string, args: unknown) => {
    const env = await dispatcher.dispatch(name, args, 's');
    if (!env.ok) throw AppError.from(env.error);
    return env;
  };
  await ok('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN });
  await ok('auth.login', { username: ADMIN.username, password: ADMIN.password });
  const events: { changed: DataChanged; inTransaction: boolean }[] = [];
  dispatcher.onEvent((event, payload) => {
    if (event === 'data.changed') {
      events.push({ changed: payload as DataChanged, inTransaction: sqlite.inTransaction });
    }
  });
  return { dispatcher, events, ok };
}

const department = { fullName: '测试甲单位', shortName: '测试甲' };

describe('change events', () => {
  it('a mutation’s answer lists the entities it touched; one event follows the commit', async () => {
    const { dispatcher, events } = await setUp();
    const env = (await dispatcher.dispatch('departments.create', department, 's')) as Envelope<{
      id: number;
    }>;
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    expect(env.changed).toMatchObject({
      method: 'departments.create',
      changes: [{ entity: 'department', ids: [String(env.value.id)] }],
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.changed).toEqual(env.changed);
    expect(events[0]!.inTransaction).toBe(false);
    // Each write has its own id.
    const again = await dispatcher.dispatch(
      'departments.create',
      { fullName: '测试乙单位', shortName: '测试乙' },
      's',
    );
    expect(again.ok && again.changed?.id).not.toBe(env.changed?.id);
    expect(events).toHaveLength(2);
  });

  it('lists every entity a write audited once, with its distinct ids', async () => {
    const handlers = buildHandlers();
    const create = handlers['departments.create'];
    handlers['departments.create'] = async (input, ctx) => {
      const out = await create(input, ctx);
      await ctx.audit({ entity: 'department', entityId: out.id, summary: '再记一次同一单位' });
      await ctx.audit({ entity: 'checklist', entityId: null, summary: '清单随之变化' });
      return out;
    };
    const { dispatcher, events } = await setUp(handlers);
    const env = await dispatcher.dispatch('departments.create', department, 's');
    expect(env.ok && env.changed?.changes).toEqual([
      { entity: 'department', ids: [String(env.ok && (env.value as { id: number }).id)] },
      { entity: 'checklist', ids: [] },
    ]);
    expect(events).toHaveLength(1);
  });

  it('a write that fails or is rolled back reports nothing', async () => {
    const handlers = buildHandlers();
    const create = handlers['departments.create'];
    handlers['departments.create'] = async (input, ctx) => {
      await create(input, ctx); // audited, then the transaction rolls back
      throw new AppError('INTERNAL', '模拟故障');
    };
    const { dispatcher, events } = await setUp(handlers);
    const failed = await dispatcher.dispatch('departments.create', department, 's');
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect('changed' in failed).toBe(false);
    // a validation error never reaches the handler
    const invalid = await dispatcher.dispatch('departments.create', { fullName: '' }, 's');
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // a read-only data file: a sign-in runs, and is rolled back
    dispatcher.setReadOnly('数据文件已损坏');
    const login = await dispatcher.dispatch(
      'auth.login',
      { username: ADMIN.username, password: ADMIN.password },
      't',
    );
    expect(login.ok).toBe(true);
    expect(login.ok && login.changed).toBeUndefined();
    expect(events).toHaveLength(0);
  });

  it('queries report nothing', async () => {
    const { dispatcher, events } = await setUp();
    const env = await dispatcher.dispatch('departments.list', { includeInactive: true }, 's');
    expect(env.ok).toBe(true);
    expect(env.ok && env.changed).toBeUndefined();
    expect(events).toHaveLength(0);
  });

  it('a refused sign-in still reports the attempt it recorded (committed, then answered with the error)', async () => {
    const { dispatcher, events } = await setUp();
    const env = await dispatcher.dispatch('auth.login', { username: ADMIN.username, password: 'wrong' }, 't');
    expect(env).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    expect(events.map((e) => e.changed.changes.map((c) => c.entity))).toEqual([['session']]);
  });

  it('operations report what they audited', async () => {
    const handlers = buildHandlers();
    handlers['backup.create'] = async (_input, ctx) => {
      await ctx.audit({ entity: 'backup', entityId: 'zongjian-backup-1', summary: '模拟备份' });
      return { name: 'zongjian-backup-1' } as never;
    };
    const { dispatcher, events } = await setUp(handlers);
    const env = await dispatcher.dispatch('backup.create', { includeAttachments: false }, 's');
    expect(env.ok && env.changed).toMatchObject({
      method: 'backup.create',
      changes: [{ entity: 'backup', ids: ['zongjian-backup-1'] }],
    });
    expect(events).toHaveLength(1);
  });

  it('every audit entity the handlers use is in the shared list', () => {
    // The compiler enforces it (AuditEntry.entity is EntityName); this guards the list itself against typos.
    expect(new Set(ENTITY_NAMES).size).toBe(ENTITY_NAMES.length);
    for (const name of ENTITY_NAMES) expect(name).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
