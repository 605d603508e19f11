// One call in a process of its own, as after a start: opens the data file (migrations: none pending), makes the
// dispatcher, signs the bench user in, and times the first call of `method` — what the first person to open the
// 工作台 after the app starts waits for (the process start itself is not timed). Prints JSON {ms, bytes}.
//   tsx tests/bench/first-call.ts FILE METHOD [ARGS-JSON]
import { performance } from 'node:perf_hooks';
import { dirname } from 'node:path';
import { openDatabase } from '../../db/core/open';
import { Dispatcher, SESSION_CHECK_MS } from '../../electron/server/dispatcher';
import type { MethodName } from '../../shared/contract';

const [file, method, args] = process.argv.slice(2);
const handle = await openDatabase(file!);
const d = new Dispatcher({
  db: handle.db,
  appVersion: 'bench',
  dataDir: dirname(file!),
  clock: () => new Date('2026-11-22T01:00:00Z'),
  log: () => {},
  sessionCheckMs: SESSION_CHECK_MS,
});
d.bindSession('bench', { id: 1, username: 'user0', displayName: 'bench', role: 'admin' });
const t0 = performance.now();
const out = await d.call(method as MethodName, JSON.parse(args ?? '{}') as never, 'bench');
const ms = performance.now() - t0;
await handle.close();
console.log(JSON.stringify({ ms, bytes: Buffer.byteLength(JSON.stringify(out)) }));
