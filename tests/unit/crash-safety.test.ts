// Crash safety (issue "Reliability and security", point 4): a child process runs the real app core and writes
// multi-row transactions through the dispatcher; the test kills it with SIGKILL at random moments, over and
// over on the same data folder, and after each kill opens the file itself with better-sqlite3: it must pass
// integrity_check and foreign_key_check, hold every transaction the child reported committed in full, and
// hold the one that was in flight either in full or not at all.
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import type { CrashOp, DepartmentOp, YearOp } from '../crash/writer';

const WRITER = 'tests/crash/writer.ts';
const TRIALS = Number(process.env.CRASH_TRIALS ?? 120);
/** Children started ahead of their trial: they load their modules while the current trial runs. */
const PRESTART = 2;

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

interface Child {
  trial: number;
  proc: ChildProcessWithoutNullStreams;
  stderr: string;
  onLine: (line: string) => void;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The writer as one ES module, as electron-vite ships the app: the same sources, but starting a child takes
 *  a third of the CPU that `--import tsx` needs to load the app file by file, and start-up is most of a trial.
 *  Packages stay external and resolve through a link to the project's node_modules. */
async function bundleWriter(root: string): Promise<string> {
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'junction');
  const outfile = join(root, 'writer.mjs');
  await build({
    entryPoints: [WRITER],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

function startChild(writer: string, trial: number, dataDir: string): Child {
  const proc = spawn(process.execPath, [writer, dataDir, String(trial), '--wait']);
  const child: Child = {
    trial,
    proc,
    stderr: '',
    onLine: () => {},
    closed: new Promise((resolve) => proc.on('close', (code, signal) => resolve({ code, signal }))),
  };
  let pending = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      child.onLine(line);
    }
  });
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk: string) => (child.stderr += chunk));
  proc.stdin.on('error', () => {}); // a killed child's stdin may report EPIPE
  return child;
}

type Status = 'committed' | 'absent' | 'inflight';
interface Tracked {
  op: CrashOp;
  status: Status;
}

/** The WAL header's checkpoint sequence: above 0 once the child restarted the WAL after a checkpoint. */
function walCheckpoints(file: string): number {
  if (!existsSync(`${file}-wal`)) return 0;
  const fd = openSync(`${file}-wal`, 'r');
  try {
    const header = Buffer.alloc(32);
    if (readSync(fd, header, 0, 32, 0) < 32) return 0;
    return header.readUInt32BE(12);
  } finally {
    closeSync(fd);
  }
}

interface Verdict {
  problems: string[];
  /** For the op that was in flight: whether it is in the file (in full), if it was not torn. */
  inflightPresent: boolean | null;
}

const CRASH_FULL_NAME = '崩溃测试单位-';

/** Everything the file must say, given every op ever begun (in order) and what became of each. */
function verify(file: string, ops: Tracked[], seededDepartments: { n: number | null }): Verdict {
  const problems: string[] = [];
  let inflightPresent: boolean | null = null;
  if (!existsSync(file)) {
    if (ops.length > 0) problems.push('the data file is gone');
    return { problems, inflightPresent };
  }
  const db = new Database(file, { fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${JSON.stringify(db.pragma('integrity_check'))}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);
    const tables = new Set(
      (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    if (!tables.has('office')) {
      // Killed before the first migration committed: nothing can have been written yet.
      if (ops.some((o) => o.status === 'committed'))
        problems.push('schema missing but writes were committed');
      return { problems, inflightPresent };
    }

    const offices = (db.prepare('select count(*) as n from office').get() as { n: number }).n;
    const departments = db.prepare('select id, full_name, short_name, duties from departments').all() as {
      id: number;
      full_name: string;
      short_name: string;
      duties: string;
    }[];
    const aliases = db.prepare('select alias, department_id from department_aliases').all() as {
      alias: string;
      department_id: number;
    }[];
    const audits = db
      .prepare(
        `select id, action, entity, entity_id,
           case action when 'departments.create' then json_extract(after_json, '$.fullName')
                       when 'calendar.enterYear' then json_extract(after_json, '$.holidays[0].name') end as key
         from audit_log
         where action in ('system.setup', 'departments.create', 'calendar.enterYear') order by id`,
      )
      .all() as {
      id: number;
      action: string;
      entity: string;
      entity_id: string | null;
      key: string | null;
    }[];
    const overrides = db.prepare('select date, kind, name from calendar_overrides order by date').all() as {
      date: string;
      kind: string;
      name: string;
    }[];

    // Setup is one transaction too: an office means the admin and the seeded directory, no office means none.
    const crashDepartments = departments.filter((d) => d.full_name.startsWith(CRASH_FULL_NAME));
    const seeded = departments.length - crashDepartments.length;
    if (offices === 0) {
      const users = (db.prepare('select count(*) as n from users').get() as { n: number }).n;
      if (departments.length + users + audits.length > 0)
        problems.push(
          `no office, yet ${departments.length} departments, ${users} users, ${audits.length} audits`,
        );
    } else if (seededDepartments.n === null) {
      seededDepartments.n = seeded;
      if (seeded === 0) problems.push('setup committed without its seeded departments');
    } else if (seeded !== seededDepartments.n) {
      problems.push(`seeded departments changed from ${seededDepartments.n} to ${seeded}`);
    }

    // No department without its audit row, whoever wrote it.
    const audited = new Set(audits.filter((a) => a.entity === 'department').map((a) => a.entity_id));
    for (const d of departments) {
      if (!audited.has(String(d.id))) problems.push(`department ${d.id} ${d.full_name} has no audit row`);
    }

    const byFullName = new Map(departments.map((d) => [d.full_name, d]));
    const shortNames = new Set(departments.map((d) => d.short_name));
    const aliasesById = new Map<number, string[]>();
    const aliasNames = new Set<string>();
    for (const a of aliases) {
      aliasesById.set(a.department_id, [...(aliasesById.get(a.department_id) ?? []), a.alias]);
      aliasNames.add(a.alias);
    }
    const deptAudits = new Map<string, { id: number; entityId: string | null }[]>();
    const yearAudits = new Map<string, { id: number; entityId: string | null }[]>();
    for (const a of audits) {
      const into =
        a.action === 'departments.create'
          ? deptAudits
          : a.action === 'calendar.enterYear'
            ? yearAudits
            : null;
      if (into && a.key !== null)
        into.set(a.key, [...(into.get(a.key) ?? []), { id: a.id, entityId: a.entity_id }]);
    }

    /** 'full', 'none', or a description of what is torn. */
    const departmentState = (op: DepartmentOp): string => {
      const row = byFullName.get(op.fullName);
      const found = deptAudits.get(op.fullName) ?? [];
      if (!row) {
        const stray = [
          shortNames.has(op.shortName) ? 'its short name' : '',
          ...op.aliases.filter((a) => aliasNames.has(a)).map((a) => `alias ${a}`),
          found.length ? `${found.length} audit row(s)` : '',
        ].filter(Boolean);
        return stray.length ? `no department row, but ${stray.join(', ')}` : 'none';
      }
      const torn: string[] = [];
      if (row.short_name !== op.shortName) torn.push(`short name ${row.short_name}`);
      if (row.duties !== op.duties) torn.push('duties differ');
      const have = [...(aliasesById.get(row.id) ?? [])].sort();
      if (JSON.stringify(have) !== JSON.stringify([...op.aliases].sort()))
        torn.push(`aliases ${JSON.stringify(have)}`);
      if (found.length !== 1 || found[0]!.entityId !== String(row.id))
        torn.push(`${found.length} audit rows for it`);
      return torn.length ? `department row, but ${torn.join(', ')}` : 'full';
    };
    const yearAuditCount = (op: YearOp) => (yearAudits.get(`崩溃-${op.marker}`) ?? []).length;

    for (const t of ops) {
      const state =
        t.op.kind === 'department'
          ? departmentState(t.op)
          : ((n) => (n === 0 ? 'none' : n === 1 ? 'full' : `${n} audit rows`))(yearAuditCount(t.op));
      const where = `${t.op.kind} ${t.op.marker} (${t.status})`;
      if (t.status === 'committed' && state !== 'full') problems.push(`${where} lost or torn: ${state}`);
      if (t.status === 'absent' && state !== 'none') problems.push(`${where} reappeared: ${state}`);
      if (t.status === 'inflight') {
        if (state === 'full') inflightPresent = true;
        else if (state === 'none') inflightPresent = false;
        else problems.push(`${where} is partial: ${state}`);
      }
    }

    const presentDepartments = ops.filter(
      (t) =>
        t.op.kind === 'department' &&
        (t.status === 'committed' || (t.status === 'inflight' && inflightPresent)),
    ).length;
    if (crashDepartments.length !== presentDepartments)
      problems.push(
        `${crashDepartments.length} test departments in the file, ${presentDepartments} expected`,
      );
    const crashAliases = aliases.filter((a) => a.alias.startsWith('崩溃T')).length;
    if (crashAliases !== 3 * presentDepartments)
      problems.push(`${crashAliases} test aliases in the file, ${3 * presentDepartments} expected`);

    // Each year holds exactly the last table that is in the file for it: a torn write would leave a mix of
    // two tables, some of a table's days, or days without the audit row.
    const years = new Map<number, YearOp[]>();
    for (const t of ops) {
      if (t.op.kind !== 'year') continue;
      const present = t.status === 'committed' || (t.status === 'inflight' && inflightPresent === true);
      if (!years.has(t.op.year)) years.set(t.op.year, []);
      if (present) years.get(t.op.year)!.push(t.op);
    }
    let expectedOverrides = 0;
    for (const [year, present] of years) {
      const last = present.at(-1);
      const want = last?.rows ?? [];
      expectedOverrides += want.length;
      const have = overrides
        .filter((o) => o.date.startsWith(`${year}-`))
        .map((o) => ({ date: o.date, kind: o.kind, name: o.name }));
      if (JSON.stringify(have) !== JSON.stringify(want)) {
        const names = [...new Set(have.map((o) => o.name))].join(', ') || 'none';
        problems.push(
          `year ${year}: ${have.length} days from ${names}, expected ${want.length} days from ${last?.marker ?? 'none'}`,
        );
      }
      if (last) {
        const latest = audits
          .filter((a) => a.action === 'calendar.enterYear' && a.entity_id === String(year))
          .at(-1);
        if (latest?.id !== yearAudits.get(`崩溃-${last.marker}`)?.[0]?.id)
          problems.push(`year ${year}: the latest audit row is not that of ${last.marker}`);
      }
    }
    if (overrides.length !== expectedOverrides)
      problems.push(`${overrides.length} calendar overrides in the file, ${expectedOverrides} expected`);
  } finally {
    db.close();
  }
  return { problems, inflightPresent };
}

describe('crash safety', () => {
  it(`keeps every committed transaction and no partial one across ${TRIALS} SIGKILLs`, async () => {
    expect(TRIALS).toBeGreaterThanOrEqual(1);
    const root = mkdtempSync(join(tmpdir(), 'zj-crash-'));
    const dataDir = join(root, 'data');
    const file = join(dataDir, 'zongjian.db');
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const random = rng(seed);
    const started = Date.now();
    const ops: Tracked[] = [];
    const seededDepartments = { n: null as number | null };
    const pool: Child[] = [];
    let nextToStart = 1;
    let writer = '';
    let current: Child | null = null;
    const topUp = () => {
      while (pool.length < PRESTART && nextToStart <= TRIALS) {
        pool.push(startChild(writer, nextToStart++, dataDir));
      }
    };
    const stats = { committed: 0, inflight: 0, inflightPresent: 0, inflightAbsent: 0, checkpointed: 0 };
    const modes = { afterCommits: 0, long: 0, midWrites: 0, atStartup: 0 };
    let failure: string[] = [];
    let trial = 0;
    try {
      writer = await bundleWriter(root);
      topUp();
      while (trial < TRIALS) {
        trial++;
        const child = pool.shift()!;
        current = child;
        topUp();
        const begun: CrashOp[] = [];
        const committed = new Set<string>();
        let killed = false;
        const kill = () => {
          if (!killed) {
            killed = true;
            child.proc.kill('SIGKILL');
          }
        };
        // Where to kill: after a few commits (so mostly inside the next transaction); after enough commits
        // that the WAL passes its 1000-page auto-checkpoint (the verifying connection checkpoints it when it
        // closes, so each child starts on an empty WAL); at a random moment while writing; or at a random
        // moment of start-up (migrations, setup, sign-in).
        const r = random();
        const mode = r < 0.55 ? 'afterCommits' : r < 0.7 ? 'long' : r < 0.9 ? 'midWrites' : 'atStartup';
        modes[mode]++;
        const target = mode === 'long' ? 70 + Math.floor(random() * 80) : 1 + Math.floor(random() * 8);
        const delay = random();
        child.onLine = (line) => {
          if (line.startsWith('BEGIN ')) begun.push(JSON.parse(line.slice(6)) as CrashOp);
          else if (line.startsWith('COMMITTED ')) {
            committed.add(line.slice(10));
            if ((mode === 'afterCommits' || mode === 'long') && committed.size === target) {
              if (delay < 0.5) kill();
              else setTimeout(kill, Math.floor(delay * 8));
            }
          } else if (line === 'READY' && mode === 'midWrites') setTimeout(kill, Math.floor(delay * 300));
        };
        if (mode === 'atStartup') setTimeout(kill, Math.floor(delay * 250));
        const guard = setTimeout(kill, 30_000);
        child.proc.stdin.write('GO\n');
        const { code, signal } = await child.closed;
        clearTimeout(guard);
        if (signal !== 'SIGKILL') {
          failure = [`trial ${trial}: the writer ended on its own (code ${code}): ${child.stderr}`];
          break;
        }

        for (const op of begun) {
          const status: Status = committed.has(op.marker) ? 'committed' : 'inflight';
          ops.push({ op, status });
        }
        if (walCheckpoints(file) > 0) stats.checkpointed++;
        const verdict = verify(file, ops, seededDepartments);
        stats.committed += committed.size;
        for (const t of ops) {
          if (t.status !== 'inflight') continue;
          stats.inflight++;
          if (verdict.inflightPresent === true) stats.inflightPresent++;
          if (verdict.inflightPresent === false) stats.inflightAbsent++;
          // Once seen, an in-flight transaction is settled: it must stay as it was found.
          t.status = verdict.inflightPresent ? 'committed' : 'absent';
        }
        if (verdict.problems.length > 0) {
          failure = verdict.problems.map((p) => `trial ${trial}: ${p}`);
          break;
        }
      }
    } finally {
      const left = current ? [current, ...pool] : pool;
      for (const c of left) c.proc.kill('SIGKILL');
      await Promise.all(left.map((c) => c.closed));
      rmSync(root, { recursive: true, force: true });
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `crash safety: ${trial} trials, ${stats.committed} committed transactions verified ` +
        `(all re-checked after every later trial), ${stats.inflight} in flight at the kill ` +
        `(${stats.inflightPresent} present in full, ${stats.inflightAbsent} absent), ${failure.length} problems (partial or lost); ` +
        `kills: ${modes.afterCommits} after 1–8 commits, ${modes.long} after 70–149, ${modes.midWrites} mid-writes, ${modes.atStartup} at start-up; ` +
        `${stats.checkpointed} trials checkpointed the WAL; ${seconds} s, seed ${seed}`,
    );
    expect(failure).toEqual([]);
    expect(trial).toBe(TRIALS);
  }, 300_000);
});
