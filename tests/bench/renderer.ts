// What a person waits for in the window itself, and what the app holds in memory: the built renderer served
// by the browser host over the synthetic district, driven in Debian's Chromium through playwright-core.
// Needs `npm run build` (out/) and a Chromium; where either is missing the rows say why instead of a figure.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { hashPassword } from '../../db/domains/passwords';

export const BENCH_PASSWORD = 'Bench#2026pw';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RendererFigures {
  /** Median ms from opening the 监管对象 tab to the grid's first rows on screen, with all rows loaded. */
  gridFirstPaint: number[];
  /** The host process's resident set after the grid was shown, in MiB. */
  rssMiB: number;
}

export function rendererUnavailable(): string | null {
  if (!existsSync('out/main/host.js') || !existsSync('out/renderer/index.html'))
    return '未找到 out/ 构建产物（先运行 npm run build）';
  if (!existsSync(CHROMIUM)) return `未找到 Chromium（${CHROMIUM}；可用 CHROMIUM_PATH 指定）`;
  return null;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
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
    return { gridFirstPaint: times, rssMiB: rssMiB(child.pid!) };
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
