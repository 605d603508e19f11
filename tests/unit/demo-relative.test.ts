// The demo is built relative to the day it is made (the app's clock): made on two different days it has that
// year's checklist and last year's, progress up to the last quarter that ended (texts that agree with their
// status), meetings held before today and ahead after it, the reports owed before today signed and sent, and
// nothing red that a real office would not have (a handful overdue on the 工作台, not dozens).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../db/demo';
import { newApp, type TestApp } from './helpers';

const dirs: string[] = [];
const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function demoOn(now: string) {
  const dir = mkdtempSync(join(tmpdir(), 'zj-demo-rel-'));
  dirs.push(dir);
  const app = await newApp({ now, dataDir: dir });
  apps.push(app);
  const summary = await seedDemo(app.call, app.travel);
  await app.call('auth.login', { username: 'lingdao', password: summary.password });
  return { app, summary };
}

/** Status words a progress text may carry, by status. */
const AGREES: Record<string, (t: string) => boolean> = {
  done: (t) => t.includes('完成') && !t.includes('滞后') && !t.includes('尚未'),
  in_progress: (t) => !t.includes('滞后') && !t.startsWith('已完成') && !t.startsWith('任务已完成'),
  behind: (t) => t.includes('滞后'),
  not_started: (t) => t.includes('尚未启动'),
};

describe.each([
  ['2027-05-20T09:00:00+08:00', 2027, 2],
  ['2028-02-16T09:00:00+08:00', 2028, 1],
])('the demo made on %s', (now, year, quarter) => {
  it('has this year’s checklist with progress up to the last quarter, and last year’s', async () => {
    const { app } = await demoOn(now);
    const today = now.slice(0, 10);
    const list = await app.call('checklist.get', { year });
    expect(list?.items.length).toBe(25);
    expect((await app.call('checklist.get', { year: year - 1 }))?.items.length).toBe(25);
    for (let q = 1; q <= 4; q++) {
      const view = await app.call('checklist.progress', { year, quarter: q as 1 | 2 | 3 | 4 });
      const reports = view.reports;
      if (q < quarter) expect(reports.length).toBeGreaterThan(40);
      else expect(reports).toEqual([]);
      for (const r of reports)
        expect(AGREES[r.status]!(r.narrative), `${r.status}: ${r.narrative}`).toBe(true);
    }
    const lastYear = await app.call('checklist.progress', { year: year - 1, quarter: 4 });
    expect(lastYear.reports.some((r) => r.status === 'done')).toBe(true);

    // Meetings before and after today: held ones are past, with minutes; the next one is being prepared.
    const meetings = await app.call('meetings.calendar', {
      from: `${year - 1}-01-01`,
      to: `${year + 1}-12-31`,
    });
    const held = meetings.filter((m) => m.status === 'held');
    expect(held.length).toBeGreaterThanOrEqual(4);
    expect(held.every((m) => m.date < today)).toBe(true);
    expect(held.some((m) => m.date.startsWith(String(year)))).toBe(true);
    const ahead = meetings.filter((m) => m.status === 'planned');
    expect(ahead.length).toBeGreaterThanOrEqual(1);
    expect(ahead.every((m) => m.date >= today)).toBe(true);
    const regular = meetings.filter((m) => m.type === 'regular');
    expect(regular.map((m) => m.date.slice(0, 4))).toEqual(Array(4).fill(String(year)));

    // Reports: everything owed before today signed and sent on its due day; this quarter's in draft.
    const overview = await app.call('reports.overview', {});
    const past = overview.obligations.filter((o) => o.due.dueOn < today);
    expect(past.length).toBeGreaterThanOrEqual(1);
    for (const o of past) expect(o.due).toMatchObject({ status: 'submitted', submittedOn: o.due.dueOn });
    const current = overview.obligations.find(
      (o) => o.type === 'quarterly' && o.period === `${year}Q${quarter}`,
    );
    expect(current).toMatchObject({ reportStatus: 'draft' });
    expect(overview.obligations.some((o) => o.due.status === 'overdue')).toBe(false);

    // The leader's first screen: no report overdue, this year's figures.
    const dash = await app.call('dashboard.data', {});
    expect(dash.year).toBe(year);
    expect(dash.groups.find((g) => g.kind === 'report_submission')?.overdue ?? 0).toBe(0);
    // A believable office has a handful overdue, not one institution in ten: the demo's self-inspections are almost
    // all on time, with a few institutions late or missing (one 工作台 item per institution).
    const selfcheck = dash.groups
      .filter((g) => g.kind === 'selfcheck' || g.kind === 'selfcheck_pledge')
      .reduce((n, g) => n + g.overdue, 0);
    expect(selfcheck).toBeLessThanOrEqual(8);
    expect(dash.totals.overdue).toBeLessThanOrEqual(40);
  }, 180_000);
});
