// A small district for draw tests: institutions with valid 统一社会信用代码 and chosen credit tiers, inspectors of
// chosen departments with chosen 回避, and a plan. Everything goes through the dispatcher (credit tiers, which
// only the future credit ledger writes, are set in the table directly).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/core/schema';
import type { CreditTier, Input, MethodName, Output, PlanInput } from '../../shared/contract';
import { usccCheckChar } from '../../shared/domain/uscc';

export type Caller = <N extends MethodName>(name: N, args: Input<N>) => Promise<Output<N>>;

/** A valid code, different for every n. */
export function testUscc(n: number): string {
  const first17 = `91330602MA${String(n).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

export interface District {
  institutionIds: number[];
  departmentIds: number[];
  inspectorIds: number[];
}

export async function buildDistrict(
  call: Caller,
  db: Kysely<DB>,
  opts: {
    institutions: number;
    tier?: (i: number) => CreditTier | null;
    street?: (i: number) => string;
    /** Inspectors per department, for the first departments of the list. */
    inspectors: number[];
    /** Conflicts: inspector index → institution indexes. */
    conflicts?: Record<number, number[]>;
    startAt?: number;
  },
): Promise<District> {
  const start = opts.startAt ?? 1;
  const institutionIds: number[] = [];
  for (let i = 0; i < opts.institutions; i++) {
    const inst = await call('institutions.create', {
      name: `越城测试第${start + i}诊所`,
      uscc: testUscc(start + i),
      category: i % 3 === 0 ? 'hospital' : 'clinic',
      ownership: 'private',
      street: opts.street?.(i) ?? (i % 2 === 0 ? '府山街道' : '塔山街道'),
    });
    institutionIds.push(inst.id);
    const tier = opts.tier?.(i) ?? null;
    if (tier)
      await db.updateTable('institutions').set({ credit_tier: tier }).where('id', '=', inst.id).execute();
  }
  const departments = await call('departments.list', { includeInactive: false });
  const departmentIds = departments.slice(0, opts.inspectors.length).map((d) => d.id);
  const inspectorIds: number[] = [];
  let k = 0;
  for (const [d, n] of opts.inspectors.entries()) {
    for (let j = 0; j < n; j++) {
      const conflicts = (opts.conflicts?.[k] ?? []).map((i) => ({
        institutionId: institutionIds[i]!,
        reason: '近亲属在该机构任职',
      }));
      const p = await call('inspectors.create', {
        name: `检查员${String(start + k).padStart(3, '0')}`,
        departmentId: departmentIds[d]!,
        badgeNo: `T${start}-${String(k).padStart(4, '0')}`,
        conflicts,
      });
      inspectorIds.push(p.id);
      k++;
    }
  }
  return { institutionIds, departmentIds, inspectorIds };
}

export function planFor(district: District, over: Partial<PlanInput> = {}): PlanInput {
  return {
    year: 2026,
    name: '2026年度医疗机构双随机抽查计划',
    items: ['医疗机构执业资质', '医务人员执业资格', '医疗废物处置'],
    departmentIds: district.departmentIds,
    batches: [
      { number: 1, name: '上半年', startDate: '2026-03-01', endDate: '2026-06-30' },
      { number: 2, name: '下半年', startDate: '2026-09-01', endDate: '2026-12-15' },
    ],
    ...over,
  };
}

export const ENTROPY = {
  source: '中国福利彩票双色球第2026136期开奖号码',
  date: '2026-11-19',
  digits: '03 12 17 26 29 33 13',
};
