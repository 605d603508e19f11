// Each test gets its own browser host on a free port with a fresh data folder, started from the same
// build `npm start` serves. `seeded` adds the demo district and signs in as the given demo user.
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { HOST_NODE_FLAGS } from '../../scripts/host-flags.mjs';

export interface AppHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
}

export const DEMO_PASSWORD = 'Demo@2026';

/** The date every test's app and browser believe it is: the rules under test depend on it. */
export const TEST_NOW = '2026-11-22T09:00:00+08:00';

/** The app's processes run on the office's clock zone, as on the office's PCs (backup names, local dates). */
const OFFICE_ENV = { ...process.env, TZ: 'Asia/Shanghai' };

/** `now`: the moment the app believes it is when it starts (later days for what must happen on another day).
 *  `database`: a seat of the office server at that URL (the server's password, if any, in ZONGJIAN_PASSWORD). */
export async function startHost(
  dataDir: string,
  now: string = TEST_NOW,
  port = 0,
  database?: string,
): Promise<{ host: AppHost; child: ChildProcess }> {
  const args = [
    ...HOST_NODE_FLAGS,
    'out/main/host.js',
    '--data',
    dataDir,
    '--port',
    String(port),
    '--json',
    '--now',
    now,
  ];
  if (database) args.push('--database', database);
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: database ? { ...OFFICE_ENV, ZONGJIAN_PASSWORD: DEMO_PASSWORD } : OFFICE_ENV,
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${stderr}`)));
  });
  const info = JSON.parse(line) as AppHost;
  return { host: { ...info, dataDir }, child };
}

/**
 * `reports: false`: the demo without its signing key and reports (specs that go through 报告上报 from the start).
 *
 * The demo is the same district every time for a given build and day, so each variant is made once per run into
 * test-results/demo-cache (by tests/e2e/global-setup.ts, both variants at once before any test starts) and copied
 * into each test's fresh data folder. Making it signs three reports with Chromium and took 12–40 s a test on a
 * loaded machine; a copy takes a few milliseconds.
 */
export function seedDemo(dataDir: string, options: { reports?: boolean } = {}): void {
  const cached = demoCache(options);
  if (!existsSync(join(cached, '.complete')))
    throw new Error(`the demo was not made before the run (tests/e2e/global-setup.ts): ${cached}`);
  cpSync(cached, dataDir, {
    recursive: true,
    filter: (src) => !src.endsWith('.complete'),
  });
}

/** Where this build's demo of a variant is kept for the run (keyed by the CLI's size and time, so a new build
 *  never copies an old demo). */
function demoCache(options: { reports?: boolean } = {}): string {
  const variant = options.reports === false ? 'no-reports' : 'reports';
  const cli = statSync('out/main/cli.js');
  const key = `${variant}-${TEST_NOW.slice(0, 10)}-${cli.size}-${Math.round(cli.mtimeMs)}`;
  return join('test-results', 'demo-cache', key);
}

/** Makes a variant's demo in its cache folder (the global setup, both at once); `.complete` marks it done. */
export async function makeDemoCache(options: { reports?: boolean }): Promise<void> {
  const cached = demoCache(options);
  if (existsSync(join(cached, '.complete'))) return;
  mkdirSync(cached, { recursive: true });
  const args = ['out/main/cli.js', 'seed-demo', '--data', cached, '--now', TEST_NOW];
  if (options.reports === false) args.push('--no-reports');
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: OFFICE_ENV,
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seed-demo failed (exit ${code}): ${out}`);
  writeFileSync(join(cached, '.complete'), '');
}

/** The command line on a data folder, at a chosen moment (what IT staff would run beside the app). */
export function runCli(dataDir: string, args: string[], now: string = TEST_NOW): string {
  const r = spawnSync(process.execPath, ['out/main/cli.js', ...args, '--data', dataDir, '--now', now], {
    encoding: 'utf8',
    env: { ...OFFICE_ENV, ZONGJIAN_PASSWORD: DEMO_PASSWORD },
  });
  if (r.status !== 0) throw new Error(`cli ${args[0]} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Screenshots worth keeping (and looking at) go to test-screens/, and are attached to the report. */
/** A fresh database on the test server (ZONGJIAN_TEST_PG) for one test, with the admin connection that made it
 *  (the test drops the database with it when done) and the database's own URL. */
export async function serverDatabase(
  server: string,
  prefix: string,
): Promise<{ admin: pg.Client; name: string; url: string }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  return { admin, name, url: u.toString() };
}

/** A seat of the office server: the host on its own data folder, its records on the server at `url`. */
export async function startServerSeat(
  dataDir: string,
  url: string,
): Promise<{ origin: string; url: string; child: ChildProcess }> {
  const { host, child } = await startHost(dataDir, TEST_NOW, 0, url);
  return { origin: host.origin, url: host.url, child };
}

export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const dir = 'test-screens'; // outside Playwright's outputDir, which each run empties
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * Scrolls a grid sideways to its last columns and waits until `settled` holds. Scrolled again until it takes: the
 * grid may still be sizing its columns when the first rows show, and an early scroll is then undone.
 */
export async function scrollGridToEnd(grid: Locator | Page, settled: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await grid
      .locator('.ag-body-horizontal-scroll-viewport')
      .first()
      .evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await settled();
  }).toPass({ timeout: 20_000 });
}

/**
 * Waits until the page's calls to the app (/api/invoke) have all answered and none has started for `quietMs`: a tab's
 * data asked for and drawn. Playwright's 'networkidle' never comes while the app's event stream is open (it waited
 * out its whole timeout on every tab). Returns a function to call after each action; start it before the actions.
 */
export function appCallsSettle(page: Page, quietMs = 300): () => Promise<void> {
  let inFlight = 0;
  let lastChange = Date.now();
  const isCall = (r: { url(): string }) => r.url().endsWith('/api/invoke');
  page.on('request', (r) => {
    if (!isCall(r)) return;
    inFlight++;
    lastChange = Date.now();
  });
  const done = (r: { url(): string }) => {
    if (!isCall(r)) return;
    inFlight--;
    lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return async () => {
    await expect
      .poll(() => inFlight === 0 && Date.now() - lastChange >= quietMs, { timeout: 15_000, intervals: [100] })
      .toBe(true);
  };
}

/** A section of the left navigation (links elsewhere may mention the same words). */
export async function openSection(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: '主导航' })
    .getByRole('link', { name: new RegExp(`^${label}`) })
    .click();
}

/**
 * A call straight to the app from inside a signed-in tab, as that tab's own code makes it: the launch token and
 * the tab's session id (both in its sessionStorage, renderer/src/transport.ts) go in headers.
 */
export async function invokeInPage<T = unknown>(
  page: Page,
  name: string,
  args: unknown,
): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }> {
  return page.evaluate(
    async ([n, a]) => {
      const res = await fetch('/api/invoke', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Zongjian-Token': sessionStorage.getItem('zongjian:launch-token') ?? '',
          'X-Zongjian-Session': sessionStorage.getItem('zongjian:session-id') ?? '',
        },
        body: JSON.stringify({ name: n, args: a }),
      });
      return (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
    },
    [name, args] as const,
  );
}

export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
}

type Fixtures = { dataDir: string; app: AppHost; seeded: AppHost; demoReports: boolean };

export const test = base.extend<Fixtures>({
  page: async ({ page }, use) => {
    await page.clock.setFixedTime(new Date(TEST_NOW));
    // The app runs offline: any request that is not to its own loopback host fails the test.
    const foreign: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (!/^(http:\/\/127\.0\.0\.1:\d+\/|data:|blob:)/.test(url)) foreign.push(url);
    });
    await use(page);
    expect(foreign, 'requests outside the app').toEqual([]);
  },
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  app: async ({ dataDir }, use) => {
    const { host, child } = await startHost(dataDir);
    await use(host);
    child.kill('SIGTERM');
  },
  /** Whether `seeded` includes the demo's signing key and reports (`test.use({ demoReports: false })`). */
  demoReports: [true, { option: true }],
  // The whole demo district (every module, made relative to the test's day) takes a while on a busy machine.
  seeded: [
    async ({ dataDir, demoReports }, use) => {
      seedDemo(dataDir, { reports: demoReports });
      const { host, child } = await startHost(dataDir);
      await use(host);
      child.kill('SIGTERM');
    },
    { timeout: 150_000 },
  ],
});

export { expect };
