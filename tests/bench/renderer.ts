// What a person waits for in the window itself, and what the app holds in memory: the built renderer served
// by the browser host over the synthetic district, driven in Debian's Chromium through playwright-core; and the
// host under 20 concurrent clients over HTTP (concurrent.ts).
// Needs `npm run build` (out/) and a Chromium; where either is missing the rows say why instead of a figure.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { todayIso } from '../../shared/dates';
import { HOST_NODE_FLAGS } from '../../scripts/host-flags.mjs';
import { hashPassword } from '../../db/system/passwords';
import { AUTO_BACKUP_DIR } from '../../db/system/backup-engine';
import { concurrentLoad, peakMB, type ConcurrentFigures } from './concurrent';
import type { Page, Request } from 'playwright-core';

type Load = ConcurrentFigures & { writes: number };

export const BENCH_PASSWORD = 'Bench#2026pw';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RendererFigures {
  /** ms from opening the 12345 投诉 page in a fresh session (nothing cached, its data requested) to its first rows. */
  /** Per paged grid (FIRST_PAINT_GRIDS' names): its first paint with real data, in fresh sessions. */
  gridFirstPaint: Record<string, number[]>;
  /** The resident set along the way (started, signed in, every page opened), with its anonymous and file parts. */
  rssStages: string;
  /** The host's peak resident set (VmHWM) after every page was opened, start-up check and daily backup included, MB. */
  peakMB: number;
  /** 20 clients over HTTP: the dashboard's and a 12345 page's latencies, and the host's peak resident set after. */
  concurrent: { dashboard: Load; page: Load; peakMB: number } | null;
}

/** Every page of the app, as the navigation and each page's tabs reach them. */
export const EVERY_PAGE = [
  '/dashboard',
  '/meetings',
  '/checklist',
  '/enforcement/institutions',
  '/enforcement/practitioners',
  '/enforcement/inspectors',
  '/enforcement/plans',
  '/enforcement/inspections',
  '/enforcement/publication',
  '/enforcement/referrals',
  '/enforcement/complaints',
  '/enforcement/joint-actions',
  '/credit',
  '/credit/lists',
  '/credit/rules',
  '/reports',
  '/upstream',
  '/basic/departments',
  '/basic/calendar',
  '/settings/office',
  '/settings/rules',
  '/settings/users',
  '/settings/backup',
  '/settings/audit',
];

export function rendererUnavailable(): string | null {
  if (!existsSync('out/main/host.js') || !existsSync('out/renderer/index.html'))
    return '未找到 out/ 构建产物（先运行 npm run build）';
  if (!existsSync(CHROMIUM)) return `未找到 Chromium（${CHROMIUM}；可用 CHROMIUM_PATH 指定）`;
  return null;
}

/** A field of /proc/PID/status in MB (10^6 bytes). */
function statusMB(pid: number, field = 'VmRSS'): number {
  if (!existsSync(`/proc/${pid}`)) throw new Error(`宿主进程 ${pid} 已退出`);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return (kb * 1024) / 1e6;
}

function rssStage(pid: number, label: string): string {
  const f = (field: string) => statusMB(pid, field).toFixed(0);
  return `${label} ${f('VmRSS')} MB（匿名 ${f('RssAnon')}，文件 ${f('RssFile')}）`;
}

/** Until the page has had no request to the host in flight for `quietMs` (at most `timeoutMs`). Playwright's
 *  networkidle never comes here: the app's event stream to the host stays open, so each wait ran to its timeout. */
function trackInvokes(page: Page): (quietMs?: number, timeoutMs?: number) => Promise<void> {
  let inFlight = 0;
  let lastChange = performance.now();
  const api = (r: Request) => r.url().includes('/api/invoke');
  const change = (d: number) => (r: Request) => {
    if (!api(r)) return;
    inFlight += d;
    lastChange = performance.now();
  };
  page.on('request', change(1));
  page.on('requestfinished', change(-1));
  page.on('requestfailed', change(-1));
  return async (quietMs = 300, timeoutMs = 10_000) => {
    const t0 = performance.now();
    while (performance.now() - t0 < timeoutMs) {
      if (inFlight <= 0 && performance.now() - lastChange >= quietMs) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
}

/** The host's start-up care (quick_check in a worker, then the day's automatic backup) has finished. */
async function dailyBackupTaken(dataDir: string, timeoutMs = 120_000): Promise<boolean> {
  const dir = join(dataDir, AUTO_BACKUP_DIR);
  for (const t0 = performance.now(); performance.now() - t0 < timeoutMs;) {
    if (existsSync(dir) && readdirSync(dir).some((n) => !n.endsWith('.partial'))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function startHost(
  dataDir: string,
): Promise<{ url: string; origin: string; token: string; child: ChildProcess; log: () => string }> {
  // Started as npm start starts it (scripts/host-flags.mjs).
  const child = spawn(
    process.execPath,
    [...HOST_NODE_FLAGS, 'out/main/host.js', '--data', dataDir, '--port', '0', '--json'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TZ: 'Asia/Shanghai' },
    },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)));
  });
  const info = JSON.parse(line) as { url: string; origin: string; token: string };
  return { url: info.url, origin: info.origin, token: info.token, child, log: () => stderr };
}

/** The paged grids whose first paint is measured: where each lives, and the summary line that says its counts came. */
export const FIRST_PAINT_GRIDS = [
  {
    name: '12345 投诉',
    route: '/enforcement/complaints',
    grid: 'enforcement-complaints',
    summary: /^共 \d+ 件：/,
  },
  {
    name: '检查记录',
    route: '/enforcement/inspections',
    grid: 'enforcement-inspections',
    summary: /^共 \d+ 条/,
  },
  {
    name: '从业人员',
    route: '/enforcement/practitioners',
    grid: 'enforcement-practitioners',
    summary: /^共 \d+ 人/,
  },
  { name: '操作日志', route: '/settings/audit', grid: 'audit', summary: /^共 \d+ 条/ },
  { name: '台账记录', route: '/credit/entries', grid: 'credit-entries', summary: /^共 \d+ 条/ },
] as const;

/** Opens the district in the browser host: the 12345 grid's first paint in fresh sessions, then every page in one
 *  session (the host's peak memory after), then 20 concurrent clients over HTTP. */
export async function measureRenderer(
  dataDir: string,
  runs: number,
  concurrency: { clients: number; seconds: number } | null,
): Promise<RendererFigures> {
  const db = new Database(join(dataDir, 'zongjian.db'));
  db.prepare("update users set password_hash = ? where username = 'user0'").run(
    await hashPassword(BENCH_PASSWORD),
  );
  const departmentId = (
    db.prepare('select min(id) as id from departments where active = 1').get() as { id: number }
  ).id;
  db.close();
  const { chromium } = await import('playwright-core');
  const { url, child, origin, token, log } = await startHost(dataDir);
  const stages = [rssStage(child.pid!, '启动后')];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const signIn = async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await page.goto(url);
    await page.getByLabel('用户名').fill('user0');
    await page.getByLabel('密码').fill(BENCH_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    return Object.assign(page, { settled: trackInvokes(page) });
  };
  try {
    let page = await signIn();
    await page.settled();
    stages.push(rssStage(child.pid!, '登录并显示工作台后'));
    if (!(await dailyBackupTaken(dataDir))) stages.push('（每日自动备份未在 120 s 内完成）');
    stages.push(rssStage(child.pid!, '每日自动备份完成后'));
    await page.close();
    // First paint with real data: a fresh session each time (nothing cached in the page), the register's first
    // block and its counts requested from the host. Each grid in turn, so none opens on another's warm queries.
    const paints: Record<string, number[]> = {};
    for (const g of FIRST_PAINT_GRIDS) {
      const times: number[] = [];
      for (let i = 0; i < runs + 1; i++) {
        page = await signIn();
        await page.settled();
        let requests = 0;
        page.on('request', (r) => void (r.url().includes('/api/invoke') && requests++));
        const t0 = performance.now();
        await page.evaluate(`window.location.hash = '${g.route}'`);
        await page.locator(`[data-grid="${g.grid}"] .ag-row[row-index="0"] .ag-cell`).first().waitFor();
        await page.getByText(g.summary).first().waitFor();
        const ms = performance.now() - t0;
        if (requests === 0) throw new Error(`${g.name}首次显示没有请求数据`);
        if (i >= 1) times.push(ms); // the first: code and fonts loaded into the browser
        await page.close();
      }
      paints[g.name] = times;
    }
    // Every page, one after another, as a person goes through the app.
    page = await signIn();
    for (const route of EVERY_PAGE) {
      await page.evaluate(`window.location.hash = '${route}'`);
      await page.settled(500);
    }
    stages.push(rssStage(child.pid!, '打开全部页面后'));
    const peak = peakMB(child.pid!);
    await page.close();
    let concurrent: RendererFigures['concurrent'] = null;
    if (concurrency) {
      // Meanwhile someone registers a 12345 ticket every 2 s: each write makes the shared 工作台 answer be
      // computed again, as in an office at work.
      const stamp = Date.now().toString(36).toUpperCase();
      let written = 0;
      const writer = {
        name: 'complaints.create',
        everyMs: 2000,
        args: () => ({
          ticketNo: `BENCH${stamp}${++written}`,
          receivedOn: todayIso(),
          content: '并发基准：反映候诊时间过长',
          category: 'medical_service',
          institutionId: null,
          departmentId,
        }),
      };
      const load = (name: string, args: (c: number, i: number, previous: unknown) => unknown) =>
        concurrentLoad({
          origin,
          token,
          username: 'user0',
          password: BENCH_PASSWORD,
          clients: concurrency.clients,
          seconds: concurrency.seconds,
          name,
          args,
          writer,
        });
      const dashboard = await load('dashboard.data', () => ({}));
      // As the grid pages: the first block (with the counts), then nine blocks down, each after the previous
      // block's cursor with the total the first gave; then from the top again.
      const pageLoad = await load('complaints.page', (_c, i, previous) => {
        const k = i % 10;
        const prev = previous as { next?: unknown[]; total: number } | null;
        if (k === 0 || !prev?.next) return { startRow: 0, endRow: 100 };
        return { startRow: k * 100, endRow: k * 100 + 100, after: prev.next, knownTotal: prev.total };
      });
      stages.push(rssStage(child.pid!, '20 个客户端并发后'));
      concurrent = { dashboard, page: pageLoad, peakMB: peakMB(child.pid!) };
    }
    return { gridFirstPaint: paints, rssStages: stages.join('；'), peakMB: peak, concurrent };
  } catch (e) {
    const shot = join(dataDir, '..', 'bench-renderer-failure.png');
    await browser.contexts()[0]?.pages()[0]?.screenshot({ path: shot });
    console.error(`界面基准失败，截图：${shot}`);
    const exit = child.exitCode ?? child.signalCode;
    if (exit !== null) throw new Error(`宿主进程已退出（${exit}）：${log().slice(-1500)}`, { cause: e });
    throw e;
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}
