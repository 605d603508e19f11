// The demo district's 联席会议, seeded through the dispatcher on the e2e clock (2026-11-22): the 2026 quarterly
// series on the first working Tuesday, the single meetings of 2025–2026 with agenda, attendance and minutes,
// the notices of 2026, decisions overdue and not yet due with their 督办, one upcoming meeting and one
// cancelled; and the same data on every run. (How long seeding takes is a row of `npm run bench`.)
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../db/demo';
import type { Decision, MeetingDetail } from '../../shared/contract';
import { newApp, type TestApp } from './helpers';

const NOW = '2026-11-22T09:00:00+08:00';

interface Seeded {
  app: TestApp;
  meetings: MeetingDetail[];
  decisions: Decision[];
  summary: Awaited<ReturnType<typeof seedDemo>>;
}

async function seeded(dir: string): Promise<Seeded> {
  const app = await newApp({ now: NOW, dataDir: dir });
  const summary = await seedDemo(app.call, app.travel);
  await app.call('auth.login', { username: 'keyuan', password: summary.password });
  const calendar = await app.call('meetings.calendar', { from: '2025-01-01', to: '2026-12-31' });
  const meetings: MeetingDetail[] = [];
  for (const m of calendar) meetings.push(await app.call('meetings.get', { id: m.id }));
  const decisions = await app.call('decisions.list', { status: 'all' });
  return { app, meetings, decisions, summary };
}

/** What the demo is made of, without ids and times. */
function content(s: Seeded) {
  return {
    meetings: s.meetings.map((m) => ({
      type: m.type,
      title: m.title,
      date: m.date,
      status: m.status,
      docNumber: m.docNumber,
      departments: m.departments.map((d) => [
        d.shortName,
        d.role,
        d.attendance,
        d.leaveReason,
        d.delegateName,
      ]),
      agenda: m.agenda.map((a) => [a.title, a.presenterName, a.minutes, a.checklistItems.map((c) => c.seq)]),
    })),
    decisions: s.decisions.map((d) => ({
      text: d.text,
      dueDate: d.dueDate,
      status: d.status,
      overdue: d.overdue,
      result: d.result,
      departments: d.departments.map((x) => x.shortName),
      updates: d.updates.map((u) => [u.author, u.text, u.fileName]),
    })),
  };
}

describe('demo meetings', () => {
  it('a year of joint meetings with attendance, minutes and decisions followed up, the same on every run', async () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'zj-demo-a-')), mkdtempSync(join(tmpdir(), 'zj-demo-b-'))];
    const runs: Seeded[] = [];
    try {
      for (const dir of dirs) runs.push(await seeded(dir));
      const [s] = runs as [Seeded, Seeded];
      const { meetings, decisions, summary } = s;
      expect(summary).toMatchObject({ departments: 27, meetings: 12, openDecisions: 16 });
      expect(meetings).toHaveLength(12);

      // The 2026 series: first working Tuesday of each quarter (10-06 is in the 国庆 holiday), all held.
      const regular = meetings.filter((m) => m.type === 'regular');
      expect(regular.map((m) => [m.date, m.status, m.number])).toEqual([
        ['2026-01-06', 'held', 1],
        ['2026-04-07', 'held', 2],
        ['2026-07-07', 'held', 3],
        ['2026-10-13', 'held', 4],
      ]);
      expect(new Set(regular.map((m) => m.seriesId)).size).toBe(1);
      expect(regular[0]!.seriesDescription).toContain('星期二');
      expect((await s.app.call('meetings.compliance', { year: 2026 })).held).toBe(4);

      // The other kinds across both years.
      const others = meetings.filter((m) => m.type !== 'regular');
      expect(new Set(others.map((m) => m.type))).toEqual(new Set(['topic', 'emergency', 'enforcement']));
      expect(others.filter((m) => m.date < '2026-01-01').length).toBe(3);

      const held = meetings.filter((m) => m.status === 'held');
      expect(held).toHaveLength(10);
      const directory = new Set(
        (await s.app.call('departments.list', {}))
          .map((d) => d.shortName)
          .filter((n) => n !== '区级相关部门'),
      );
      for (const m of held) {
        expect(m.date < '2026-11-22').toBe(true);
        expect(m.departments.length).toBeGreaterThanOrEqual(6);
        for (const d of m.departments) expect(directory.has(d.shortName)).toBe(true);
        // Agenda of 2–4 topics, each presented by an attending department, within the meeting's time.
        expect(m.agenda.length).toBeGreaterThanOrEqual(2);
        expect(m.agenda.length).toBeLessThanOrEqual(4);
        for (const a of m.agenda) expect(m.departments.map((d) => d.shortName)).toContain(a.presenterName);
        expect(m.warnings).toEqual([]);
        // Attendance for every department; a 请假 always has its reason.
        for (const d of m.departments) {
          expect(d.attendance).not.toBeNull();
          if (d.attendance === 'leave') expect(d.leaveReason).not.toBe('');
        }
        expect(m.minutesNumber).not.toBeNull();
        expect(m.minutesSummary).not.toBe('');
        expect(m.decisions.length).toBeGreaterThanOrEqual(1);
        expect(m.decisions.length).toBeLessThanOrEqual(3);
        // Notices carry a 发文字号 for 2026's meetings (2025's were issued on paper).
        if (m.date >= '2026-01-01') expect(m.docNumber).toMatch(/^越卫健〔2026〕\d+号$/);
        else expect(m.docNumber).toBeNull();
      }
      const attendance = held.flatMap((m) => m.departments.map((d) => d.attendance));
      const present = attendance.filter((a) => a === 'present').length;
      expect(present / attendance.length).toBeGreaterThan(0.8);
      expect(attendance.filter((a) => a === 'leave').length).toBeGreaterThanOrEqual(3);
      expect(attendance.filter((a) => a === 'delegate')).toHaveLength(1);
      expect(
        held.flatMap((m) => m.departments).find((d) => d.attendance === 'delegate')?.delegateName,
      ).not.toBe('');
      // Agendas are linked to their own year's checklist (the demo has 2025's and 2026's).
      const lists = new Map<number, Set<number>>();
      for (const y of [2025, 2026]) {
        const list = await s.app.call('checklist.get', { year: y });
        lists.set(y, new Set(list!.items.map((i) => i.id)));
      }
      const linked = held.flatMap((m) =>
        m.agenda.flatMap((a) =>
          a.checklistItems.map((c) => ({ year: Number(m.date.slice(0, 4)), id: c.id })),
        ),
      );
      expect(new Set(linked.map((l) => l.year))).toEqual(new Set([2025, 2026]));
      for (const l of linked) expect(lists.get(l.year)!.has(l.id)).toBe(true);

      // Next month's meeting is being prepared; one was cancelled.
      const upcoming = meetings.find((m) => m.date > '2026-11-22')!;
      expect(upcoming).toMatchObject({ status: 'planned', docNumber: null, date: '2026-12-08' });
      expect(upcoming.departments.every((d) => d.attendance === null)).toBe(true);
      expect(upcoming.agenda.length).toBeGreaterThanOrEqual(2);
      const cancelled = meetings.filter((m) => m.status === 'cancelled');
      expect(cancelled).toHaveLength(1);
      expect(cancelled[0]!.cancelReason).not.toBe('');
      // Its calendar entry: created at SEQUENCE 0, cancelling raised it to 1 — above the copy anyone imported
      // before, so Outlook applies the cancellation. Exported on its own it is a METHOD:CANCEL of that UID.
      expect(cancelled[0]!.sequence).toBe(1);
      const alone = await s.app.call('meetings.exportIcs', { id: cancelled[0]!.id });
      const cancel = new ICAL.Component(ICAL.parse(Buffer.from(alone.base64, 'base64').toString('utf8')));
      expect(cancel.getFirstPropertyValue('method')).toBe('CANCEL');
      const ev = cancel.getFirstSubcomponent('vevent')!;
      expect(ev.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(Number(ev.getFirstPropertyValue('sequence'))).toBe(1);
      const year = await s.app.call('meetings.exportIcs', { from: '2025-01-01', to: '2026-12-31' });
      const all = new ICAL.Component(ICAL.parse(Buffer.from(year.base64, 'base64').toString('utf8')));
      expect(all.getFirstPropertyValue('method')).toBe('PUBLISH');
      const same = all
        .getAllSubcomponents('vevent')
        .find((v) => v.getFirstPropertyValue('uid') === ev.getFirstPropertyValue('uid'))!;
      expect(same.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(Number(same.getFirstPropertyValue('sequence'))).toBe(1);

      // Decisions: some overdue on 2026-11-22, some due later, a few followed up (one with a file), one closed.
      expect(decisions).toHaveLength(17);
      const open = decisions.filter((d) => d.status === 'open');
      expect(open.filter((d) => d.overdue)).toHaveLength(7);
      expect(open.filter((d) => !d.overdue).every((d) => d.dueDate >= '2026-11-22')).toBe(true);
      expect(open.filter((d) => !d.overdue).length).toBeGreaterThanOrEqual(5);
      const done = decisions.filter((d) => d.status === 'done');
      expect(done).toHaveLength(1);
      expect(done[0]!.result).not.toBe('');
      expect(done[0]!.updates.length).toBeGreaterThan(0);
      expect(decisions.filter((d) => d.updates.length > 0).length).toBeGreaterThanOrEqual(2);
      expect(decisions.some((d) => d.updates.some((u) => u.fileName?.endsWith('.txt')))).toBe(true);
      for (const d of decisions) {
        expect(d.departments[0]!.lead).toBe(true);
        expect(d.updates.every((u) => u.author === '王丽')).toBe(true);
      }

      // The same content on a second run.
      expect(content(runs[1]!)).toEqual(content(s));
    } finally {
      for (const r of runs) await r.app.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000); // two whole demo districts seeded in full (every module, this year's 依法执业自查 included)
});
