// What a person waits for in the window itself, and what the app holds in memory: the built renderer served
// by the browser host over the synthetic district, driven in Debian's Chromium through playwright-core.
// Needs `npm run build` (out/) and a Chromium; where either is missing the rows say why instead of a figure.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { hashPassword } from '../../db/system/passwords';
import { AUTO_BACKUP_DIR } from '../../db/system/backup-engine';

export const BENCH_PASSWORD = 'Bench#2026pw';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RendererFigures {
  /** Median ms from opening the 监管对象 tab to the grid's first rows on screen, with all rows loaded. */
  gridFirstPaint: number[];
  /** The host process's resident set after the grid was shown, in MiB. */
  rssMiB: number;
  /** The resident set along the way (started, signed in, grid shown), with its anonymous and file parts. */
  rssStages: string;
  /** The host's peak resident set (VmHWM) over the whole measurement, its start-up check and daily backup included. */
  peakMiB: number;
}

export function rendererUnavailable(): string | null {
  if (!existsSync('out/main/host.js') || !existsSync('out/renderer/index.html'))
    return '未找到 out/ 构建产物（先运行 npm run build）';
  if (!existsSync(CHROMIUM)) return `未找到 Chromium（${CHROMIUM}；可用 CHROMIUM_PATH 指定）`;
  return null;
}

function rssMiB(pid: number, field = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function rssStage(pid: number, label: string): string {
  const f = (field: string) => rssMiB(pid, field).toFixed(0);
  return `${label} ${f('VmRSS')} MiB（匿名 ${f('RssAnon')}，文件 ${f('RssFile')}）`;
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

async function startHost(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['out/main/host.js', '--data', dataDir, '--port', '0', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TZ: 'Asia/Shanghai' },
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

/** Opens the 10-year district in the browser host, signs in as user0, and measures the institutions grid. */
export async function measureRenderer(dataDir: string, runs: number): Promise<RendererFigures> {
  const db = new Database(join(dataDir, 'zongjian.db'));
  db.prepare("update users set password_hash = ? where username = 'user0'").run(
    await hashPassword(BENCH_PASSWORD),
  );
  db.close();
  const { chromium } = await import('playwright-core');
  const { url, child } = await startHost(dataDir);
  const stages = [rssStage(child.pid!, '启动后')];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await page.goto(url);
    await page.getByLabel('用户名').fill('user0');
    await page.getByLabel('密码').fill(BENCH_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
    stages.push(rssStage(child.pid!, '登录并显示工作台后'));
    // Measured in the steady state: after the start-up check and the day's automatic backup, as a person works.
    if (!(await dailyBackupTaken(dataDir))) stages.push('（每日自动备份未在 120 s 内完成）');
    stages.push(rssStage(child.pid!, '每日自动备份完成后'));
    const institutionsShown = page.getByText(/^共 \d+ 个：在业/);
    const times: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      await page.evaluate("window.location.hash = '/enforcement/inspectors'");
      await page.getByRole('tab', { name: '执法人员' }).waitFor();
      await institutionsShown.waitFor({ state: 'detached' });
      const t0 = performance.now();
      await page.evaluate("window.location.hash = '/enforcement/institutions'");
      await page.locator('.ag-row[row-index="0"]').first().waitFor();
      await institutionsShown.waitFor();
      if (i >= 2) times.push(performance.now() - t0); // two warm-up opens: code and fonts cached
    }
    stages.push(rssStage(child.pid!, '表格显示后'));
    return {
      gridFirstPaint: times,
      rssMiB: rssMiB(child.pid!),
      rssStages: stages.join('；'),
      peakMiB: rssMiB(child.pid!, 'VmHWM'),
    };
  } catch (e) {
    const shot = join(dataDir, '..', 'bench-renderer-failure.png');
    await browser.contexts()[0]?.pages()[0]?.screenshot({ path: shot });
    console.error(`界面基准失败，截图：${shot}`);
    throw e;
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
}
