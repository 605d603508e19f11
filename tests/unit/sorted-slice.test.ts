// The 工作台's sortedSlice: rows start..end of a list sorted by two keys, the second (the collator) used only among
// the ties that reach into those rows, must be exactly the rows a full sort gives — for any list and any range.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortedSlice } from '../../db/dashboard/dashboard';

interface Row {
  due: number;
  title: string;
  n: number;
}
const byDue = (a: Row, b: Row) => a.due - b.due;
const byTitle = (a: Row, b: Row) => a.title.localeCompare(b.title, 'zh-CN');

describe('sortedSlice', () => {
  it('gives the rows of the full sort, ties included, for any list and range', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            due: fc.integer({ min: 0, max: 6 }),
            title: fc.constantFrom('甲', '乙', '丙', '丁', 'A', ''),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: -3, max: 70 }),
        fc.integer({ min: -3, max: 70 }),
        (raw, start, end) => {
          const rows: Row[] = raw.map((r, n) => ({ ...r, n }));
          const full = [...rows].sort((a, b) => byDue(a, b) || byTitle(a, b));
          expect(sortedSlice(rows, start, end, byDue, byTitle)).toEqual(
            start < end ? full.slice(Math.max(0, start), Math.max(0, end)) : [],
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
