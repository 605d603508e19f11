// The office server's rows of `npm run bench` (issue 14 item 7): the 10-year district copied onto a PostgreSQL
// database of its own (the table copy cli transfer uses), then the same handlers through a dispatcher on each store,
// alternately (PostgreSQL, SQLite, PostgreSQL, …) so both meet the same machine: the dashboard, a page of the 12345
// register, a credit profile, the whole ledger's verification and a stored draw. Then 8 seats — each its own pool and
// dispatcher, as 8 desks — writing to the ledger and reading the dashboard and a register page at once.
// The server is ZONGJIAN_BENCH_PG (or ZONGJIAN_TEST_PG): a URL the bench may create and drop a database on.
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { openPostgres, type OpenPostgres } from '../../db/core/open';
import { copyStore } from '../../db/system/store-copy';
import { databaseAttachments, folderAttachments } from '../../db/core/attachment-store';
import { Dispatcher, SESSION_CHECK_MS } from '../../electron/server/dispatcher';
import { verifyLedger } from '../../db/credit/ledger';
import type { DB } from '../../db/core/schema';
import type { Input, MethodName, Output } from '../../shared/contract';

export const benchServerUrl = (): string | undefined =>
  process.env.ZONGJIAN_BENCH_PG ?? process.env.ZONGJIAN_TEST_PG;

const USER = { id: 1, username: 'user0', displayName: 'bench', role: 'admin' as const };

export interface ServerDistrict {
  handle: OpenPostgres;
  url: string;
  call<N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>>;
  /** Signs the bench user in again (after the shared clock moved). */
  rebind(): void;
  copyMs: number;
  rows: number;
  close(): Promise<void>;
}

function databaseUrl(server: string, name: string): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(server: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** A new database on the server with the district copied in from the data file's store. */
export async function serverDistrict(args: {
  server: string;
  source: Kysely<DB>;
  dataDir: string;
  clock: () => Date;
}): Promise<ServerDistrict> {
  const name = `zj_bench_${process.pid}_${Date.now()}`;
  await admin(args.server, `create database ${name}`);
  const url = databaseUrl(args.server, name);
  const handle = await openPostgres(url, { poolSize: 4 });
  const t0 = performance.now();
  const report = await copyStore(
    {
      db: args.source,
      attachments: folderAttachments(join(args.dataDir, 'attachments')),
      label: '基准数据文件',
    },
    { db: handle.db, attachments: (trx) => databaseAttachments(trx), label: '基准数据库服务器' },
  );
  const copyMs = performance.now() - t0;
  const d = new Dispatcher({
    db: handle.db,
    appVersion: 'bench',
    dataDir: null,
    clock: args.clock,
    log: () => {},
    sessionCheckMs: SESSION_CHECK_MS, // as the app's dispatcher
  });
  const rebind = () => d.bindSession('bench', USER);
  rebind();
  return {
    handle,
    url,
    call: (n, a) => d.call(n, a, 'bench'),
    rebind,
    copyMs,
    rows: report.rows,
    close: async () => {
      await handle.close();
      await admin(args.server, `drop database if exists ${name} with (force)`);
    },
  };
}

export interface SeatFigures {
  writes: number[];
  reads: number[];
  errors: number;
  entries: number;
  verified: boolean;
}

/**
 * `seats` desks on the server at once, each its own pool of 4 and dispatcher: each records `perSeat` credit-ledger
 * entries (the serialized append) and, between them, reads the dashboard and a page of the 12345 register. Returns
 * the latencies, and whether the ledger has every entry and still verifies afterwards.
 */
export async function seatsAtOnce(
  url: string,
  seats: number,
  perSeat: number,
  clock: () => Date,
): Promise<SeatFigures> {
  const handles: OpenPostgres[] = [];
  const writes: number[] = [];
  const reads: number[] = [];
  let errors = 0;
  try {
    const desks = [];
    for (let s = 0; s < seats; s++) {
      const h = await openPostgres(url, { poolSize: 4, migrate: false });
      handles.push(h);
      const d = new Dispatcher({
        db: h.db,
        appVersion: 'bench',
        dataDir: null,
        clock,
        log: () => {},
        seat: `基准席位-${s + 1}`,
        sessionCheckMs: SESSION_CHECK_MS,
      });
      d.bindSession('bench', USER);
      desks.push(d);
    }
    const first = handles[0]!.db;
    const before = Number(
      (
        await first
          .selectFrom('credit_ledger')
          .select((e) => e.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const subject = (
      await first.selectFrom('institutions').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()
    ).id;
    const timedCall = async (into: number[], f: () => Promise<unknown>) => {
      const t = performance.now();
      try {
        await f();
        into.push(performance.now() - t);
      } catch {
        errors++;
      }
    };
    await Promise.all(
      desks.map(async (d, s) => {
        for (let i = 0; i < perSeat; i++) {
          await timedCall(writes, () =>
            d.call(
              'credit.record',
              {
                subjectKind: 'institution',
                subjectId: subject,
                type: 'commendation',
                factDate: '2026-11-20',
                text: `基准席位-${s + 1} 第 ${i + 1} 条`,
              },
              'bench',
            ),
          );
          await timedCall(reads, () =>
            i % 2 === 0
              ? d.call('dashboard.data', {}, 'bench')
              : d.call(
                  'complaints.page',
                  { startRow: (i * 100) % 5000, endRow: ((i * 100) % 5000) + 100 },
                  'bench',
                ),
          );
        }
      }),
    );
    const after = Number(
      (
        await first
          .selectFrom('credit_ledger')
          .select((e) => e.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const v = await verifyLedger(first, 'auto');
    return { writes, reads, errors, entries: after - before, verified: v.ok };
  } finally {
    for (const h of handles) await h.close().catch(() => undefined);
  }
}
