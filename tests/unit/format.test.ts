// The one formatting module (shared/format.ts): dates, times and money look the same on every screen, and
// instants are shown in Beijing time whatever zone the process runs in.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  countText,
  formatDate,
  formatDateTime,
  formatFen,
  formatMeasure,
  formatMoney,
  formatMoneyText,
  formatNumber,
  formatTime,
  formatWhen,
} from '../../shared/format';
import { yuanText } from '../../shared/domain/inspections';
import { formatYuan } from '../../shared/domain/joint-actions';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('dates and times in Beijing time', () => {
  // 2026-12-05 02:46 UTC is 10:46 in Beijing; 2026-12-04 18:30 UTC is already 12-05 02:30 in Beijing.
  const cases: [string, string, string, string][] = [
    ['2026-12-05T02:46:07.123Z', '2026-12-05', '2026-12-05 10:46', '10:46'],
    ['2026-12-04T18:30:00Z', '2026-12-05', '2026-12-05 02:30', '02:30'],
    ['2026-12-05T06:30:00.000Z', '2026-12-05', '2026-12-05 14:30', '14:30'],
    ['2026-12-05T14:30:00+08:00', '2026-12-05', '2026-12-05 14:30', '14:30'],
    ['2026-12-31T16:00:00Z', '2027-01-01', '2027-01-01 00:00', '00:00'],
  ];

  for (const tz of ['UTC', 'America/Los_Angeles', 'Europe/Berlin', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
    it(`gives the same Beijing text with TZ=${tz}`, () => {
      process.env.TZ = tz;
      // The zone really changed for this process (except where it is Beijing's own offset).
      const offset = new Date('2026-12-05T00:00:00Z').getTimezoneOffset();
      if (tz === 'UTC') expect(offset).toBe(0);
      if (tz === 'America/Los_Angeles') expect(offset).toBe(480);
      for (const [iso, date, dateTime, time] of cases) {
        expect(formatDate(iso)).toBe(date);
        expect(formatDateTime(iso)).toBe(dateTime);
        expect(formatTime(iso)).toBe(time);
        expect(formatDateTime(new Date(iso))).toBe(dateTime);
      }
    });
  }

  it('keeps plain dates and wall-clock times as they are, 24-hour, and nothing as nothing', () => {
    process.env.TZ = 'America/New_York';
    expect(formatDate('2026-12-05')).toBe('2026-12-05');
    expect(formatDateTime('2026-12-05')).toBe('2026-12-05');
    expect(formatTime('14:30')).toBe('14:30');
    expect(formatTime('9:05')).toBe('09:05');
    expect(formatTime('14:30:59')).toBe('14:30');
    for (const f of [formatDate, formatDateTime, formatTime]) {
      expect(f(null)).toBe('');
      expect(f(undefined)).toBe('');
      expect(f('')).toBe('');
    }
  });

  it('never writes the locale forms (slashes, 上午/下午, seconds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const iso = new Date(ms).toISOString();
        const dt = formatDateTime(iso);
        expect(dt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
        // Beijing is exactly eight hours ahead of UTC.
        expect(dt).toBe(new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '));
        expect(formatDate(iso)).toBe(dt.slice(0, 10));
        expect(formatTime(iso)).toBe(dt.slice(11));
      }),
    );
  });

  it('writes a time alone when it is today in Beijing', () => {
    process.env.TZ = 'UTC';
    const now = new Date('2026-12-05T15:00:00Z'); // 23:00 in Beijing
    expect(formatWhen('2026-12-05T01:00:00Z', now)).toBe('09:00');
    // 17:00 UTC is already the next day in Beijing.
    expect(formatWhen('2026-12-05T17:00:00Z', now)).toBe('2026-12-06 01:00');
  });
});

describe('money and numbers', () => {
  it('writes money with two decimals and thousands separators', () => {
    expect(formatMoney(213480.5)).toBe('213,480.50');
    expect(formatMoneyText(213480.5)).toBe('213,480.50 元');
    expect(formatMoney(0)).toBe('0.00');
    expect(formatMoney(5000)).toBe('5,000.00');
    expect(formatMoney(1234567.891)).toBe('1,234,567.89');
    expect(formatMoney(0.1 + 0.2)).toBe('0.30');
    expect(formatMoney(-1200)).toBe('-1,200.00');
    expect(formatFen(21348050)).toBe('213,480.50');
  });

  it('is the function behind the fines of inspections and joint actions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (fen) => {
        expect(yuanText(fen)).toBe(`${formatFen(fen)} 元`);
        expect(formatYuan(fen)).toBe(formatFen(fen));
        // Reading the text back gives the amount.
        expect(Math.round(Number(formatFen(fen).replaceAll(',', '')) * 100)).toBe(fen);
      }),
    );
  });

  it('groups counts and writes indicators with their units', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(2.5)).toBe('2.5');
    expect(formatNumber(-0.001)).toBe('0');
    expect(formatMeasure(213480.5, '元')).toBe('213,480.50 元');
    expect(formatMeasure(87.456, '%')).toBe('87.5%');
    expect(formatMeasure(1203, '家')).toBe('1,203 家');
    expect(formatMeasure(null, '%')).toBe('—');
  });

  it('says when a list was cut and how many there are', () => {
    expect(countText(12, 12)).toBe('共 12 条');
    expect(countText(1000, 4321)).toBe('共 4,321 条，仅显示最近 1,000 条');
  });
});
