// The draw algorithm on its own (db/enforcement/draw-algorithm): canonical JSON, the random stream and R(n), the worked example of
// docs/draw-algorithm.md number by number, and properties over random directories (fast-check): identical inputs
// give an identical draw, one entropy digit changed gives another, 回避 / two inspectors / two departments when
// joint / not last time's lead always hold, tier counts are the rounded ratios, and an impossible draw is refused
// naming the institution. verify-draw's comparison finds a changed target, entropy digit and directory row.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  DrawStream,
  buildDrawRecord,
  buildDrawRecordV1,
  buildSeal,
  drawSealSha256,
  canonicalJson,
  canonicalSha256,
  computeDraw,
  drawProblems,
  drawRecordSha256,
  partialShuffle,
  seedMaterial,
  tierGroups,
  tierTargetCount,
  type DirectorySnapshot,
  type DrawInputs,
  type DrawOutcome,
  type DrawVersion,
} from '../../db/enforcement/draw-algorithm';
import { requiredQualifications } from '../../shared/domain/spotcheck';
import { verifyDrawRecord } from '../../db/enforcement/draw-verify';
import {
  DRAW_ALGORITHM_V1,
  DRAW_TIERS,
  tierFromCredit,
  type CreditTier,
  type DrawInspectorRow,
  type DrawInstitutionRow,
  type DrawRecord,
  type DrawTarget,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { beijingDate } from '../../shared/dates';
import { normalizeEntropyDigits } from '../../shared/contract';
import { testUscc } from './draw-fixtures';

// ----------------------------------------------------------------------------------------- building blocks

describe('canonical JSON and the stream', () => {
  it('sorts keys, drops whitespace, keeps arrays and non-ASCII, refuses fractions', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: null, c: '监管' }], A: true })).toBe(
      '{"A":true,"a":[3,{"c":"监管","d":null}],"b":1}',
    );
    expect(canonicalJson({ s: 'a"b\\c\n' })).toBe('{"s":"a\\"b\\\\c\\n"}');
    expect(() => canonicalJson({ x: 0.5 })).toThrow('规范 JSON 只允许整数');
    expect(canonicalSha256({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('R(n) stays in range and rejects the biased tail', () => {
    const s = new DrawStream('00'.repeat(32));
    for (const n of [1, 2, 3, 7, 1000, 2 ** 53 - 1]) {
      for (let i = 0; i < 50; i++) {
        const r = s.below(n);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThan(n);
      }
    }
    expect(() => s.below(0)).toThrow();
    // 2^64 mod 3 = 1, so L = 2^64 − 1: the largest 64-bit number is rejected and the next one used.
    class Fixed extends DrawStream {
      values = [2n ** 64n - 1n, 5n];
      override nextUint64(): bigint {
        return this.values.shift()!;
      }
    }
    const fixed = new Fixed('00'.repeat(32));
    expect(fixed.below(3)).toBe(2);
    expect(fixed.values).toEqual([]);
    // Fisher–Yates gives a permutation of distinct elements.
    const shuffled = partialShuffle([1, 2, 3, 4, 5, 6], 6, new DrawStream('11'.repeat(32)));
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rounds each tier half up: ⌊(n·r + 50) / 100⌋', () => {
    expect(tierTargetCount(12, 5)).toBe(1); // 0.6
    expect(tierTargetCount(10, 5)).toBe(1); // 0.5 → 1
    expect(tierTargetCount(9, 5)).toBe(0); // 0.45
    expect(tierTargetCount(3, 60)).toBe(2); // 1.8
    expect(tierTargetCount(7, 50)).toBe(4); // 3.5 → 4
    expect(tierTargetCount(0, 100)).toBe(0);
  });
});

// ----------------------------------------------------------------------------------------- the worked example

describe('docs/draw-algorithm.md worked example', () => {
  const doc = readFileSync('docs/draw-algorithm.md', 'utf8');
  const block = (marker: string) => {
    const at = doc.indexOf(`<!-- example:${marker} -->`);
    expect(at, marker).toBeGreaterThan(0);
    const m = /```\w*\n([\s\S]*?)```/.exec(doc.slice(at));
    return m![1]!;
  };
  const line = (text: string, name: string) =>
    new RegExp(`^${name.replace(/[()]/g, '\\$&')}\\s*= (.*)$`, 'm').exec(text)![1]!.trim();

  it('matches every number the document states', () => {
    const input = JSON.parse(block('input')) as Pick<DrawInputs, 'plan' | 'batch' | 'entropy' | 'witnesses'> &
      DirectorySnapshot;
    const numbers = block('numbers');
    const expected = JSON.parse(block('result')) as {
      tiers: unknown;
      targets: { institutionId: number; tier: string; team: number[] }[];
    };
    // Every code in the example is a valid 统一社会信用代码.
    for (const r of input.institutions) expect(r.uscc).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);

    const row = input.institutions[0]!;
    expect(canonicalJson(row)).toBe(line(numbers, 'row(institution 1)'));
    expect(canonicalSha256(row)).toBe(line(numbers, 'sha256(row)'));

    const calls: string[] = [];
    const out = computeDraw(input, input, { algorithm: DRAW_ALGORITHM_V1 }, (n, v) =>
      calls.push(`R(${n})=${v}`),
    );
    expect(out.seed).toBe(line(numbers, 'seed'));
    const s = new DrawStream(out.seed);
    expect([s.nextUint64(), s.nextUint64(), s.nextUint64(), s.nextUint64()].map(String).join(' ')).toBe(
      line(numbers, 'x0 x1 x2 x3'),
    );
    expect(calls.join(' ')).toBe(line(numbers, 'R calls'));
    expect(out.tiers).toEqual(expected.tiers);
    expect(
      out.targets.map((t) => ({
        institutionId: t.institutionId,
        tier: t.tier,
        team: t.team.map((m) => m.inspectorId),
      })),
    ).toEqual(expected.targets);
  });
});

// ----------------------------------------------------------------------------------------- properties

const CATEGORY = ['hospital', 'clinic', 'dental'] as const;

interface World {
  inputs: DrawInputs;
  snapshot: DirectorySnapshot;
}

/** A random district: institutions with tiers and previous leads, inspectors of 1–4 departments with conflicts. */
const world: fc.Arbitrary<World> = fc
  .record({
    institutions: fc.array(
      fc.record({
        tier: fc.constantFrom<CreditTier | null>('A', 'B', 'C', 'D', null),
        category: fc.constantFrom(...CATEGORY),
        previousLead: fc.option(fc.integer({ min: 1, max: 14 }), { nil: null }),
      }),
      { minLength: 0, maxLength: 40 },
    ),
    inspectors: fc.array(
      fc.record({
        department: fc.integer({ min: 1, max: 4 }),
        conflicts: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 4 }),
      }),
      { minLength: 0, maxLength: 14 },
    ),
    departments: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
    ratios: fc.record({
      A: fc.integer({ min: 0, max: 100 }),
      B: fc.integer({ min: 0, max: 100 }),
      C: fc.integer({ min: 0, max: 100 }),
      D: fc.integer({ min: 0, max: 100 }),
      none: fc.integer({ min: 0, max: 100 }),
    }),
    teamSize: fc.integer({ min: 2, max: 4 }),
    digits: fc.stringMatching(/^\d{6,20}$/),
  })
  .map(({ institutions, inspectors, departments, ratios, teamSize, digits }) => {
    const rows: DrawInstitutionRow[] = institutions.map((r, i) => ({
      id: i + 1,
      uscc: testUscc(i + 1),
      name: `对象${i + 1}`,
      category: r.category,
      street: '府山街道',
      tier: r.tier,
      previousLead: r.previousLead,
    }));
    const eligibleIds = new Set(rows.map((r) => r.id));
    const people: DrawInspectorRow[] = inspectors
      .map((p, i) => ({
        id: i + 1,
        badgeNo: `B${i + 1}`,
        name: `人员${i + 1}`,
        departmentId: p.department,
        department: `单位${p.department}`,
        conflicts: p.conflicts.filter((c) => eligibleIds.has(c)).sort((a, b) => a - b),
      }))
      .filter((p) => departments.includes(p.departmentId));
    return {
      inputs: {
        office: '越城区卫生健康局',
        plan: {
          id: 1,
          year: 2026,
          name: '计划',
          categories: [],
          streets: [],
          items: ['资质'],
          departments: departments.map((id) => ({ id, name: `单位${id}` })),
          ratios,
          teamSize,
        },
        batch: { number: 1, name: '第一批', startDate: '2026-03-01', endDate: '2026-06-30' },
        entropy: { source: '公开开奖号码', date: '2026-11-19', digits },
        witnesses: ['王见证', '李监督'],
        drawnAt: '2026-11-22T01:00:00.000Z',
        drawnBy: '科员（keyuan）',
      },
      snapshot: { institutions: rows, inspectors: people },
    };
  });

/** Sealed the day before the entropy date of the worlds below (2026-11-18 10:00 Beijing). */
export const SEALED_AT = '2026-11-18T02:00:00.000Z';

/** A record of the current version (v3): the batch sealed first, then drawn from the seal. */
export function sealedDraw(inputs: DrawInputs, snapshot: DirectorySnapshot): DrawRecord {
  const seal = buildSeal({
    office: inputs.office,
    plan: inputs.plan,
    batch: inputs.batch,
    snapshot,
    sealedAt: SEALED_AT,
    sealedBy: '科员（keyuan）',
  });
  return buildDrawRecord(seal, inputs);
}

function attempt(w: World): DrawRecord | AppError {
  try {
    return sealedDraw(w.inputs, w.snapshot);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

describe('draw properties over random directories', () => {
  it('teams always keep 回避, ≥ 2 inspectors, two departments when joint, and a new lead', () => {
    let drawn = 0;
    fc.assert(
      fc.property(world, (w) => {
        const r = attempt(w);
        if (r instanceof AppError) return;
        drawn++;
        const joint = w.inputs.plan.departments.length >= 2;
        const people = new Map(w.snapshot.inspectors.map((p) => [p.id, p]));
        const institutions = new Map(w.snapshot.institutions.map((i) => [i.id, i]));
        expect(new Set(r.result.targets.map((t) => t.institutionId)).size).toBe(r.result.targets.length);
        for (const t of r.result.targets) {
          const inst = institutions.get(t.institutionId)!;
          expect(t.tier).toBe(tierFromCredit(inst.tier));
          expect(t.team).toHaveLength(w.inputs.plan.teamSize);
          expect(t.team.length).toBeGreaterThanOrEqual(2);
          expect(new Set(t.team.map((m) => m.inspectorId)).size).toBe(t.team.length);
          expect(t.team[0]!.lead).toBe(true);
          expect(t.team.slice(1).every((m) => !m.lead)).toBe(true);
          expect(t.team[0]!.inspectorId).not.toBe(inst.previousLead);
          for (const m of t.team) {
            const p = people.get(m.inspectorId)!;
            expect(p, 'a member from the snapshot').toBeDefined();
            expect(p.conflicts).not.toContain(t.institutionId);
          }
          if (joint)
            expect(new Set(t.team.map((m) => people.get(m.inspectorId)!.departmentId)).size).toBeGreaterThan(
              1,
            );
        }
      }),
      { numRuns: 400 },
    );
    expect(drawn).toBeGreaterThan(50); // the property was exercised on real draws, not only refusals
  });

  it('tier counts are the ratios rounded half up, and each target is in its tier', () => {
    fc.assert(
      fc.property(world, (w) => {
        const r = attempt(w);
        if (r instanceof AppError) return;
        for (const t of DRAW_TIERS) {
          const n = w.snapshot.institutions.filter((i) => tierFromCredit(i.tier) === t).length;
          const ratio = w.inputs.plan.ratios[t];
          const drawn = r.result.targets.filter((x) => x.tier === t).length;
          expect(drawn).toBe(tierTargetCount(n, ratio));
          expect(Math.abs(drawn - (n * ratio) / 100)).toBeLessThanOrEqual(0.5);
          expect(r.result.tiers.find((x) => x.tier === t)).toEqual({ tier: t, eligible: n, ratio, drawn });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an impossible draw is refused before drawing, naming the institution and what is missing', () => {
    let refused = 0;
    fc.assert(
      fc.property(world, (w) => {
        const problems = drawProblems(w.inputs.plan, w.snapshot);
        const r = attempt(w);
        if (problems.length === 0) {
          expect(r).not.toBeInstanceOf(AppError);
          return;
        }
        refused++;
        expect(r).toBeInstanceOf(AppError);
        const e = r as AppError;
        expect(e.code).toBe('VALIDATION');
        expect(e.message).toContain(`无法抽取：${problems[0]}`);
        expect((e.details as { problems: string[] }).problems).toEqual(problems);
        for (const p of problems)
          if (p.startsWith('“')) expect(p).toMatch(/^“对象\d+”（[0-9A-Z]{18}）：.*(名|单位|组长)/);
      }),
      { numRuns: 400 },
    );
    expect(refused).toBeGreaterThan(20);
  });

  it('the staffing check (indexed by unit and by 回避) names the same problems as building every pool', () => {
    // The reference: each institution's pool built from the whole roster, as the check did before it was indexed.
    const reference = (w: World): string[] => {
      const plan = w.inputs.plan;
      const inspectors = [...w.snapshot.inspectors].sort((a, b) => a.id - b.id);
      const out: string[] = [];
      const order = (i: DrawInstitutionRow) => DRAW_TIERS.indexOf(tierFromCredit(i.tier));
      const institutions = [...w.snapshot.institutions].sort((a, b) => order(a) - order(b) || a.id - b.id);
      for (const inst of institutions) {
        if (plan.ratios[tierFromCredit(inst.tier)] === 0) continue;
        const recused = inspectors.filter((p) => p.conflicts.includes(inst.id));
        if (recused.length === 0 && inst.previousLead === null) continue;
        const pool = inspectors.filter((p) => !p.conflicts.includes(inst.id));
        const leadPool = inst.previousLead === null ? pool : pool.filter((p) => p.id !== inst.previousLead);
        const n = inspectors.length - pool.length;
        const label = `“${inst.name}”（${inst.uscc}）`;
        if (pool.length < plan.teamSize)
          out.push(
            `${label}：每组需要 ${plan.teamSize} 名检查人员，参与单位在岗 ${inspectors.length} 名${n ? `，回避 ${n} 名后` : '，'}仅余 ${pool.length} 名`,
          );
        else if (leadPool.length === 0)
          out.push(`${label}：回避后仅余的检查人员都担任过该对象上次检查的组长，无人可任组长`);
        else if (plan.departments.length >= 2) {
          const departments = new Map(pool.map((p) => [p.departmentId, p.department]));
          if (departments.size < 2)
            out.push(
              `${label}：联合抽查的检查组须来自至少两个单位，${n ? `回避 ${n} 名后` : ''}只剩${[...departments.values()][0] ?? ''}的人员`,
            );
        }
      }
      return out;
    };
    let compared = 0;
    fc.assert(
      fc.property(world, (w) => {
        const problems = drawProblems(w.inputs.plan, w.snapshot);
        if (problems.some((p) => !p.startsWith('“'))) return; // refused before any institution was looked at
        compared++;
        expect(problems).toEqual(reference(w));
      }),
      { numRuns: 600 },
    );
    expect(compared).toBeGreaterThan(100);
  });

  it('identical inputs give an identical record; one entropy digit changed gives another draw', () => {
    fc.assert(
      fc.property(world, fc.nat(), (w, at) => {
        const a = attempt(w);
        if (a instanceof AppError) return;
        const copy = JSON.parse(JSON.stringify(w)) as World;
        copy.snapshot.institutions.reverse(); // the order rows arrive in does not matter
        const b = attempt(copy);
        expect(canonicalJson(b)).toBe(canonicalJson(a));
        const digits = w.inputs.entropy.digits;
        const i = at % digits.length;
        const changed = `${digits.slice(0, i)}${(Number(digits[i]) + 1) % 10}${digits.slice(i + 1)}`;
        const c = attempt({
          ...w,
          inputs: { ...w.inputs, entropy: { ...w.inputs.entropy, digits: changed } },
        });
        expect(c).not.toBeInstanceOf(AppError);
        expect((c as DrawRecord).seed).not.toBe((a as DrawRecord).seed);
      }),
      { numRuns: 200 },
    );
  });

  it('one entropy digit changed changes the targets of a district-sized draw', () => {
    const w = fc.sample(world, { numRuns: 1, seed: 7 })[0]!;
    const institutions: DrawInstitutionRow[] = Array.from({ length: 300 }, (_, i) => ({
      id: i + 1,
      uscc: testUscc(i + 1),
      name: `对象${i + 1}`,
      category: 'clinic',
      street: '府山街道',
      tier: (['A', 'B', 'C', 'D', null] as const)[i % 5]!,
      previousLead: null,
    }));
    const inspectors: DrawInspectorRow[] = Array.from({ length: 20 }, (_, i) => ({
      id: i + 1,
      badgeNo: `B${i}`,
      name: `人员${i}`,
      departmentId: (i % 2) + 1,
      department: `单位${(i % 2) + 1}`,
      conflicts: [],
    }));
    const base: World = {
      inputs: {
        ...w.inputs,
        plan: {
          ...w.inputs.plan,
          ratios: { A: 5, B: 20, C: 60, D: 100, none: 20 },
          teamSize: 2,
          departments: [
            { id: 1, name: '单位1' },
            { id: 2, name: '单位2' },
          ],
        },
        entropy: { ...w.inputs.entropy, digits: '03121726293313' },
      },
      snapshot: { institutions, inspectors },
    };
    const a = attempt(base) as DrawRecord;
    const targets = (r: DrawRecord) => r.result.targets.map((t) => t.institutionId).join(',');
    for (let i = 0; i < 14; i++) {
      const d = base.inputs.entropy.digits;
      const digits = `${d.slice(0, i)}${(Number(d[i]) + 1) % 10}${d.slice(i + 1)}`;
      const b = attempt({ ...base, inputs: { ...base.inputs, entropy: { ...base.inputs.entropy, digits } } });
      expect(targets(b as DrawRecord)).not.toBe(targets(a));
    }
  });
});

// ------------------------------------------------------------------------------- teams: indexed = plain pools

/** A random district with everything v3 reads too: qualifications, item rules, experts and their 回避. */
const fullWorld = fc
  .record({
    base: world,
    qualifications: fc.array(fc.subarray(['甲', '乙', '丙']), { minLength: 14, maxLength: 14 }),
    itemRules: fc.array(
      fc.record({
        categories: fc.subarray([...CATEGORY]),
        qualification: fc.constantFrom('', '甲', '乙', '丙'),
      }),
      { maxLength: 3 },
    ),
    experts: fc.array(fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 3 }), { maxLength: 5 }),
    expertPerTeam: fc.boolean(),
    algorithm: fc.constantFrom('zongjian-draw-v1', 'zongjian-draw-v2', 'zongjian-draw-v3') as fc.Arbitrary<
      'zongjian-draw-v1' | 'zongjian-draw-v2' | 'zongjian-draw-v3'
    >,
  })
  .map(({ base, qualifications, itemRules, experts, expertPerTeam, algorithm }) => {
    const eligible = new Set(base.snapshot.institutions.map((i) => i.id));
    const snapshot: DirectorySnapshot = {
      institutions: base.snapshot.institutions,
      inspectors: base.snapshot.inspectors.map((p) => ({
        ...p,
        qualifications: [...qualifications[(p.id - 1) % 14]!].sort(),
      })),
      experts: experts.map((conflicts, i) => ({
        id: i + 1,
        name: `专家${i + 1}`,
        unit: '市人民医院',
        field: '院感',
        conflicts: conflicts.filter((c) => eligible.has(c)).sort((a, b) => a - b),
      })),
    };
    const plan: DrawInputs['plan'] = {
      ...base.inputs.plan,
      itemRules: itemRules.map((r, i) => ({ id: i + 1, name: `事项${i + 1}`, ...r })),
      expertPerTeam,
    };
    const version: DrawVersion =
      algorithm === 'zongjian-draw-v1' ? { algorithm } : { algorithm, sealSha256: 'ab'.repeat(32) };
    return { inputs: { ...base.inputs, plan }, snapshot, version };
  });

/**
 * The plain definition of a draw's targets and teams (docs/draw-algorithm.md), as the code computed them before
 * its pools were read from indexes: every pool filtered from the whole roster, every shuffle on a copy.
 */
function plainDraw(
  inputs: DrawInputs,
  snapshot: DirectorySnapshot,
  version: DrawVersion,
): Pick<DrawOutcome, 'seed' | 'targets'> {
  const v3 = version.algorithm === 'zongjian-draw-v3';
  const sorted = <T extends { id: number }>(rows: readonly T[]) => [...rows].sort((a, b) => a.id - b.id);
  const institutions = sorted(snapshot.institutions);
  const inspectors = sorted(snapshot.inspectors);
  const experts = v3 ? sorted(snapshot.experts ?? []) : [];
  const plan = v3 ? inputs.plan : { ...inputs.plan, itemRules: [], expertPerTeam: false };
  const seed = canonicalSha256(
    seedMaterial(
      inputs,
      institutions.map(canonicalSha256),
      inspectors.map(canonicalSha256),
      version,
      experts.map(canonicalSha256),
    ),
  );
  const stream = new DrawStream(seed);
  const shuffle = <T>(items: readonly T[], k: number): T[] => {
    const a = [...items];
    for (let i = 0; i < k; i++) {
      const j = i + stream.below(a.length - i);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, k);
  };
  const chosen = tierGroups(plan, institutions).flatMap((g) =>
    shuffle(g.rows, g.count).map((row) => ({ row, tier: g.tier })),
  );
  const targets = chosen.map(({ row, tier }): DrawTarget => {
    const pool = inspectors.filter((p) => !p.conflicts.includes(row.id));
    const leadPool = row.previousLead === null ? pool : pool.filter((p) => p.id !== row.previousLead);
    const lead = leadPool[stream.below(leadPool.length)]!;
    const team = [lead];
    let rest = pool.filter((p) => p.id !== lead.id);
    if (plan.departments.length >= 2) {
      const others = rest.filter((p) => p.departmentId !== lead.departmentId);
      const second = others[stream.below(others.length)]!;
      team.push(second);
      rest = rest.filter((p) => p.id !== second.id);
    }
    if (v3)
      for (const q of requiredQualifications(plan.itemRules ?? [], row.category)) {
        if (team.some((m) => (m.qualifications ?? []).includes(q))) continue;
        const qualified = rest.filter((p) => (p.qualifications ?? []).includes(q));
        const pick = qualified[stream.below(qualified.length)]!;
        team.push(pick);
        rest = rest.filter((p) => p.id !== pick.id);
      }
    team.push(...shuffle(rest, Math.max(0, plan.teamSize - team.length)));
    const expertPool = experts.filter((e) => !e.conflicts.includes(row.id));
    return {
      institutionId: row.id,
      name: row.name,
      uscc: row.uscc,
      tier,
      team: team.map((p, i) => ({
        inspectorId: p.id,
        name: p.name,
        department: p.department,
        lead: i === 0,
      })),
      ...(v3 && plan.expertPerTeam
        ? {
            experts: [expertPool[stream.below(expertPool.length)]!].map((e) => ({
              expertId: e.id,
              name: e.name,
              unit: e.unit,
              field: e.field,
            })),
          }
        : {}),
    };
  });
  return { seed, targets };
}

describe('teams from the roster indexes', () => {
  it('are the teams of the plain definition, under every version, and refuse the same draws', () => {
    let drawn = 0;
    let refused = 0;
    fc.assert(
      fc.property(fullWorld, ({ inputs, snapshot, version }) => {
        let outcome: DrawOutcome;
        try {
          outcome = computeDraw(inputs, snapshot, version);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          refused++;
          // Refused: the problems named are those of pools filtered from the whole roster.
          const v3 = version.algorithm === 'zongjian-draw-v3';
          const plan = v3 ? inputs.plan : { ...inputs.plan, itemRules: [], expertPerTeam: false };
          const problems = (e.details as { problems: string[] }).problems;
          const sorted = [...snapshot.institutions].sort((a, b) => a.id - b.id);
          const expected: string[] = [];
          for (const g of tierGroups(plan, sorted)) {
            if (g.ratio === 0) continue;
            for (const inst of g.rows) {
              const pool = snapshot.inspectors.filter((p) => !p.conflicts.includes(inst.id));
              const missing = requiredQualifications(plan.itemRules ?? [], inst.category).filter(
                (q) => !pool.some((p) => (p.qualifications ?? []).includes(q)),
              );
              if (missing.length) expected.push(`${inst.name}:资质:${missing.join('')}`);
              const experts = v3 ? (snapshot.experts ?? []) : [];
              if (plan.expertPerTeam && !experts.some((x) => !x.conflicts.includes(inst.id)))
                expected.push(`${inst.name}:专家`);
            }
          }
          const named = problems.flatMap((p) => {
            const name = /^“([^”]+)”/.exec(p)?.[1];
            if (!name) return [];
            const q = /具备“(.+)”资质/.exec(p)?.[1];
            if (q) return [`${name}:资质:${q.split('”“').join('')}`];
            return p.includes('专家') ? [`${name}:专家`] : [];
          });
          if (problems.some((p) => !p.startsWith('“'))) return; // refused before any institution was looked at
          expect(named).toEqual(expected);
          return;
        }
        drawn++;
        const plain = plainDraw(inputs, snapshot, version);
        expect(outcome.seed).toBe(plain.seed);
        expect(outcome.targets).toEqual(plain.targets);
      }),
      { numRuns: 1500 },
    );
    expect(drawn).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(100);
  });

  it('the partial shuffle without a copy takes the same items as swapping in a copy', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.nat(), fc.nat(), (n, k0, s) => {
        const items = Array.from({ length: n }, (_, i) => i * 3);
        const k = n === 0 ? 0 : k0 % (n + 1);
        const seed = canonicalSha256({ s });
        const a = [...items];
        const stream = new DrawStream(seed);
        for (let i = 0; i < k; i++) {
          const j = i + stream.below(n - i);
          [a[i], a[j]] = [a[j]!, a[i]!];
        }
        expect(partialShuffle(items, k, new DrawStream(seed))).toEqual(a.slice(0, k));
      }),
      { numRuns: 300 },
    );
  });
});

// ----------------------------------------------------------------------------------------- verification

describe('verifying a record', () => {
  const w = fc.sample(world, { numRuns: 1, seed: 11 })[0]!;
  const inputs: DrawInputs = {
    ...w.inputs,
    plan: {
      ...w.inputs.plan,
      ratios: { A: 5, B: 20, C: 60, D: 100, none: 20 },
      teamSize: 2,
      departments: [
        { id: 1, name: '单位1' },
        { id: 2, name: '单位2' },
      ],
    },
  };
  const snapshot: DirectorySnapshot = {
    institutions: Array.from({ length: 40 }, (_, i) => ({
      id: i + 1,
      uscc: testUscc(i + 1),
      name: `对象${i + 1}`,
      category: 'clinic',
      street: '府山街道',
      tier: (['C', 'D', null] as const)[i % 3]!,
      previousLead: i % 4 === 0 ? 1 : null,
    })),
    inspectors: Array.from({ length: 6 }, (_, i) => ({
      id: i + 1,
      badgeNo: `B${i}`,
      name: `人员${i + 1}`,
      departmentId: (i % 2) + 1,
      department: `单位${(i % 2) + 1}`,
      conflicts: i === 0 ? [2, 3] : [],
    })),
  };
  const record = sealedDraw(inputs, snapshot);
  const text = canonicalJson(record);
  const edit = (fn: (r: DrawRecord) => void) => {
    const copy = JSON.parse(text) as DrawRecord;
    fn(copy);
    return JSON.stringify(copy, null, 2); // a reformatted file is still the same record
  };

  it('a record matches itself and its archive, pretty-printed or not', () => {
    expect(verifyDrawRecord(text)).toMatchObject({ match: true, differences: [], archive: 'not-checked' });
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    const v = verifyDrawRecord(pretty, text);
    expect(v).toMatchObject({ match: true, archive: 'matched', sha256: drawRecordSha256(record) });
  });

  it('finds a changed target', () => {
    const other = snapshot.institutions.find(
      (i) => !record.result.targets.some((t) => t.institutionId === i.id),
    )!;
    const v = verifyDrawRecord(
      edit((r) => {
        r.result.targets[0]!.institutionId = other.id;
        r.result.targets[0]!.name = other.name;
      }),
      text,
    );
    expect(v.match).toBe(false);
    expect(v.differences).toContain(
      `抽取结果第 1 个对象：记录为“${other.name}”（id ${other.id}），按输入重新计算为“${record.result.targets[0]!.name}”（id ${record.result.targets[0]!.institutionId}）`,
    );
    expect(
      v.differences.some((l) => l.startsWith('result.targets[0].institutionId（抽取结果）：档案中为')),
    ).toBe(true);
  });

  it('finds a changed entropy digit: another seed, another result, and the archive differs', () => {
    const digits = record.inputs.entropy.digits;
    const changed = `${(Number(digits[0]) + 1) % 10}${digits.slice(1)}`;
    const v = verifyDrawRecord(
      edit((r) => {
        r.inputs.entropy.digits = changed;
      }),
      text,
    );
    expect(v.match).toBe(false);
    expect(v.differences.some((l) => l.startsWith(`种子：记录为 ${record.seed}，按输入重新计算为 `))).toBe(
      true,
    );
    expect(v.differences.some((l) => l.startsWith('抽取结果第'))).toBe(true);
    expect(v.differences).toContain(
      `inputs.entropy.digits（公开随机数）：档案中为 "${digits}"，文件中为 "${changed}"`,
    );
    // Without the archive the record still fails on its own.
    expect(verifyDrawRecord(edit((r) => void (r.inputs.entropy.digits = changed))).match).toBe(false);
  });

  it('finds a changed directory row', () => {
    const v = verifyDrawRecord(
      edit((r) => {
        r.directory.inspectors[0]!.row.conflicts = [];
      }),
    );
    expect(v.match).toBe(false);
    expect(v.differences[0]).toMatch(
      /^名录快照（执法人员）第 1 行 id 1“人员1”的内容与其 SHA-256 不符：记录为 [0-9a-f]{64}，按内容计算为 [0-9a-f]{64}$/,
    );
    const renamed = verifyDrawRecord(
      edit((r) => {
        r.directory.institutions[4]!.row.name = '改过的名称';
      }),
      text,
    );
    expect(renamed.differences.some((l) => l.includes('id 5“改过的名称”的内容与其 SHA-256 不符'))).toBe(true);
    expect(renamed.differences).toContain(
      'directory.institutions[4].row.name（名录快照（监管对象））：档案中为 "对象5"，文件中为 "改过的名称"',
    );
  });

  it('says plainly when a file is not a record, or the archive has no such draw', () => {
    expect(verifyDrawRecord('{').differences[0]).toMatch(/^文件不是有效的 JSON/);
    expect(verifyDrawRecord('{"format":"x"}').differences[0]).toMatch(/^不是有效的抽取记录/);
    const missing = verifyDrawRecord(text, null);
    expect(missing).toMatchObject({ match: false, archive: 'missing' });
    expect(missing.differences[0]).toContain('档案中没有这次抽取');
  });
});

// ----------------------------------------------------------------------------------------- v2: the seal

describe('docs/draw-algorithm.md worked example, zongjian-draw-v2 (sealed)', () => {
  const doc = readFileSync('docs/draw-algorithm.md', 'utf8');
  const block = (marker: string) => {
    const at = doc.indexOf(`<!-- ${marker} -->`);
    expect(at, marker).toBeGreaterThan(0);
    return /```\w*\n([\s\S]*?)```/.exec(doc.slice(at))![1]!;
  };
  const line = (text: string, name: string) =>
    new RegExp(`^${name.replace(/[()]/g, '\\$&')}\\s*= (.*)$`, 'm').exec(text)![1]!.trim();
  const input = JSON.parse(block('example:input')) as Pick<
    DrawInputs,
    'plan' | 'batch' | 'entropy' | 'witnesses'
  > &
    DirectorySnapshot;
  const params = JSON.parse(block('example-v2:seal')) as {
    office: string;
    sealedAt: string;
    sealedBy: string;
    drawnAt: string;
  };
  const numbers = block('example-v2:numbers');
  // A record made with the previous version: sealed and drawn under v2, it still recomputes and verifies.
  const seal = buildSeal({
    ...params,
    plan: input.plan,
    batch: input.batch,
    snapshot: input,
    algorithm: 'zongjian-draw-v2',
  });

  it('matches every number the document states, and the record verifies', () => {
    expect(seal.sealedOn).toBe(line(numbers, 'sealedOn'));
    expect(drawSealSha256(seal)).toBe(line(numbers, 'sha256(seal)'));
    const calls: string[] = [];
    const out = computeDraw(
      { ...input },
      input,
      { algorithm: 'zongjian-draw-v2', sealSha256: drawSealSha256(seal) },
      (n, v) => calls.push(`R(${n})=${v}`),
    );
    expect(out.seed).toBe(line(numbers, 'seed'));
    const s = new DrawStream(out.seed);
    expect([s.nextUint64(), s.nextUint64(), s.nextUint64(), s.nextUint64()].map(String).join(' ')).toBe(
      line(numbers, 'x0 x1 x2 x3'),
    );
    expect(calls.join(' ')).toBe(line(numbers, 'R calls'));
    const expected = JSON.parse(block('example-v2:result')) as {
      tiers: unknown;
      targets: { institutionId: number; tier: string; team: number[] }[];
    };
    const { entropy, witnesses } = input;
    const record = buildDrawRecord(seal, {
      entropy,
      witnesses,
      drawnAt: params.drawnAt,
      drawnBy: params.sealedBy,
    });
    expect(record.seed).toBe(out.seed);
    expect(record.result.tiers).toEqual(expected.tiers);
    expect(
      record.result.targets.map((t) => ({
        institutionId: t.institutionId,
        tier: t.tier,
        team: t.team.map((m) => m.inspectorId),
      })),
    ).toEqual(expected.targets);
    expect(
      verifyDrawRecord(canonicalJson(record), undefined, { sealSha256: drawSealSha256(seal) }),
    ).toMatchObject({ match: true, differences: [] });
  });

  it('v1 records still verify under v1: the worked example and records over random directories', () => {
    const { plan, batch, entropy, witnesses } = input;
    const v1 = buildDrawRecordV1(
      {
        office: '越城区卫生健康局',
        plan,
        batch,
        entropy,
        witnesses,
        drawnAt: '2026-11-22T01:00:00.000Z',
        drawnBy: '科员（keyuan）',
      },
      input,
    );
    expect(v1.algorithm).toBe('zongjian-draw-v1');
    expect(v1.seal).toBeUndefined();
    expect(v1.seed).toBe(line(block('example:numbers'), 'seed'));
    const v = verifyDrawRecord(canonicalJson(v1), canonicalJson(v1));
    expect(v).toMatchObject({ match: true, archive: 'matched', sealArchive: 'not-checked' });
    // A v1 record with a changed digit still fails under v1.
    const bad = JSON.parse(canonicalJson(v1)) as DrawRecord;
    bad.inputs.entropy.digits = `9${bad.inputs.entropy.digits.slice(1)}`;
    expect(verifyDrawRecord(JSON.stringify(bad)).match).toBe(false);
    fc.assert(
      fc.property(world, (w) => {
        let r: DrawRecord;
        try {
          r = buildDrawRecordV1(w.inputs, w.snapshot);
        } catch (e) {
          if (e instanceof AppError) return;
          throw e;
        }
        expect(verifyDrawRecord(canonicalJson(r)).differences).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the seal in verification', () => {
  const w = fc.sample(world, { numRuns: 1, seed: 11 })[0]!;
  const inputs: DrawInputs = {
    ...w.inputs,
    plan: {
      ...w.inputs.plan,
      ratios: { A: 5, B: 20, C: 60, D: 100, none: 20 },
      teamSize: 2,
      departments: [
        { id: 1, name: '单位1' },
        { id: 2, name: '单位2' },
      ],
    },
  };
  const snapshot: DirectorySnapshot = {
    institutions: Array.from({ length: 30 }, (_, i) => ({
      id: i + 1,
      uscc: testUscc(i + 1),
      name: `对象${i + 1}`,
      category: 'clinic',
      street: '府山街道',
      tier: (['A', 'C', 'D', null] as const)[i % 4]!,
      previousLead: null,
    })),
    inspectors: Array.from({ length: 6 }, (_, i) => ({
      id: i + 1,
      badgeNo: `B${i}`,
      name: `人员${i + 1}`,
      departmentId: (i % 2) + 1,
      department: `单位${(i % 2) + 1}`,
      conflicts: [],
    })),
  };
  const record = sealedDraw(inputs, snapshot);
  const text = canonicalJson(record);
  const sealJson = canonicalJson(record.seal!.record);

  it('a sealed record matches its seal, its archive and the printed seal hash', () => {
    expect(record.algorithm).toBe('zongjian-draw-v3');
    expect(
      verifyDrawRecord(text, text, { archivedSeal: sealJson, sealSha256: record.seal!.sha256 }),
    ).toMatchObject({ match: true, archive: 'matched', sealArchive: 'matched', differences: [] });
  });

  it('finds an altered seal: its hash, and the archive', () => {
    const copy = JSON.parse(text) as DrawRecord;
    copy.seal!.record.sealedBy = '别人';
    const v = verifyDrawRecord(JSON.stringify(copy), undefined, { archivedSeal: sealJson });
    expect(v.match).toBe(false);
    expect(v.differences[0]).toMatch(
      /^封存记录的 SHA-256：抽取记录中为 [0-9a-f]{64}，按封存内容计算为 [0-9a-f]{64}$/,
    );
    expect(v.differences).toContain(
      'seal.record.sealedBy（封存记录）：档案中为 "科员（keyuan）"，抽取记录中为 "别人"',
    );
  });

  it('hostile: tiers altered after the lottery and everything recomputed fails against the seal', () => {
    // An insider lowers institution 1 from A to D after seeing the lottery result, re-seals and recomputes the
    // whole record so that it is consistent with itself. The archived seal and the printed hash still hold.
    const altered: DirectorySnapshot = {
      ...snapshot,
      institutions: snapshot.institutions.map((r) => (r.id === 1 ? { ...r, tier: 'D' as const } : r)),
    };
    const forged = sealedDraw(inputs, altered);
    const forgedText = canonicalJson(forged);
    expect(verifyDrawRecord(forgedText).match).toBe(true); // consistent with itself, as v1 forgeries were
    const v = verifyDrawRecord(forgedText, undefined, {
      archivedSeal: sealJson,
      sealSha256: record.seal!.sha256,
    });
    expect(v.match).toBe(false);
    expect(v.sealArchive).toBe('differs');
    expect(v.differences).toContain(
      `封存记录的 SHA-256 与封存记录打印件上的不一致：打印件为 ${record.seal!.sha256}，抽取记录中为 ${forged.seal!.sha256}`,
    );
    expect(v.differences).toContain(
      'seal.record.directory.institutions[0].row.tier（封存记录）：档案中为 "A"，抽取记录中为 "D"',
    );
    // Altering only the record's directory (not its seal) fails on the record alone.
    const partial = JSON.parse(text) as DrawRecord;
    partial.directory.institutions[0]!.row.tier = 'D';
    partial.directory.institutions[0]!.sha256 = canonicalSha256(partial.directory.institutions[0]!.row);
    const p = verifyDrawRecord(JSON.stringify(partial));
    expect(p.match).toBe(false);
    expect(p.differences).toContain(
      '抽取所用的输入与封存的不一致：directory.institutions[0].row.tier（名录快照（监管对象））封存为 "A"，抽取记录中为 "D"',
    );
  });

  it('checks the dates: the lottery after the seal day (Beijing), not after the draw day', () => {
    const on = (date: string) => {
      const copy = JSON.parse(text) as DrawRecord;
      copy.inputs.entropy.date = date;
      return verifyDrawRecord(JSON.stringify(copy)).differences;
    };
    expect(on('2026-11-18')).toContain(
      '公开随机数的开奖日期 2026-11-18 不晚于封存日期 2026-11-18（北京时间）：须使用封存之后开奖的号码',
    );
    expect(on('2026-11-23')).toContain('公开随机数的开奖日期 2026-11-23 晚于抽取日期 2026-11-22（北京时间）');
  });

  it('refuses ratios outside 0–100 in the seal and in a v2 record', () => {
    expect(() =>
      buildSeal({
        office: 'x',
        plan: { ...inputs.plan, ratios: { ...inputs.plan.ratios, B: 120 } },
        batch: inputs.batch,
        snapshot,
        sealedAt: SEALED_AT,
        sealedBy: 'x',
      }),
    ).toThrow('B 级的抽查比例应为 0–100 的整数，现为 120');
    const copy = JSON.parse(text) as DrawRecord;
    copy.inputs.plan.ratios.C = 101;
    expect(verifyDrawRecord(JSON.stringify(copy)).differences[0]).toMatch(
      /^不是有效的抽取记录：inputs\.plan\.ratios\.C/,
    );
  });
});

describe('the digit rule and Beijing dates', () => {
  it('normalises a lottery result by the documented rule and refuses what does not fit', () => {
    const ok = (s: string) => {
      const r = normalizeEntropyDigits(s);
      expect(r.ok, s).toBe(true);
      return (r as { digits: string }).digits;
    };
    const refused = (s: string) => {
      const r = normalizeEntropyDigits(s);
      expect(r.ok, s).toBe(false);
      return (r as { message: string }).message;
    };
    expect(ok('03 12 17 26 29 33 + 13')).toBe('03121726293313');
    expect(ok('０３，１２、17 26　29 33|13')).toBe('03121726293313');
    expect(ok('03121726293313')).toBe('03121726293313');
    expect(ok('5 8 2 7 1 0')).toBe('582710');
    expect(refused('3 12 17 26 29 33 13')).toBe(
      '各号码的位数应相同，前导 0 不能省略（如两位数的号码 3 写作 03）：“12”与“3”位数不同',
    );
    expect(refused('03 12 17 26 29 33 蓝13')).toBe(
      '公开随机数中有不能识别的字符“蓝”：只能填写数字，号码之间可用空格、逗号、顿号或加号分隔',
    );
    expect(refused('12345')).toBe('公开随机数应为 6–200 位数字，现为 5 位');
    expect(refused(' , ')).toBe('请填写公开随机数');
  });

  it('the Beijing date of an instant does not depend on the machine zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        expect(beijingDate(new Date('2026-03-05T07:00:00+08:00'))).toBe('2026-03-05');
        expect(beijingDate('2026-03-04T23:00:00.000Z')).toBe('2026-03-05');
        expect(beijingDate('2026-03-04T15:59:59.999Z')).toBe('2026-03-04');
      }
    } finally {
      process.env.TZ = saved;
    }
  });
});

describe('docs/draw-algorithm.md worked example, zongjian-draw-v3 (qualifications and experts)', () => {
  const doc = readFileSync('docs/draw-algorithm.md', 'utf8');
  const block = (marker: string) => {
    const at = doc.indexOf(`<!-- ${marker} -->`);
    expect(at, marker).toBeGreaterThan(0);
    return /```\w*\n([\s\S]*?)```/.exec(doc.slice(at))![1]!;
  };
  const line = (text: string, name: string) =>
    new RegExp(`^${name.replace(/[()]/g, '\\$&')}\\s*= (.*)$`, 'm').exec(text)![1]!.trim();
  const base = JSON.parse(block('example:input')) as Pick<
    DrawInputs,
    'plan' | 'batch' | 'entropy' | 'witnesses'
  > &
    DirectorySnapshot;
  const extra = JSON.parse(block('example-v3:input')) as {
    plan: Pick<DrawInputs['plan'], 'items' | 'itemRules' | 'expertPerTeam'>;
    qualifications: Record<string, string[]>;
    experts: NonNullable<DirectorySnapshot['experts']>;
    entropy: DrawInputs['entropy'];
    seal: { office: string; sealedAt: string; sealedBy: string; drawnAt: string };
  };
  const numbers = block('example-v3:numbers');
  const plan = { ...base.plan, ...extra.plan };
  const snapshot: DirectorySnapshot = {
    institutions: base.institutions,
    inspectors: base.inspectors.map((p) => ({
      ...p,
      qualifications: extra.qualifications[String(p.id)] ?? [],
    })),
    experts: extra.experts,
  };
  const { drawnAt, ...sealParams } = extra.seal;
  const seal = buildSeal({ ...sealParams, plan, batch: base.batch, snapshot });

  it('matches every number the document states, and the record verifies', () => {
    expect(seal.algorithm).toBe('zongjian-draw-v3');
    expect(canonicalJson(seal.directory.inspectors[2]!.row)).toBe(line(numbers, 'row(inspector 3)'));
    expect(canonicalJson(seal.directory.experts![1]!.row)).toBe(line(numbers, 'row(expert 2)'));
    expect(seal.sealedOn).toBe(line(numbers, 'sealedOn'));
    expect(drawSealSha256(seal)).toBe(line(numbers, 'sha256(seal)'));
    const calls: string[] = [];
    const out = computeDraw(
      { plan: seal.plan, batch: base.batch, entropy: extra.entropy, witnesses: base.witnesses },
      {
        institutions: base.institutions,
        inspectors: seal.directory.inspectors.map((e) => e.row),
        experts: extra.experts,
      },
      { algorithm: 'zongjian-draw-v3', sealSha256: drawSealSha256(seal) },
      (n, v) => calls.push(`R(${n})=${v}`),
    );
    expect(out.seed).toBe(line(numbers, 'seed'));
    const s = new DrawStream(out.seed);
    expect([s.nextUint64(), s.nextUint64(), s.nextUint64(), s.nextUint64()].map(String).join(' ')).toBe(
      line(numbers, 'x0 x1 x2 x3'),
    );
    expect(calls.join(' ')).toBe(line(numbers, 'R calls'));
    const record = buildDrawRecord(seal, {
      entropy: extra.entropy,
      witnesses: base.witnesses,
      drawnAt,
      drawnBy: sealParams.sealedBy,
    });
    const expected = JSON.parse(block('example-v3:result')) as unknown;
    expect({
      tiers: record.result.tiers,
      targets: record.result.targets.map((t) => ({
        institutionId: t.institutionId,
        tier: t.tier,
        team: t.team.map((m) => m.inspectorId),
        experts: (t.experts ?? []).map((e) => e.expertId),
      })),
    }).toEqual(expected);
    expect(
      verifyDrawRecord(canonicalJson(record), undefined, { sealSha256: drawSealSha256(seal) }),
    ).toMatchObject({
      match: true,
      differences: [],
    });
  });

  it('a v3 record with its expert or a qualification altered no longer verifies', () => {
    const record = buildDrawRecord(seal, {
      entropy: extra.entropy,
      witnesses: base.witnesses,
      drawnAt,
      drawnBy: sealParams.sealedBy,
    });
    const text = canonicalJson(record);
    const swapped = JSON.parse(text) as DrawRecord;
    swapped.result.targets[0]!.experts = [{ expertId: 1, name: '陈立', unit: '区人民医院', field: '中医' }];
    expect(verifyDrawRecord(JSON.stringify(swapped)).match).toBe(false);
    const requalified = JSON.parse(text) as DrawRecord;
    const row = requalified.directory.inspectors[0]!.row;
    row.qualifications = ['中医'];
    requalified.directory.inspectors[0]!.sha256 = canonicalSha256(row);
    const v = verifyDrawRecord(JSON.stringify(requalified));
    expect(v.match).toBe(false);
    expect(v.differences.join('\n')).toContain('directory.inspectors[0].row.qualifications');
  });

  it('refuses a seal when no inspector has the qualification an item requires, or every expert must recuse', () => {
    const unqualified: DirectorySnapshot = {
      ...snapshot,
      inspectors: base.inspectors.map((p) => ({ ...p, qualifications: [] })),
    };
    expect(() => buildSeal({ ...sealParams, plan, batch: base.batch, snapshot: unqualified })).toThrow(
      /“稽山中医诊所”（92330602000000005C）：抽查事项“中医诊疗活动”要求检查组包含具备“中医”资质的执法人员/,
    );
    const allRecused: DirectorySnapshot = {
      ...snapshot,
      experts: extra.experts.map((e) => ({ ...e, conflicts: [6] })),
    };
    expect(() => buildSeal({ ...sealParams, plan, batch: base.batch, snapshot: allRecused })).toThrow(
      /“迪荡医疗美容诊所”（92330602000000006F）：专家库中的专家均须回避/,
    );
  });
});

describe('canonical JSON', () => {
  // The definition as the algorithm document gives it (RFC 8785 for these values), written plainly: the faster
  // one-pass writer must give the same bytes for any value, or every earlier record would stop verifying.
  const plain = (value: unknown): string => {
    if (value === null || typeof value === 'boolean' || typeof value === 'string')
      return JSON.stringify(value);
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new TypeError('not an integer');
      return String(value);
    }
    if (Array.isArray(value)) return `[${value.map(plain).join(',')}]`;
    if (typeof value !== 'object') throw new TypeError('unsupported');
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${plain(v)}`).join(',')}}`;
  };
  const values = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.maxSafeInteger(),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }), // lone surrogates, control characters
      fc.array(tie('value')),
      fc.dictionary(fc.string({ unit: 'binary' }), fc.option(tie('value'), { nil: undefined })),
    ),
  })).value;

  it('gives the bytes of the plain definition for any value', () => {
    fc.assert(
      fc.property(values, (v) => {
        expect(canonicalJson(v)).toBe(plain(v));
        // Parsed back, objects have their keys in order (JSON.stringify writes them then), except integer-like
        // keys, which JavaScript lists first in numeric order.
        expect(canonicalJson(JSON.parse(plain(v)))).toBe(plain(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes keys in code-unit order whatever order an object lists them in', () => {
    const v = { b: 1, '10': 2, '9': 3, a: { y: [1, { d: 0, c: null }], x: '甲' }, 中: true, Z: false };
    expect(canonicalJson(v)).toBe(plain(v));
    expect(canonicalJson(v)).toBe(
      '{"10":2,"9":3,"Z":false,"a":{"x":"甲","y":[1,{"c":null,"d":0}]},"b":1,"中":true}',
    );
    expect(canonicalJson(JSON.parse(canonicalJson(v)))).toBe(plain(v));
    // Not plain objects: their own keys, as ever, never what their toJSON would write.
    const odd = { a: new Date(0), b: new Map([[1, 2]]) };
    expect(canonicalJson(odd)).toBe(plain(odd));
    expect(canonicalJson(odd)).toBe('{"a":{},"b":{}}');
  });

  it('reuses the texts of large objects written before, with the same bytes', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      name: `机构${i}`,
      id: i,
      tier: i % 3 ? 'A' : null,
    }));
    const seal = { directory: { rows }, office: '越城区卫生健康局' };
    const known = new Map<object, string>();
    expect(canonicalJson(seal, known)).toBe(plain(seal));
    expect(known.get(rows)).toBe(plain(rows)); // 64 KiB or more: kept
    expect(known.has(rows[0]!)).toBe(false); // small: not kept
    const record = { seal: { sha256: 'ab', record: seal }, directory: seal.directory, format: 1 };
    expect(canonicalJson(record, known)).toBe(plain(record));
    const parsed = JSON.parse(canonicalJson(seal)) as typeof seal;
    const fromParsed = new Map<object, string>();
    expect(canonicalJson(parsed, fromParsed)).toBe(plain(seal));
    expect(canonicalJson({ ...record, seal: { sha256: 'ab', record: parsed } }, fromParsed)).toBe(
      plain(record),
    );
  });

  it('takes a known text inside an object JSON.stringify could write whole, without walking it', () => {
    // A record in canonical key order holds its seal's directory: the directory's known text is what is written
    // (walking thousands of rows to find the record writable by JSON.stringify cost a draw ~8 ms).
    const directory = { rows: [{ id: 1 }] };
    const known = new Map<object, string>([[directory, '"kept"']]);
    expect(canonicalJson({ directory, format: 1 }, known)).toBe('{"directory":"kept","format":1}');
    expect(canonicalJson({ directory, format: 1 })).toBe('{"directory":{"rows":[{"id":1}]},"format":1}');
  });

  it('refuses what it cannot write canonically', () => {
    expect(() => canonicalJson({ a: 1.5 })).toThrow(TypeError);
    expect(() => canonicalJson([Number.MAX_SAFE_INTEGER + 1])).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
