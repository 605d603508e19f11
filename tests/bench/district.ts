// The synthetic district the benchmarks run on: reproducible from a seed, at a chosen scale. Each module
// adds its generator to GENERATORS; the sizes of the 10-year district come from the performance issue.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/core/schema';
import { chineseName, officePhone, type SeededRandom } from '../../db/core/demo-random';
import { INSTITUTION_CATEGORIES } from '../../shared/domain/institutions';
import { usccCheckChar } from '../../shared/domain/uscc';
import { RECORD_GENERATORS } from './district-records';
import { selfcheck } from './selfcheck';

export interface Scale {
  name: string;
  years: number;
  /** Records per year relative to the 10-year district (3× the district: 3, over the same ten years). */
  factor: number;
  departments: number;
  users: number;
  institutions: number;
  practitioners: number;
  inspectors: number;
}

export const SCALES: Record<string, Scale> = {
  '10y': {
    name: '10y',
    years: 10,
    factor: 1,
    departments: 30,
    users: 40,
    institutions: 5000,
    practitioners: 25000,
    inspectors: 300,
  },
  // Three times the 10-year district: the directories, every register and the ledger, over the same ten years.
  '3x': {
    name: '3x',
    years: 10,
    factor: 3,
    departments: 30,
    users: 40,
    institutions: 15000,
    practitioners: 75000,
    inspectors: 900,
  },
  '1y': {
    name: '1y',
    years: 1,
    factor: 1,
    departments: 30,
    users: 20,
    institutions: 1000,
    practitioners: 5000,
    inspectors: 60,
  },
  small: {
    name: 'small',
    years: 1,
    factor: 1,
    departments: 12,
    users: 5,
    institutions: 100,
    practitioners: 300,
    inspectors: 12,
  },
};

export interface GenContext {
  db: Kysely<DB>;
  rng: SeededRandom;
  scale: Scale;
  now: string;
  /** The data file and its folder (stored files, e.g. the signed reports' packages). */
  file: string;
  dataDir: string;
}

/** A generator runs in one transaction of its own, unless it writes through the app's handlers (which open their
 *  own transactions) or through a connection of its own: then `outsideTransaction`, with the plain database. */
export type Generator = {
  name: string;
  outsideTransaction?: boolean;
  run(ctx: GenContext): Promise<number>;
};

const DEPARTMENT_STEMS = [
  '卫生健康',
  '发改',
  '公安',
  '财政',
  '人社',
  '市场监管',
  '医保',
  '生态环境',
  '司法',
  '审计',
  '民政',
  '教体',
  '大数据',
  '税务',
  '综合执法',
  '宣传',
  '应急管理',
  '科技',
  '文广旅游',
  '商务',
  '编办',
  '政务服务',
  '建设交通',
  '水利',
  '国资',
  '退役军人',
  '残联',
  '红十字',
  '统计',
  '信访',
];

const foundation: Generator = {
  name: '基础数据',
  async run({ db, rng, scale, now }) {
    await db
      .insertInto('office')
      .values({
        id: 1,
        name: '基准区卫生健康局',
        doc_prefix: '基卫健',
        uscc: '',
        address: '',
        contact_person: '',
        contact_phone: '',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const users = Array.from({ length: scale.users }, (_, i) => ({
      username: `user${i}`,
      display_name: chineseName(rng),
      role: (['admin', 'secretary', 'clerk', 'leader'] as const)[i % 4]!,
      password_hash: 'scrypt$bench',
      active: 1,
      created_at: now,
      updated_at: now,
    }));
    await db.insertInto('users').values(users).execute();
    for (let i = 0; i < scale.departments; i++) {
      const stem =
        DEPARTMENT_STEMS[i % DEPARTMENT_STEMS.length]! + (i >= DEPARTMENT_STEMS.length ? String(i) : '');
      const { id } = await db
        .insertInto('departments')
        .values({
          full_name: `基准市基准区${stem}局`,
          short_name: `区${stem}局`,
          kind: 'department',
          contact_person: chineseName(rng),
          contact_phone: officePhone(rng),
          duties: `负责${stem}领域的医疗卫生行业综合监管相关工作。`,
          sort_order: (i + 1) * 10,
          active: rng.next() < 0.95 ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('department_aliases')
        .values([{ alias: `${stem}局`, department_id: id }])
        .execute();
    }
    return scale.users + scale.departments;
  },
};

/** 任务清单: a 25-item list every year, every department on every item (first leads), and a progress report
 *  for every item × department × quarter of every year: 25 × 25 × 40 = 25,000 reports over 10 years. */
const checklist: Generator = {
  name: '任务清单',
  async run({ db, rng, scale, now }) {
    const depts = (await db.selectFrom('departments').select('id').orderBy('sort_order').execute()).slice(
      0,
      25,
    );
    const reporter = (await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    const statuses = ['not_started', 'in_progress', 'done', 'behind', 'not_applicable'] as const;
    let reports = 0;
    const lastYear = 2026;
    for (let year = lastYear - scale.years + 1; year <= lastYear; year++) {
      const { id: checklistId } = await db
        .insertInto('checklists')
        .values({
          year,
          title: `${year}年基准区综合监管工作清单`,
          template_id: 'yuecheng-2020',
          document: '',
          lead_rule: '',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let n = 1; n <= 25; n++) {
        const { id: itemId } = await db
          .insertInto('checklist_items')
          .values({
            checklist_id: checklistId,
            seq: n,
            code: String(n),
            title: `第${n}项监管任务`,
            text: `第${n}项监管任务的内容。`,
            remark: '持续推进',
            retired: 0,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('checklist_item_units')
          .values(
            depts.map((d, i) => ({
              item_id: itemId,
              department_id: d.id,
              role: i === n % depts.length ? ('lead' as const) : ('participant' as const),
              position: i,
            })),
          )
          .execute();
        const rows = [];
        for (let quarter = 1; quarter <= 4; quarter++) {
          for (const d of depts) {
            rows.push({
              item_id: itemId,
              department_id: d.id,
              quarter,
              status: statuses[rng.int(0, 4)]!,
              narrative: `${year}年第${quarter}季度按计划推进第${n}项任务。`,
              issues: '',
              next_steps: '',
              reporter_id: reporter,
              reported_at: now,
            });
          }
        }
        await db.insertInto('checklist_progress').values(rows).execute();
        reports += rows.length;
      }
    }
    return reports;
  },
};

/** 联合执法 directories for the 双随机 draw: institutions with credit tiers, streets and categories (a few closed),
 *  inspectors spread over eight departments with some declared conflicts (回避), and one joint annual plan with
 *  two batches. */
const directories: Generator = {
  name: '监管对象与执法人员',
  async run({ db, rng, scale, now }) {
    const streets = Array.from({ length: 16 }, (_, i) => `基准第${i + 1}街道`);
    const tiers = [
      ...Array<string>(30).fill('A'),
      ...Array<string>(40).fill('B'),
      ...Array<string>(15).fill('C'),
    ];
    const rows = Array.from({ length: scale.institutions }, (_, i) => {
      const first17 = `91330602MA${String(i + 1).padStart(7, '0')}`;
      const r = rng.int(0, 99);
      return {
        name: `基准医疗机构${i + 1}`,
        uscc: first17 + usccCheckChar(first17)!,
        licence_no: null,
        category: INSTITUTION_CATEGORIES[rng.int(0, INSTITUTION_CATEGORIES.length - 1)]!,
        ownership: rng.next() < 0.2 ? 'public' : 'private',
        street: streets[rng.int(0, streets.length - 1)]!,
        grid: '',
        status: rng.next() < 0.95 ? 'operating' : 'suspended',
        credit_tier: r < tiers.length ? tiers[r]! : r < 90 ? 'D' : null,
        // In the register since the district's first year, as its records are: a report of any of the years
        // counts them (entered on the generation day, none was there for the reports' 监管对象 figures).
        created_at: `${2026 - scale.years + 1}-01-01T00:00:00.000Z`,
        updated_at: now,
      };
    });
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('institutions')
        .values(rows.slice(i, i + 500))
        .execute();
    const departments = (
      await db.selectFrom('departments').select('id').where('active', '=', 1).orderBy('sort_order').execute()
    ).slice(0, 8);
    const people = Array.from({ length: scale.inspectors }, (_, i) => ({
      name: chineseName(rng),
      department_id: departments[i % departments.length]!.id,
      badge_no: `JZ${String(i + 1).padStart(5, '0')}`,
      created_at: now,
      updated_at: now,
    }));
    const ids = [];
    for (let i = 0; i < people.length; i += 500)
      ids.push(
        ...(
          await db
            .insertInto('inspectors')
            .values(people.slice(i, i + 500))
            .returning('id')
            .execute()
        ).map((r) => r.id),
      );
    const conflicts = ids.flatMap((inspectorId) =>
      rng.next() < 0.2
        ? [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.int(1, scale.institutions)))].map(
            (institutionId, position) => ({
              inspector_id: inspectorId,
              institution_id: institutionId,
              reason: '近亲属在该机构任职',
              position,
            }),
          )
        : [],
    );
    for (let i = 0; i < conflicts.length; i += 500)
      await db
        .insertInto('inspector_conflicts')
        .values(conflicts.slice(i, i + 500))
        .execute();
    const { id: planId } = await db
      .insertInto('inspection_plans')
      .values({
        year: 2026,
        name: '2026年度双随机抽查计划',
        categories_json: '[]',
        streets_json: '[]',
        items_json: JSON.stringify(['医疗机构及人员资质', '医疗废物管理', '传染病防治']),
        ratio_a: 5,
        ratio_b: 20,
        ratio_c: 60,
        ratio_d: 100,
        ratio_none: 20,
        team_size: 2,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('inspection_plan_departments')
      .values(departments.map((d, position) => ({ plan_id: planId, department_id: d.id, position })))
      .execute();
    await db
      .insertInto('inspection_plan_batches')
      .values([
        { plan_id: planId, number: 1, name: '上半年', start_date: '2026-03-01', end_date: '2026-06-30' },
        { plan_id: planId, number: 2, name: '下半年', start_date: '2026-09-01', end_date: '2026-12-15' },
      ])
      .execute();
    return scale.institutions + scale.inspectors + conflicts.length;
  },
};

export const GENERATORS: Generator[] = [foundation, checklist, directories, ...RECORD_GENERATORS, selfcheck];

/** The published lottery result both bench commands draw with (双色球, as the draw's entropy). */
export const DRAW_ENTROPY = {
  source: '双色球第2026136期开奖号码',
  date: '2026-11-19',
  digits: '03121726293313',
};
