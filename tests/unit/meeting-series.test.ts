// Recurring meeting series: concrete cases against the real 2026 State Council table (dates worked out by
// hand from a 2026 wall calendar, 2026-01-01 being a Thursday, and the table printed in dates.test.ts), then
// properties against brute-force day-by-day oracles that share no code with the module.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addCalendarDays,
  createWorkCalendar,
  dayOfWeek,
  parseIsoDate,
  type DayOverride,
  type IsoDate,
  type WorkCalendar,
} from '../../shared/dates';
import {
  MAX_OCCURRENCES_PER_CALL,
  describeSeries,
  describeSeriesBounds,
  expandSeries,
  nonWorkingWarning,
  validateSeriesRule,
  type SeriesAnchor,
  type SeriesException,
  type SeriesOccurrence,
  type SeriesRule,
  type WorkingDayPolicy,
} from '../../shared/domain/meeting-series';

const cal = createWorkCalendar();
const YEAR_2026 = { from: '2026-01-01', to: '2026-12-31' };

const dates = (occ: readonly SeriesOccurrence[]): IsoDate[] => occ.map((o) => o.date);

function firstWorkingTuesdayQuarterly(workingDayOnly: WorkingDayPolicy): SeriesRule {
  return {
    frequency: 'quarterly',
    interval: 1,
    anchor: { kind: 'weekdayOrdinal', weekday: 2, ordinal: 1 },
    workingDayOnly,
    start: '2026-01-01',
  };
}

function lastFridayMonthly(workingDayOnly: WorkingDayPolicy): SeriesRule {
  return {
    frequency: 'monthly',
    interval: 1,
    anchor: { kind: 'weekdayOrdinal', weekday: 5, ordinal: -1 },
    workingDayOnly,
    start: '2026-01-01',
  };
}

describe('expandSeries: quarterly, first working Tuesday (2026 table)', () => {
  it('the calendar facts the cases rely on', () => {
    expect(cal.dayInfo('2026-10-06')).toMatchObject({ kind: 'holiday', name: '国庆节' });
    expect(dayOfWeek('2026-10-06')).toBe(2);
    expect(cal.isWorkingDay('2026-10-07')).toBe(false);
    expect(cal.isWorkingDay('2026-10-08')).toBe(true);
    expect(cal.isWorkingDay('2026-09-30')).toBe(true);
    expect(cal.dayInfo('2026-04-06')).toMatchObject({ kind: 'holiday', name: '清明' });
  });

  it('firstWorkingWeekday skips the 国庆 Tuesday 10-06 and takes the next Tuesday', () => {
    // Jan: 01-06 (元旦 was 01-01..03). Apr: 04-07 (清明 was 04-04..06, a Monday). Jul: 07-07. Oct: 10-06 is
    // 国庆节, so the first Tuesday that is a working day is 10-13.
    const occ = expandSeries(firstWorkingTuesdayQuarterly('firstWorkingWeekday'), cal, YEAR_2026);
    expect(occ).toEqual([
      { originalDate: '2026-01-06', date: '2026-01-06', cancelled: false, index: 0 },
      { originalDate: '2026-04-07', date: '2026-04-07', cancelled: false, index: 1 },
      { originalDate: '2026-07-07', date: '2026-07-07', cancelled: false, index: 2 },
      { originalDate: '2026-10-06', date: '2026-10-13', cancelled: false, index: 3 },
    ]);
  });

  it('nextWorkingDay moves 10-06 to Thursday 10-08; previousWorkingDay to Wednesday 09-30; none keeps it', () => {
    const next = expandSeries(firstWorkingTuesdayQuarterly('nextWorkingDay'), cal, YEAR_2026);
    expect(dates(next)).toEqual(['2026-01-06', '2026-04-07', '2026-07-07', '2026-10-08']);
    expect(next[3]!.originalDate).toBe('2026-10-06');
    const prev = expandSeries(firstWorkingTuesdayQuarterly('previousWorkingDay'), cal, YEAR_2026);
    expect(dates(prev)).toEqual(['2026-01-06', '2026-04-07', '2026-07-07', '2026-09-30']);
    const none = expandSeries(firstWorkingTuesdayQuarterly('none'), cal, YEAR_2026);
    expect(dates(none)).toEqual(['2026-01-06', '2026-04-07', '2026-07-07', '2026-10-06']);
  });

  it('continues into the following years and honours monthOfPeriod and interval', () => {
    const rule = { ...firstWorkingTuesdayQuarterly('firstWorkingWeekday'), monthOfPeriod: 2, interval: 2 };
    // Every second quarter from Q1 2026, second month: Feb 2026 (02-03), Aug 2026 (08-04), Feb 2027 (02-02).
    expect(dates(expandSeries(rule, cal, { from: '2026-01-01', to: '2027-03-31' }))).toEqual([
      '2026-02-03',
      '2026-08-04',
      '2027-02-02',
    ]);
  });
});

describe('expandSeries: monthly', () => {
  it('last Friday of each month of 2026, and the 中秋 Friday 09-25 under each policy', () => {
    const plain = [
      '2026-01-30',
      '2026-02-27',
      '2026-03-27',
      '2026-04-24',
      '2026-05-29',
      '2026-06-26',
      '2026-07-31',
      '2026-08-28',
      '2026-09-25',
      '2026-10-30',
      '2026-11-27',
      '2026-12-25',
    ];
    expect(dates(expandSeries(lastFridayMonthly('none'), cal, YEAR_2026))).toEqual(plain);
    expect(cal.dayInfo('2026-09-25')).toMatchObject({ kind: 'holiday', name: '中秋' });
    const withSeptember = (d: IsoDate): IsoDate[] => plain.map((p) => (p === '2026-09-25' ? d : p));
    // 09-26/27 are the holiday weekend, Monday 09-28 works.
    expect(dates(expandSeries(lastFridayMonthly('nextWorkingDay'), cal, YEAR_2026))).toEqual(
      withSeptember('2026-09-28'),
    );
    expect(dates(expandSeries(lastFridayMonthly('previousWorkingDay'), cal, YEAR_2026))).toEqual(
      withSeptember('2026-09-24'),
    );
    expect(dates(expandSeries(lastFridayMonthly('firstWorkingWeekday'), cal, YEAR_2026))).toEqual(
      withSeptember('2026-09-18'),
    );
    const moved = expandSeries(lastFridayMonthly('nextWorkingDay'), cal, YEAR_2026)[8]!;
    expect(moved).toEqual({ originalDate: '2026-09-25', date: '2026-09-28', cancelled: false, index: 8 });
  });

  it('day 31 is clamped to the month end: 02-28 in 2026, 02-29 in the leap year 2028', () => {
    const rule: SeriesRule = {
      frequency: 'monthly',
      interval: 1,
      anchor: { kind: 'dayOfMonth', day: 31 },
      workingDayOnly: 'none',
      start: '2026-01-01',
    };
    expect(dates(expandSeries(rule, cal, { from: '2026-01-01', to: '2026-06-30' }))).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
    ]);
    expect(dates(expandSeries(rule, cal, { from: '2028-02-01', to: '2028-02-29' }))).toEqual(['2028-02-29']);
    // Postponed: Sat 01-31 → Mon 02-02; Sat 02-28 is a 调休 working day (春节) and stays; Sun 05-31 → 06-01.
    const next = expandSeries({ ...rule, workingDayOnly: 'nextWorkingDay' }, cal, {
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(dates(next)).toEqual([
      '2026-02-02',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-06-01',
      '2026-06-30',
    ]);
  });

  it('yearly on 3月15日, every second year', () => {
    const rule: SeriesRule = {
      frequency: 'yearly',
      interval: 2,
      anchor: { kind: 'dayOfMonth', day: 15 },
      monthOfPeriod: 3,
      workingDayOnly: 'none',
      start: '2026-01-01',
    };
    expect(dates(expandSeries(rule, cal, { from: '2026-01-01', to: '2031-12-31' }))).toEqual([
      '2026-03-15',
      '2028-03-15',
      '2030-03-15',
    ]);
  });
});

describe('expandSeries: weekly', () => {
  const mondays: SeriesRule = {
    frequency: 'weekly',
    interval: 1,
    anchor: { kind: 'weekday', weekday: 1 },
    workingDayOnly: 'none',
    start: '2026-01-01',
  };
  const february = { from: '2026-02-01', to: '2026-03-08' };

  it('starts in the week of the start date, weeks running Monday to Sunday', () => {
    // 2026-01-01 is a Thursday: that week's Monday (2025-12-29) is before the start, so 01-05 is index 0.
    expect(expandSeries(mondays, cal, { from: '2025-12-01', to: '2026-01-12' })).toEqual([
      { originalDate: '2026-01-05', date: '2026-01-05', cancelled: false, index: 0 },
      { originalDate: '2026-01-12', date: '2026-01-12', cancelled: false, index: 1 },
    ]);
    const fortnightlySunday: SeriesRule = {
      ...mondays,
      interval: 2,
      anchor: { kind: 'weekday', weekday: 0 },
    };
    // Every other week from the week of 12-29: its Sunday 01-04 is after the start.
    expect(dates(expandSeries(fortnightlySunday, cal, { from: '2026-01-01', to: '2026-02-01' }))).toEqual([
      '2026-01-04',
      '2026-01-18',
      '2026-02-01',
    ]);
  });

  it('merges two 春节 Mondays that land on the same working day into one occurrence', () => {
    // 02-16 and 02-23 are both 春节 holidays (02-15..02-23).
    expect(cal.isWorkingDay('2026-02-16') || cal.isWorkingDay('2026-02-23')).toBe(false);
    expect(dates(expandSeries(mondays, cal, february))).toEqual([
      '2026-02-02',
      '2026-02-09',
      '2026-02-16',
      '2026-02-23',
      '2026-03-02',
    ]);
    // Postponed, both would be on Tuesday 02-24: the 02-23 meeting (one day late) is kept.
    expect(expandSeries({ ...mondays, workingDayOnly: 'nextWorkingDay' }, cal, february)).toEqual([
      { originalDate: '2026-02-02', date: '2026-02-02', cancelled: false, index: 4 },
      { originalDate: '2026-02-09', date: '2026-02-09', cancelled: false, index: 5 },
      { originalDate: '2026-02-23', date: '2026-02-24', cancelled: false, index: 6 },
      { originalDate: '2026-03-02', date: '2026-03-02', cancelled: false, index: 7 },
    ]);
    // Brought forward, both would be on the 调休 Saturday 02-14: the 02-16 meeting (two days early) is kept.
    expect(expandSeries({ ...mondays, workingDayOnly: 'previousWorkingDay' }, cal, february)).toEqual([
      { originalDate: '2026-02-02', date: '2026-02-02', cancelled: false, index: 4 },
      { originalDate: '2026-02-09', date: '2026-02-09', cancelled: false, index: 5 },
      { originalDate: '2026-02-16', date: '2026-02-14', cancelled: false, index: 6 },
      { originalDate: '2026-03-02', date: '2026-03-02', cancelled: false, index: 7 },
    ]);
  });
});

describe('expandSeries: start, until, count', () => {
  const fifteenth: SeriesRule = {
    frequency: 'monthly',
    interval: 1,
    anchor: { kind: 'dayOfMonth', day: 15 },
    workingDayOnly: 'none',
    start: '2026-01-01',
  };

  it('count keeps the first N occurrences; the range only filters them', () => {
    expect(dates(expandSeries({ ...fifteenth, count: 3 }, cal, YEAR_2026))).toEqual([
      '2026-01-15',
      '2026-02-15',
      '2026-03-15',
    ]);
    expect(expandSeries({ ...fifteenth, count: 3 }, cal, { from: '2026-02-01', to: '2026-12-31' })).toEqual([
      { originalDate: '2026-02-15', date: '2026-02-15', cancelled: false, index: 1 },
      { originalDate: '2026-03-15', date: '2026-03-15', cancelled: false, index: 2 },
    ]);
  });

  it('until is inclusive and bounds the date the meeting actually takes place', () => {
    expect(dates(expandSeries({ ...fifteenth, until: '2026-03-15' }, cal, YEAR_2026))).toHaveLength(3);
    expect(dates(expandSeries({ ...fifteenth, until: '2026-03-14' }, cal, YEAR_2026))).toHaveLength(2);
    // Postponed: 02-15 is the first day of 春节 (02-15..02-23), so February's meeting is on 02-24; Sunday
    // 03-15 moves to Monday 03-16, after until, so the series ends with February's meeting.
    const next = { ...fifteenth, workingDayOnly: 'nextWorkingDay' as const, until: '2026-03-15' };
    expect(dates(expandSeries(next, cal, YEAR_2026))).toEqual(['2026-01-15', '2026-02-24']);
    expect(dates(expandSeries({ ...next, until: '2026-03-16' }, cal, YEAR_2026))).toEqual([
      '2026-01-15',
      '2026-02-24',
      '2026-03-16',
    ]);
  });

  it('a start date mid-period: the period is kept if its meeting is not before the start', () => {
    // Quarterly from 02-10: January's meeting is before the start, so April's is the first.
    const q = { ...firstWorkingTuesdayQuarterly('firstWorkingWeekday'), start: '2026-02-10' };
    expect(expandSeries(q, cal, YEAR_2026)[0]).toEqual({
      originalDate: '2026-04-07',
      date: '2026-04-07',
      cancelled: false,
      index: 0,
    });
    // Weekly Tuesdays from Thursday 10-08: that week's Tuesday 10-06 (国庆) is postponed to 10-08 itself.
    const tuesdays: SeriesRule = {
      frequency: 'weekly',
      interval: 1,
      anchor: { kind: 'weekday', weekday: 2 },
      workingDayOnly: 'nextWorkingDay',
      start: '2026-10-08',
    };
    expect(expandSeries(tuesdays, cal, { from: '2026-10-01', to: '2026-10-14' })).toEqual([
      { originalDate: '2026-10-06', date: '2026-10-08', cancelled: false, index: 0 },
      { originalDate: '2026-10-13', date: '2026-10-13', cancelled: false, index: 1 },
    ]);
  });

  it('returns nothing for a range before the start or an empty range', () => {
    expect(expandSeries(fifteenth, cal, { from: '2025-01-01', to: '2025-12-31' })).toEqual([]);
    expect(expandSeries(fifteenth, cal, { from: '2026-05-01', to: '2026-04-01' })).toEqual([]);
  });
});

describe('expandSeries: exceptions', () => {
  const rule = firstWorkingTuesdayQuarterly('firstWorkingWeekday');

  it('moves and cancels single occurrences keyed by originalDate, keeping their index', () => {
    const exceptions = new Map<IsoDate, SeriesException>([
      ['2026-04-07', { date: '2026-04-09' }],
      ['2026-07-07', { cancelled: true }],
      ['2026-10-06', { cancelled: true, date: '2026-10-20' }],
      ['2026-05-05', { cancelled: true }], // not an occurrence: ignored
    ]);
    expect(expandSeries(rule, cal, YEAR_2026, exceptions)).toEqual([
      { originalDate: '2026-01-06', date: '2026-01-06', cancelled: false, index: 0 },
      { originalDate: '2026-04-07', date: '2026-04-09', cancelled: false, index: 1 },
      { originalDate: '2026-07-07', date: '2026-07-07', cancelled: true, index: 2 },
      { originalDate: '2026-10-06', date: '2026-10-20', cancelled: true, index: 3 },
    ]);
  });

  it('a moved occurrence is found by its new date, in or out of the range, and the result is sorted by date', () => {
    const exceptions = new Map<IsoDate, SeriesException>([
      ['2026-01-06', { date: '2026-12-15' }],
      ['2026-04-07', { date: '2026-05-06' }],
    ]);
    expect(expandSeries(rule, cal, { from: '2026-12-01', to: '2026-12-31' }, exceptions)).toEqual([
      { originalDate: '2026-01-06', date: '2026-12-15', cancelled: false, index: 0 },
    ]);
    expect(expandSeries(rule, cal, { from: '2026-04-01', to: '2026-04-30' }, exceptions)).toEqual([]);
    // A late occurrence moved before an earlier one comes first.
    const swapped = new Map<IsoDate, SeriesException>([['2026-07-07', { date: '2026-03-03' }]]);
    expect(dates(expandSeries(rule, cal, YEAR_2026, swapped))).toEqual([
      '2026-01-06',
      '2026-03-03',
      '2026-04-07',
      '2026-10-13',
    ]);
  });

  it('rejects a moved date that is not an ISO date', () => {
    const bad = new Map<IsoDate, SeriesException>([['2026-04-07', { date: '2026-4-9' }]]);
    expect(() => expandSeries(rule, cal, YEAR_2026, bad)).toThrow('会议改期的日期无效');
  });
});

describe('expandSeries: runaway guard', () => {
  const weekly: SeriesRule = {
    frequency: 'weekly',
    interval: 1,
    anchor: { kind: 'weekday', weekday: 1 },
    workingDayOnly: 'none',
    start: '1900-01-01', // a Monday
  };

  it('returns at most 1,000 occurrences, the earliest by date', () => {
    const occ = expandSeries(weekly, cal, { from: '1900-01-01', to: '2199-12-31' });
    expect(MAX_OCCURRENCES_PER_CALL).toBe(1000);
    expect(occ).toHaveLength(1000);
    expect(occ[0]).toEqual({ originalDate: '1900-01-01', date: '1900-01-01', cancelled: false, index: 0 });
    expect(occ[999]!.date).toBe(addCalendarDays('1900-01-01', 999 * 7));
  });

  it('still finds an occurrence moved from far in the future to the start of the range', () => {
    const key = addCalendarDays('1900-01-01', 7 * 12_000); // index 12000, in 2129
    const exceptions = new Map<IsoDate, SeriesException>([[key, { date: '1900-01-03' }]]);
    const occ = expandSeries(weekly, cal, { from: '1900-01-01', to: '2199-12-31' }, exceptions);
    expect(occ).toHaveLength(1000);
    expect(occ[1]).toEqual({ originalDate: key, date: '1900-01-03', cancelled: false, index: 12_000 });
    expect(occ[999]!.date).toBe(addCalendarDays('1900-01-01', 998 * 7));
  });
});

describe('validateSeriesRule', () => {
  const valid = firstWorkingTuesdayQuarterly('firstWorkingWeekday');

  it('accepts the examples', () => {
    expect(validateSeriesRule(valid)).toEqual([]);
    expect(
      validateSeriesRule({ ...lastFridayMonthly('nextWorkingDay'), until: '2026-12-31', count: 5 }),
    ).toEqual([]);
  });

  it('reports each problem in Chinese', () => {
    expect(validateSeriesRule({ ...valid, until: '2025-12-31' })).toEqual(['结束日期不能早于开始日期']);
    expect(validateSeriesRule({ ...valid, interval: 0 })).toEqual(['重复间隔须为 1 至 12 之间的整数']);
    expect(validateSeriesRule({ ...valid, interval: 13 })).toEqual(['重复间隔须为 1 至 12 之间的整数']);
    expect(validateSeriesRule({ ...valid, count: 0 })).toEqual(['重复次数须为 1 至 1000 之间的整数']);
    expect(validateSeriesRule({ ...valid, monthOfPeriod: 4 })).toEqual(['季度中的月份须为第 1 至第 3 个月']);
    expect(validateSeriesRule({ ...lastFridayMonthly('none'), monthOfPeriod: 2 })).toEqual([
      '只有按季度或按年重复的会议可以指定月份',
    ]);
    expect(validateSeriesRule({ ...valid, start: '2026-02-30' })).toEqual(['开始日期无效']);
    expect(validateSeriesRule({ ...valid, start: '1899-12-31' })).toEqual([
      '开始日期须在 1900 年至 2199 年之间',
    ]);
    expect(
      validateSeriesRule({ ...valid, anchor: { kind: 'dayOfMonth', day: 32 }, workingDayOnly: 'none' }),
    ).toEqual(['日期须为 1 至 31 之间的整数']);
    expect(validateSeriesRule({ ...valid, anchor: { kind: 'dayOfMonth', day: 1 } })).toEqual([
      '“第几个工作日星期几”只适用于按“第几个星期几”设定的会议',
    ]);
    expect(validateSeriesRule({ ...valid, frequency: 'weekly' })).toEqual([
      '每周重复的会议只需指定星期几，不能指定“第几个星期几”',
    ]);
    expect(
      validateSeriesRule({ ...lastFridayMonthly('none'), anchor: { kind: 'weekday', weekday: 1 } }),
    ).toEqual(['按月、季度或年重复的会议须指定几号或“第几个星期几”']);
    const saturday = { kind: 'weekdayOrdinal', weekday: 6, ordinal: 5 } as unknown as SeriesAnchor;
    expect(validateSeriesRule({ ...valid, anchor: saturday })).toEqual([
      '“第几个星期几”中的星期须为星期一至星期五',
      '“第几个星期几”须为第一个至第四个或最后一个',
    ]);
  });

  it('survives garbage from JSON and lists every problem', () => {
    const garbage = JSON.parse('{"frequency":"daily","interval":"2","anchor":null}') as SeriesRule;
    expect(validateSeriesRule(garbage)).toEqual([
      '重复频率须为每周、每月、每季度或每年',
      '重复间隔须为 1 至 12 之间的整数',
      '请指定会议在周期中的哪一天',
      '请选择遇节假日的处理方式',
      '开始日期无效',
    ]);
    expect(validateSeriesRule(null as unknown as SeriesRule)).toContain('开始日期无效');
  });

  it('expandSeries and describeSeries throw a Chinese Error for an invalid rule', () => {
    const bad = { ...valid, until: '2025-12-31' };
    expect(() => expandSeries(bad, cal, YEAR_2026)).toThrow('会议重复规则无效：结束日期不能早于开始日期');
    expect(() => describeSeries(bad)).toThrow('结束日期不能早于开始日期');
    expect(() => expandSeries(valid, cal, { from: '2026-01-01', to: 'soon' })).toThrow('查询的日期范围无效');
  });
});

describe('describeSeries', () => {
  it('reads naturally', () => {
    expect(describeSeries(firstWorkingTuesdayQuarterly('firstWorkingWeekday'))).toBe(
      '每季度第一个月的第一个工作日星期二',
    );
    expect(describeSeries(lastFridayMonthly('nextWorkingDay'))).toBe(
      '每月最后一个星期五（遇节假日顺延至下一工作日）',
    );
    expect(describeSeries(lastFridayMonthly('previousWorkingDay'))).toBe(
      '每月最后一个星期五（遇节假日提前至上一工作日）',
    );
    const base = { interval: 1, workingDayOnly: 'none', start: '2026-01-01' } as const;
    expect(describeSeries({ ...base, frequency: 'weekly', anchor: { kind: 'weekday', weekday: 1 } })).toBe(
      '每周星期一',
    );
    expect(
      describeSeries({ ...base, frequency: 'weekly', interval: 2, anchor: { kind: 'weekday', weekday: 0 } }),
    ).toBe('每两周的星期日');
    expect(
      describeSeries({
        ...base,
        frequency: 'yearly',
        monthOfPeriod: 3,
        anchor: { kind: 'dayOfMonth', day: 15 },
      }),
    ).toBe('每年3月15日');
    expect(describeSeries({ ...base, frequency: 'monthly', anchor: { kind: 'dayOfMonth', day: 10 } })).toBe(
      '每月10日',
    );
    expect(
      describeSeries({
        ...base,
        frequency: 'monthly',
        interval: 3,
        anchor: { kind: 'weekdayOrdinal', weekday: 3, ordinal: 2 },
      }),
    ).toBe('每三个月的第二个星期三');
    expect(
      describeSeries({
        ...base,
        frequency: 'quarterly',
        interval: 2,
        monthOfPeriod: 3,
        anchor: { kind: 'weekdayOrdinal', weekday: 1, ordinal: -1 },
        workingDayOnly: 'firstWorkingWeekday',
      }),
    ).toBe('每两个季度第三个月的最后一个工作日星期一');
  });

  it('says how a day that some months lack is handled', () => {
    const base = { interval: 1, start: '2026-01-01' } as const;
    expect(
      describeSeries({
        ...base,
        frequency: 'monthly',
        anchor: { kind: 'dayOfMonth', day: 31 },
        workingDayOnly: 'nextWorkingDay',
      }),
    ).toBe('每月31日（不足31天的月份取最后一天，遇节假日顺延至下一工作日）');
    expect(
      describeSeries({
        ...base,
        frequency: 'quarterly',
        anchor: { kind: 'dayOfMonth', day: 31 },
        workingDayOnly: 'none',
      }),
    ).toBe('每季度第一个月的31日（不足31天的月份取最后一天）');
    const yearly = { ...base, frequency: 'yearly', workingDayOnly: 'none' } as const;
    expect(describeSeries({ ...yearly, monthOfPeriod: 2, anchor: { kind: 'dayOfMonth', day: 29 } })).toBe(
      '每年2月29日（平年为28日）',
    );
    expect(describeSeries({ ...yearly, monthOfPeriod: 2, anchor: { kind: 'dayOfMonth', day: 31 } })).toBe(
      '每年2月最后一天',
    );
    expect(describeSeries({ ...yearly, monthOfPeriod: 4, anchor: { kind: 'dayOfMonth', day: 31 } })).toBe(
      '每年4月最后一天',
    );
  });

  it('describeSeriesBounds', () => {
    const rule = firstWorkingTuesdayQuarterly('firstWorkingWeekday');
    expect(describeSeriesBounds(rule)).toBe('自2026年1月1日起');
    expect(describeSeriesBounds({ ...rule, until: '2026-12-31', count: 4 })).toBe(
      '自2026年1月1日起，至2026年12月31日止，共4次',
    );
  });
});

describe('nonWorkingWarning', () => {
  it('names the holiday, the weekend day or the office rest day', () => {
    expect(nonWorkingWarning(cal, '2026-10-06')).toBe('2026-10-06 是国庆节假日，不是工作日');
    expect(nonWorkingWarning(cal, '2026-10-03')).toBe('2026-10-03 是国庆节假日，不是工作日'); // a Saturday
    expect(nonWorkingWarning(cal, '2026-04-06')).toBe('2026-04-06 是清明节假日，不是工作日');
    expect(nonWorkingWarning(cal, '2026-09-25')).toBe('2026-09-25 是中秋节假日，不是工作日');
    expect(nonWorkingWarning(cal, '2026-11-21')).toBe('2026-11-21 是星期六，不是工作日');
    expect(nonWorkingWarning(cal, '2026-11-22')).toBe('2026-11-22 是星期日，不是工作日');
    const office = createWorkCalendar([
      { date: '2026-12-28', kind: 'holiday', name: '全区停电检修' },
      { date: '2026-12-29', kind: 'holiday', name: '' },
    ]);
    expect(nonWorkingWarning(office, '2026-12-28')).toBe(
      '2026-12-28 是本单位设定的休息日（全区停电检修），不是工作日',
    );
    expect(nonWorkingWarning(office, '2026-12-29')).toBe('2026-12-29 是本单位设定的休息日，不是工作日');
  });

  it('is null for working days, 调休 weekends included, and for non-dates', () => {
    expect(nonWorkingWarning(cal, '2026-11-23')).toBeNull();
    expect(nonWorkingWarning(cal, '2026-10-10')).toBeNull(); // 调休 Saturday
    expect(nonWorkingWarning(cal, '2026-02-30')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function isoOf(y: number, m: number, d: number): IsoDate {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Day by day: all dates of the month with the weekday, optionally only working ones. */
function weekdaysOfMonth(
  c: WorkCalendar,
  y: number,
  m: number,
  weekday: number,
  workingOnly: boolean,
): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = 1; d <= daysIn(y, m); d++) {
    const date = isoOf(y, m, d);
    if (new Date(Date.UTC(y, m - 1, d)).getUTCDay() === weekday && (!workingOnly || c.isWorkingDay(date)))
      out.push(date);
  }
  return out;
}

/** Does the nominal date satisfy the anchor and fall in a period of the series? Checked without the module. */
function nominalMatches(rule: SeriesRule, date: IsoDate): boolean {
  const { year, month, day } = parseIsoDate(date);
  const start = parseIsoDate(rule.start);
  const { anchor } = rule;
  if (rule.frequency === 'weekly') {
    if (anchor.kind !== 'weekday' || new Date(Date.UTC(year, month - 1, day)).getUTCDay() !== anchor.weekday)
      return false;
    const mondayOf = (y: number, m: number, d: number): number => {
      const t = Date.UTC(y, m - 1, d) / 86_400_000;
      return t - ((new Date(t * 86_400_000).getUTCDay() + 6) % 7);
    };
    const weeks = (mondayOf(year, month, day) - mondayOf(start.year, start.month, start.day)) / 7;
    return weeks >= 0 && weeks % rule.interval === 0;
  }
  const mop = rule.monthOfPeriod ?? 1;
  const monthIndex = year * 12 + month - 1;
  let first: number;
  let step: number;
  if (rule.frequency === 'monthly') [first, step] = [start.year * 12 + start.month - 1, rule.interval];
  else if (rule.frequency === 'quarterly')
    [first, step] = [start.year * 12 + Math.floor((start.month - 1) / 3) * 3 + mop - 1, 3 * rule.interval];
  else [first, step] = [start.year * 12 + mop - 1, 12 * rule.interval];
  if (monthIndex < first || (monthIndex - first) % step !== 0) return false;
  if (anchor.kind === 'dayOfMonth') return day === Math.min(anchor.day, daysIn(year, month));
  if (anchor.kind !== 'weekdayOrdinal') return false;
  const all = weekdaysOfMonth(cal, year, month, anchor.weekday, false);
  return (anchor.ordinal === -1 ? all[all.length - 1] : all[anchor.ordinal - 1]) === date;
}

const anchorFor = (frequency: SeriesRule['frequency']): fc.Arbitrary<SeriesAnchor> =>
  frequency === 'weekly'
    ? fc.record({ kind: fc.constant('weekday' as const), weekday: fc.constantFrom(0, 1, 2, 3, 4, 5, 6) })
    : fc.oneof(
        fc.record({
          kind: fc.constant('weekdayOrdinal' as const),
          weekday: fc.constantFrom(1, 2, 3, 4, 5),
          ordinal: fc.constantFrom(1, 2, 3, 4, -1),
        }),
        fc.record({ kind: fc.constant('dayOfMonth' as const), day: fc.integer({ min: 1, max: 31 }) }),
      );

const dateIn = (from: IsoDate, days: number): fc.Arbitrary<IsoDate> =>
  fc.integer({ min: 0, max: days }).map((n) => addCalendarDays(from, n));

const ruleArb: fc.Arbitrary<SeriesRule> = fc
  .constantFrom('weekly', 'monthly', 'quarterly', 'yearly')
  .chain((frequency) =>
    fc
      .record({
        frequency: fc.constant(frequency),
        interval: fc.integer({ min: 1, max: frequency === 'yearly' ? 2 : 12 }),
        anchor: anchorFor(frequency),
        monthOfPeriod:
          frequency === 'quarterly'
            ? fc.integer({ min: 1, max: 3 })
            : frequency === 'yearly'
              ? fc.integer({ min: 1, max: 12 })
              : fc.constant(undefined),
        workingDayOnly: fc.constantFrom<WorkingDayPolicy>(
          'none',
          'firstWorkingWeekday',
          'nextWorkingDay',
          'previousWorkingDay',
        ),
        start: dateIn('2024-01-01', 3 * 365),
        untilDays: fc.option(fc.integer({ min: 0, max: 3 * 365 }), { nil: undefined }),
        count: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      })
      .map(({ untilDays, monthOfPeriod, ...r }): SeriesRule => {
        const rule: SeriesRule = {
          ...r,
          workingDayOnly:
            r.workingDayOnly === 'firstWorkingWeekday' && r.anchor.kind !== 'weekdayOrdinal'
              ? 'nextWorkingDay'
              : r.workingDayOnly,
        };
        if (monthOfPeriod !== undefined) rule.monthOfPeriod = monthOfPeriod;
        if (untilDays !== undefined) rule.until = addCalendarDays(r.start, untilDays);
        if (rule.count === undefined) delete rule.count;
        return rule;
      }),
  );

const rangeArb = fc
  .tuple(dateIn('2023-06-01', 4 * 365), fc.integer({ min: 0, max: 800 }))
  .map(([from, len]) => ({ from, to: addCalendarDays(from, len) }));

// The real table, or the real table plus office rest blocks of up to three weeks and some worked weekends:
// long breaks make several nominal dates collapse onto one working day.
const calendarArb: fc.Arbitrary<WorkCalendar> = fc.oneof(
  fc.constant(cal),
  fc
    .tuple(
      fc.array(fc.tuple(dateIn('2024-01-01', 4 * 365), fc.integer({ min: 1, max: 21 })), { maxLength: 8 }),
      fc.array(dateIn('2024-01-01', 4 * 365), { maxLength: 8 }),
    )
    .map(([blocks, worked]) =>
      createWorkCalendar([
        ...blocks.flatMap(([from, len]) =>
          Array.from({ length: len }, (_, i): DayOverride => ({
            date: addCalendarDays(from, i),
            kind: 'holiday',
            name: '单位休整',
          })),
        ),
        ...worked.map((date): DayOverride => ({ date, kind: 'workday', name: '加班' })),
      ]),
    ),
);

describe('expandSeries properties (2023–2028, real table through 2026)', () => {
  it('dates lie in the range, strictly increase with originalDate, indices are consecutive', () => {
    fc.assert(
      fc.property(ruleArb, rangeArb, calendarArb, (rule, range, c) => {
        expect(validateSeriesRule(rule)).toEqual([]);
        const occ = expandSeries(rule, c, range);
        expect(occ.length).toBeLessThanOrEqual(MAX_OCCURRENCES_PER_CALL);
        occ.forEach((o, i) => {
          expect(o.date >= range.from && o.date <= range.to).toBe(true);
          expect(o.date >= rule.start).toBe(true);
          if (rule.until !== undefined) expect(o.date <= rule.until).toBe(true);
          if (rule.count !== undefined) expect(o.index).toBeLessThan(rule.count);
          expect(o.cancelled).toBe(false);
          if (i > 0) {
            const prev = occ[i - 1]!;
            expect(prev.originalDate < o.originalDate).toBe(true);
            expect(prev.date < o.date).toBe(true);
            expect(o.index).toBe(prev.index + 1);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('each occurrence follows the rule, checked day by day', () => {
    fc.assert(
      fc.property(ruleArb, rangeArb, calendarArb, (rule, range, c) => {
        for (const o of expandSeries(rule, c, range)) {
          expect(nominalMatches(rule, o.originalDate)).toBe(true);
          const { year, month } = parseIsoDate(o.originalDate);
          switch (rule.workingDayOnly) {
            case 'none':
              expect(o.date).toBe(o.originalDate);
              break;
            case 'nextWorkingDay':
            case 'previousWorkingDay': {
              const step = rule.workingDayOnly === 'nextWorkingDay' ? 1 : -1;
              let d = o.originalDate;
              while (!c.isWorkingDay(d)) d = addCalendarDays(d, step);
              expect(o.date).toBe(d);
              break;
            }
            case 'firstWorkingWeekday': {
              if (rule.anchor.kind !== 'weekdayOrdinal') throw new Error('generator broke its own rule');
              const working = weekdaysOfMonth(c, year, month, rule.anchor.weekday, true);
              const expected = rule.anchor.ordinal === -1 ? working.at(-1) : working[rule.anchor.ordinal - 1];
              expect(o.date).toBe(expected);
              break;
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with workingDayOnly ≠ none every non-cancelled date is a working day', () => {
    const cancelling = fc.array(dateIn('2024-01-01', 4 * 365), { maxLength: 20 });
    fc.assert(
      fc.property(
        ruleArb.filter((r) => r.workingDayOnly !== 'none'),
        rangeArb,
        calendarArb,
        cancelling,
        (rule, range, c, keys) => {
          const exceptions = new Map(keys.map((k): [IsoDate, SeriesException] => [k, { cancelled: true }]));
          for (const o of expandSeries(rule, c, range, exceptions)) {
            expect(o.cancelled).toBe(exceptions.has(o.originalDate));
            if (!o.cancelled) expect(c.isWorkingDay(o.date)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with workingDayOnly none it finds every matching day (completeness, day by day)', () => {
    fc.assert(
      fc.property(
        ruleArb.filter((r) => r.workingDayOnly === 'none' && r.count === undefined),
        rangeArb,
        (rule, range) => {
          const expected: IsoDate[] = [];
          for (let d = range.from; d <= range.to; d = addCalendarDays(d, 1)) {
            if (d >= rule.start && (rule.until === undefined || d <= rule.until) && nominalMatches(rule, d))
              expected.push(d);
          }
          expect(dates(expandSeries(rule, cal, range))).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a sub-range gives exactly the matching part of a wider range; the result is deterministic', () => {
    const movesArb = fc.array(fc.tuple(dateIn('2024-01-01', 3 * 365), dateIn('2023-06-01', 5 * 365)), {
      maxLength: 10,
    });
    fc.assert(
      fc.property(ruleArb, rangeArb, calendarArb, movesArb, (rule, range, c, moves) => {
        const wide = expandSeries(rule, c, { from: '2023-01-01', to: '2029-12-31' });
        // Move real occurrences (and some non-occurrences, which must be ignored).
        const exceptions = new Map<IsoDate, SeriesException>();
        moves.forEach(([key, to], i) => {
          const realKey = wide.length > 0 && i % 2 === 0 ? wide[i % wide.length]!.originalDate : key;
          exceptions.set(realKey, i % 3 === 0 ? { date: to, cancelled: true } : { date: to });
        });
        const all = expandSeries(rule, c, { from: '2023-01-01', to: '2029-12-31' }, exceptions);
        const part = expandSeries(rule, c, range, exceptions);
        expect(part).toEqual(all.filter((o) => o.date >= range.from && o.date <= range.to));
        expect(expandSeries(rule, c, range, exceptions)).toEqual(part);
        expect(part.length).toBeLessThanOrEqual(MAX_OCCURRENCES_PER_CALL);
        for (let i = 1; i < part.length; i++) expect(part[i - 1]!.date <= part[i]!.date).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('weekly meetings over long breaks merge into the one nearest its nominal date (brute-force oracle)', () => {
    const scenario = fc.record({
      weekday: fc.constantFrom<0 | 1 | 2 | 3 | 4 | 5 | 6>(0, 1, 2, 3, 4, 5, 6),
      interval: fc.integer({ min: 1, max: 3 }),
      policy: fc.constantFrom<WorkingDayPolicy>('nextWorkingDay', 'previousWorkingDay'),
      start: dateIn('2027-01-01', 60),
      breaks: fc.array(fc.tuple(dateIn('2027-01-01', 200), fc.integer({ min: 5, max: 30 })), {
        minLength: 1,
        maxLength: 4,
      }),
    });
    fc.assert(
      fc.property(scenario, ({ weekday, interval, policy, start, breaks }) => {
        // 2027 has no built-in table yet, so only these office breaks and weekends are non-working.
        const c = createWorkCalendar(
          breaks.flatMap(([from, len]) =>
            Array.from({ length: len }, (_, i): DayOverride => ({
              date: addCalendarDays(from, i),
              kind: 'holiday',
              name: '单位休整',
            })),
          ),
        );
        const rule: SeriesRule = {
          frequency: 'weekly',
          interval,
          anchor: { kind: 'weekday', weekday },
          workingDayOnly: policy,
          start,
        };
        const step = policy === 'nextWorkingDay' ? 1 : -1;
        const monday = addCalendarDays(start, -((dayOfWeek(start) + 6) % 7));
        const byDate = new Map<IsoDate, IsoDate>(); // scheduled date → kept nominal date
        for (let k = 0; k < 60; k++) {
          const nominal = addCalendarDays(monday, 7 * interval * k + ((weekday + 6) % 7));
          let d = nominal;
          while (!c.isWorkingDay(d)) d = addCalendarDays(d, step);
          const kept = byDate.get(d);
          const distance = (n: IsoDate): number => Math.abs(Date.parse(d) - Date.parse(n));
          if (kept === undefined || distance(nominal) < distance(kept)) byDate.set(d, nominal);
        }
        const range = { from: '2027-01-01', to: addCalendarDays(monday, 7 * interval * 50) };
        const expected = [...byDate]
          .filter(([d]) => d >= start && d >= range.from && d <= range.to)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([date, originalDate]) => ({ originalDate, date }));
        const actual = expandSeries(rule, c, range).map(({ originalDate, date }) => ({ originalDate, date }));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('describeSeries never throws for a valid rule and never leaves a placeholder', () => {
    fc.assert(
      fc.property(ruleArb, (rule) => {
        const text = describeSeries(rule);
        expect(text).toMatch(/^每/);
        expect(text).not.toMatch(/undefined|NaN|null/);
      }),
    );
  });
});
