// `npm run bench:growth -- --base 10年.db --large 3倍.db`: how much each read of the app grows from one district to a
// larger one, measured the way the query-layer ratio is: both districts open in one process and each handler called
// on one, then on the other, alternately, so both meet the same machine. A full `npm run bench --scale 3x` compares
// its medians with another run's, taken minutes or hours apart on a machine whose speed moves by 10 % between runs;
// with 58 rows some always land on either side of 3.3×. The districts come from the bench itself:
//   npm run bench -- --scale 10y --only 打开 --keep /tmp/10y.db
//   npm run bench -- --scale 3x --only 打开 --keep /tmp/3x.db
// Each is copied to a temporary folder (the kept files are not changed) and migrated to this build. Only what leaves
// the district as it was is measured here: reads, the draw's computation (not stored) and the daily backup (written
// beside it); rows that store records (draws.run, reports, imports) change the district they measure.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type OpenDatabase } from '../../db/core/open';
import { Dispatcher, SESSION_CHECK_MS } from '../../electron/server/dispatcher';
import type { Input, MethodName } from '../../shared/contract';
import { prepareSeal } from '../../db/enforcement/draws';
import { buildDrawRecord } from '../../db/enforcement/draw-algorithm';
import { createBackup } from '../../db/system/backup-engine';
import { interleaved } from './interleave';

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

interface Side {
  label: string;
  dir: string;
  handle: OpenDatabase;
  call<N extends MethodName>(name: N, args: Input<N>): Promise<unknown>;
}

async function open(label: string, src: string): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'zj-growth-'));
  const file = join(dir, 'zongjian.db');
  copyFileSync(src, file);
  const handle = await openDatabase(file); // migrates the copy to this build
  const d = new Dispatcher({
    db: handle.db,
    appVersion: 'bench',
    dataDir: dir,
    clock: () => new Date('2026-11-22T01:00:00Z'), // the bench's day
    log: () => {},
    sessionCheckMs: SESSION_CHECK_MS,
  });
  d.bindSession('bench', { id: 1, username: 'user0', displayName: 'bench', role: 'admin' });
  return { label, dir, handle, call: (name, args) => d.call(name, args, 'bench') };
}

/** A read, given the side it runs on (a block at a fraction of the list needs that side's total). */
interface Row {
  name: string;
  call: (s: Side) => Promise<unknown>;
  /** Fewer pairs for a row of seconds (default --pairs), and its warm-up calls on each side (default 3). */
  pairs?: number;
  warm?: number;
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
  { name: '工作台数据', call: (s) => s.call('dashboard.data', {}) },
  {
    name: '工作台：待办清单一页（全部范围、100 项）',
    call: (s) => s.call('dashboard.due', { scope: 'all', startRow: 0, endRow: 100 }),
  },
  { name: '依法执业自查年度指标（2026 年）', call: (s) => s.call('selfcheck.summary', { year: 2026 }) },
  {
    name: '抽取预览（各等级可抽数与回避检查）',
    call: (s) => s.call('draws.preview', { planId: 1, batchNumber: 2 }),
  },
  {
    name: '双随机抽取：计算（封存内容与抽取记录，不存储）',
    call: async (s) => {
      const seal = await prepareSeal(s.handle.db, {
        planId: 1,
        batchNumber: 2,
        sealedAt: '2026-11-18T14:30:00.000Z',
        sealedBy: 'bench',
      });
      return buildDrawRecord(seal, {
        entropy: { source: '双色球第2026136期开奖号码', date: '2026-11-19', digits: '03121726293313' },
        witnesses: ['王见证', '李监督'],
        drawnAt: '2026-11-22T01:00:00.000Z',
        drawnBy: 'bench',
      });
    },
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
      `| 项目 | 较小区县中位数 | 较大区县中位数 | 增长（逐对之比：最小 / 中位 / 最大） | ≤ ${limit}× |`,
    );
    out.push('|---|---:|---:|---:|:---:|');
    for (const row of ROWS) {
      if (values.only && !row.name.includes(values.only)) continue;
      // The larger district first in every other pair, so neither side always runs second.
      const r = await interleaved(
        () => row.call(large),
        () => row.call(base),
        row.pairs ?? pairs,
        { warm: row.warm ?? 3 },
      );
      const [b, a, ratios] = [r.a, r.b, r.ratios];
      const g = median(ratios);
      if (g > limit) over++;
      const sorted = [...ratios].sort((x, y) => x - y);
      out.push(
        `| ${row.name} | ${fmt(median(a))} ms | ${fmt(median(b))} ms | ${sorted[0]!.toFixed(2)}× / ${g.toFixed(2)}× / ${sorted.at(-1)!.toFixed(2)}× | ${g <= limit ? '✓' : '✗'} |`,
      );
      console.error(`… ${row.name}：${g.toFixed(2)}×`);
    }
  } finally {
    await base.handle.close();
    await large.handle.close();
    rmSync(base.dir, { recursive: true, force: true });
    rmSync(large.dir, { recursive: true, force: true });
  }
  console.log(
    `\n较小区县：${values.base}；较大区县：${values.large}；每行 ${pairs} 对（备份 3 对），交替测量\n`,
  );
  console.log(out.join('\n'));
  console.log(over ? `\n${over} 行的增长超过 ${limit} 倍` : `\n每一行的增长都不超过 ${limit} 倍`);
  if (over) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
