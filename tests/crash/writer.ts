// The child of tests/unit/crash-safety.test.ts: the real app core (pragmas, migrations, dispatcher) on a
// data folder, writing multi-row transactions as fast as it can until the parent kills it with SIGKILL.
//
//   npm exec -- tsx tests/crash/writer.ts <data folder> [trial number] [--wait]
//
// (The test runs it bundled into one module by esbuild, which starts faster; the code is the same.)
// With --wait it loads every module, then waits for a line "GO" on stdin before touching the data folder
// (the parent starts the next child while the current one runs, to hide start-up time), and exits once
// stdin closes (so a child never outlives a parent that died).
//
// Protocol on stdout, one line each, written with fs.writeSync so that a line the parent reads was
// written before anything that follows it happened:
//   READY                  signed in, about to start writing
//   BEGIN <json>           a mutation is about to be called; the JSON says exactly what it will write
//   COMMITTED <marker>     that mutation returned, so its transaction has committed
import { writeSync } from 'node:fs';
import { startAppCore } from '../../electron/server/app-core';
import { AppError } from '../../shared/errors';

const CRASH_ADMIN = { username: 'admin', displayName: '崩溃测试管理员', password: 'Crash#2026' };

/** A new department: one row in departments, exactly these aliases, one audit row. */
export interface DepartmentOp {
  kind: 'department';
  marker: string;
  fullName: string;
  shortName: string;
  aliases: string[];
  duties: string;
}

/** A year's holiday table: replaces every override of that year with exactly `rows`, plus one audit row. */
export interface YearOp {
  kind: 'year';
  marker: string;
  year: number;
  holidays: { name: string; start: string; end: string }[];
  workdays: { date: string; name: string }[];
  /** Every calendar_overrides row the table must leave for that year, sorted by date. */
  rows: { date: string; kind: 'holiday' | 'workday'; name: string }[];
}

export type CrashOp = DepartmentOp | YearOp;

/** Small deterministic generator (mulberry32), so a marker always means the same content. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Operation `seq` of trial `trial`: two departments for every year table. Years repeat often (a dozen of
 *  them), so most year tables replace an earlier one: a torn write would show as a mix of two tables. */
function crashOp(trial: number, seq: number): CrashOp {
  const marker = `T${trial}-S${seq}`;
  const random = rng(trial * 100_003 + seq);
  if (seq % 3 !== 0) {
    const shortName = `崩溃${marker}`;
    return {
      kind: 'department',
      marker,
      fullName: `崩溃测试单位-${marker}`,
      shortName,
      aliases: ['甲', '乙', '丙'].map((s) => `${shortName}-${s}`),
      // Long enough that the row and its audit copy spill onto overflow pages.
      duties: `${marker} 负责监管事项的协调与督办。`.repeat(20 + Math.floor(random() * 30)),
    };
  }
  const year = 2030 + ((trial * 5 + seq) % 12);
  const name = `崩溃-${marker}`;
  const months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].filter(() => random() < 0.75);
  if (months.length === 0) months.push(1 + Math.floor(random() * 12));
  const holidays: YearOp['holidays'] = [];
  const workdays: YearOp['workdays'] = [];
  const rows: YearOp['rows'] = [];
  for (const m of months) {
    // Holidays within days 1–24, the make-up workday (if any) on 25–28: never the same date.
    const start = 1 + Math.floor(random() * 18);
    const end = start + Math.floor(random() * 7);
    holidays.push({ name, start: `${year}-${pad(m)}-${pad(start)}`, end: `${year}-${pad(m)}-${pad(end)}` });
    for (let d = start; d <= end; d++)
      rows.push({ date: `${year}-${pad(m)}-${pad(d)}`, kind: 'holiday', name });
    if (random() < 0.5) {
      const date = `${year}-${pad(m)}-${pad(25 + Math.floor(random() * 4))}`;
      workdays.push({ date, name });
      rows.push({ date, kind: 'workday', name });
    }
  }
  rows.sort((a, b) => a.date.localeCompare(b.date));
  return { kind: 'year', marker, year, holidays, workdays, rows };
}

/** Synchronous and complete: stdout may be a non-blocking pipe, where a write can be short or refused. */
function line(text: string): void {
  const buf = Buffer.from(`${text}\n`);
  for (let done = 0; done < buf.length;) {
    try {
      done += writeSync(1, buf, done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  const trial = Number(process.argv[3] && !process.argv[3].startsWith('--') ? process.argv[3] : 1);
  if (!dataDir || !Number.isInteger(trial) || trial < 1) {
    process.stderr.write('usage: writer.ts <data folder> [trial number ≥ 1]\n');
    process.exit(2);
  }
  if (process.argv.includes('--wait')) {
    await new Promise<void>((resolve) => {
      let received = '';
      process.stdin.setEncoding('utf8');
      process.stdin.on('data', (chunk: string) => {
        received += chunk;
        if (received.includes('GO\n')) resolve();
      });
      process.stdin.on('end', () => process.exit(0));
    });
  }
  const core = await startAppCore({
    dataDir,
    startupCare: false,
    log: (m, e) => process.stderr.write(`${m} ${String(e)}\n`),
  });
  const { dispatcher } = core;
  const session = 'crash-writer';
  try {
    await dispatcher.call(
      'system.setup',
      { office: { name: '崩溃测试卫生健康局', docPrefix: '崩卫' }, admin: CRASH_ADMIN },
      session,
    );
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'ALREADY_INITIALIZED')) throw e;
    await dispatcher.call(
      'auth.login',
      { username: CRASH_ADMIN.username, password: CRASH_ADMIN.password },
      session,
    );
  }
  line('READY');
  for (let seq = 1; ; seq++) {
    const op = crashOp(trial, seq);
    line(`BEGIN ${JSON.stringify(op)}`);
    if (op.kind === 'department') {
      await dispatcher.call(
        'departments.create',
        { fullName: op.fullName, shortName: op.shortName, aliases: op.aliases, duties: op.duties },
        session,
      );
    } else {
      await dispatcher.call(
        'calendar.enterYear',
        { year: op.year, holidays: op.holidays, workdays: op.workdays },
        session,
      );
    }
    line(`COMMITTED ${op.marker}`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`crash writer failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
