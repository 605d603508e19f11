// 多人协同 end to end: two desks' hosts on one PostgreSQL database (the office server), two browsers. The
// secretary creates a meeting on one desk; the other desk's calendar, open all along, shows it without a reload —
// the change travelled through the server (LISTEN/NOTIFY), not through a shared process. Runs where
// ZONGJIAN_TEST_PG names a server the tests may create databases on (CI starts one).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Page } from '@playwright/test';
import {
  test,
  expect,
  keepScreenshot,
  login,
  openSection,
  DEMO_PASSWORD,
  TEST_NOW,
  startServerSeat,
  serverDatabase,
} from './fixtures';

const PG = process.env.ZONGJIAN_TEST_PG;
const ENV = { ...process.env, TZ: 'Asia/Shanghai', ZONGJIAN_PASSWORD: DEMO_PASSWORD };
const dayCell = (page: Page, date: string) => page.locator(`.mcal td.fc-daygrid-day[data-date="${date}"]`);

/** A TCP relay between desk 2 and the server that can be cut (the network goes away) and restored. */
class CuttableLink {
  private readonly sockets = new Set<Socket>();
  private up = true;
  readonly server: Server;
  constructor(host: string, port: number) {
    this.server = createServer((client) => {
      if (!this.up) return client.destroy();
      const upstream = connect(port, host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          this.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }
  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return (this.server.address() as { port: number }).port;
  }
  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }
  restore(): void {
    this.up = true;
  }
}

test.skip(!PG, 'ZONGJIAN_TEST_PG is not set: no PostgreSQL server for the office-server test');

test('a meeting created on one desk appears in the other desk’s calendar without reload', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const { admin, name, url } = await serverDatabase(PG!, 'zj_e2e');
  const dirs = [mkdtempSync(join(tmpdir(), 'zj-seat1-')), mkdtempSync(join(tmpdir(), 'zj-seat2-'))];
  const seats: ChildProcess[] = [];
  const links: CuttableLink[] = [];
  try {
    // The office set up once, on the server, from the command line (as IT staff would).
    const init = spawnSync(
      process.execPath,
      [
        'out/main/cli.js',
        'init',
        '--data',
        dirs[0]!,
        '--database',
        url,
        '--office',
        '绍兴市越城区卫生健康局',
        '--prefix',
        '越卫健',
        '--admin',
        'admin',
        '--now',
        TEST_NOW,
      ],
      { encoding: 'utf8', env: ENV },
    );
    expect(init.status, init.stderr + init.stdout).toBe(0);
    const one = await startServerSeat(dirs[0]!, url);
    // Desk 2 reaches the server through a link the test can cut.
    const via = new URL(url);
    const link = new CuttableLink(via.hostname, Number(via.port || 5432));
    via.port = String(await link.listen());
    links.push(link);
    const two = await startServerSeat(dirs[1]!, via.toString());
    seats.push(one.child, two.child);

    // Desk 2: the calendar, open before the meeting exists.
    const other = await browser.newContext();
    const viewer = await other.newPage();
    await viewer.clock.setFixedTime(new Date(TEST_NOW));
    await viewer.goto(two.url);
    await login(viewer, 'admin');
    await openSection(viewer, '联席会议');
    await expect(viewer.getByRole('heading', { name: '2026年11月' })).toBeVisible();
    const shown = dayCell(viewer, '2026-11-26').locator('.fc-event', { hasText: '医疗废物专项检查部署会' });
    await expect(shown).toHaveCount(0);
    await viewer.evaluate(() => ((globalThis as unknown as { liveMark: number }).liveMark = 1));

    // Desk 1: a new meeting through the calendar's own dialog.
    await page.goto(one.url);
    await login(page, 'admin');
    await openSection(page, '联席会议');
    await page.getByRole('button', { name: '新建会议', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '新建会议' });
    await dialog.getByLabel('会议类型').selectOption({ label: '专题会商' });
    await dialog.getByLabel('会议名称').fill('医疗废物专项检查部署会');
    await dialog.getByLabel('日期').fill('2026-11-26');
    await dialog.getByLabel('会议室').fill('三楼会议室');
    await dialog.getByRole('button', { name: '保存并打开' }).click();
    await expect(page.getByText('已新建会议“医疗废物专项检查部署会”（2026-11-26 09:00）')).toBeVisible();

    // Desk 2: there, without a reload.
    await expect(shown).toHaveCount(1, { timeout: 10_000 });
    expect(await viewer.evaluate(() => (globalThis as unknown as { liveMark?: number }).liveMark)).toBe(1);
    await keepScreenshot(viewer, testInfo, 'office-server-other-desk');

    // Desk 2 loses the server: a banner says so and saving is refused; when it is back the banner goes.
    link.cut();
    const banner = viewer.getByTestId('server-lost');
    await expect(banner).toContainText('的连接已中断，正在自动重新连接。连接恢复前只能查看，不能保存', {
      timeout: 15_000,
    });
    await keepScreenshot(viewer, testInfo, 'office-server-lost');
    link.restore();
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
    await other.close();
  } finally {
    for (const c of seats) c.kill('SIGTERM');
    for (const l of links) l.server.close();
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
