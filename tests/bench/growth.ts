// `npm run bench:growth -- --base 10年.db --large 3倍.db`: how much each read of the app grows from one district to a
// larger one, measured the way the query-layer ratio is: both districts open in one process and each handler called
// on one, then on the other, alternately, so both meet the same machine. A full `npm run bench --scale 3x` compares
// its medians with another run's, taken minutes or hours apart on a machine whose speed moves by 10 % between runs;
// with 58 rows some always land on either side of 3.3×. The districts come from the bench itself:
//   npm run bench -- --scale 10y --only 打开 --keep /tmp/10y.db
//   npm run bench -- --scale 3x --only 打开 --keep /tmp/3x.db
// Each is copied to a temporary folder (the kept files are not changed) and migrated to this build. Rows that store
// records (draws.run, a report's data) store them in the copies: one draw or draft each time, against hundreds of
// thousands of records. Not here: what needs a fresh process, a browser or the server (冷, 界面, 并发, PostgreSQL
// rows), the PDF report's signing, seed-demo and the imports, whose growth a full 3× run gives.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type OpenDatabase } from '../../db/core/open';
import { Dispatcher, SESSION_CHECK_MS } from '../../electron/server/dispatcher';
import type { Input, MethodName } from '../../shared/contract';
import { drawComputation } from './draw';
import { createBackup } from '../../db/system/backup-engine';
import { verifyLedger } from '../../db/credit/ledger';
import { interleaved } from './interleave';
import { PROFILE_ENTRIES, ledgerSigningPart } from './credit';
import { DRAW_ENTROPY } from './district';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    large: { type: 'string' },
    pairs: { type: 'string', default: '11' },
    limit: { type: 'string', default: '3.3' },
    only: { type: 'string' },
  },
});
if (!values.base || !values.large) {
  console.error(
    '用法：npm run bench:growth -- --base 较小区县.db --large 较大区县.db [--pairs 11] [--limit 3.3] [--only 文字]',
  );
  process.exit(2);
}
const pairs = Number(values.pairs);
const limit = Number(values.limit);

const BENCH_DAY = '2026-11-22T01:00:00Z'; // the bench's day

interface Side {
  label: string;
  dir: string;
  handle: OpenDatabase;
  call<N extends MethodName>(name: N, args: Input<N>): Promise<unknown>;
  /** Moves the side's clock (sealing and drawing need their hours), or back to the bench's day. */
  at(iso?: string): void;
  /** The ledger's entries, and the institution with PROFILE_ENTRIES of them (as the generator wrote it). */
  ledgerEntries: number;
  profileInstitution: number;
  /** What a row's setup left for its calls on this side. */
  state: Map<string, number>;
}

async function open(label: string, src: string): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'zj-growth-'));
  const file = join(dir, 'zongjian.db');
  copyFileSync(src, file);
  const handle = await openDatabase(file); // migrates the copy to this build
  let now = new Date(BENCH_DAY);
  const d = new Dispatcher({
    db: handle.db,
    appVersion: 'bench',
    dataDir: dir,
    clock: () => now,
    log: () => {},
    sessionCheckMs: SESSION_CHECK_MS,
  });
  const signIn = () =>
    d.bindSession('bench', { id: 1, username: 'user0', displayName: 'bench', role: 'admin' });
  signIn();
  const ledger = handle.sqlite!.prepare('select max(seq) as n from credit_ledger').get() as { n: number };
  const profile = handle
    .sqlite!.prepare('select subject_id from credit_ledger where seq = ?')
    .get(ledger.n / PROFILE_ENTRIES) as { subject_id: number };
  return {
    label,
    dir,
    handle,
    call: (name, args) => d.call(name, args, 'bench'),
    at: (iso) => {
      now = new Date(iso ?? BENCH_DAY);
      signIn(); // a session idle across the jump would have been locked
    },
    ledgerEntries: ledger.n,
    profileInstitution: profile.subject_id,
    state: new Map(),
  };
}

/** A call, given the side it runs on (a block at a fraction of the list needs that side's total). */
interface Row {
  name: string;
  call: (s: Side) => Promise<unknown>;
  /** The machine's reference, not the app's: printed, not held to the limit. */
  reference?: boolean;
  /** Run once on each side before the row (records its calls need, such as sealed batches). */
  setup?: (s: Side, calls: number) => Promise<void>;
  /** Fewer pairs for a row of seconds (default --pairs), and its warm-up calls on each side (default 3). */
  pairs?: number;
  warm?: number;
  /** A call that allocates tens of megabytes: the garbage collected before each timed call (see interleaved). */
  heavy?: boolean;
}

const totals = new Map<Side, Map<string, number>>();
async function totalOf(
  s: Side,
  method: 'complaints.page' | 'audit.page' | 'credit.entries',
): Promise<number> {
  const seen = totals.get(s) ?? new Map<string, number>();
  totals.set(s, seen);
  if (!seen.has(method)) {
    const r = (await s.call(method, { startRow: 0, endRow: 100 })) as { total: number };
    seen.set(method, r.total);
  }
  return seen.get(method)!;
}

/** The block halfway down, read with OFFSET as a dragged scrollbar reads it (the grid sends the total it has). */
const halfway =
  (method: 'complaints.page' | 'audit.page' | 'credit.entries') =>
  async (s: Side): Promise<unknown> => {
    const total = await totalOf(s, method);
    const startRow = Math.floor(total / 200) * 100;
    return s.call(method, { startRow, endRow: startRow + 100, knownTotal: total });
  };

const ROWS: Row[] = [
  {
    name: '监管对象表格数据（含在职人员数）',
    heavy: true,
    call: (s) => s.call('institutions.list', { includeInactive: true }),
  },
  {
    name: '12345 投诉：第一页（含统计）',
    call: (s) => s.call('complaints.page', { startRow: 0, endRow: 100 }),
  },
  {
    name: '12345 投诉：搜索一页（承办单位含“市场监管”）',
    call: (s) => s.call('complaints.page', { startRow: 0, endRow: 100, search: '市场监管' }),
  },
  { name: '12345 投诉：列表中部的一页（OFFSET）', call: halfway('complaints.page') },
  { name: '转报移送：第一页（含统计）', call: (s) => s.call('referrals.page', { startRow: 0, endRow: 100 }) },
  {
    name: '检查记录：第一页（含统计）',
    call: (s) => s.call('inspections.page', { startRow: 0, endRow: 100 }),
  },
  {
    name: '从业人员：第一页（含统计）',
    call: (s) => s.call('practitioners.page', { startRow: 0, endRow: 100 }),
  },
  { name: '操作日志：第一页（含统计）', call: (s) => s.call('audit.page', { startRow: 0, endRow: 100 }) },
  { name: '操作日志：列表中部的一页（OFFSET）', call: halfway('audit.page') },
  {
    name: '操作日志：按日期与操作人筛选的一页（2025 年，“科员1”）',
    call: (s) =>
      s.call('audit.page', {
        from: '2025-01-01',
        to: '2025-12-31',
        actor: '科员1',
        startRow: 0,
        endRow: 100,
      }),
  },
  {
    name: '信用台账记录：第一页（含统计）',
    call: (s) => s.call('credit.entries', { startRow: 0, endRow: 100 }),
  },
  { name: '信用台账记录：列表中部的一页（OFFSET）', call: halfway('credit.entries') },
  { name: '工作台数据', heavy: true, call: (s) => s.call('dashboard.data', {}) },
  {
    name: '工作台：待办清单一页（全部范围、100 项）',
    heavy: true,
    call: (s) => s.call('dashboard.due', { scope: 'all', startRow: 0, endRow: 100 }),
  },
  { name: '依法执业自查年度指标（2026 年）', call: (s) => s.call('selfcheck.summary', { year: 2026 }) },
  {
    name: '任务清单矩阵数据（第 40 个季度）',
    call: (s) => s.call('checklist.progress', { year: 2026, quarter: 4 }),
  },
  {
    name: `信用档案（${PROFILE_ENTRIES} 条记录的机构）`,
    call: (s) => s.call('credit.profile', { kind: 'institution', id: s.profileInstitution }),
  },
  {
    name: '信用台账完整校验（产品路径：WASM SM3、原始行、工作线程）',
    pairs: 5,
    warm: 1,
    call: async (s) => {
      const v = await verifyLedger(s.handle.db, 'wasm', { workers: 'auto' });
      if (!v.ok || v.checked !== s.ledgerEntries)
        throw new Error(`信用台账校验未通过：${JSON.stringify(v.broken)}`);
    },
  },
  {
    // The machine's own reference: the same work per entry, so 3 times the entries should take 3 times as long.
    name: '参考：OpenSSL SM3 逐条顺序校验（单线程）',
    reference: true,
    pairs: 5,
    warm: 1,
    call: async (s) => {
      const v = await verifyLedger(s.handle.db, 'openssl', { workers: 0 });
      if (!v.ok) throw new Error('信用台账校验未通过');
    },
  },
  {
    name: '签发中的台账部分：锚点核对、默克尔树根、一致性证明',
    call: (s) => ledgerSigningPart(s.handle.db, s.ledgerEntries),
  },
  {
    name: '抽取预览（各等级可抽数与回避检查）',
    heavy: true,
    call: (s) => s.call('draws.preview', { planId: 1, batchNumber: 2 }),
  },
  {
    name: '双随机抽取：计算（封存内容与抽取记录，不存储）',
    heavy: true,
    call: (s) => drawComputation(s.handle.db),
  },
  {
    name: '每日自动备份（在线复制、计数、SHA-256、zstd 压缩）',
    pairs: 3,
    warm: 1,
    call: async (s) => {
      const target = mkdtempSync(join(s.dir, 'backups-'));
      try {
        return await createBackup(s.handle.sqlite, s.dir, target, {
          reason: 'daily',
          includeAttachments: false,
          now: new Date(),
          appVersion: 'bench',
        });
      } finally {
        rmSync(target, { recursive: true, force: true });
      }
    },
  },
  // Rows that store: one record each call, in the copies.
  {
    name: '年度报告数据（年度工作总结，2025 年，全部模块）',
    heavy: true,
    setup: async (s) => {
      const r = (await s.call('reports.create', { type: 'annual', period: '2025' })) as { id: number };
      s.state.set('report', r.id);
    },
    call: (s) => s.call('reports.get', { id: s.state.get('report')! }),
  },
  {
    // What 开奖后抽取 does: draws.run from a sealed batch (read the seal, compute, store the record and its
    // targets, audit). Each call draws a batch of its own, sealed in the setup the day before.
    name: '双随机抽取：经 draws.run 存储路径',
    heavy: true,
    pairs: 7,
    warm: 1,
    setup: async (s, calls) => {
      const first = 70; // batch numbers run 1–99; the district has 1 and 2
      await s.handle.db
        .insertInto('inspection_plan_batches')
        .values(
          Array.from({ length: calls }, (_, k) => ({
            plan_id: 1,
            number: first + k,
            name: `增长基准批次${k + 1}`,
            start_date: '2026-11-01',
            end_date: '2026-12-15',
          })),
        )
        .execute();
      s.at('2026-11-19T10:00:00+08:00');
      for (let k = 0; k < calls; k++) await s.call('draws.seal', { planId: 1, batchNumber: first + k });
      s.at('2026-11-20T22:00:00+08:00');
      s.state.set('batch', first);
    },
    call: (s) => {
      const batchNumber = s.state.get('batch')!;
      s.state.set('batch', batchNumber + 1);
      return s.call('draws.run', {
        planId: 1,
        batchNumber,
        entropy: { ...DRAW_ENTROPY, date: '2026-11-20' },
        witnesses: ['王见证', '李监督'],
      });
    },
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));

async function main(): Promise<void> {
  const base = await open('较小', values.base!);
  const large = await open('较大', values.large!);
  const out: string[] = [];
  let over = 0;
  try {
    out.push(
      `| 项目 | 对数 | 较小区县中位数 | 较大区县中位数 | 增长（逐对之比：最小 / 中位 / 最大） | ≤ ${limit}× |`,
    );
    out.push('|---|---:|---:|---:|---:|:---:|');
    for (const row of ROWS) {
      if (values.only && !row.name.includes(values.only)) continue;
      const rowPairs = row.pairs ?? pairs;
      const warm = row.warm ?? 3;
      for (const side of [base, large]) await row.setup?.(side, rowPairs + warm);
      // The larger district first in every other pair, so neither side always runs second.
      const r = await interleaved(
        () => row.call(large),
        () => row.call(base),
        rowPairs,
        { warm, gcEach: row.heavy ?? false },
      );
      for (const side of [base, large]) side.at();
      const [b, a, ratios] = [r.a, r.b, r.ratios];
      const g = median(ratios);
      if (g > limit && !row.reference) over++;
      const sorted = [...ratios].sort((x, y) => x - y);
      out.push(
        `| ${row.name} | ${rowPairs} | ${fmt(median(a))} ms | ${fmt(median(b))} ms | ${sorted[0]!.toFixed(2)}× / ${g.toFixed(2)}× / ${sorted.at(-1)!.toFixed(2)}× | ${row.reference ? '参考' : g <= limit ? '✓' : '✗'} |`,
      );
      console.error(`… ${row.name}：${g.toFixed(2)}×`);
    }
  } finally {
    await base.handle.close();
    await large.handle.close();
    rmSync(base.dir, { recursive: true, force: true });
    rmSync(large.dir, { recursive: true, force: true });
  }
  console.log(`\n较小区县：${values.base}；较大区县：${values.large}；交替测量，每行的对数见表\n`);
  console.log(out.join('\n'));
  console.log(over ? `\n${over} 行的增长超过 ${limit} 倍` : `\n每一行的增长都不超过 ${limit} 倍`);
  if (over) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
