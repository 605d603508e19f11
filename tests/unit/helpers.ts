// Unit tests call the dispatcher directly on an in-memory database migrated to latest (as Actual Budget's
// handler tests do): the same validation, transactions and audit rules as in the app.
import type { Kysely } from 'kysely';
import { openTestStore } from './test-store';
import type { DB } from '../../db/core/schema';
import type { Handlers } from '../../db/core/context';
import { Dispatcher } from '../../electron/server/dispatcher';
import type { Input, MethodName, Output } from '../../shared/contract';
import { travellingClock, type Travel } from '../../db/core/clock';

export const ADMIN = { username: 'admin', displayName: '测试管理员', password: 'Admin#2026' };

export interface TestApp {
  db: Kysely<DB>;
  dispatcher: Dispatcher;
  call<N extends MethodName>(name: N, args: Input<N>, session?: string): Promise<Output<N>>;
  /** Moves the app's clock to a moment (and on from there), or back to the test's clock with null. */
  travel: Travel;
  close(): Promise<void>;
}

export interface AppOptions {
  handlers?: Handlers;
  now?: string;
  /** A moving clock, for rules that depend on elapsed time. */
  clock?: () => Date;
  /** Needed by handlers that store files (attachments). */
  dataDir?: string;
  /** Share dashboard answers between callers until the data changes, as the app's host does. */
  sharedAnswers?: boolean;
  /** Keep each session's account check this long, as the app does (SESSION_CHECK_MS). */
  sessionCheckMs?: number;
}

export async function newApp(options: AppOptions = {}): Promise<TestApp> {
  const { db, close } = await openTestStore();
  const fixed = options.now ? new Date(options.now) : null;
  const clock = travellingClock(options.clock ?? (fixed ? () => new Date(fixed) : undefined));
  const dispatcher = new Dispatcher({
    db,
    appVersion: 'test',
    dataDir: options.dataDir ?? null,
    ...(options.handlers ? { handlers: options.handlers } : {}),
    clock: clock.now,
    log: () => {},
    ...(options.sharedAnswers ? { sharedAnswers: true } : {}),
    ...(options.sessionCheckMs ? { sessionCheckMs: options.sessionCheckMs } : {}),
  });
  return {
    db,
    dispatcher,
    call: (name, args, session = 'test') => dispatcher.call(name, args, session),
    travel: clock.travel,
    close,
  };
}

/** A set-up office with the admin signed in on session 'test'. */
export async function newSetupApp(options: AppOptions = {}): Promise<TestApp> {
  const app = await newApp(options);
  await app.call('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN });
  return app;
}

export async function count(db: Kysely<DB>, table: keyof DB): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
