// Measurable checklist items: a remark such as 协商每年不少于1次 sets a yearly frequency, and the item is
// fulfilled by records of another module (joint meetings held that year). Each module registers how it counts
// its records here; until a module exists, its count is what the data holds, 0, and the item says so.
// A duty may also carry a yearly minimum of its own that the item's remark does not repeat: 越城区 item 13
// (落实“双随机、一公开”抽查机制, remark 持续推进) is where seed 003 §四(三)'s 不少于每年1次联合执法整治 belongs, so such a
// source names the items it applies to by title and the rule that sets the minimum.
import type { Kysely } from 'kysely';
import type { ItemMeasure } from '../../shared/contract';
import { frequencyPerYear } from '../../shared/domain/checklist';
import {
  JOINT_ACTION_MIN_PER_YEAR,
  JOINT_ACTION_RULE_SOURCE,
  JOINT_ENFORCEMENT_ITEM,
} from '../../shared/domain/joint-actions';
import type { IsoDate } from '../../shared/dates';
import type { DB } from '../core/schema';
import { heldRegularMeetings } from '../meetings/queries';
import { completedJointActions } from '../enforcement/joint-actions';

interface MeasureSource {
  /** What fulfils the item, shown to the office. */
  label: string;
  /** Which remarks this source fulfils. */
  matches: RegExp;
  /** A yearly minimum set by a rule rather than the remark: the items it applies to (by title), the number, the
   *  rule's text, and the short name the count is shown under (本年 联合执法行动 1/1). */
  rule?: { title: RegExp; perYear: number; text: string; short: string };
  /** Records of the year; absent while the module that keeps them is not built. */
  count?: (db: Kysely<DB>, year: number, today: IsoDate) => Promise<number>;
}

const SOURCES: MeasureSource[] = [
  {
    label: '已召开的定期联席会议',
    matches: /协商|会商|联席会议/,
    count: (db, year) => heldRegularMeetings(db, year),
  },
  {
    label: '已完成的联合执法行动（两个及以上部门参加，含联合开展的专项整治）',
    matches: /联合执法|联合检查|专项整治/,
    rule: {
      title: JOINT_ENFORCEMENT_ITEM,
      perYear: JOINT_ACTION_MIN_PER_YEAR,
      text: JOINT_ACTION_RULE_SOURCE,
      short: '联合执法行动',
    },
    count: completedJointActions,
  },
];

export async function measureFor(
  db: Kysely<DB>,
  item: { title: string; remark: string },
  year: number,
  today: IsoDate,
): Promise<ItemMeasure | null> {
  const required = frequencyPerYear(item.remark);
  if (required === null) {
    const ruled = SOURCES.find((s) => s.rule?.title.test(item.title));
    if (!ruled?.rule) return null;
    return {
      requiredPerYear: ruled.rule.perYear,
      achieved: ruled.count ? await ruled.count(db, year, today) : 0,
      source: ruled.label,
      counted: Boolean(ruled.count),
      short: ruled.rule.short,
      rule: ruled.rule.text,
    };
  }
  const source = SOURCES.find((s) => s.matches.test(item.remark));
  const achieved = source?.count ? await source.count(db, year, today) : 0;
  return {
    requiredPerYear: required,
    achieved,
    source: source?.label ?? '相关记录',
    counted: Boolean(source?.count),
  };
}
