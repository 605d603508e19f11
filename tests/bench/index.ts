// npm run bench [-- --scale 10y|3x|1y|small] [--runs N] [--only text[|text…]] [--out FILE] [--baseline FILE]
//                [--skip-reports] [--keep FILE]
// Builds the synthetic district into a temporary data file, runs each named benchmark (warm-up, then several runs:
// min, median and max), prints a table with each figure beside its target, and writes JSON with every row's target
// and pass. Rows named 冷 run in a fresh process on a file not read since it was written; 并发 rows are 20 clients
// over HTTP; with --scale 3x (three times the 10-year district, ledger included) the rows are named 3× and, given
// --baseline (a 10y run's JSON), each is also checked to grow at most 3.3× over the 10-year figure.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openDatabase, type OpenDatabase } from '../../db/core/open';
import { listDepartments } from '../../db/system/departments';
import { SeededRandom } from '../../db/core/demo-random';
import { DRAW_ENTROPY, GENERATORS, SCALES } from './district';
import { Dispatcher, SESSION_CHECK_MS } from '../../electron/server/dispatcher';
import { verifyLedger } from '../../db/credit/ledger';
import { LEDGER_ENTRIES, PROFILE_ENTRIES, ledgerSigningPart, profileInstitution } from './credit';
import { BENCH_PASSPHRASE } from './district-records';
import { ledgerSlices } from '../../db/credit/ledger-workers';
import { AUTO_BACKUP_BUDGET_BYTES, createBackup } from '../../db/system/backup-engine';
import type { BackupManifest } from '../../shared/contract/backup';
import { percentile } from './concurrent';
import { drawComputation } from './draw';
import { verifyPackage } from '../../db/reports/package';
import { DISTRICTS, makeKey, makePackage } from '../fixtures/packages';
import { FIRST_PAINT_GRIDS, measureRenderer, rendererUnavailable } from './renderer';
import { findChromium } from '../../electron/server/pdf-renderer';
import { DEMO_PASSWORD, seedDemo } from '../../db/demo';
import { seedReports } from '../../db/reports/demo';
import { travellingClock } from '../../db/core/clock';
import type { Input, MethodName, Output } from '../../shared/contract';
import { IMPORT_ROWS, rosterBase64 } from './imports';
import { hiddenSheetBomb } from '../fixtures/hostile-zip';
import { unzipSync } from 'fflate';
import { benchServerUrl, seatsAtOnce, serverDistrict } from './postgres';
import { collectEarlierGarbage, interleaved } from './interleave';

interface Stats {
  min: number;
  median: number;
  max: number;
}

interface Bench {
  name: string;
  targetMs?: number;
  setup?: () => Promise<void>;
  run?: (i: number) => Promise<unknown> | unknown;
  /** After the runs: puts the district back as it was for the rows that follow. */
  teardown?: () => Promise<void> | void;
  runs?: number;
  /** A row computed by the bench itself (ratios, sizes, percentiles), with its unit and limit. */
  measure?: () => Promise<Measured | null>;
}

interface Measured {
  stats: Stats | null;
  unit: 'ms' | '×' | 'µs' | 'KB' | 'MB' | '%';
  limit?: number;
  /** The value checked against the limit (default: the median). */
  value?: number;
  /** The measurement itself failed: the row is a fail, its name says why. */
  failed?: boolean;
  runs: number;
  note?: string;
}

interface BenchResult {
  name: string;
  /** The row's name without the scale mark (matches the baseline run's rows). */
  key: string;
  unit: Measured['unit'];
  min: number | null;
  median: number | null;
  max: number | null;
  value: number | null;
  target: string;
  pass: boolean | null;
  runs: number;
  note?: string;
  /** 3×: the median over the 10-year run's median, and whether it is at most 3.3. */
  growth?: number | null;
}

const fmtValue = (v: number | null, unit: string) =>
  v === null ? '—' : unit === '×' ? `${v.toFixed(2)}×` : `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ${unit}`;

const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s.at(-1)! };
};

/** --only: the rows whose names contain one of its texts (separated by |). */
const onlyTexts = (only: string | undefined): string[] | null =>
  only ? only.split('|').filter((t) => t.length > 0) : null;

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '10y' },
    runs: { type: 'string', default: '15' },
    only: { type: 'string' },
    out: { type: 'string' },
    baseline: { type: 'string' },
    // Copies the generated district's data file there before the rows run (to profile one handler on it).
    keep: { type: 'string' },
    /** Leave out the signed quarterly reports (their PDF signing takes most of the build): for rows that do not
     *  read them, such as the paged lists (`--only 分页列表 --skip-reports`). */
    'skip-reports': { type: 'boolean', default: false },
  },
});
const only = onlyTexts(values.only);
/** A row --only keeps (every row without it). */
const kept = (name: string): boolean => !only || only.some((t) => name.includes(t));
const scale = SCALES[values.scale!];
if (!scale) {
  console.error(`未知规模 ${values.scale}；可选：${Object.keys(SCALES).join(', ')}`);
  process.exit(2);
}
const defaultRuns = Number(values.runs);
const MARK = scale.factor > 1 ? '3×：' : '';

async function timed(fn: (i: number) => Promise<unknown> | unknown, runs: number, warm = 3): Promise<Stats> {
  for (let i = 0; i < warm; i++) await fn(i); // warm-up: JIT, statement cache, page cache
  collectEarlierGarbage();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(warm + i);
    times.push(performance.now() - t0);
  }
  return stats(times);
}

/** The same row at another scale: names carry the district's sizes (全部 60,000 条 / 180,000 条, 5000 个监管对象),
 *  so they are compared with every number taken out. */
export function sameRow(a: string, b: string): boolean {
  const bare = (s: string) => s.replace(/[0-9][0-9,.]*/g, '#');
  return bare(a) === bare(b);
}

/** Runs tests/bench/first-call.ts in a fresh process: its first call's ms and answer bytes. */
function firstCall(file: string, method: string, args: unknown = {}): { ms: number; bytes: number } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'tests/bench/first-call.ts', file, method, JSON.stringify(args)],
    { encoding: 'utf8', env: { ...process.env, TZ: 'Asia/Shanghai' } },
  );
  if (r.status !== 0) throw new Error(`first-call ${method}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms: number; bytes: number };
}

/** Runs tests/bench/hostile-import.ts in a fresh process: the refusal's ms and the process's peak memory. */
function hostileImport(file: string, bombFile: string): { ms: number; peakMB: number } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'tests/bench/hostile-import.ts', file, bombFile],
    { encoding: 'utf8', env: { ...process.env, TZ: 'Asia/Shanghai' } },
  );
  if (r.status !== 0) throw new Error(`hostile-import: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms: number; peakMB: number };
}

/** Drops the page cache (root, outside a sandbox); false where the kernel refuses. */
function dropPageCache(): boolean {
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zj-bench-'));
  const file = join(dir, 'zongjian.db');
  // Asked by trying, before the district is written (the cold row's name says which way it measured; asking when
  // the list of rows was made dropped the cache under the rows that run first).
  const pageCacheDroppable = dropPageCache();
  const t0 = performance.now();
  const built = await openDatabase(file);
  const rng = new SeededRandom(20261122);
  const counts: Record<string, number> = {};
  const genMs: Record<string, number> = {};
  for (const g of GENERATORS) {
    if (values['skip-reports'] && g.name === '已签发季度报告') continue;
    const tg = performance.now();
    const ctx = { rng, scale: scale!, now: '2026-11-22T00:00:00.000Z', file, dataDir: dir };
    counts[g.name] = g.outsideTransaction
      ? await g.run({ ...ctx, db: built.db })
      : await built.db.transaction().execute((trx) => g.run({ ...ctx, db: trx }));
    genMs[g.name] = Math.round(performance.now() - tg);
  }
  await built.close();
  if (values.keep) copyFileSync(file, values.keep);
  const generationMs = Math.round(performance.now() - t0);
  console.log(
    `合成区县（${scale!.name}）已生成：${JSON.stringify(counts)}，用时 ${generationMs} ms（${Object.entries(
      genMs,
    )
      .map(([k, v]) => `${k} ${v} ms`)
      .join('，')}）`,
  );

  let handle: OpenDatabase = await openDatabase(file);
  // The app's clock: moved only to seal and draw the first batch on days of their own.
  let benchNow = new Date('2026-11-22T01:00:00Z');
  const at = (iso: string) => {
    benchNow = new Date(iso);
    dispatcher().bindSession('bench', { id: 1, username: 'user0', displayName: 'bench', role: 'admin' });
  };
  // Handlers are measured through the dispatcher, as the app calls them, signed in as the first user.
  let current: { db: OpenDatabase['db']; d: Dispatcher } | null = null;
  const dispatcher = (): Dispatcher => {
    if (current?.db !== handle.db) {
      const d = new Dispatcher({
        db: handle.db,
        appVersion: 'bench',
        dataDir: dir,
        clock: () => benchNow,
        // The app's session checks; not its shared answers (each row measures its computation every time).
        sessionCheckMs: SESSION_CHECK_MS,
      });
      d.bindSession('bench', { id: 1, username: 'user0', displayName: 'bench', role: 'admin' });
      current = { db: handle.db, d };
    }
    return current.d;
  };
  const raw = new Database(file, { readonly: true });
  const rawDepartments = raw.prepare('select * from departments order by sort_order, id');
  const rawAliases = raw.prepare('select * from department_aliases order by rowid');
  // The institutions grid's query written by hand, mapped to the same objects the handler returns.
  const rawInstitutions = raw.prepare(
    'select institutions.*, (select count(*) from practitioners p where p.institution_id = institutions.id and p.active = 1) as practitioner_count from institutions order by institutions.id',
  );

  const ledgerEntries = LEDGER_ENTRIES * scale!.factor;
  const creditProfile = profileInstitution(file, ledgerEntries); // the institution with PROFILE_ENTRIES entries
  const reportIds = { data: 0, signed: 0 };
  if (!findChromium()) console.log('年度报告签发基准已跳过：未找到 Chromium/Edge（可用 CHROMIUM_PATH 指定）');
  let submissionPackages: { zips: Uint8Array[]; trusted: { fingerprint: string; label: string }[] } | null =
    null;
  const importFiles: string[] = [];
  const rawInstitutionRows = () =>
    (rawInstitutions.all() as Record<string, unknown>[]).map((r) => ({
      id: r.id,
      name: r.name,
      uscc: r.uscc,
      licenceNo: r.licence_no ?? '',
      category: r.category,
      ownership: r.ownership,
      level: r.level,
      address: r.address,
      street: r.street,
      grid: r.grid,
      status: r.status,
      creditTier: r.credit_tier ?? null,
      practitionerCount: Number(r.practitioner_count),
      updatedAt: r.updated_at,
    }));
  const rawDepartmentRows = () => {
    const rows = rawDepartments.all() as { id: number }[];
    const aliases = rawAliases.all() as { alias: string; department_id: number }[];
    const by = new Map<number, string[]>();
    for (const a of aliases) by.set(a.department_id, [...(by.get(a.department_id) ?? []), a.alias]);
    return rows.map((r) => ({ ...r, aliases: by.get(r.id) ?? [] }));
  };
  const call = <N extends MethodName>(name: N, args: Input<N>) => dispatcher().call(name, args, 'bench');
  const bytesOf = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
  /** A paged list's block: its time, and its size checked ≤ 1 MiB in the run itself. */
  const pageSizes = new Map<string, number>();
  const block = async <N extends MethodName>(key: string, name: N, args: Input<N>) => {
    const r = await call(name, args);
    pageSizes.set(key, Math.max(pageSizes.get(key) ?? 0, bytesOf(r)));
    return r;
  };
  const total = counts['12345投诉'] ?? 0;
  type PagedMethod =
    | 'complaints.page'
    | 'referrals.page'
    | 'inspections.page'
    | 'practitioners.page'
    | 'audit.page'
    | 'credit.entries';
  /** A paged list's rows: its first block (with the summary counts), a block deep down read after the previous
   *  block's cursor (what scrolling does), and a block at a random place read with OFFSET (the scrollbar dragged). */
  const pagedList = (label: string, key: string, method: PagedMethod, rows: number): Bench[] => {
    const deep = Math.max(100, Math.floor((rows * 0.8) / 100) * 100);
    let cursor: (string | number | null)[] | undefined;
    // Later blocks carry the total of the view's first block, as the grid sends them (renderer/src/ui/paged.ts):
    // the server counts the filtered rows with the first block only.
    let knownTotal = 0;
    const readTotal = async () => {
      knownTotal = (await call(method, { startRow: 0, endRow: 100 } as never)).total;
    };
    return [
      {
        name: `分页列表·${label}：第一页（100 条，全部 ${rows.toLocaleString('en-US')} 条，含统计，经调度器）`,
        targetMs: 50,
        run: () => block(`${key}-first`, method, { startRow: 0, endRow: 100 } as never),
      },
      {
        name: `分页列表·${label}：向下滚动的下一页（第 ${deep.toLocaleString('en-US')} 行起，按上一页的游标续读）`,
        targetMs: 50,
        setup: async () => {
          await readTotal();
          cursor = (await call(method, { startRow: deep - 100, endRow: deep, knownTotal } as never)).next;
          if (!cursor) throw new Error(`${label}：没有游标`);
        },
        run: () =>
          block(`${key}-seek`, method, {
            startRow: deep,
            endRow: deep + 100,
            after: cursor,
            knownTotal,
          } as never),
      },
      {
        name: `分页列表·${label}：任意一页（100 条，随机位置，OFFSET 跳读）`,
        targetMs: 50,
        runs: 9, // the same nine depths in every run, whatever --runs says (below)
        setup: readTotal,
        run: (i) => {
          // The same depths at every size (the i-th run reads at the same fraction of the list), so a 3× run's
          // OFFSET skips three times the rows of the 10-year run's, no more: (i × golden ratio) mod 1.
          const pages = Math.max(1, Math.floor(rows / 100));
          const startRow = Math.min(pages - 1, Math.floor(((i * 0.6180339887) % 1) * pages)) * 100;
          return block(`${key}-any`, method, { startRow, endRow: startRow + 100, knownTotal } as never);
        },
      },
    ];
  };
  /** The demo district without its reports, made in memory through a dispatcher of its own (seed-demo's path). */
  const demoOffice = async () => {
    const demoDir = mkdtempSync(join(dir, 'demo-'));
    const demo = await openDatabase(':memory:');
    const start = Date.parse('2026-11-22T09:00:00+08:00');
    const clock = travellingClock(() => new Date(start));
    const d = new Dispatcher({
      db: demo.db,
      appVersion: 'bench',
      dataDir: demoDir,
      clock: clock.now,
      log: () => {},
      sessionCheckMs: SESSION_CHECK_MS,
    });
    const call = <N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>> =>
      d.call(name, args, 'demo');
    await seedDemo(call, clock.travel, 2026, { reports: false });
    return {
      call,
      clock,
      close: async () => {
        await demo.close();
        rmSync(demoDir, { recursive: true, force: true });
      },
    };
  };
  const drawBatches = { next: 3 };
  const benches: Bench[] = [
    {
      name: '打开10年数据库并运行迁移（无待执行）',
      targetMs: 300,
      runs: 10,
      run: async () => {
        await handle.close();
        handle = await openDatabase(file);
      },
    },
    {
      // The dispatcher (session, permission, zod, handler, Kysely) against a hand-written prepared statement, in one
      // loop A B A B …: the ratio of each pair, on a large and a small query.
      name: `查询层：监管对象表格（${scale!.institutions} 个）经调度器 ÷ 预编译语句（交替测量）`,
      measure: async () => {
        const r = await interleaved(
          () => call('institutions.list', { includeInactive: true }),
          rawInstitutionRows,
          Math.max(15, defaultRuns * 2),
        );
        return { stats: stats(r.ratios), unit: '×', limit: 1.3, runs: r.ratios.length };
      },
    },
    {
      // About 50 µs a call: each side of a pair is 20 calls.
      name: '查询层：成员单位表格（30 个）经调度器 ÷ 预编译语句（交替测量，每次 20 次调用）',
      measure: async () => {
        const r = await interleaved(
          () => call('departments.list', { includeInactive: true }),
          rawDepartmentRows,
          200,
          { batch: 20 },
        );
        return { stats: stats(r.ratios), unit: '×', limit: 1.3, runs: r.ratios.length };
      },
    },
    {
      // The same handler called directly and through the dispatcher, alternately: the difference is what the
      // dispatcher adds to every call (session lookup, permission, input validation, envelope).
      name: '调度器每次调用的开销（成员单位表格：经调度器 − 直接调用处理函数，交替测量，每次 20 次调用）',
      measure: async () => {
        const r = await interleaved(
          () => call('departments.list', { includeInactive: true }),
          () => listDepartments(handle.db, true),
          200,
          { batch: 20 },
        );
        return { stats: stats(r.diffs.map((d) => d * 1000)), unit: 'µs', limit: 20, runs: r.diffs.length };
      },
    },
    {
      name: `监管对象表格数据（${scale!.institutions} 个，含在职人员数，经调度器）`,
      targetMs: 50,
      run: () => call('institutions.list', { includeInactive: true }),
    },
    ...pagedList('12345 投诉', 'complaints', 'complaints.page', total),
    {
      // A term whose share of the register is the same at every size: a department's name (the district has 30
      // at every scale). The earlier term, “医疗机构1”, matched the institutions numbered 1, 10–19, 100–199 …: 22 % of
      // the complaints of the 10-year district and 41 % at three times its size, so its 3× row measured more matches,
      // not only more rows.
      name: '分页列表·12345 投诉：搜索一页（承办单位含“市场监管”，全部年度）',
      targetMs: 50,
      run: () =>
        block('complaints-search', 'complaints.page', { startRow: 0, endRow: 100, search: '市场监管' }),
    },
    {
      name: `分页列表·转报移送：第一页（100 件，全部年度 ${(counts['转报移送'] ?? 0).toLocaleString('en-US')} 件，含统计，经调度器）`,
      targetMs: 50,
      run: () => block('referrals-first', 'referrals.page', { startRow: 0, endRow: 100 }),
    },
    ...pagedList('检查记录', 'inspections', 'inspections.page', counts['检查记录'] ?? 0),
    ...pagedList('从业人员', 'practitioners', 'practitioners.page', scale!.practitioners),
    ...pagedList('操作日志', 'audit', 'audit.page', counts['操作日志'] ?? 0),
    ...pagedList('信用台账记录', 'entries', 'credit.entries', ledgerEntries),
    {
      name: '分页列表·检查记录：搜索一页（机构名含“医疗机构1”，全部年度）',
      targetMs: 50,
      run: () =>
        block('inspections-search', 'inspections.page', { startRow: 0, endRow: 100, search: '医疗机构1' }),
    },
    {
      name: '分页列表·操作日志：按日期与操作人筛选的一页（2025 年，操作人含“科员1”）',
      targetMs: 50,
      run: () =>
        block('audit-filter', 'audit.page', {
          from: '2025-01-01',
          to: '2025-12-31',
          actor: '科员1',
          startRow: 0,
          endRow: 100,
        }),
    },
    {
      name: '分页列表（六个列表，100 条一页）：每页答复的最大大小',
      measure: async () => {
        const kb = Math.max(...pageSizes.values()) / 1024;
        return {
          stats: { min: kb, median: kb, max: kb },
          unit: 'KB',
          limit: 1024,
          runs: pageSizes.size,
          note: [...pageSizes].map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`).join('，'),
        };
      },
    },
    {
      name: '任务清单矩阵数据（25项×25单位，第40个季度）',
      run: () => call('checklist.progress', { year: 2026, quarter: 4 }),
    },
    {
      // The whole district (the ledger and the signed reports included): counts of every module's deadlines, each
      // kind's first items, obligations and charts.
      name: '工作台数据（暖：全部模块的期限计数与各类前 20 项、年度指标与图表）',
      targetMs: 50,
      run: () => call('dashboard.data', {}),
    },
    {
      name: '工作台：答复大小',
      measure: async () => {
        const kb = bytesOf(await call('dashboard.data', {})) / 1024;
        return { stats: { min: kb, median: kb, max: kb }, unit: 'KB', limit: 200, runs: 1 };
      },
    },
    {
      name: '工作台：待办清单一页（全部范围、100 项，经 dashboard.due）',
      targetMs: 50,
      run: () => call('dashboard.due', { scope: 'all', startRow: 0, endRow: 100 }),
    },
    {
      // A process of its own per run: open the file, make the dispatcher, first call (the page cache warm).
      name: '工作台数据（启动后第一次调用：新进程，数据文件在页缓存中）',
      measure: async () => {
        await handle.close();
        const ms = Array.from({ length: 5 }, () => firstCall(file, 'dashboard.data').ms);
        handle = await openDatabase(file);
        return { stats: stats(ms), unit: 'ms', limit: 150, runs: ms.length };
      },
    },
    {
      name: `工作台数据（冷：新进程，数据文件自写入后未被读取${pageCacheDroppable ? '，已清空页缓存' : '：无法清空页缓存（沙箱），改用新写入的副本'}）`,
      measure: async () => {
        await handle.close();
        const ms: number[] = [];
        for (let i = 0; i < 3; i++) {
          let target = file;
          if (!dropPageCache()) {
            // Not read since written: a fresh copy (its pages are those the copy wrote, not those the bench read).
            target = join(dir, `cold-${i}.db`);
            copyFileSync(file, target);
          }
          ms.push(firstCall(target, 'dashboard.data').ms);
          if (target !== file) rmSync(target, { force: true });
        }
        handle = await openDatabase(file);
        return { stats: stats(ms), unit: 'ms', runs: ms.length };
      },
    },
    {
      name: `双随机抽取：计算（${scale!.institutions} 个监管对象、${scale!.inspectors} 名执法人员，不存储）`,
      // The first batch is sealed and drawn, so the second sees every drawn institution's previous lead.
      setup: async () => {
        at('2026-11-17T10:00:00+08:00');
        await call('draws.seal', { planId: 1, batchNumber: 1 });
        at('2026-11-18T22:00:00+08:00');
        await call('draws.run', {
          planId: 1,
          batchNumber: 1,
          entropy: { ...DRAW_ENTROPY, date: '2026-11-18' },
          witnesses: ['王见证', '李监督'],
        });
        at('2026-11-22T09:00:00+08:00');
      },
      run: () => drawComputation(handle.db),
    },
    {
      // What 开奖后抽取 does: draws.run from a sealed batch — read the seal, compute, store the record and its
      // targets, audit — through the dispatcher. Each run draws a batch of its own, sealed beforehand.
      name: `双随机抽取：经 draws.run 存储路径（${scale!.institutions} 个监管对象、${scale!.inspectors} 名执法人员）`,
      targetMs: 150,
      runs: 7,
      setup: async () => {
        const n = 7 + 2;
        await handle.db
          .insertInto('inspection_plan_batches')
          .values(
            Array.from({ length: n }, (_, k) => ({
              plan_id: 1,
              number: 3 + k,
              name: `基准批次${3 + k}`,
              start_date: '2026-11-01',
              end_date: '2026-12-15',
            })),
          )
          .execute();
        at('2026-11-19T10:00:00+08:00');
        for (let k = 0; k < n; k++) await call('draws.seal', { planId: 1, batchNumber: 3 + k });
        at('2026-11-20T22:00:00+08:00');
      },
      run: () =>
        call('draws.run', {
          planId: 1,
          batchNumber: drawBatches.next++,
          entropy: { ...DRAW_ENTROPY, date: '2026-11-20' },
          witnesses: ['王见证', '李监督'],
        }),
    },
    {
      name: '抽取预览（各等级可抽数与回避检查，经调度器）',
      run: () => call('draws.preview', { planId: 1, batchNumber: 2 }),
    },
    {
      // The product's path (the desktop app's: WebAssembly SM3, as Electron has no OpenSSL SM3), worker threads
      // across the cores, raw rows; and, alternately in the same loop, OpenSSL's SM3 walking the chain on one thread.
      name: `信用台账完整校验（${ledgerEntries.toLocaleString('en-US')} 条；产品路径：WASM SM3、原始行、${ledgerSlices(ledgerEntries)} 个工作线程）`,
      measure: async () => {
        const product: number[] = [];
        const reference: number[] = [];
        for (let i = 0; i < 6; i++) {
          for (const [impl, workers, into] of [
            ['wasm', 'auto', product],
            ['openssl', 0, reference],
          ] as const) {
            const t0 = performance.now();
            const v = await verifyLedger(handle.db, impl, { workers });
            if (!v.ok || v.checked !== ledgerEntries)
              throw new Error(`信用台账校验未通过：${JSON.stringify(v.broken)}`);
            if (i > 0) into.push(performance.now() - t0); // the first pair warms up
          }
        }
        ledgerReference = stats(reference);
        ledgerRatio = stats(product.map((p, i) => p / reference[i]!));
        return { stats: stats(product), unit: 'ms', runs: product.length };
      },
    },
    {
      name: `参考：OpenSSL SM3 逐条顺序校验（${ledgerEntries.toLocaleString('en-US')} 条，单线程，与上一行交替测量）`,
      measure: async () => (ledgerReference ? { stats: ledgerReference, unit: 'ms', runs: 5 } : null),
    },
    {
      name: '信用台账校验：产品路径 ÷ OpenSSL SM3 参考（每对交替测量之比）',
      measure: async () => (ledgerRatio ? { stats: ledgerRatio, unit: '×', limit: 1.5, runs: 5 } : null),
    },
    {
      // What signing adds for the ledger (ledgerSigningPart). Part of the sign row's 3 s target below; the node
      // cache keeps it from reading every entry.
      name: `签发中的台账部分：锚点核对、默克尔树根、与上一数据包的一致性证明（${ledgerEntries.toLocaleString('en-US')} 条）`,
      run: () => ledgerSigningPart(handle.db, ledgerEntries),
    },
    {
      name: `信用档案（${PROFILE_ENTRIES} 条记录的机构）`,
      targetMs: 30,
      run: async () => {
        const p = await call('credit.profile', { kind: 'institution', id: creditProfile });
        if (p.entries.length !== PROFILE_ENTRIES) throw new Error(`信用档案应有 ${PROFILE_ENTRIES} 条记录`);
      },
    },
    {
      // 依法执业自查: the year's coverage indicators (全面自查覆盖率, 日常自查按时率 per quarter, 问题整改率,
      // 承诺书递交率) over the district's submissions of ten years, through the dispatcher.
      name: `依法执业自查年度指标（${scale!.institutions} 家，全面 + 4 季度 × ${scale!.years} 年，经调度器）`,
      targetMs: 100,
      run: async () => {
        const s = await dispatcher().call('selfcheck.summary', { year: 2026 }, 'bench');
        if (s.indicators.scope === 0 || s.indicators.fullCoverage === null) throw new Error('自查指标为空');
      },
    },
    {
      // 报告上报: a yearly report's figures, read from every module over the district's records of that year.
      name: '年度报告数据（年度工作总结，2025 年，全部模块，经调度器）',
      targetMs: 500,
      setup: async () => {
        reportIds.data = (await call('reports.create', { type: 'annual', period: '2025' })).id;
      },
      run: () => call('reports.get', { id: reportIds.data }),
    },
    ...(findChromium()
      ? [
          {
            name: '年度报告：数据、PDF 渲染、签名（年度工作总结，Chromium 生成 PDF，SM2 签名）',
            targetMs: 3000,
            runs: 5,
            run: async () => {
              const year = [2026, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017][reportIds.signed++]!;
              const { id } = await call('reports.create', { type: 'annual', period: String(year) });
              await call('reports.sign', { id, passphrase: BENCH_PASSPHRASE });
            },
          } satisfies Bench,
        ]
      : []),
    {
      // The automatic daily backup of the district: the online copy, its checks and the zstd-compressed file.
      name: '每日自动备份（在线复制、计数、SHA-256、zstd 压缩）',
      runs: 3,
      setup: async () => {
        backupDir = mkdtempSync(join(dir, 'backups-'));
      },
      run: async () => {
        const summary = await createBackup(handle.sqlite, dir, backupDir, {
          reason: 'daily',
          includeAttachments: false,
          now: new Date(Date.now() + backupRuns++ * 1000),
          appVersion: 'bench',
        });
        backupSummary = summary.manifest.database;
      },
    },
    {
      name: '每日自动备份：压缩后占数据库的比例',
      measure: async () => {
        const d = backupSummary!;
        const pct = (100 * (d.stored?.size ?? d.size)) / d.size;
        return {
          stats: { min: pct, median: pct, max: pct },
          unit: '%',
          limit: 35,
          runs: 1,
          note: `数据库 ${(d.size / 1e6).toFixed(1)} MB，压缩后 ${((d.stored?.size ?? d.size) / 1e6).toFixed(1)} MB`,
        };
      },
    },
    {
      // Retention keeps the newest of each of 14 days and of each of 12 months (at most 26 backups), then the
      // newest that fit in AUTO_BACKUP_BUDGET_BYTES together (db/system/backup-engine.ts).
      name: '自动备份保留（14 天 + 12 个月，总量上限 1 GB，先删最早的）所占空间',
      measure: async () => {
        const d = backupSummary!;
        const one = d.stored?.size ?? d.size;
        const copies = Math.max(1, Math.min(26, Math.floor(AUTO_BACKUP_BUDGET_BYTES / one)));
        const mb = (copies * one) / 1e6;
        rmSync(backupDir, { recursive: true, force: true });
        return {
          stats: { min: mb, median: mb, max: mb },
          unit: 'MB',
          limit: 1000,
          runs: 1,
          note: `每份 ${(one / 1e6).toFixed(1)} MB，保留 ${copies} 份${copies < 26 ? `（26 份需 ${((26 * one) / 1e6).toFixed(0)} MB，超出上限的最早几份被删除）` : ''}`,
        };
      },
    },
    {
      // The demo as it was when this 5 s target was set: everything but 报告上报 (added since; the next row).
      name: '生成演示区县（seed-demo：成员单位、任务清单、联席会议、执法、信用与自查记录，经调度器；不含报告上报）',
      targetMs: 5000,
      runs: 3,
      run: async () => {
        const demo = await demoOffice();
        await demo.close();
      },
    },
    {
      // The demo's 报告上报 after the rest: the office's signing key, then each report owed before today drafted by
      // the 科员, signed by the leader (the passphrase's key derivation, Chromium's PDF, Word, Excel, OFD, SM2) and
      // logged as sent, each person signing in at the hour they act. Each signed report within the 3 s of the
      // 年度报告 row above.
      name: '生成演示区县：报告上报（签名密钥，3 份季度报告的起草、签发与报送登记，12 次登录，经调度器）',
      measure: async () => {
        const times: number[] = [];
        for (let i = 0; i < 3; i++) {
          const demo = await demoOffice();
          try {
            const t0 = performance.now();
            const made = await seedReports(demo.call, async (username, when) => {
              demo.clock.travel(when);
              await demo.call('auth.login', { username, password: DEMO_PASSWORD });
            });
            times.push(performance.now() - t0);
            if (made.signed !== 3) throw new Error(`演示区县应签发 3 份报告，实为 ${made.signed} 份`);
          } finally {
            await demo.close();
          }
        }
        return { stats: stats(times), unit: 'ms', limit: 3 * 3000, runs: times.length };
      },
    },
    {
      name: '核验 100 个上报数据包（SM2 签名 + 各文件 SM3）',
      targetMs: 5000,
      runs: 5,
      setup: async () => {
        const keys = DISTRICTS.map((_, i) => makeKey(i + 1));
        const trusted = keys.map((k, i) => ({ fingerprint: k.fingerprint, label: DISTRICTS[i]!.name }));
        const zips = Array.from(
          { length: 100 },
          (_, i) =>
            makePackage({
              district: DISTRICTS[i % DISTRICTS.length]!,
              key: keys[i % keys.length]!,
              version: 1 + Math.floor(i / DISTRICTS.length),
              reportBytes: 300_000,
            }).zip,
        );
        submissionPackages = { zips, trusted };
      },
      run: () => {
        for (const zip of submissionPackages!.zips) {
          const v = verifyPackage(zip, { trusted: submissionPackages!.trusted });
          if (!v.ok) throw new Error(`数据包核验未通过：${v.reasons.join('；')}`);
        }
      },
    },
    {
      // Issue #15 item 2: the hostile workbook (its central directory points at a sheet hidden inside a stored
      // entry, 370 MB inflated) refused by an import, each run in a process of its own so its peak memory is
      // the refusal's (VmHWM of that process: the data file opened, the dispatcher; the zip's layout is refused
      // before any import worker starts).
      name: '敌意文件：隐藏工作表的 .xlsx（约 0.4 MB，展开 370 MB）导入被拒绝（成员单位预览，新进程）',
      measure: async () => {
        const ExcelJS = (await import('exceljs')).default;
        const wb = new ExcelJS.Workbook();
        wb.addWorksheet('成员单位').addRow(['单位全称', '简称']);
        const bombFile = join(dir, 'hostile-hidden-sheet.xlsx');
        writeFileSync(bombFile, hiddenSheetBomb(unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()))));
        await handle.close();
        const runs = Array.from({ length: 3 }, () => hostileImport(file, bombFile));
        handle = await openDatabase(file);
        rmSync(bombFile, { force: true });
        hostilePeaks = stats(runs.map((r) => r.peakMB));
        return { stats: stats(runs.map((r) => r.ms)), unit: 'ms', limit: 2000, runs: runs.length };
      },
    },
    {
      name: '敌意文件：拒绝时进程常驻内存峰值（VmHWM，整个进程，含打开数据文件；目标 600 MiB）',
      measure: async () => (hostilePeaks ? { stats: hostilePeaks, unit: 'MB', limit: 629, runs: 3 } : null),
    },
    {
      // Every run adds 20,000 institutions; the teardown removes them again, so the server, window, memory and
      // concurrency rows after it measure the district itself (six runs had made it 125,000 institutions).
      name: `数据迁入：导入 ${IMPORT_ROWS} 行机构名录（识别表头、对应、预览、写入，经调度器）`,
      targetMs: 10000,
      runs: 3,
      setup: async () => {
        for (let k = 0; k < 6; k++) importFiles.push(await rosterBase64(k + 1));
      },
      run: async () => {
        const base64 = importFiles.shift()!;
        const f = { register: 'institutions' as const, fileName: '机构名录.xlsx', base64 };
        const seen = await call('imports.inspect', f);
        const target = { ...f, sheet: seen.sheet, headerRow: seen.headerRow!, columns: seen.columnMap };
        const fields = await call('imports.values', target);
        const values = Object.fromEntries(
          fields.map((x) => [
            x.field,
            Object.fromEntries(x.values.map((v) => [v.value, v.proposed ?? '其他'])),
          ]),
        );
        const preview = await call('imports.preview', { ...target, values });
        if (preview.errorCount > 0)
          throw new Error(`导入基准文件有错误：${preview.rows.find((r) => r.errors.length)?.errors}`);
        const done = await call('imports.apply', { ...target, values, remember: true });
        if (done.createCount !== IMPORT_ROWS) throw new Error(`导入基准新增 ${done.createCount} 行`);
      },
      teardown: () => {
        const w = new Database(file);
        try {
          // Nothing refers to an institution just imported: the foreign-key checks (each deleted row looked up in
          // every table that names institutions, some through partial indexes a check cannot use) are left out.
          w.pragma('foreign_keys = OFF');
          const gone = w.prepare("delete from institutions where name like '基准迁入机构%'").run().changes;
          console.error(`… 已删除导入基准新增的 ${gone} 个机构，区县恢复原样`);
        } finally {
          w.close();
        }
      },
    },
  ];
  let ledgerReference: Stats | null = null;
  let ledgerRatio: Stats | null = null;
  let hostilePeaks: Stats | null = null;
  let backupDir = '';
  let backupRuns = 0;
  let backupSummary: BackupManifest['database'] | null = null;

  const results: BenchResult[] = [];
  const push = (name: string, m: Measured) => {
    const value = m.value ?? m.stats?.median ?? null;
    results.push({
      name: MARK + name,
      key: name,
      unit: m.unit,
      min: m.stats?.min ?? null,
      median: m.stats?.median ?? null,
      max: m.stats?.max ?? null,
      value,
      target: m.limit === undefined ? '—' : `≤ ${m.limit} ${m.unit === '×' ? '×' : m.unit}`,
      pass: m.failed ? false : m.limit === undefined || value === null ? null : value <= m.limit,
      runs: m.runs,
      ...(m.note ? { note: m.note } : {}),
    });
    printedRow(results.at(-1)!);
  };
  /** Each row as soon as it is measured (a run that stops early keeps what it had), and the JSON so far. */
  const printedRow = (r: BenchResult) => {
    const mark = r.pass === null ? '' : r.pass ? '✓' : '✗';
    console.error(
      `  = ${r.key}：${fmtValue(r.min, r.unit)} / ${fmtValue(r.median, r.unit)} / ${fmtValue(r.max, r.unit)} ${r.target} ${mark}${r.note ? `（${r.note}）` : ''}`,
    );
    if (values.out) {
      mkdirSync(dirname(values.out), { recursive: true });
      writeFileSync(`${values.out}.partial`, JSON.stringify({ scale: scale!.name, results }, null, 2));
    }
  };
  const wantedRow = (n: string) => kept(n) || (only?.some((t) => t.includes(n)) ?? false);

  async function serverRows(server: string): Promise<void> {
    console.error('… PostgreSQL：复制区县到服务器');
    const srv = await serverDistrict({ server, source: handle.db, dataDir: dir, clock: () => benchNow });
    try {
      push(
        `PostgreSQL：把区县复制到服务器（cli transfer 的表复制，${srv.rows.toLocaleString('en-US')} 行，一次）`,
        {
          stats: { min: srv.copyMs, median: srv.copyMs, max: srv.copyMs },
          unit: 'ms',
          runs: 1,
        },
      );
      // Batches sealed on both stores for the draw pairs (the clock moved as 开奖后抽取 needs).
      const drawPairs = 5;
      const firstBatch = 60;
      for (const db of [handle.db, srv.handle.db])
        await db
          .insertInto('inspection_plan_batches')
          .values(
            Array.from({ length: drawPairs + 1 }, (_, k) => ({
              plan_id: 1,
              number: firstBatch + k,
              name: `服务器基准批次${k + 1}`,
              start_date: '2026-11-01',
              end_date: '2026-12-15',
            })),
          )
          .execute();
      at('2026-11-19T10:00:00+08:00');
      srv.rebind();
      for (let k = 0; k <= drawPairs; k++) {
        await call('draws.seal', { planId: 1, batchNumber: firstBatch + k });
        await srv.call('draws.seal', { planId: 1, batchNumber: firstBatch + k });
      }
      at('2026-11-20T22:00:00+08:00');
      srv.rebind();
      const drawArgs = (k: number) => ({
        planId: 1,
        batchNumber: firstBatch + k,
        entropy: { ...DRAW_ENTROPY, date: '2026-11-20' },
        witnesses: ['王见证', '李监督'],
      });
      let drawnPg = 0;
      let drawnLite = 0;
      // A ratio of two rows of a few milliseconds moves by a tenth from one pair to the next (two processes on two
      // cores): the quick rows take the median of 30 pairs.
      const RATIO_PAIRS = Math.max(defaultRuns, 30);
      const rows: [string, () => Promise<unknown>, () => Promise<unknown>, number, number][] = [
        [
          '工作台数据',
          () => srv.call('dashboard.data', {}),
          () => call('dashboard.data', {}),
          RATIO_PAIRS,
          5,
        ],
        [
          '12345 投诉第一页（100 件，含统计）',
          () => srv.call('complaints.page', { startRow: 0, endRow: 100 }),
          () => call('complaints.page', { startRow: 0, endRow: 100 }),
          RATIO_PAIRS,
          5,
        ],
        [
          `信用档案（${PROFILE_ENTRIES} 条记录的机构）`,
          () => srv.call('credit.profile', { kind: 'institution', id: creditProfile }),
          () => call('credit.profile', { kind: 'institution', id: creditProfile }),
          RATIO_PAIRS,
          5,
        ],
        [
          `信用台账完整校验（${ledgerEntries.toLocaleString('en-US')} 条，产品路径）`,
          async () => {
            const v = await verifyLedger(srv.handle.db, 'auto');
            if (!v.ok) throw new Error('服务器上的信用台账校验未通过');
          },
          () => verifyLedger(handle.db, 'auto'),
          // Each pair's ratio moves by a tenth or two on a loaded machine (the server's share of the two cores):
          // the median of nine.
          9,
          1,
        ],
        [
          '双随机抽取：经 draws.run 存储路径',
          () => srv.call('draws.run', drawArgs(drawnPg++)),
          () => call('draws.run', drawArgs(drawnLite++)),
          drawPairs,
          1,
        ],
      ];
      for (const [name, a, b, pairs, warm] of rows) {
        console.error(`… PostgreSQL：${name}`);
        const r = await interleaved(a, b, pairs, { warm });
        push(`PostgreSQL：${name}`, { stats: stats(r.a), unit: 'ms', runs: r.a.length });
        push(`PostgreSQL ÷ SQLite：${name}（交替测量，每对之比）`, {
          stats: stats(r.ratios),
          unit: '×',
          limit: 1.5,
          runs: r.ratios.length,
          note: `同一轮 SQLite 中位数 ${stats(r.b).median.toFixed(1)} ms`,
        });
      }
      console.error('… PostgreSQL：8 个席位同时读写');
      const seats = await seatsAtOnce(srv.url, 8, 25, () => benchNow);
      const note = `${seats.entries} 条台账记录全部写入（应为 ${8 * 25}），${seats.verified ? '链校验通过' : '链校验未通过'}，${seats.errors} 次出错`;
      const correct = seats.entries === 8 * 25 && seats.verified && seats.errors === 0;
      for (const [name, xs] of [
        ['PostgreSQL：8 个席位同时写入信用台账（每席 25 条，p95）', seats.writes],
        ['PostgreSQL：8 个席位同时读取工作台与投诉一页（写入之间，p95）', seats.reads],
      ] as const) {
        const sorted = [...xs].sort((x, y) => x - y);
        const p95 = sorted.length ? percentile(sorted, 95) : null;
        results.push({
          name: MARK + name,
          key: name,
          unit: 'ms',
          min: sorted[0] ?? null,
          median: sorted.length ? percentile(sorted, 50) : null,
          max: sorted.at(-1) ?? null,
          value: p95,
          target: '全部写入且链校验通过',
          pass: correct,
          runs: xs.length,
          note: `p95 ${p95?.toFixed(0) ?? '—'} ms；${note}`,
        });
        printedRow(results.at(-1)!);
      }
    } finally {
      await srv.close();
    }
  }

  for (const b of benches) {
    if (!kept(b.name)) continue;
    console.error(`… ${b.name}`);
    if (b.measure) {
      const m = await b.measure();
      if (m) push(b.name, m);
      continue;
    }
    await b.setup?.();
    const runs = b.runs ?? defaultRuns;
    const st = await timed(b.run!, runs, b.name.includes('draws.run') ? 2 : 3);
    await b.teardown?.();
    push(b.name, { stats: st, unit: 'ms', ...(b.targetMs ? { limit: b.targetMs } : {}), runs });
  }

  raw.close();
  await handle.close();

  // In the window: the built app in Chromium over the same district, the host's memory, 20 concurrent clients.
  const paintName = (grid: string) => `界面：${grid}表格首次显示（新会话、请求数据、冷，Chromium）`;
  const paintNames = FIRST_PAINT_GRIDS.map((g) => paintName(g.name));
  const rssName = '内存：宿主进程常驻内存峰值（浏览器模式，打开全部页面后，含启动检查与每日自动备份）';
  const concurrentNames = [
    '并发：20 个客户端同时请求工作台数据（HTTP，其间每 2 秒有人登记一件投诉，p95）',
    '并发：20 个客户端同时翻阅 12345 投诉（HTTP，如表格：第一页后按游标向下 9 页，每页 100 件，其间每 2 秒有人登记一件投诉，p95）',
    '并发：宿主进程常驻内存峰值（20 个客户端之后）',
  ];
  const startName = 'npm start（构建为最新时）到打印地址';
  const wanted = kept;
  if ([...paintNames, rssName, ...concurrentNames].some(wanted)) {
    const why = rendererUnavailable();
    if (why) {
      console.log(`界面、内存与并发基准已跳过：${why}`);
      for (const name of [...paintNames, rssName, ...concurrentNames])
        push(`${name}（跳过：${why}）`, { stats: null, unit: 'ms', runs: 0 });
    } else {
      const f = await measureRenderer(dir, Math.min(defaultRuns, 5), { clients: 20, seconds: 8 }).catch(
        (e: unknown) => {
          const why = e instanceof Error ? e.message.slice(0, 300) : String(e);
          for (const name of [...paintNames, rssName, ...concurrentNames])
            push(`${name}（失败：${why}）`, { stats: null, unit: 'ms', failed: true, runs: 0 });
          return null;
        },
      );
      if (f) {
        console.log(`浏览器模式宿主常驻内存：${f.rssStages}`);
        for (const g of FIRST_PAINT_GRIDS) {
          const times = f.gridFirstPaint[g.name] ?? [];
          push(paintName(g.name), { stats: stats(times), unit: 'ms', limit: 1000, runs: times.length });
        }
        push(rssName, {
          stats: { min: f.peakMB, median: f.peakMB, max: f.peakMB },
          unit: 'MB',
          limit: 300,
          runs: 1,
        });
        if (f.concurrent) {
          for (const [name, load, limit] of [
            [concurrentNames[0]!, f.concurrent.dashboard, 300],
            [concurrentNames[1]!, f.concurrent.page, 100],
          ] as const) {
            const sorted = [...load.latencies].sort((x, y) => x - y);
            const p95 = percentile(sorted, 95);
            push(name, {
              stats: { min: sorted[0]!, median: percentile(sorted, 50), max: sorted.at(-1)! },
              value: p95,
              unit: 'ms',
              limit,
              runs: load.requests,
              note: `p95 ${p95.toFixed(0)} ms，${load.requests} 次请求，${load.errors} 次出错，其间 ${load.writes} 次写入`,
            });
          }
          push(concurrentNames[2]!, {
            stats: { min: f.concurrent.peakMB, median: f.concurrent.peakMB, max: f.concurrent.peakMB },
            unit: 'MB',
            limit: 600,
            runs: 1,
          });
        }
      }
    }
  }
  if (wanted(startName)) {
    const why = rendererUnavailable();
    if (why) push(`${startName}（跳过：${why}）`, { stats: null, unit: 'ms', runs: 0 });
    else {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) ms.push(await npmStartToAddress(dir));
      push(startName, { stats: stats(ms), unit: 'ms', limit: 3000, runs: ms.length });
    }
  }
  // The office server: the same district on PostgreSQL, each row beside the same row on SQLite, alternately. Last:
  // the server goes on working after the district is loaded into it (its checkpoint, autovacuum of the new tables),
  // and in a full 3× run the window's rows measured right after took 1.4–4.5 times what they take in a run of their
  // own (操作日志 594 ms against 133, 12345 投诉 797 against 382).
  const serverRow = 'PostgreSQL';
  if (wantedRow(serverRow)) {
    const server = benchServerUrl();
    if (!server)
      push('PostgreSQL 各行（跳过：未设置 ZONGJIAN_BENCH_PG 或 ZONGJIAN_TEST_PG）', {
        stats: null,
        unit: 'ms',
        runs: 0,
      });
    else {
      handle = await openDatabase(file);
      try {
        await serverRows(server);
      } finally {
        await handle.close();
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });

  // 3×: each row's growth over the 10-year run given as the baseline.
  if (values.baseline && existsSync(values.baseline)) {
    const base = JSON.parse(readFileSync(values.baseline, 'utf8')) as { results: BenchResult[] };
    for (const r of results) {
      const b = base.results.find((x) => sameRow(x.key ?? x.name, r.key));
      if (r.median !== null && b?.median && r.unit === 'ms') r.growth = r.median / b.median;
    }
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}，${Math.round(totalmem() / 2 ** 30)} GiB，Node ${process.version}`;
  const totalMs = Math.round(performance.now() - t0);
  console.log(
    `\n机器：${machine}；规模 ${scale!.name}；${new Date().toISOString().slice(0, 10)}；生成 ${(generationMs / 1000).toFixed(0)} s，全程 ${(totalMs / 1000).toFixed(0)} s\n`,
  );
  const fmt = fmtValue;
  const growthCol = results.some((r) => r.growth !== undefined);
  console.log(`| 项目 | 最小 | 中位数 | 最大 | 目标 | 结果 |${growthCol ? ' 较 10 年 |' : ''}`);
  console.log(`|---|---:|---:|---:|---:|:---:|${growthCol ? '---:|' : ''}`);
  for (const r of results) {
    const mark = r.pass === null ? '' : r.pass ? '✓ 达标' : '✗ 未达标';
    const grow =
      r.growth === undefined || r.growth === null
        ? ''
        : ` ${r.growth.toFixed(2)}× ${r.growth <= 3.3 ? '✓' : '✗'} |`;
    const note = r.note ? `（${r.note}）` : '';
    console.log(
      `| ${r.name}${note} | ${fmt(r.min, r.unit)} | ${fmt(r.median, r.unit)} | ${fmt(r.max, r.unit)} | ${r.target} | ${mark} |${growthCol ? grow || ' |' : ''}`,
    );
  }
  const out = values.out ?? (values.only ? null : `bench-results/latest-${scale!.name}.json`);
  if (out === null) return;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      {
        scale: scale!.name,
        machine,
        at: new Date().toISOString(),
        counts,
        generationMs: genMs,
        totalMs,
        results,
      },
      null,
      2,
    ),
  );
  console.log(`\n结果已写入 ${out}`);
}

/** `npm start` with out/ current: ms until it prints the address (browser mode here: no Electron runtime). */
async function npmStartToAddress(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['scripts/start.mjs', '--data', join(dataDir, 'start'), '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent', ZONGJIAN_REBUILD: '' },
    },
  );
  try {
    return await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stdout!.on('data', (c: Buffer) => {
        text += c.toString();
        if (/http:\/\/127\.0\.0\.1:\d+/.test(text)) resolve(performance.now() - t0);
      });
      child.once('exit', (code) => reject(new Error(`npm start 退出（${code}）：${text}`)));
    });
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
