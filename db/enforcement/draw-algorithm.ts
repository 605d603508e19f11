// The 双随机 draw exactly as docs/draw-algorithm.md specifies it: canonical JSON, row hashes, the seal (v2), the
// seed, the SHA-256 counter-mode stream, unbiased integers by rejection, partial Fisher–Yates, and the team rules
// (≥ 2 inspectors, two departments when joint, 回避, not last time's lead). Version zongjian-draw-v2 draws from a
// seal made before the lottery and puts the seal's SHA-256 into the seed; zongjian-draw-v1 (no seal) is kept so
// that every earlier record still recomputes under its own version. Pure apart from hashing; the database side
// (db/enforcement/draws.ts) only gathers the inputs and stores the seal and the record.
import { createHash, hash } from 'node:crypto';
import {
  DRAW_ALGORITHM_V1,
  DRAW_ALGORITHM_V2,
  DRAW_ALGORITHM_V3,
  type DrawExpertRow,
  type SealedAlgorithm,
  DRAW_RATIO_MAX,
  DRAW_RATIO_MIN,
  DRAW_RECORD_FORMAT,
  DRAW_SEAL_FORMAT,
  ratioMessage,
  type DrawAlgorithm,
  type DrawSeal,
  DRAW_TIERS,
  DRAW_TIER_LABELS,
  tierFromCredit,
  type DrawInspectorRow,
  type DrawInstitutionRow,
  type DrawRecord,
  type DrawTarget,
  type DrawTeamMember,
  type DrawExpertMember,
  type DrawTier,
  type DrawTierCount,
} from '../../shared/contract/draws';
import { AppError } from '../../shared/errors';
import { beijingDate } from '../../shared/dates';
import { missingQualifications, requiredQualifications } from '../../shared/domain/spotcheck';

// ------------------------------------------------------------------------------------------- canonical JSON

/**
 * Canonical JSON (RFC 8785 for the values a record holds): object keys sorted by UTF-16 code units, no whitespace,
 * strings escaped as JSON.stringify does, numbers only as safe integers. Anything else is a programming error.
 */
export function canonicalJson(value: unknown, known?: CanonicalTexts): string {
  return canonical(value, known);
}

/**
 * The canonical texts of large objects already written once, by object: a draw's record holds its seal, and the
 * sealed directory again, whose texts checking the stored seal has just made. Given to canonicalJson, it is read
 * for every object and each object of 64 KiB of text or more is added, so the record's text reuses the seal's
 * instead of writing the whole directory twice more. Only for objects that are not changed afterwards.
 */
export type CanonicalTexts = Map<object, string>;
const KEEP_TEXT = 1 << 16;

// Keys as JSON strings, made once: a directory snapshot repeats the same few keys for thousands of rows.
const quotedKeys = new Map<string, string>();
const quoted = (k: string): string => {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < 4096) quotedKeys.set(k, q);
  }
  return q;
};

/**
 * Whether JSON.stringify already writes this value canonically: plain objects whose keys come in code-unit order
 * (as a canonical text parsed back has them: a stored seal, a record's directory), arrays without holes, safe
 * integers, and nothing JSON.stringify would drop from an array or write through toJSON. A walk without writing;
 * JSON.stringify then writes the text about four times faster than appending it piece by piece, and flat.
 */
function writtenCanonically(value: unknown, known?: CanonicalTexts): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isSafeInteger(value);
    case 'object': {
      // An object whose text is already known is not walked (a record's directory is thousands of rows): the
      // piece by piece path writes the known text instead of JSON.stringify writing it again.
      if (known?.has(value)) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (v === undefined || !writtenCanonically(v, known)) return false;
        }
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      const o = value as Record<string, unknown>;
      let previous: string | null = null;
      // for…in lists integer-like keys first, in numeric order: a key order other than code-unit order fails here.
      for (const k in o) {
        if (!Object.hasOwn(o, k)) return false;
        if (previous !== null && !(previous < k)) return false;
        previous = k;
        const v = o[k];
        if (v !== undefined && !writtenCanonically(v, known)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

// One pass with string appends, no per-object entry arrays: a draw stores and checks several megabytes of it
// (the seal and the record each hold the whole directory). Array.prototype.sort's default order compares UTF-16
// code units, as RFC 8785 wants; tests/unit/draw-algorithm.test.ts checks it against the plain definition. An
// object or array already in canonical order is written by JSON.stringify (writtenCanonically).
function canonical(value: unknown, known?: CanonicalTexts): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError(`规范 JSON 只允许整数：${value}`);
      return String(value);
    case 'object': {
      const kept = known?.get(value);
      if (kept !== undefined) return kept;
      let out: string;
      if (writtenCanonically(value, known)) out = JSON.stringify(value);
      else if (Array.isArray(value)) {
        out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonical(value[i], known);
        out += ']';
      } else {
        const o = value as Record<string, unknown>;
        const keys = Object.keys(o).sort();
        out = '{';
        let first = true;
        for (const k of keys) {
          const v = o[k];
          if (v === undefined) continue;
          out += (first ? '' : ',') + quoted(k) + ':' + canonical(v, known);
          first = false;
        }
        out += '}';
      }
      if (known && out.length >= KEEP_TEXT) known.set(value, out);
      return out;
    }
    default:
      throw new TypeError(`规范 JSON 不支持的值：${typeof value}`);
  }
}

// crypto.hash: one call, no Hash object (a draw hashes every row of the directory: about half the time of
// createHash for rows of a few hundred bytes; the same digest).
export function sha256Hex(text: string | Buffer): string {
  return hash('sha256', text, 'hex');
}

/** SHA-256 of a value's canonical JSON (UTF-8): row hashes, the seed, and a record's own hash. */
export const canonicalSha256 = (value: unknown): string => sha256Hex(canonicalJson(value));

// ------------------------------------------------------------------------------------------- random stream

const TWO_64 = 1n << 64n;

/**
 * Block k (k = 0, 1, 2, …) is SHA-256(seed ‖ k as 8 bytes big-endian); each block gives four unsigned 64-bit
 * big-endian integers, used in order.
 */
export class DrawStream {
  private readonly seed: Buffer;
  private counter = 0n;
  private block = Buffer.alloc(0);
  private offset = 32;
  /** How many 64-bit numbers have been taken (the worked example shows them). */
  taken = 0;

  /** `trace`: told of every R(n) and its value (the worked example in the docs lists them). */
  constructor(
    seedHex: string,
    private readonly trace?: (n: number, value: number) => void,
  ) {
    if (!/^[0-9a-f]{64}$/.test(seedHex)) throw new TypeError('种子应为 64 位十六进制小写字符');
    this.seed = Buffer.from(seedHex, 'hex');
  }

  nextUint64(): bigint {
    if (this.offset === 32) {
      const k = Buffer.alloc(8);
      k.writeBigUInt64BE(this.counter);
      this.block = createHash('sha256').update(this.seed).update(k).digest();
      this.counter += 1n;
      this.offset = 0;
    }
    const x = this.block.readBigUInt64BE(this.offset);
    this.offset += 8;
    this.taken += 1;
    return x;
  }

  /** R(n): an unbiased integer in [0, n). Numbers ≥ 2^64 − (2^64 mod n) are rejected and the next is taken. */
  below(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`R(n) 需要正整数 n：${n}`);
    const big = BigInt(n);
    const limit = TWO_64 - (TWO_64 % big);
    for (;;) {
      const x = this.nextUint64();
      if (x < limit) {
        const value = Number(x % big);
        this.trace?.(n, value);
        return value;
      }
    }
  }
}

/** A list read by position: an array, or a roster less a few of its rows (RosterIndex.without). */
export interface Positional<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/**
 * Partial Fisher–Yates: for i = 0 … k−1, j = i + R(n − i), swap a[i] and a[j]; the first k, in that order. The
 * list is not copied: the few positions swapped are kept aside, so a draw of k from n costs k steps, not n.
 */
export function partialShuffle<T>(items: Positional<T>, k: number, stream: DrawStream): T[] {
  const n = items.length;
  if (k > n) throw new RangeError(`不能从 ${n} 个中抽取 ${k} 个`);
  const moved = new Map<number, T>();
  const get = (i: number): T => (moved.has(i) ? moved.get(i)! : items.at(i)!);
  const out: T[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + stream.below(n - i);
    const a = get(i);
    const b = get(j);
    moved.set(j, a); // position i is never read again: it is the i-th drawn
    out.push(b);
  }
  return out;
}

// ------------------------------------------------------------------------------------------- the draw

/** Targets in a group of n at r percent, rounded half up: ⌊(n·r + 50) / 100⌋, in integers. */
export function tierTargetCount(eligible: number, ratioPercent: number): number {
  return Math.floor((eligible * ratioPercent + 50) / 100);
}

export type DrawInputs = DrawRecord['inputs'];
export type DrawPlan = DrawInputs['plan'];
export interface DirectorySnapshot {
  institutions: DrawInstitutionRow[];
  inspectors: DrawInspectorRow[];
  /** v3 only: the 专家库. */
  experts?: DrawExpertRow[];
}

const byId = <T extends { id: number }>(rows: readonly T[]) => [...rows].sort((a, b) => a.id - b.id);

/** How a draw is computed: its version, and (v2) the SHA-256 of the seal it draws from. */
export type DrawVersion =
  { algorithm: typeof DRAW_ALGORITHM_V1 } | { algorithm: SealedAlgorithm; sealSha256: string };

const isV3 = (version: DrawVersion) => version.algorithm === DRAW_ALGORITHM_V3;

/** The exact object whose canonical JSON is hashed into the seed (v2 adds the seal's SHA-256; v3 the experts'
 *  row hashes too). */
export function seedMaterial(
  inputs: Pick<DrawInputs, 'plan' | 'batch' | 'entropy' | 'witnesses'>,
  institutionHashes: readonly string[],
  inspectorHashes: readonly string[],
  version: DrawVersion,
  expertHashes: readonly string[] = [],
): unknown {
  return {
    algorithm: version.algorithm,
    ...(version.algorithm !== DRAW_ALGORITHM_V1 ? { seal: version.sealSha256 } : {}),
    plan: inputs.plan,
    batch: inputs.batch,
    entropy: inputs.entropy,
    witnesses: inputs.witnesses,
    institutions: institutionHashes,
    inspectors: inspectorHashes,
    ...(isV3(version) ? { experts: expertHashes } : {}),
  };
}

export const isJoint = (plan: Pick<DrawPlan, 'departments'>) => plan.departments.length >= 2;

/** Institutions of each group, ascending by id, and the number to draw from it. */
export function tierGroups(
  plan: Pick<DrawPlan, 'ratios'>,
  institutions: readonly DrawInstitutionRow[],
): { tier: DrawTier; rows: DrawInstitutionRow[]; ratio: number; count: number }[] {
  const sorted = byId(institutions);
  return DRAW_TIERS.map((tier) => {
    const rows = sorted.filter((r) => tierFromCredit(r.tier) === tier);
    const ratio = plan.ratios[tier];
    return { tier, rows, ratio, count: tierTargetCount(rows.length, ratio) };
  });
}

/** Who must not inspect whom: institution id → the ids of inspectors who declared a conflict with it (回避). */
type Recusals = Map<number, Set<number>>;

function recusals(inspectors: readonly { id: number; conflicts: readonly number[] }[]): Recusals {
  const map: Recusals = new Map();
  for (const p of inspectors)
    for (const c of p.conflicts) {
      let set = map.get(c);
      if (!set) map.set(c, (set = new Set()));
      set.add(p.id);
    }
  return map;
}

const label = (i: Pick<DrawInstitutionRow, 'name' | 'uscc'>) => `“${i.name}”（${i.uscc}）`;

/**
 * A list ascending by id with each id's position. Every pool of a draw is such a list less a few ids (the
 * institution's 回避, its previous lead, the members drawn already): `without` gives it by position, in time
 * proportional to the ids left out, so each target's team costs its 回避 and its team size, not the roster.
 */
class RosterIndex<T extends { id: number }> {
  private readonly positions = new Map<number, number>();
  constructor(readonly rows: readonly T[]) {
    rows.forEach((r, i) => this.positions.set(r.id, i));
  }

  /** The rows less these ids (ids not in the list are ignored), in the same order. */
  without(ids: Iterable<number>): Positional<T> {
    const gaps: number[] = [];
    for (const id of new Set(ids)) {
      const p = this.positions.get(id);
      if (p !== undefined) gaps.push(p);
    }
    gaps.sort((a, b) => a - b);
    const rows = this.rows;
    return {
      length: rows.length - gaps.length,
      at(k: number): T | undefined {
        if (k < 0 || k >= rows.length - gaps.length) return undefined;
        // The k-th row kept: each gap at or before it moves it one further down the list.
        let p = k;
        for (const g of gaps) {
          if (g > p) break;
          p++;
        }
        return rows[p];
      },
    };
  }
}

/** The roster of a draw indexed once: the whole of it, and (made when first needed) those of other departments
 *  than one, and those with one qualification; each ascending by id, as the filters of the plain definition give. */
class DrawRoster {
  readonly all: RosterIndex<DrawInspectorRow>;
  readonly byId = new Map<number, DrawInspectorRow>();
  /** How many inspectors each department has. */
  readonly departments = new Map<number, number>();
  private readonly outside = new Map<number, RosterIndex<DrawInspectorRow>>();
  private readonly qualified = new Map<string, RosterIndex<DrawInspectorRow>>();

  constructor(readonly inspectors: readonly DrawInspectorRow[]) {
    this.all = new RosterIndex(inspectors);
    for (const p of inspectors) {
      this.byId.set(p.id, p);
      this.departments.set(p.departmentId, (this.departments.get(p.departmentId) ?? 0) + 1);
    }
  }

  /** The inspectors of every department but this one. */
  outsideDepartment(departmentId: number): RosterIndex<DrawInspectorRow> {
    let r = this.outside.get(departmentId);
    if (!r) {
      r = new RosterIndex(this.inspectors.filter((p) => p.departmentId !== departmentId));
      this.outside.set(departmentId, r);
    }
    return r;
  }

  /** The inspectors with this qualification. */
  withQualification(q: string): RosterIndex<DrawInspectorRow> {
    let r = this.qualified.get(q);
    if (!r) {
      r = new RosterIndex(this.inspectors.filter((p) => (p.qualifications ?? []).includes(q)));
      this.qualified.set(q, r);
    }
    return r;
  }
}

const NOBODY: ReadonlySet<number> = new Set();

/** Why no team can be formed for this institution, in words; null when one can. The same answer as building its
 *  pools (poolsFor), counted from the roster's indexes in time proportional to its 回避, not to the roster. */
function staffingProblem(
  institution: DrawInstitutionRow,
  roster: DrawRoster,
  recused: Recusals,
  plan: Pick<DrawPlan, 'departments' | 'teamSize'>,
): string | null {
  // Without 回避 or a previous lead every institution has the whole roster, which drawProblems checked already.
  const outIds = recused.get(institution.id);
  if (!outIds && institution.previousLead === null) return null;
  const inspectors = roster.inspectors;
  const out = outIds?.size ?? 0; // recusals come from the roster itself: every id in it is an inspector
  const poolSize = inspectors.length - out;
  const lead = institution.previousLead;
  const leadPoolSize = poolSize - (lead !== null && roster.byId.has(lead) && !outIds?.has(lead) ? 1 : 0);
  if (poolSize < plan.teamSize)
    return `${label(institution)}：每组需要 ${plan.teamSize} 名检查人员，参与单位在岗 ${inspectors.length} 名${out ? `，回避 ${out} 名后` : '，'}仅余 ${poolSize} 名`;
  if (leadPoolSize === 0)
    return `${label(institution)}：回避后仅余的检查人员都担任过该对象上次检查的组长，无人可任组长`;
  if (isJoint(plan)) {
    // Departments with someone left: every department of the roster (each has a member), less those whose
    // members all recuse. Counted from the 回避 alone, not from a copy of the departments per institution.
    let staffed = roster.departments.size;
    if (outIds) {
      const recusing = new Map<number, number>();
      for (const id of outIds) {
        const d = roster.byId.get(id)!.departmentId;
        recusing.set(d, (recusing.get(d) ?? 0) + 1);
      }
      for (const [d, n] of recusing) if (n === roster.departments.get(d)) staffed--;
    }
    if (staffed < 2) {
      // The one department left: named as the pool's map of departments names it (its last member's entry).
      const only = inspectors.findLast((p) => !outIds?.has(p.id))?.department ?? '';
      return `${label(institution)}：联合抽查的检查组须来自至少两个单位，${out ? `回避 ${out} 名后` : ''}只剩${only}的人员`;
    }
  }
  return null;
}

/** v3: the qualifications the plan's items require for this institution that no inspector left after 回避 has. */
function qualificationProblem(
  institution: DrawInstitutionRow,
  roster: DrawRoster,
  recused: Recusals,
  plan: Pick<DrawPlan, 'itemRules'>,
): string | null {
  const required = requiredQualifications(plan.itemRules ?? [], institution.category);
  if (required.length === 0) return null;
  const out = recused.get(institution.id) ?? NOBODY;
  const missing = required.filter((q) => roster.withQualification(q).without(out).length === 0);
  if (missing.length === 0) return null;
  const items = (plan.itemRules ?? [])
    .filter((i) => missing.includes(i.qualification))
    .map((i) => `“${i.name}”`)
    .join('、');
  return `${label(institution)}：抽查事项${items}要求检查组包含具备“${missing.join('”“')}”资质的执法人员，参与单位${recused.has(institution.id) ? '回避后' : ''}没有这样的人员`;
}

/** v3: when the plan adds an expert to each team, an expert who need not recuse from this institution. */
function expertProblem(
  institution: DrawInstitutionRow,
  experts: RosterIndex<DrawExpertRow>,
  expertRecused: Recusals,
): string | null {
  if (experts.without(expertRecused.get(institution.id) ?? NOBODY).length > 0) return null;
  return `${label(institution)}：专家库中${experts.rows.length ? '的专家均须回避' : '没有启用的专家'}，无法为检查组抽取专家`;
}

/**
 * What makes a draw impossible, before any random number is drawn: every eligible institution in a group with a
 * ratio above zero must be able to get a team, so that the outcome never depends on luck. Each message names
 * the institution and what is missing.
 */
export function drawProblems(plan: DrawPlan, snapshot: DirectorySnapshot): string[] {
  const problems: string[] = [];
  for (const tier of DRAW_TIERS) {
    const r = plan.ratios[tier];
    if (!Number.isInteger(r) || r < DRAW_RATIO_MIN || r > DRAW_RATIO_MAX)
      problems.push(`${ratioMessage(tier)}，现为 ${String(r)}`);
  }
  if (problems.length > 0) return problems;
  if (snapshot.institutions.length === 0) problems.push('计划范围内没有在业的监管对象');
  const groups = tierGroups(plan, snapshot.institutions);
  if (snapshot.institutions.length > 0 && groups.every((g) => g.count === 0))
    problems.push('按各等级的抽查比例计算，本批次应抽 0 个对象，请调整抽查比例');
  if (snapshot.inspectors.length === 0)
    problems.push(`参与单位（${plan.departments.map((d) => d.name).join('、')}）没有启用的执法检查人员`);
  else if (snapshot.inspectors.length < plan.teamSize)
    problems.push(
      `每组需要 ${plan.teamSize} 名检查人员，参与单位只有 ${snapshot.inspectors.length} 名启用的执法检查人员`,
    );
  else if (isJoint(plan) && new Set(snapshot.inspectors.map((p) => p.departmentId)).size < 2)
    problems.push('联合抽查的检查组须来自至少两个单位，但只有一个参与单位有启用的执法检查人员');
  if (problems.length > 0) return problems;
  const inspectors = byId(snapshot.inspectors);
  const recused = recusals(inspectors);
  const experts = new RosterIndex(byId(snapshot.experts ?? []));
  const expertRecused = recusals(experts.rows);
  const roster = new DrawRoster(inspectors);
  for (const g of groups) {
    if (g.ratio === 0) continue;
    for (const institution of g.rows) {
      // The staffing check: team size, 回避, previous lead, two departments.
      const p = staffingProblem(institution, roster, recused, plan);
      if (p) problems.push(p);
      // v3: qualifications the items require, and an expert when the plan adds one.
      const q = qualificationProblem(institution, roster, recused, plan);
      if (q) problems.push(q);
      if (plan.expertPerTeam) {
        const e = expertProblem(institution, experts, expertRecused);
        if (e) problems.push(e);
      }
    }
  }
  return problems;
}

/** The refusal for an impossible draw: the first few reasons in the message, all of them in the details. */
export function impossibleDrawError(problems: readonly string[]): AppError {
  const shown = problems.slice(0, 3).join('；');
  const more = problems.length > 3 ? `；另有 ${problems.length - 3} 处，见抽取预览` : '';
  return new AppError('VALIDATION', `无法抽取：${shown}${more}。请补充执法人员或调整计划后再抽取。`, {
    problems,
  });
}

function member(p: DrawInspectorRow, lead: boolean): DrawTeamMember {
  return { department: p.department, inspectorId: p.id, lead, name: p.name }; // keys in code-unit order (draws.ts)
}

/**
 * The team of one target: lead, then (joint) one from another department, then (v3) for each qualification the
 * items require that no member has yet, in code-unit order, one inspector who has it — then the rest up to the
 * team size by partial Fisher–Yates (none when the qualified members already took the team past it). Each pool is
 * the roster ascending by id less the 回避 and the members drawn (docs/draw-algorithm.md), read by position from
 * the roster's indexes; tests/unit/draw-algorithm.test.ts holds it to pools built by filtering the whole roster.
 */
function drawTeam(
  institution: DrawInstitutionRow,
  roster: DrawRoster,
  recused: Recusals,
  plan: Pick<DrawPlan, 'departments' | 'teamSize' | 'itemRules'>,
  stream: DrawStream,
  v3: boolean,
): DrawTeamMember[] {
  const out = recused.get(institution.id) ?? NOBODY;
  const leadPool = roster.all.without(
    institution.previousLead === null ? out : [...out, institution.previousLead],
  );
  const lead = leadPool.at(stream.below(leadPool.length))!;
  const team = [lead];
  // Who is no longer in the pool: the 回避, and each member once drawn.
  const taken = new Set(out).add(lead.id);
  if (isJoint(plan)) {
    const others = roster.outsideDepartment(lead.departmentId).without(taken);
    const second = others.at(stream.below(others.length))!;
    team.push(second);
    taken.add(second.id);
  }
  if (v3) {
    const required = requiredQualifications(plan.itemRules ?? [], institution.category);
    for (const q of required) {
      if (
        missingQualifications(
          [q],
          team.map((m) => ({ qualifications: m.qualifications ?? [] })),
        ).length === 0
      )
        continue;
      const qualified = roster.withQualification(q).without(taken);
      const chosen = qualified.at(stream.below(qualified.length))!;
      team.push(chosen);
      taken.add(chosen.id);
    }
  }
  team.push(...partialShuffle(roster.all.without(taken), Math.max(0, plan.teamSize - team.length), stream));
  return team.map((p, i) => member(p, i === 0));
}

/** v3: one expert by lot among those who need not recuse from the target (ascending by id). */
function drawExpert(
  institution: DrawInstitutionRow,
  experts: RosterIndex<DrawExpertRow>,
  recused: Recusals,
  stream: DrawStream,
): DrawExpertMember {
  const pool = experts.without(recused.get(institution.id) ?? NOBODY);
  const e = pool.at(stream.below(pool.length))!;
  return { expertId: e.id, field: e.field, name: e.name, unit: e.unit };
}

export interface DrawOutcome {
  seed: string;
  tiers: DrawTierCount[];
  targets: DrawTarget[];
  institutionHashes: string[];
  inspectorHashes: string[];
  expertHashes: string[];
}

/** Row hashes, seed and result from the inputs and a directory snapshot. Throws on an impossible draw. */
export function computeDraw(
  inputs: Pick<DrawInputs, 'plan' | 'batch' | 'entropy' | 'witnesses'>,
  snapshot: DirectorySnapshot,
  version: DrawVersion,
  trace?: (n: number, value: number) => void,
): DrawOutcome {
  const v3 = isV3(version);
  const institutions = byId(snapshot.institutions);
  const inspectors = byId(snapshot.inspectors);
  const experts = v3 ? byId(snapshot.experts ?? []) : [];
  const institutionHashes = institutions.map(canonicalSha256);
  const inspectorHashes = inspectors.map(canonicalSha256);
  const expertHashes = experts.map(canonicalSha256);
  // Before v3 a plan had no item rules or experts: those versions never look at them.
  const plan: DrawPlan = v3 ? inputs.plan : { ...inputs.plan, itemRules: [], expertPerTeam: false };
  const problems = drawProblems(plan, { institutions, inspectors, experts });
  if (problems.length > 0) throw impossibleDrawError(problems);
  const seed = canonicalSha256(
    seedMaterial(inputs, institutionHashes, inspectorHashes, version, expertHashes),
  );
  const stream = new DrawStream(seed, trace);
  const recused = recusals(inspectors);
  const roster = new DrawRoster(inspectors);
  const expertRoster = new RosterIndex(experts);
  const expertRecused = recusals(experts);
  const groups = tierGroups(plan, institutions);
  const chosen = groups.flatMap((g) =>
    partialShuffle(g.rows, g.count, stream).map((row) => ({ row, tier: g.tier })),
  );
  const targets = chosen.map(({ row, tier }): DrawTarget => {
    const team = drawTeam(row, roster, recused, plan, stream, v3);
    return {
      ...(v3 && plan.expertPerTeam
        ? { experts: [drawExpert(row, expertRoster, expertRecused, stream)] }
        : {}),
      institutionId: row.id,
      name: row.name,
      team,
      tier,
      uscc: row.uscc,
    };
  });
  return {
    seed,
    tiers: groups.map((g) => ({ drawn: g.count, eligible: g.rows.length, ratio: g.ratio, tier: g.tier })),
    targets,
    institutionHashes,
    inspectorHashes,
    expertHashes,
  };
}

const hashed = <T extends { id: number }>(rows: readonly T[]) =>
  byId(rows).map((row) => ({ row, sha256: canonicalSha256(row) }));

// Keys in code-unit order here and in the seal and record below (see planSnapshot in draws.ts).
const directoryOf = (snapshot: DirectorySnapshot, v3: boolean): DrawSeal['directory'] => ({
  ...(v3 ? { experts: hashed(snapshot.experts ?? []) } : {}),
  inspectors: hashed(snapshot.inspectors),
  institutions: hashed(snapshot.institutions),
});

export const snapshotOf = (directory: DrawSeal['directory']): DirectorySnapshot => ({
  institutions: directory.institutions.map((e) => e.row),
  inspectors: directory.inspectors.map((e) => e.row),
  ...(directory.experts ? { experts: directory.experts.map((e) => e.row) } : {}),
});

/**
 * The seal of a batch (v2): plan parameters, batch and the directory snapshot with its row hashes, fixed before the
 * lottery. Refused, like the draw, when no draw could be made from it (a seal is final: one per batch).
 */
export function buildSeal(args: {
  office: string;
  plan: DrawPlan;
  batch: DrawInputs['batch'];
  snapshot: DirectorySnapshot;
  sealedAt: string;
  sealedBy: string;
  /** The version the batch will be drawn under: v3 for every new seal (v2 only to reproduce earlier ones). */
  algorithm?: SealedAlgorithm;
}): DrawSeal {
  const algorithm = args.algorithm ?? DRAW_ALGORITHM_V3;
  const v3 = algorithm === DRAW_ALGORITHM_V3;
  const plan: DrawPlan = v3
    ? { ...args.plan, itemRules: args.plan.itemRules ?? [], expertPerTeam: args.plan.expertPerTeam ?? false }
    : withoutV3Plan(args.plan);
  const snapshot: DirectorySnapshot = v3
    ? {
        institutions: args.snapshot.institutions,
        inspectors: args.snapshot.inspectors.map((p) => ({ ...p, qualifications: p.qualifications ?? [] })),
        experts: plan.expertPerTeam ? (args.snapshot.experts ?? []) : [],
      }
    : {
        institutions: args.snapshot.institutions,
        inspectors: args.snapshot.inspectors.map(({ qualifications: _q, ...p }) => p),
      };
  const problems = drawProblems(plan, snapshot);
  if (problems.length > 0) throw impossibleDrawError(problems);
  return {
    algorithm,
    batch: args.batch,
    directory: directoryOf(snapshot, v3),
    format: DRAW_SEAL_FORMAT,
    office: args.office,
    plan,
    sealedAt: args.sealedAt,
    sealedBy: args.sealedBy,
    sealedOn: beijingDate(args.sealedAt),
  };
}

/** A seal's SHA-256: of its canonical JSON (what the seal print shows and the draw's seed includes). */
export const drawSealSha256 = (seal: DrawSeal): string => canonicalSha256(seal);

/** A plan snapshot as v1 and v2 recorded it: without the v3 fields. */
function withoutV3Plan(plan: DrawPlan): DrawPlan {
  const { itemRules: _i, expertPerTeam: _e, ...rest } = plan;
  return rest;
}

/** The record of a draw from a seal (v2 or v3, as the seal says): the plan, batch and directory are the sealed
 *  ones, never a fresh read. */
export function buildDrawRecord(
  seal: DrawSeal,
  draw: Pick<DrawInputs, 'entropy' | 'witnesses' | 'drawnAt' | 'drawnBy'>,
  /** The seal's SHA-256 when the caller has just checked it against the seal's bytes (saves hashing it again). */
  checkedSealSha256?: string,
): DrawRecord {
  const sealSha256 = checkedSealSha256 ?? drawSealSha256(seal);
  const inputs: DrawInputs = {
    batch: seal.batch,
    drawnAt: draw.drawnAt,
    drawnBy: draw.drawnBy,
    entropy: draw.entropy,
    office: seal.office,
    plan: seal.plan,
    witnesses: draw.witnesses,
  };
  const outcome = computeDraw(inputs, snapshotOf(seal.directory), {
    algorithm: seal.algorithm,
    sealSha256,
  });
  return {
    algorithm: seal.algorithm,
    directory: seal.directory,
    format: DRAW_RECORD_FORMAT,
    inputs,
    result: { targets: outcome.targets, tiers: outcome.tiers },
    seal: { record: seal, sha256: sealSha256 },
    seed: outcome.seed,
  };
}

/** A v1 record (no seal), as the app made them before v2: kept to recompute and test earlier records. */
export function buildDrawRecordV1(inputs: DrawInputs, snapshot: DirectorySnapshot): DrawRecord {
  const outcome = computeDraw(inputs, snapshot, { algorithm: DRAW_ALGORITHM_V1 });
  return {
    format: DRAW_RECORD_FORMAT,
    algorithm: DRAW_ALGORITHM_V1,
    inputs,
    directory: directoryOf(snapshot, false),
    seed: outcome.seed,
    result: { tiers: outcome.tiers, targets: outcome.targets },
  };
}

/** Which version a record claims, as a DrawVersion (v2 takes the seal's SHA-256 as recorded). */
export function versionOf(record: DrawRecord): DrawVersion | null {
  if (record.algorithm === DRAW_ALGORITHM_V1) return { algorithm: DRAW_ALGORITHM_V1 };
  if ((record.algorithm === DRAW_ALGORITHM_V2 || record.algorithm === DRAW_ALGORITHM_V3) && record.seal)
    return { algorithm: record.algorithm, sealSha256: record.seal.sha256 };
  return null;
}

export type { DrawAlgorithm };

/** A record's own SHA-256: of its canonical JSON, i.e. of the exported file's bytes. */
export const drawRecordSha256 = (record: DrawRecord): string => canonicalSha256(record);

export const tierText = (tier: DrawTier): string => DRAW_TIER_LABELS[tier];
