// The app's date and time inputs read what people type in 年-月-日 order and 24-hour time, whatever the browser's
// language (shared/dates/typed.ts).
import { describe, expect, it } from 'vitest';
import { parseDateText, parseTimeText } from '../../shared/dates';

describe('date and time text', () => {
  it.each([
    ['2026-12-05', '2026-12-05'],
    ['2026-12-5', '2026-12-05'],
    ['2026/12/5', '2026-12-05'],
    ['2026.1.9', '2026-01-09'],
    ['2026年12月5日', '2026-12-05'],
    [' 2026 年 2 月 28 日 ', '2026-02-28'],
    ['20261205', '2026-12-05'],
    ['2026－12－05', '2026-12-05'],
    ['', ''],
  ])('reads the date %j as %j', (text, iso) => expect(parseDateText(text)).toBe(iso));

  it.each([
    '12/05/2026',
    '2026-02-30',
    '2026-13-01',
    '2026-12',
    '2026',
    'abc',
    '05.12.2026',
    '2026-12-05 10:00',
  ])('refuses %j', (text) => expect(parseDateText(text)).toBeNull());

  it.each([
    ['14:30', '14:30'],
    ['9:05', '09:05'],
    ['14：30', '14:30'],
    ['1430', '14:30'],
    ['14点30', '14:30'],
    ['14点30分', '14:30'],
    ['9点', '09:00'],
    ['9', '09:00'],
    ['', ''],
  ])('reads the time %j as %j', (text, hhmm) => expect(parseTimeText(text)).toBe(hhmm));

  it.each(['02:30 PM', '24:00', '14:60', '下午2点', '14:3x'])('refuses the time %j', (text) =>
    expect(parseTimeText(text)).toBeNull(),
  );
});
