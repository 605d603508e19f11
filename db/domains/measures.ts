// Measurable checklist items: a remark such as 协商每年不少于1次 sets a yearly frequency, and the item is
// fulfilled by records of another module (joint meetings held that year). Each module registers how it counts
// its records here; until a module exists, its count is what the data holds, 0, and the item says so.
import type { Kysely } from 'kysely';
import type { ItemMeasure } from '../../shared/contract';
import { frequencyPerYear } from '../../shared/domain/checklist';
import type { DB } from '../schema';
import { heldRegularMeetings } from './meetings';

interface MeasureSource {
  /** What fulfils the item, shown to the office. */
  label: string;
  /** Which remarks this source fulfils. */
  matches: RegExp;
  /** Records of the year; absent while the module that keeps them is not built. */
  count?: (db: Kysely<DB>, year: number) => Promise<number>;
}

const SOURCES: MeasureSource[] = [
  {
    label: '已召开的定期联席会议',
    matches: /协商|会商|联席会议/,
    count: heldRegularMeetings,
  },
];

export async function measureFor(db: Kysely<DB>, remark: string, year: number): Promise<ItemMeasure | null> {
  const required = frequencyPerYear(remark);
  if (required === null) return null;
  const source = SOURCES.find((s) => s.matches.test(remark));
  const achieved = source?.count ? await source.count(db, year) : 0;
  return {
    requiredPerYear: required,
    achieved,
    source: source?.label ?? '相关记录',
    counted: Boolean(source?.count),
  };
}
