// Working-day rules: checked against the chinese-days package itself (its isWorkday is the oracle for the
// built-in table) and against brute-force day-by-day walks (the oracle for the prefix-sum arithmetic).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import {
  addCalendarDays,
  builtinTableDays,
  addWorkingDays,
  calendarDayDeadline,
  calendarDaysBetween,
  createWorkCalendar,
  dayOfWeek,
  formatChineseDate,
  isIsoDate,
  isWorkingDay,
  lastWorkingDayOfQuarter,
  parseIsoDate,
  quarterEnd,
  quarterOf,
  todayIso,
  weekdayNames,
  weekdayZh,
  workingDayDeadline,
  workingDaysBetween,
  type DayOverride,
  type IsoDate,
  type Quarter,
  type WorkCalendar,
} from '../../shared/dates';

const cal = createWorkCalendar();
const QUARTERS: readonly Quarter[] = [1, 2, 3, 4];

// chinese-days keys its table by UTC-midnight instants rendered in local time but takes weekdays from local
// time, so west of UTC its own isWorkday is off by a day for ordinary days (the module corrects for this; see
// workdays.ts). Tests that use the package itself as the oracle only run where it is self-consistent.
const PACKAGE_CONSISTENT_HERE = [0, 3, 6, 9].every((m) => new Date(Date.UTC(2026, m, 1)).getDate() === 1);

/** The package's own verdict, asked with a local-midnight Date since it reads dates with local getters. */
function packageIsWorkday(iso: IsoDate): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return chineseDays.isWorkday(new Date(y, m - 1, d));
}

/** Independent of the module: steps local Dates backwards from the quarter's last day. */
function oracleLastWorkingDayOfQuarter(year: number, quarter: Quarter): IsoDate {
  for (let back = 0; back < 60; back++) {
    const dt = new Date(year, quarter * 3, -back); // day 0 of the next month = last day of this quarter
    const iso = `${dt.getFullYear()}-${String(dt.getMonth() + 1).padStart(2, '0')}-${String(dt.getDate()).padStart(2, '0')}`;
    if (chineseDays.isWorkday(dt)) return iso;
  }
  throw new Error('no working day within 60 days');
}

/** Brute force over the calendar's per-day answer, not its prefix sums. */
function oracleAdd(c: WorkCalendar, start: IsoDate, n: number): IsoDate {
  let d = start;
  let left = Math.abs(n);
  while (left > 0) {
    d = addCalendarDays(d, Math.sign(n));
    if (c.dayInfo(d).working) left--;
  }
  return d;
}

function oracleBetween(c: WorkCalendar, from: IsoDate, to: IsoDate): number {
  const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let d = addCalendarDays(lo, 1); d <= hi; d = addCalendarDays(d, 1)) if (c.dayInfo(d).working) count++;
  return count === 0 ? 0 : sign * count; // not -0, which toBe would tell apart from 0
}

function lastWorkingOnOrBefore(c: WorkCalendar, d: IsoDate): IsoDate {
  while (!c.dayInfo(d).working) d = addCalendarDays(d, -1);
  return d;
}

function firstWorkingOnOrAfter(c: WorkCalendar, d: IsoDate): IsoDate {
  while (!c.dayInfo(d).working) d = addCalendarDays(d, 1);
  return d;
}

describe('built-in table (chinese-days)', () => {
  it('covers a contiguous run of years from 2004 through at least 2026', () => {
    const years = cal.builtinYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    years.forEach((y, i) => expect(y).toBe(2004 + i));
    expect(cal.hasTableForYear(2026)).toBe(true);
    expect(cal.hasTableForYear(2003)).toBe(false);
    expect(cal.hasTableForYear(Math.max(...years) + 1)).toBe(false);
  });

  it.runIf(PACKAGE_CONSISTENT_HERE)('agrees with the package on every day of every covered year', () => {
    let mismatches = 0;
    for (const y of cal.builtinYears()) {
      for (let d = `${y}-01-01`; d <= `${y}-12-31`; d = addCalendarDays(d, 1)) {
        if (cal.isWorkingDay(d) !== packageIsWorkday(d)) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('reads the same table from the package’s data as its getDayDetail gives, day by day, in every time zone', () => {
    // The old way of building the table, kept as the oracle: ask getDayDetail about each day's UTC-midnight
    // instant (the package renders it with local getters, so the date it echoes must be that day); a table day
    // comes back named "English,中文,n", an ordinary day after its English weekday.
    const english = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    const fromData = new Map(builtinTableDays().map((d) => [d.date, d]));
    let tableDays = 0;
    for (let year = 2000; year <= 2030; year++) {
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addCalendarDays(d, 1)) {
        const [y, m, day] = d.split('-').map(Number) as [number, number, number];
        const instant = new Date(Date.UTC(y, m - 1, day));
        const detail = chineseDays.getDayDetail(instant);
        const echoed = `${instant.getFullYear()}-${String(instant.getMonth() + 1).padStart(2, '0')}-${String(instant.getDate()).padStart(2, '0')}`;
        expect(detail.date).toBe(echoed);
        const listed = fromData.get(d);
        if (english.includes(detail.name)) {
          expect(listed).toBeUndefined();
        } else {
          tableDays++;
          expect(listed).toEqual({ date: d, working: detail.work, name: detail.name });
          expect(cal.dayInfo(d)).toMatchObject({ working: detail.work, source: 'builtin' });
        }
      }
    }
    expect(tableDays).toBe(fromData.size);
  });

  it('classifies days and carries the Chinese holiday name', () => {
    expect(cal.dayInfo('2026-10-01')).toEqual({
      date: '2026-10-01',
      kind: 'holiday',
      working: false,
      name: '国庆节',
      source: 'builtin',
    });
    // 2026-10-10 is a Saturday worked in lieu of National Day (调休上班).
    expect(cal.dayInfo('2026-10-10')).toEqual({
      date: '2026-10-10',
      kind: 'makeup_workday',
      working: true,
      name: '国庆节',
      source: 'builtin',
    });
    // A Saturday inside the New Year's block is reported as the holiday, not as a plain weekend.
    expect(cal.dayInfo('2026-01-03')).toMatchObject({ kind: 'holiday', name: '元旦', source: 'builtin' });
    expect(cal.dayInfo('2026-02-17')).toMatchObject({ kind: 'holiday', name: '春节' });
    expect(cal.dayInfo('2026-11-21')).toEqual({
      date: '2026-11-21',
      kind: 'weekend',
      working: false,
      name: null,
      source: 'weekday-rule',
    });
    expect(cal.dayInfo('2026-11-23')).toEqual({
      date: '2026-11-23',
      kind: 'workday',
      working: true,
      name: null,
      source: 'weekday-rule',
    });
    expect(isWorkingDay(cal, '2024-09-29')).toBe(true); // Sunday, 调休 for National Day 2024
    expect(isWorkingDay(cal, '2025-10-08')).toBe(false); // Wednesday, National Day + Mid-autumn 2025
  });

  it('falls back to the Monday–Friday rule after the table ends', () => {
    // chinese-days 1.5.7 stops at 2026: 2027-01-01 is a plain Friday until the office enters the year.
    expect(cal.dayInfo('2027-01-01')).toMatchObject({
      kind: 'workday',
      working: true,
      source: 'weekday-rule',
    });
    expect(cal.dayInfo('2027-01-02')).toMatchObject({
      kind: 'weekend',
      working: false,
      source: 'weekday-rule',
    });
  });
});

describe('lastWorkingDayOfQuarter', () => {
  // Derived by reading chinese-days' 2024–2026 tables (dist/years/*.json) and a weekday calendar.
  const expected: [number, Quarter, IsoDate, string][] = [
    [2024, 1, '2024-03-29', '2024-03-31 is a Sunday, 03-30 a Saturday (no 调休): back to Friday 03-29'],
    [2024, 2, '2024-06-28', '2024-06-30 is a Sunday (端午 was 06-10): back to Friday 06-28'],
    [
      2024,
      3,
      '2024-09-30',
      '2024-09-30 is a Monday and working; the Sunday before, 09-29, was also a 调休 working day',
    ],
    [2024, 4, '2024-12-31', '2024-12-31 is a Tuesday, working (元旦 2025 is only 01-01)'],
    [2025, 1, '2025-03-31', '2025-03-31 is a Monday, working'],
    [2025, 2, '2025-06-30', '2025-06-30 is a Monday, working (端午 ended 06-02)'],
    [
      2025,
      3,
      '2025-09-30',
      '2025-09-30 is a Tuesday, working; National Day starts 10-01 (09-28 Sunday is 调休)',
    ],
    [2025, 4, '2025-12-31', '2025-12-31 is a Wednesday, working (元旦 2026 starts 01-01)'],
    [2026, 1, '2026-03-31', '2026-03-31 is a Tuesday, working'],
    [2026, 2, '2026-06-30', '2026-06-30 is a Tuesday, working (端午 was 06-19..21)'],
    [
      2026,
      3,
      '2026-09-30',
      '2026-09-30 is a Wednesday, working: 中秋 09-25..27 and 国庆 from 10-01 leave it in between',
    ],
    [2026, 4, '2026-12-31', '2026-12-31 is a Thursday, working'],
  ];

  // 2024–2026 happen to have no quarter ending on a holiday or a 调休 day; earlier years in the table do.
  const edgeCases: [number, Quarter, IsoDate, string][] = [
    [
      2023,
      3,
      '2023-09-28',
      '2023-09-29..10-06 is 中秋+国庆: 09-30 is a holiday Saturday, 09-29 a holiday Friday',
    ],
    [2022, 4, '2022-12-30', '2022-12-31 (Saturday) is listed as 元旦 holiday: back to Friday 12-30'],
    [
      2018,
      4,
      '2018-12-29',
      '2018-12-31 (Monday) is 元旦 holiday, 12-30 Sunday too; 12-29 is a 调休 Saturday',
    ],
    [2018, 3, '2018-09-30', '2018-09-30 is a Sunday worked in lieu of 国庆节: the quarter ends on it'],
    [2017, 3, '2017-09-30', '2017-09-30 is a Saturday worked in lieu of 国庆节'],
    [2012, 3, '2012-09-29', '2012-09-30 (Sunday) is 中秋 holiday; 09-29 is a 调休 Saturday'],
    [2012, 1, '2012-03-31', '2012-03-31 is a Saturday worked in lieu of 清明'],
    [2007, 4, '2007-12-29', '2007-12-31 (Monday) is 元旦 holiday; 12-29 is a 调休 Saturday'],
  ];

  it.each(expected)('%i Q%i → %s (%s)', (year, quarter, iso) => {
    expect(lastWorkingDayOfQuarter(cal, year, quarter)).toBe(iso);
  });

  it.each(edgeCases)('edge case %i Q%i → %s (%s)', (year, quarter, iso) => {
    expect(lastWorkingDayOfQuarter(cal, year, quarter)).toBe(iso);
  });

  it.runIf(PACKAGE_CONSISTENT_HERE)(
    'matches a brute-force walk over the package isWorkday for every quarter of 2024–2026',
    () => {
      for (const [year, quarter, iso] of expected) {
        expect(oracleLastWorkingDayOfQuarter(year, quarter)).toBe(iso);
        expect(lastWorkingDayOfQuarter(cal, year, quarter)).toBe(
          oracleLastWorkingDayOfQuarter(year, quarter),
        );
      }
    },
  );

  it.runIf(PACKAGE_CONSISTENT_HERE)(
    'matches the brute-force walk for every quarter of every covered year',
    () => {
      for (const year of cal.builtinYears()) {
        for (const q of QUARTERS)
          expect(lastWorkingDayOfQuarter(cal, year, q)).toBe(oracleLastWorkingDayOfQuarter(year, q));
      }
    },
  );

  it('rejects a quarter outside 1–4', () => {
    expect(() => lastWorkingDayOfQuarter(cal, 2026, 5 as Quarter)).toThrow(RangeError);
    expect(() => quarterEnd(2026.5, 1)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('skips the National Day holidays', () => {
    expect(addWorkingDays(cal, '2024-09-30', 1)).toBe('2024-10-08'); // 10-01..07 off
    expect(addWorkingDays(cal, '2025-09-30', 1)).toBe('2025-10-09'); // 2025 runs to 10-08 (中秋 merged)
    expect(addWorkingDays(cal, '2026-09-30', 1)).toBe('2026-10-08');
    // 5 个工作日 from Monday 2026-09-28: 09-29, 09-30, 10-08, 10-09, then the 调休 Saturday 10-10.
    expect(workingDayDeadline(cal, '2026-09-28', 5)).toBe('2026-10-10');
  });

  it('skips the Spring Festival holidays', () => {
    expect(addWorkingDays(cal, '2025-01-27', 1)).toBe('2025-02-05'); // 01-28..02-04 off
    expect(addWorkingDays(cal, '2026-02-13', 2)).toBe('2026-02-24'); // 02-14 (调休 Sat), then 02-15..23 off
    // From Thursday 2024-02-08: Friday 02-09 (除夕 was not off in 2024), then 02-10..17 off, Sunday 02-18 is 调休.
    expect(addWorkingDays(cal, '2024-02-08', 2)).toBe('2024-02-18');
    expect(addWorkingDays(cal, '2024-02-08', 3)).toBe('2024-02-19');
  });

  it('counts a 调休 Saturday or Sunday as a working day', () => {
    expect(addWorkingDays(cal, '2024-09-27', 1)).toBe('2024-09-29'); // Friday → 调休 Sunday
    expect(addWorkingDays(cal, '2024-10-11', 1)).toBe('2024-10-12'); // Friday → 调休 Saturday
    expect(addWorkingDays(cal, '2025-01-24', 1)).toBe('2025-01-26'); // Friday → 调休 Sunday before 春节
    expect(addWorkingDays(cal, '2026-02-27', 1)).toBe('2026-02-28'); // Friday → 调休 Saturday after 春节
    expect(addWorkingDays(cal, '2026-11-20', 1)).toBe('2026-11-23'); // an ordinary Saturday is skipped
  });

  it('returns start unchanged for n = 0, even on a holiday', () => {
    expect(addWorkingDays(cal, '2026-10-01', 0)).toBe('2026-10-01');
    expect(addWorkingDays(cal, '2026-11-21', 0)).toBe('2026-11-21');
  });

  it('counts backwards for negative n', () => {
    expect(addWorkingDays(cal, '2026-10-12', -1)).toBe('2026-10-10'); // Monday ← 调休 Saturday
    expect(addWorkingDays(cal, '2026-02-24', -1)).toBe('2026-02-14'); // back over 春节 to the 调休 Saturday
    expect(addWorkingDays(cal, '2026-02-24', -2)).toBe('2026-02-13');
    expect(addWorkingDays(cal, '2026-11-23', -1)).toBe('2026-11-20');
  });

  it('starting on a holiday does not count the start', () => {
    expect(addWorkingDays(cal, '2026-10-01', 1)).toBe('2026-10-08');
    expect(addWorkingDays(cal, '2026-10-03', 1)).toBe('2026-10-08');
    expect(addWorkingDays(cal, '2026-10-03', -1)).toBe('2026-09-30');
    expect(addWorkingDays(cal, '2026-02-15', 1)).toBe('2026-02-24');
  });

  it('handles large n in both directions and across the table edges', () => {
    expect(addWorkingDays(cal, '2026-01-01', 2000)).toBe(oracleAdd(cal, '2026-01-01', 2000));
    expect(addWorkingDays(cal, '2005-06-01', -1500)).toBe(oracleAdd(cal, '2005-06-01', -1500));
    expect(addWorkingDays(cal, '2003-12-31', 1)).toBe('2004-01-02'); // 2004-01-01 is 元旦
  });

  it('rejects non-integer n and invalid dates', () => {
    expect(() => addWorkingDays(cal, '2026-10-01', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2026-10-01', Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2026-10-01', Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, '2026-02-30', 1)).toThrow(RangeError);
  });

  it('works with a WorkCalendar implemented elsewhere', () => {
    // Only Mondays are working days in this stand-in calendar.
    const mondays: WorkCalendar = {
      dayInfo: (date) => ({
        date,
        kind: 'workday',
        working: dayOfWeek(date) === 1,
        name: null,
        source: 'weekday-rule',
      }),
      isWorkingDay: (date) => dayOfWeek(date) === 1,
      hasTableForYear: () => false,
      builtinYears: () => [],
    };
    expect(addWorkingDays(mondays, '2026-11-22', 2)).toBe('2026-11-30');
    expect(addWorkingDays(mondays, '2026-11-23', -1)).toBe('2026-11-16');
    expect(workingDaysBetween(mondays, '2026-11-01', '2026-11-30')).toBe(5);
    expect(workingDaysBetween(mondays, '2026-11-30', '2026-11-01')).toBe(-5);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days in (from, to]', () => {
    expect(workingDaysBetween(cal, '2026-09-30', '2026-10-09')).toBe(2); // 10-08, 10-09
    expect(workingDaysBetween(cal, '2026-09-30', '2026-10-10')).toBe(3); // + 调休 Saturday
    expect(workingDaysBetween(cal, '2026-10-10', '2026-09-30')).toBe(-3);
    expect(workingDaysBetween(cal, '2026-11-23', '2026-11-23')).toBe(0);
    expect(workingDaysBetween(cal, '2026-11-22', '2026-11-23')).toBe(1);
  });

  it.runIf(PACKAGE_CONSISTENT_HERE)('counts the working days of whole years like the package does', () => {
    for (const y of [2024, 2025, 2026]) {
      let n = 0;
      for (let d = `${y}-01-01`; d <= `${y}-12-31`; d = addCalendarDays(d, 1)) if (packageIsWorkday(d)) n++;
      expect(workingDaysBetween(cal, `${y - 1}-12-31`, `${y}-12-31`)).toBe(n);
    }
  });
});

describe('office overrides', () => {
  it('turns a built-in holiday into a working day', () => {
    const c = createWorkCalendar([{ date: '2026-10-07', kind: 'workday', name: '国庆值班' }]);
    expect(c.dayInfo('2026-10-07')).toEqual({
      date: '2026-10-07',
      kind: 'workday',
      working: true,
      name: '国庆值班',
      source: 'office',
    });
    expect(addWorkingDays(c, '2026-09-30', 1)).toBe('2026-10-07');
    expect(addWorkingDays(cal, '2026-09-30', 1)).toBe('2026-10-08'); // the built-in calendar is untouched
  });

  it('turns a built-in 调休 working day into a holiday', () => {
    const c = createWorkCalendar([{ date: '2026-10-10', kind: 'holiday', name: '本单位调休' }]);
    expect(c.dayInfo('2026-10-10')).toMatchObject({
      kind: 'holiday',
      working: false,
      name: '本单位调休',
      source: 'office',
    });
    expect(addWorkingDays(c, '2026-10-09', 1)).toBe('2026-10-12');
  });

  it('marks an ordinary weekday off and an ordinary weekend day as 调休上班', () => {
    const c = createWorkCalendar([
      { date: '2026-11-23', kind: 'holiday', name: '区级活动' },
      { date: '2026-11-28', kind: 'workday', name: '补班' },
    ]);
    expect(c.dayInfo('2026-11-23')).toMatchObject({ kind: 'holiday', working: false, source: 'office' });
    expect(c.dayInfo('2026-11-28')).toMatchObject({
      kind: 'makeup_workday',
      working: true,
      source: 'office',
    });
    expect(workingDaysBetween(c, '2026-11-22', '2026-11-29')).toBe(5); // Tue–Fri + Saturday
  });

  it('lets the last override for a date win and rejects a malformed one', () => {
    const c = createWorkCalendar([
      { date: '2026-11-23', kind: 'holiday', name: 'a' },
      { date: '2026-11-23', kind: 'workday', name: 'b' },
    ]);
    expect(c.dayInfo('2026-11-23')).toMatchObject({ working: true, name: 'b' });
    expect(() => createWorkCalendar([{ date: '2026-02-30', kind: 'holiday', name: 'x' }])).toThrow(
      RangeError,
    );
    expect(() => createWorkCalendar([{ date: '2026-02-03', kind: 'off' as 'holiday', name: 'x' }])).toThrow(
      RangeError,
    );
  });

  it('a new year entered by the office (2027, not in chinese-days 1.5.7) gives that year a table', () => {
    // A hypothetical 2027 table: the real one is published by the State Council in the autumn before.
    const y2027: DayOverride[] = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      ...[
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
        '2027-02-12',
      ].map((date): DayOverride => ({ date, kind: 'holiday', name: '春节' })),
      { date: '2027-02-13', kind: 'workday', name: '春节' }, // Saturday 调休上班
      { date: '2027-03-31', kind: 'holiday', name: '测试' },
    ];
    const c = createWorkCalendar(y2027);
    expect(cal.hasTableForYear(2027)).toBe(false);
    expect(c.hasTableForYear(2027)).toBe(true);
    expect(c.hasTableForYear(2028)).toBe(false);
    expect(c.builtinYears()).toEqual(cal.builtinYears()); // overrides are not "built in"

    expect(addWorkingDays(cal, '2026-12-31', 1)).toBe('2027-01-01');
    expect(addWorkingDays(c, '2026-12-31', 1)).toBe('2027-01-04');
    expect(addWorkingDays(c, '2027-02-05', 1)).toBe('2027-02-13'); // straight to the 调休 Saturday
    expect(addWorkingDays(c, '2027-02-05', 2)).toBe('2027-02-15');
    expect(lastWorkingDayOfQuarter(cal, 2027, 1)).toBe('2027-03-31');
    expect(lastWorkingDayOfQuarter(c, 2027, 1)).toBe('2027-03-30');
  });

  it('an override in the first year past the table makes hasTableForYear true', () => {
    const next = Math.max(...cal.builtinYears()) + 1;
    const c = createWorkCalendar([{ date: `${next}-10-01`, kind: 'holiday', name: '国庆节' }]);
    expect(cal.hasTableForYear(next)).toBe(false);
    expect(c.hasTableForYear(next)).toBe(true);
    expect(c.dayInfo(`${next}-10-01`)).toMatchObject({ kind: 'holiday', working: false, source: 'office' });
  });
});

describe('calendar-day deadlines', () => {
  it.each([
    ['2026-11-20', '2026-12-05', 'across a month end'],
    ['2026-12-20', '2027-01-04', 'across a year end'],
    ['2026-02-20', '2026-03-07', 'February of a common year'],
    ['2028-02-20', '2028-03-06', 'February of leap year 2028 (29 days)'],
    ['2028-02-14', '2028-02-29', 'landing on the leap day'],
    ['2028-02-29', '2028-03-15', 'starting on the leap day'],
    ['2026-10-01', '2026-10-16', 'holidays do not matter for calendar days'],
  ])('15 days from %s is %s (%s)', (start, due) => {
    expect(calendarDayDeadline(start, 15)).toBe(due);
    expect(calendarDaysBetween(start, due)).toBe(15);
  });

  it('handles century leap rules and negative offsets', () => {
    expect(addCalendarDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addCalendarDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addCalendarDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(() => addCalendarDays('2026-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('date helpers', () => {
  it('isIsoDate is strict and knows real calendar dates', () => {
    for (const s of ['2026-02-28', '2028-02-29', '2000-02-29', '2026-12-31', '0001-01-01', '9999-12-31'])
      expect(isIsoDate(s)).toBe(true);
    for (const s of [
      '2026-02-29',
      '2026-02-30',
      '2100-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-5',
      '2026-01-05T00:00',
      ' 2026-01-05',
      '20260105',
      '2026/01/05',
      '0000-01-01',
      '',
    ]) {
      expect(isIsoDate(s)).toBe(false);
    }
  });

  it('parseIsoDate splits into numbers or throws', () => {
    expect(parseIsoDate('2026-01-05')).toEqual({ year: 2026, month: 1, day: 5 });
    expect(() => parseIsoDate('2026-02-30')).toThrow(RangeError);
  });

  it('quarterOf', () => {
    expect(quarterOf('2026-01-01')).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf('2026-03-31')).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf('2026-04-01')).toEqual({ year: 2026, quarter: 2 });
    expect(quarterOf('2026-09-30')).toEqual({ year: 2026, quarter: 3 });
    expect(quarterOf('2026-12-31')).toEqual({ year: 2026, quarter: 4 });
    expect(quarterEnd(2028, 1)).toBe('2028-03-31');
  });

  it("todayIso is the office's Beijing date of the injected clock, whatever the machine's zone", () => {
    // 23:59:59 and 00:00 in Beijing, written as UTC instants: the machine running the tests may be on any zone.
    expect(todayIso(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(todayIso(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
    expect(todayIso(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(todayIso(new Date('2026-01-01T00:00:00+08:00'))).toBe('2026-01-01');
    expect(isIsoDate(todayIso())).toBe(true);
  });

  it('formatChineseDate writes 成文日期 without leading zeros', () => {
    expect(formatChineseDate('2026-11-22')).toBe('2026年11月22日');
    expect(formatChineseDate('2026-01-05')).toBe('2026年1月5日');
    expect(() => formatChineseDate('2026-1-5')).toThrow(RangeError);
  });

  it('weekday names', () => {
    expect(weekdayNames).toEqual(['日', '一', '二', '三', '四', '五', '六']);
    expect(dayOfWeek('2026-11-22')).toBe(0);
    expect(weekdayZh('2026-11-22')).toBe('星期日');
    expect(weekdayZh('2026-11-23', '周')).toBe('周一');
    expect(weekdayZh('1970-01-01')).toBe('星期四');
    expect(weekdayZh('1969-12-29')).toBe('星期一');
  });
});

describe('properties', () => {
  // Days from 2002 to 2029: before the table, inside it, and after it.
  const FIRST = '2002-01-01';
  const SPAN = calendarDaysBetween(FIRST, '2029-12-31');
  const dateArb = fc.integer({ min: 0, max: SPAN }).map((k) => addCalendarDays(FIRST, k));
  const nArb = fc.integer({ min: -300, max: 300 });
  const nonZeroArb = nArb.filter((n) => n !== 0);
  const overridesArb = fc.array(
    fc.record({
      date: dateArb,
      kind: fc.constantFrom('holiday' as const, 'workday' as const),
      name: fc.constant('调整'),
    }),
    { maxLength: 30 },
  );
  // Overrides rather than calendars are generated so that a counterexample prints readably.
  const calOverridesArb = fc.oneof(fc.constant([] as DayOverride[]), overridesArb);
  const calFor = (o: DayOverride[]): WorkCalendar => (o.length === 0 ? cal : createWorkCalendar(o));

  it('addWorkingDays(d, n) is a working day for n ≠ 0, on the right side of d', () => {
    fc.assert(
      fc.property(calOverridesArb, dateArb, nonZeroArb, (o, d, n) => {
        const c = calFor(o);
        const r = addWorkingDays(c, d, n);
        expect(c.isWorkingDay(r)).toBe(true);
        expect(n > 0 ? r > d : r < d).toBe(true);
      }),
    );
  });

  it('workingDaysBetween(d, addWorkingDays(d, n)) === n for n ≥ 0, and for n < 0 when d is a working day', () => {
    fc.assert(
      fc.property(calOverridesArb, dateArb, nArb, (o, d, n) => {
        const c = calFor(o);
        const between = workingDaysBetween(c, d, addWorkingDays(c, d, n));
        // Going back, (r, d] holds the |n| working days of [r, d) minus r plus d, so a non-working d is one short.
        return n >= 0 || c.isWorkingDay(d) ? between === n : between === n + 1;
      }),
    );
  });

  it('both agree with a day-by-day brute force', () => {
    fc.assert(
      fc.property(calOverridesArb, dateArb, nArb, dateArb, (o, d, n, e) => {
        const c = calFor(o);
        expect(addWorkingDays(c, d, n)).toBe(oracleAdd(c, d, n));
        expect(workingDaysBetween(c, d, e)).toBe(oracleBetween(c, d, e));
      }),
      { numRuns: 60 },
    );
  });

  it('going n forward then n back lands on the last working day on or before d (first on or after, for n < 0)', () => {
    fc.assert(
      fc.property(calOverridesArb, dateArb, nonZeroArb, (o, d, n) => {
        const c = calFor(o);
        const back = addWorkingDays(c, addWorkingDays(c, d, n), -n);
        if (n > 0) {
          expect(back <= d).toBe(true);
          expect(back).toBe(lastWorkingOnOrBefore(c, d));
        } else {
          expect(back >= d).toBe(true);
          expect(back).toBe(firstWorkingOnOrAfter(c, d));
        }
        // So the round trip is exact exactly when d is a working day.
        expect(back === d).toBe(c.isWorkingDay(d));
      }),
    );
  });

  it('steps of the same sign compose', () => {
    fc.assert(
      fc.property(
        calOverridesArb,
        dateArb,
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 200 }),
        fc.boolean(),
        (o, d, a, b, neg) => {
          const c = calFor(o);
          const s = neg ? -1 : 1;
          return addWorkingDays(c, addWorkingDays(c, d, s * a), s * b) === addWorkingDays(c, d, s * (a + b));
        },
      ),
    );
  });

  it('workingDaysBetween is antisymmetric and additive', () => {
    fc.assert(
      fc.property(calOverridesArb, dateArb, dateArb, dateArb, (o, a, b, x) => {
        const c = calFor(o);
        expect(workingDaysBetween(c, a, b) + workingDaysBetween(c, b, a)).toBe(0);
        expect(workingDaysBetween(c, a, b) + workingDaysBetween(c, b, x)).toBe(workingDaysBetween(c, a, x));
      }),
    );
  });

  it('past the table, every 7 consecutive days hold exactly 5 working days', () => {
    const later = fc.integer({ min: 0, max: 3650 }).map((k) => addCalendarDays('2030-01-01', k));
    fc.assert(fc.property(later, (d) => workingDaysBetween(cal, d, addCalendarDays(d, 7)) === 5));
  });

  it('addCalendarDays and isIsoDate agree with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60000 }), fc.integer({ min: -5000, max: 5000 }), (k, n) => {
        const d = new Date(Date.UTC(1970, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
        const e = new Date(Date.UTC(1970, 0, 1) + (k + n) * 86_400_000).toISOString().slice(0, 10);
        return addCalendarDays(d, n) === e && calendarDaysBetween(d, e) === n;
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, day) => {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const real = new Date(Date.UTC(y, m - 1, day)).toISOString().slice(0, 10) === s;
          return isIsoDate(s) === real;
        },
      ),
    );
  });
});

describe('the office calendar after its overrides change', () => {
  it('each change of a day (kind, name, removal) is what the next read of the calendar gives', async () => {
    const { newSetupApp } = await import('./helpers');
    const app = await newSetupApp({ now: '2026-11-20T02:00:00Z' }); // a Friday
    try {
      // calendar.status reads the calendar the handlers share (loadWorkCalendar), made again only on a change.
      const today = async () => (await app.call('calendar.status', {})).todayInfo;
      expect(await today()).toMatchObject({ working: true, source: 'weekday-rule' });
      await app.call('calendar.setOverride', { date: '2026-11-20', kind: 'holiday', name: '调休' });
      expect(await today()).toMatchObject({ working: false, name: '调休', source: 'office' });
      await app.call('calendar.setOverride', { date: '2026-11-20', kind: 'holiday', name: '停电' });
      expect(await today()).toMatchObject({ working: false, name: '停电' });
      await app.call('calendar.setOverride', { date: '2026-11-20', kind: 'workday', name: '停电' });
      expect(await today()).toMatchObject({ working: true, source: 'office' });
      await app.call('calendar.removeOverride', { date: '2026-11-20' });
      expect(await today()).toMatchObject({ working: true, source: 'weekday-rule' });
      expect((await app.call('calendar.status', {})).quarterLastWorkingDay).toBe('2026-12-31');
      await app.call('calendar.setOverride', { date: '2026-12-31', kind: 'holiday', name: '年终' });
      expect((await app.call('calendar.status', {})).quarterLastWorkingDay).toBe('2026-12-30');
    } finally {
      await app.close();
    }
  });
});
