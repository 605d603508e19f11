// Seats for the multi-seat and store tests: a dispatcher per seat (a desk, or a window of one) over one store.
// `setUpOffice` makes the office on a fresh store through a dispatcher of its own; `dispatcherOn` is a seat over
// a pool already open (the test's own, or one with handlers that fail on purpose); `openSeat` is another desk with
// its own pool to the same PostgreSQL database, its administrator signed in.
import type { Kysely } from 'kysely';
import { openPostgres } from '../../db/core/open';
import type { DB } from '../../db/core/schema';
import type { Handlers } from '../../db/core/context';
import { travellingClock } from '../../db/core/clock';
import { Dispatcher } from '../../electron/server/dispatcher';
import type { Input, MethodName, Output } from '../../shared/contract';
import { ADMIN } from './helpers';

export interface Seat {
  name: string;
  dispatcher: Dispatcher;
  db: Kysely<DB>;
  travel: (to: Date | null) => void;
  call<N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>>;
  close(): Promise<void>;
}

export interface SeatOptions {
  /** The handlers this seat runs (default: the app's). */
  handlers?: Handlers;
  /** The seat's clock (default: the machine's). */
  clock?: () => Date;
  /** The computer named in the seat's audit rows (default: the host name). */
  seat?: string;
}

/** A dispatcher over a store that is already open, as a desk runs one (no data folder, no PDF renderer). */
export function dispatcherOn(db: Kysely<DB>, options: SeatOptions = {}): Dispatcher {
  return new Dispatcher({
    db,
    appVersion: 'test',
    dataDir: null,
    log: () => {},
    pdf: null,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.handlers ? { handlers: options.handlers } : {}),
    ...(options.seat ? { seat: options.seat } : {}),
  });
}

/** The office (越城区卫生健康局, its administrator ADMIN) made on a fresh store; the dispatcher that made it. */
export async function setUpOffice(db: Kysely<DB>): Promise<Dispatcher> {
  const setup = dispatcherOn(db);
  await setup.call(
    'system.setup',
    { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN },
    'setup',
  );
  return setup;
}

/** Another desk: its own pool to the same database, its own dispatcher, its administrator signed in. */
export async function openSeat(
  url: string,
  name: string,
  options: { poolSize?: number; now: string; handlers?: Handlers },
): Promise<Seat> {
  const handle = await openPostgres(url, { poolSize: options.poolSize ?? 4 });
  const clock = travellingClock(() => new Date(options.now));
  const dispatcher = dispatcherOn(handle.db, {
    clock: clock.now,
    seat: name,
    ...(options.handlers ? { handlers: options.handlers } : {}),
  });
  const call = <N extends MethodName>(m: N, args: Input<N>) => dispatcher.call(m, args, 'seat');
  await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  return { name, dispatcher, db: handle.db, travel: clock.travel, call, close: () => handle.close() };
}
