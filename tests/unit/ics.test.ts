// RFC 5545 export: the output is read back with ical.js (Mozilla's parser, independent of our writer) and
// checked byte by byte for the line rules (CRLF, 75-octet folding on UTF-8 character boundaries).
import { describe, it, expect, afterAll } from 'vitest';
import fc from 'fast-check';
import ICAL from 'ical.js';
import {
  ICS_DEFAULT_PRODID,
  buildIcs,
  escapeIcsText,
  foldIcsLine,
  icsUid,
  type IcsEvent,
} from '../../shared/ics';

const NOW = new Date('2026-11-21T02:03:04.567Z');

function event(overrides: Partial<IcsEvent> = {}): IcsEvent {
  return {
    uid: icsUid('meeting', 42),
    sequence: 0,
    start: { date: '2026-11-22', time: '09:00' },
    durationMinutes: 90,
    summary: '第四季度医疗卫生行业综合监管联席会议',
    status: 'CONFIRMED',
    lastModified: '2026-11-20T08:30:00.000Z',
    ...overrides,
  };
}

interface Parsed {
  calendar: ICAL.Component;
  events: ICAL.Event[];
}

const registered: string[] = [];
afterAll(() => registered.forEach((tzid) => ICAL.TimezoneService.remove(tzid)));

/** Parses with ical.js, registering the file's own VTIMEZONE so TZID=Asia/Shanghai resolves through it. */
function parse(ics: string): Parsed {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const vtz of calendar.getAllSubcomponents('vtimezone')) {
    const tz = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(tz);
    registered.push(tz.tzid);
  }
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

function only(ics: string): ICAL.Event {
  const { events } = parse(ics);
  expect(events).toHaveLength(1);
  return events[0]!;
}

/** Physical lines as byte arrays, split at CRLF; fails on a bare CR or LF. */
function physicalLines(ics: string): Uint8Array[] {
  const bytes = new TextEncoder().encode(ics);
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) throw new Error(`bare LF at byte ${i}`);
    if (bytes[i] === 0x0d) {
      if (bytes[i + 1] !== 0x0a) throw new Error(`bare CR at byte ${i}`);
      lines.push(bytes.subarray(start, i));
      start = i + 2;
      i++;
    }
  }
  expect(start).toBe(bytes.length); // the file ends with CRLF
  return lines;
}

/** RFC 5545 §3.1 unfolding: drop every CRLF followed by one space or tab. */
function unfold(ics: string): string[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .slice(0, -1);
}

function checkLineRules(ics: string): void {
  const strict = new TextDecoder('utf-8', { fatal: true });
  for (const line of physicalLines(ics)) {
    expect(line.length).toBeLessThanOrEqual(75);
    expect(line.length).toBeGreaterThan(0);
    strict.decode(line); // throws if a fold split a UTF-8 sequence
  }
}

describe('buildIcs: calendar structure', () => {
  const ics = buildIcs([event()], { now: NOW, calName: '联席会议' });

  it('writes the header, the Asia/Shanghai VTIMEZONE and the event, with CRLF line endings', () => {
    const lines = unfold(ics);
    expect(lines.slice(0, 16)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Zongjian Desk//综合监管工作台//ZH',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:联席会议',
      'X-WR-TIMEZONE:Asia/Shanghai',
      'BEGIN:VTIMEZONE',
      'TZID:Asia/Shanghai',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0800',
      'TZOFFSETTO:+0800',
      'TZNAME:CST',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
    expect(lines.slice(16)).toEqual([
      'BEGIN:VEVENT',
      'UID:meeting-42@zongjian-desk.local',
      'DTSTAMP:20261121T020304Z',
      'DTSTART;TZID=Asia/Shanghai:20261122T090000',
      'DTEND;TZID=Asia/Shanghai:20261122T103000',
      'SEQUENCE:0',
      'SUMMARY:第四季度医疗卫生行业综合监管联席会议',
      'STATUS:CONFIRMED',
      'LAST-MODIFIED:20261120T083000Z',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    checkLineRules(ics);
    expect(ICS_DEFAULT_PRODID).toBe('-//Zongjian Desk//综合监管工作台//ZH');
  });

  it('ical.js reads the calendar properties', () => {
    const { calendar } = parse(ics);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('联席会议');
    const tz = calendar.getFirstSubcomponent('vtimezone')!;
    expect(tz.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');
  });

  it('an empty export is still a valid calendar', () => {
    const empty = buildIcs([], { now: NOW });
    expect(parse(empty).events).toEqual([]);
    expect(unfold(empty)).toContain('X-WR-CALNAME:综合监管工作台');
  });
});

describe('buildIcs: events read back with ical.js', () => {
  it('times are Asia/Shanghai: 09:00 local is 01:00Z, and an event may end after midnight', () => {
    const e = only(buildIcs([event()], { now: NOW }));
    expect(e.startDate.zone?.tzid).toBe('Asia/Shanghai');
    expect(e.startDate.toJSDate().toISOString()).toBe('2026-11-22T01:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2026-11-22T02:30:00.000Z');

    const late = only(
      buildIcs([event({ start: { date: '2026-12-31', time: '23:30' }, durationMinutes: 45 })], { now: NOW }),
    );
    expect(late.startDate.toJSDate().toISOString()).toBe('2026-12-31T15:30:00.000Z');
    expect(late.endDate.toJSDate().toISOString()).toBe('2026-12-31T16:15:00.000Z');
    expect(late.endDate.toString()).toBe('2027-01-01T00:15:00');
  });

  it('uid, sequence, status, DTSTAMP and LAST-MODIFIED', () => {
    const ics = buildIcs(
      [
        event({
          uid: icsUid('meeting', 7, '2026-10-06'),
          sequence: 3,
          status: 'CANCELLED',
          lastModified: '2026-11-20T16:30:00+08:00',
        }),
      ],
      { now: NOW },
    );
    const e = only(ics);
    expect(e.uid).toBe('meeting-7-20261006@zongjian-desk.local');
    expect(e.sequence).toBe(3);
    expect(e.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(e.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    const stamp = e.component.getFirstPropertyValue('dtstamp') as ICAL.Time;
    expect(stamp.toJSDate().toISOString()).toBe('2026-11-21T02:03:04.000Z');
    const modified = e.component.getFirstPropertyValue('last-modified') as ICAL.Time;
    expect(modified.toJSDate().toISOString()).toBe('2026-11-20T08:30:00.000Z');
    expect(
      only(buildIcs([event({ status: 'TENTATIVE' })], { now: NOW })).component.getFirstPropertyValue(
        'status',
      ),
    ).toBe('TENTATIVE');
  });

  it('text with commas, semicolons, backslashes and line breaks round-trips', () => {
    const summary = '联席会议, 第三季度; 总结\\复盘，“双随机、一公开”';
    const description = '议题：\n一、通报检查情况；\r\n二、部署下季度工作, 含\\路径\\；\r三、其他';
    const location = '越城区卫生健康局 3 楼会议室; B 座, 302';
    const ics = buildIcs(
      [event({ summary, description, location, categories: ['联席会议', '医疗机构, 公共卫生', ''] })],
      { now: NOW },
    );
    const e = only(ics);
    expect(e.summary).toBe(summary);
    expect(e.location).toBe(location);
    // CRLF and CR become \n, the only line break iCalendar text has.
    expect(e.description).toBe(description.replace(/\r\n?/g, '\n'));
    expect(e.component.getFirstProperty('categories')!.getValues()).toEqual([
      '联席会议',
      '医疗机构, 公共卫生',
    ]);
    expect(unfold(ics)).toContain('SUMMARY:联席会议\\, 第三季度\\; 总结\\\\复盘，“双随机、一公开”');
  });

  it('writes no ORGANIZER: the convener opens the DESCRIPTION', () => {
    const ics = buildIcs(
      [
        event({ organizer: { name: '越城区卫生健康局' }, description: '请各成员单位准时参加' }),
        event({ uid: icsUid('meeting', 43), organizer: { name: '区市场监管局' } }),
      ],
      { now: NOW },
    );
    expect(ics).not.toContain('ORGANIZER');
    const [a, b] = parse(ics).events;
    expect(a!.description).toBe('召集单位：越城区卫生健康局\n请各成员单位准时参加');
    expect(b!.description).toBe('召集单位：区市场监管局');
  });

  it('drops control characters and repairs lone surrogates instead of writing invalid text', () => {
    const e = only(buildIcs([event({ summary: 'a\u0000b\u0007c\td\u007f\uD800e' })], { now: NOW }));
    expect(e.summary).toBe('abc\td\uFFFDe');
    expect(escapeIcsText('x\u001by')).toBe('xy');
  });
});

describe('buildIcs: line folding', () => {
  it('a 200-character Chinese summary folds at ≤ 75 octets on character boundaries and unfolds back', () => {
    const summary = Array.from(
      { length: 200 },
      (_, i) => '综合监管联席会议纪要议定事项落实情况通报'[i % 20],
    ).join('');
    expect(summary).toHaveLength(200);
    const ics = buildIcs([event({ summary })], { now: NOW });
    checkLineRules(ics);
    const lines = physicalLines(ics);
    const start = lines.findIndex((l) => new TextDecoder().decode(l).startsWith('SUMMARY:'));
    // 'SUMMARY:' is 8 octets, each character 3: 22 characters (74 octets) on the first line, 24 on the others.
    const summaryLines = lines.slice(start, start + 10).map((l) => new TextDecoder().decode(l));
    expect(summaryLines[0]).toBe(`SUMMARY:${summary.slice(0, 22)}`);
    expect(summaryLines[1]).toBe(` ${summary.slice(22, 46)}`);
    expect(unfold(ics)).toContain(`SUMMARY:${summary}`);
    expect(only(ics).summary).toBe(summary);
  });

  it('folds emoji (4 octets) and mixed widths without splitting, continuation lines start with one space', () => {
    const summary = `会议😀${'a😀中é'.repeat(40)}`;
    const ics = buildIcs([event({ summary })], { now: NOW });
    checkLineRules(ics);
    const folded = ics.split('\r\n').filter((l) => l.startsWith(' '));
    expect(folded.length).toBeGreaterThan(3);
    for (const l of folded) expect(l.startsWith(' ')).toBe(true);
    expect(only(ics).summary).toBe(summary);
  });

  it('never splits a backslash escape across lines', () => {
    const summary = '，,'.repeat(60) + ';\\'.repeat(60);
    const ics = buildIcs([event({ summary })], { now: NOW });
    checkLineRules(ics);
    for (const line of ics.split('\r\n')) {
      const trailing = /\\*$/.exec(line)![0].length;
      expect(trailing % 2).toBe(0);
    }
    expect(only(ics).summary).toBe(summary);
  });

  it('foldIcsLine leaves short lines alone and packs long ASCII lines to exactly 75 octets', () => {
    expect(foldIcsLine('SUMMARY:短')).toBe('SUMMARY:短');
    const long = `DESCRIPTION:${'x'.repeat(200)}`;
    const parts = foldIcsLine(long).split('\r\n');
    expect(parts[0]).toHaveLength(75);
    expect(parts[1]).toHaveLength(75);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(long);
  });
});

describe('buildIcs: determinism and errors', () => {
  const events = [
    event({ uid: icsUid('meeting', 3), start: { date: '2026-12-01', time: '14:30' } }),
    event({ uid: icsUid('meeting', 1), start: { date: '2026-11-22', time: '09:00' } }),
    event({ uid: icsUid('meeting', 2), start: { date: '2026-11-22', time: '09:00' } }),
  ];

  it('same events in any order give the same bytes, sorted by start then UID', () => {
    const a = buildIcs(events, { now: NOW });
    expect(buildIcs([...events].reverse(), { now: NOW })).toBe(a);
    expect(buildIcs(events, { now: new Date(NOW.getTime()) })).toBe(a);
    expect(parse(a).events.map((e) => e.uid)).toEqual([
      'meeting-1@zongjian-desk.local',
      'meeting-2@zongjian-desk.local',
      'meeting-3@zongjian-desk.local',
    ]);
  });

  it('rejects events a calendar would misread', () => {
    const build = (o: Partial<IcsEvent>): string => buildIcs([event(o)], { now: NOW });
    expect(() => buildIcs([event(), event()], { now: NOW })).toThrow('UID 重复');
    expect(() => build({ uid: ' ' })).toThrow('UID 无效');
    expect(() => build({ start: { date: '2026-11-22', time: '9:00' } })).toThrow('开始时间无效');
    expect(() => build({ start: { date: '2026-11-22', time: '24:00' } })).toThrow('开始时间无效');
    expect(() => build({ start: { date: '2026-11-31', time: '09:00' } })).toThrow('开始时间无效');
    expect(() => build({ durationMinutes: 0 })).toThrow('时长');
    expect(() => build({ durationMinutes: 1.5 })).toThrow('时长');
    expect(() => build({ sequence: -1 })).toThrow('SEQUENCE');
    // A timestamp without a zone would be read in the machine's local time.
    expect(() => build({ lastModified: '2026-11-20 08:30:00' })).toThrow('带时区的 ISO 时间');
    expect(() => build({ status: 'DONE' as IcsEvent['status'] })).toThrow('状态无效');
    expect(() => buildIcs([event()], { now: new Date('nope') })).toThrow('导出时间无效');
  });
});

describe('icsUid', () => {
  it('is stable and readable', () => {
    expect(icsUid('meeting', 42)).toBe('meeting-42@zongjian-desk.local');
    expect(icsUid('meeting', 42, '2026-11-22')).toBe('meeting-42-20261122@zongjian-desk.local');
    expect(icsUid('meeting', '42')).toBe(icsUid('meeting', 42));
    expect(icsUid('meeting_series', 'a1b2c3d4-e5f6')).toBe(
      'meeting_series-a1b2c3d4-e5f6@zongjian-desk.local',
    );
  });

  it('rejects arguments that could make two different occurrences share a UID', () => {
    expect(() => icsUid('joint-meeting', 1)).toThrow('类别');
    expect(() => icsUid('meeting', '42-20261122')).toThrow('编号');
    expect(() => icsUid('meeting', -1)).toThrow('编号');
    expect(() => icsUid('meeting', 'a b')).toThrow('编号');
    expect(() => icsUid('meeting', 1, '2026-13-01')).toThrow('日期');
  });

  it('different arguments give different UIDs', () => {
    const arg = fc.tuple(
      fc.constantFrom('meeting', 'meeting_series', 'inspection'),
      fc.oneof(
        fc.nat(),
        fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/).filter((s) => !/-\d{8}$/.test(s)),
      ),
      fc.option(
        fc
          .integer({ min: 0, max: 3000 })
          .map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10)),
        { nil: undefined },
      ),
    );
    fc.assert(
      fc.property(arg, arg, ([k1, i1, o1], [k2, i2, o2]) => {
        const same = k1 === k2 && String(i1) === String(i2) && o1 === o2;
        expect(icsUid(k1, i1, o1) === icsUid(k2, i2, o2)).toBe(same);
      }),
    );
  });
});

describe('buildIcs properties', () => {
  // Any text without the control characters iCalendar cannot carry (and without CR, which becomes \n).
  const textUnit = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)) },
    { weight: 2, arbitrary: fc.integer({ min: 0x1f300, max: 0x1faff }).map((c) => String.fromCodePoint(c)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(',', ';', '\\', ':', '"', '\n', ' ', '\t', '，', '；', '👨‍👩‍👧', 'é'),
    },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  );
  const text = fc
    .string({ unit: textUnit, maxLength: 120 })
    .map((s) => s.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')); // eslint-disable-line no-control-regex

  it('summary, location and description round-trip exactly through buildIcs + ical.js', () => {
    fc.assert(
      fc.property(text, text, text, (summary, location, description) => {
        const ics = buildIcs([event({ summary, location, description })], { now: NOW });
        checkLineRules(ics);
        const e = only(ics);
        expect(e.summary).toBe(summary);
        // Empty optional texts are left out rather than written empty.
        expect(e.location ?? '').toBe(location);
        expect(e.description ?? '').toBe(description);
      }),
      { numRuns: 300 },
    );
  });

  it('any start time and duration converts to the +08:00 instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3650 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 1, max: 7 * 1440 }),
        (dayOffset, minute, duration) => {
          const date = new Date(Date.UTC(2024, 0, 1 + dayOffset)).toISOString().slice(0, 10);
          const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
          const e = only(
            buildIcs([event({ start: { date, time }, durationMinutes: duration })], { now: NOW }),
          );
          const startMs = Date.parse(`${date}T${time}:00+08:00`);
          expect(e.startDate.toJSDate().getTime()).toBe(startMs);
          expect(e.endDate.toJSDate().getTime()).toBe(startMs + duration * 60_000);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("UIDs carry the office's calendar id, so two offices' meeting 42 never collide", () => {
    const a = icsUid('meeting', 42, undefined, '3f2a9c1e-0b7d-4c55-9e0a-5d6f7a8b9c0d');
    const b = icsUid('meeting', 42, undefined, '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f');
    expect(a).toBe('meeting-42@3f2a9c1e-0b7d-4c55-9e0a-5d6f7a8b9c0d.zongjian-desk.local');
    expect(a).not.toBe(b);
    expect(icsUid('meeting', 42, '2026-11-22', 'abc')).toBe('meeting-42-20261122@abc.zongjian-desk.local');
    expect(only(buildIcs([event({ uid: a })], { now: new Date('2026-11-22T00:00:00Z') })).uid).toBe(a);
    for (const bad of ['', 'A', 'a.b', '-a', 'a-', 'a b'])
      expect(() => icsUid('meeting', 42, undefined, bad), bad).toThrow('单位标识');
  });

  it('a cancellation on its own is METHOD:CANCEL, and only of cancelled events', () => {
    const now = new Date('2026-11-22T00:00:00Z');
    const cancelled = event({ status: 'CANCELLED', sequence: 2 });
    const { calendar, events } = parse(buildIcs([cancelled], { now, method: 'CANCEL' }));
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(events[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events[0]!.sequence).toBe(2);
    expect(parse(buildIcs([cancelled], { now })).calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(() => buildIcs([event()], { now, method: 'CANCEL' })).toThrow('只能包含已取消的会议');
  });
});
