// Verifying a draw record (npm run cli -- verify-draw): the record is recomputed from its own inputs and rows —
// every row hash, the seed, every target and team — under the version it names (zongjian-draw-v1 records as they
// were made; v2 records also against their seal: the seal's SHA-256, the draw's inputs equal to the sealed ones,
// the lottery drawn after the seal's Beijing date), and, where the office's archive is at hand, compared with the
// stored record and seal field by field; a seal hash read off the printed 封存记录 can be checked too. The answer
// is MATCH or the list of exactly what differs.
import { z } from 'zod';
import {
  DRAW_ALGORITHM_V1,
  DRAW_ALGORITHM_V2,
  DRAW_ALGORITHM_V3,
  DRAW_RATIO_MAX,
  DRAW_RATIO_MIN,
  DRAW_RECORD_FORMAT,
  DRAW_SEAL_FORMAT,
  DRAW_TIERS,
  type DrawRecord,
  type DrawTarget,
} from '../../shared/contract/draws';
import { beijingDate, isIsoDate } from '../../shared/dates';
import { INSTITUTION_CATEGORIES } from '../../shared/domain/institutions';
import { AppError } from '../../shared/errors';
import { canonicalJson, canonicalSha256, computeDraw, versionOf, type DrawOutcome } from './draw-algorithm';

const int = z.number().int();
const tier = z.enum(DRAW_TIERS);
const creditTier = z.enum(['A', 'B', 'C', 'D']).nullable();
const isoInstant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { error: '不是有效的时间' });

/** v1 records took any integer ratio; v2 states the range (docs/draw-algorithm.md §1) and holds to it. */
const planSchema = (ratio: z.ZodNumber) =>
  z.strictObject({
    id: int,
    year: int,
    name: z.string(),
    categories: z.array(z.enum(INSTITUTION_CATEGORIES)),
    streets: z.array(z.string()),
    items: z.array(z.string()),
    departments: z.array(z.strictObject({ id: int, name: z.string() })).min(1),
    ratios: z.strictObject({ A: ratio, B: ratio, C: ratio, D: ratio, none: ratio }),
    teamSize: int.min(2),
  });
const batchSchema = z.strictObject({
  number: int,
  name: z.string(),
  startDate: z.string(),
  endDate: z.string(),
});
const directorySchema = z.strictObject({
  institutions: z.array(
    z.strictObject({
      sha256: z.string(),
      row: z.strictObject({
        id: int,
        uscc: z.string(),
        name: z.string(),
        category: z.enum(INSTITUTION_CATEGORIES),
        street: z.string(),
        tier: creditTier,
        previousLead: int.nullable(),
      }),
    }),
  ),
  inspectors: z.array(
    z.strictObject({
      sha256: z.string(),
      row: z.strictObject({
        id: int,
        badgeNo: z.string(),
        name: z.string(),
        departmentId: int,
        department: z.string(),
        conflicts: z.array(int),
      }),
    }),
  ),
});
const resultSchema = z.strictObject({
  tiers: z.array(z.strictObject({ tier, eligible: int, ratio: int, drawn: int })),
  targets: z.array(
    z.strictObject({
      institutionId: int,
      name: z.string(),
      uscc: z.string(),
      tier,
      team: z.array(
        z.strictObject({ inspectorId: int, name: z.string(), department: z.string(), lead: z.boolean() }),
      ),
    }),
  ),
});
const inputsSchema = <P extends z.ZodType>(plan: P, digits: z.ZodString) =>
  z.strictObject({
    office: z.string(),
    plan,
    batch: batchSchema,
    entropy: z.strictObject({ source: z.string(), date: z.string(), digits }),
    witnesses: z.array(z.string()).min(1),
    drawnAt: z.string(),
    drawnBy: z.string(),
  });

const v1Schema = z.strictObject({
  format: z.literal(DRAW_RECORD_FORMAT),
  algorithm: z.literal(DRAW_ALGORITHM_V1),
  inputs: inputsSchema(planSchema(int), z.string().regex(/^\d+$/)),
  directory: directorySchema,
  seed: z.string(),
  result: resultSchema,
});

const v2Ratio = int.min(DRAW_RATIO_MIN).max(DRAW_RATIO_MAX);
const v2Plan = planSchema(v2Ratio);
export const sealSchema = z.strictObject({
  format: z.literal(DRAW_SEAL_FORMAT),
  algorithm: z.literal(DRAW_ALGORITHM_V2),
  office: z.string(),
  plan: v2Plan,
  batch: batchSchema,
  directory: directorySchema,
  sealedAt: isoInstant,
  sealedOn: z.string().refine(isIsoDate, { error: '不是有效的日期' }),
  sealedBy: z.string(),
});
const v2Schema = z.strictObject({
  format: z.literal(DRAW_RECORD_FORMAT),
  algorithm: z.literal(DRAW_ALGORITHM_V2),
  inputs: inputsSchema(v2Plan, z.string().regex(/^\d{6,200}$/)).extend({ drawnAt: isoInstant }),
  directory: directorySchema,
  seal: z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), record: sealSchema }),
  seed: z.string(),
  result: resultSchema,
});

// v3: the plan carries its items' rules and whether an expert joins each team; inspectors their qualifications;
// the directory the 专家库; a target its expert.
const v3Plan = v2Plan.extend({
  itemRules: z.array(
    z.strictObject({
      id: int,
      name: z.string(),
      categories: z.array(z.enum(INSTITUTION_CATEGORIES)),
      qualification: z.string(),
    }),
  ),
  expertPerTeam: z.boolean(),
});
const conflictIds = z.array(int);
const v3Directory = directorySchema.extend({
  inspectors: z.array(
    z.strictObject({
      sha256: z.string(),
      row: z.strictObject({
        id: int,
        badgeNo: z.string(),
        name: z.string(),
        departmentId: int,
        department: z.string(),
        conflicts: conflictIds,
        qualifications: z.array(z.string()),
      }),
    }),
  ),
  experts: z.array(
    z.strictObject({
      sha256: z.string(),
      row: z.strictObject({
        id: int,
        name: z.string(),
        unit: z.string(),
        field: z.string(),
        conflicts: conflictIds,
      }),
    }),
  ),
});
const v3Result = resultSchema.extend({
  targets: z.array(
    z.strictObject({
      institutionId: int,
      name: z.string(),
      uscc: z.string(),
      tier,
      team: z.array(
        z.strictObject({ inspectorId: int, name: z.string(), department: z.string(), lead: z.boolean() }),
      ),
      experts: z
        .array(z.strictObject({ expertId: int, name: z.string(), unit: z.string(), field: z.string() }))
        .optional(),
    }),
  ),
});
export const sealSchemaV3 = sealSchema.extend({
  algorithm: z.literal(DRAW_ALGORITHM_V3),
  plan: v3Plan,
  directory: v3Directory,
});
const v3Schema = z.strictObject({
  format: z.literal(DRAW_RECORD_FORMAT),
  algorithm: z.literal(DRAW_ALGORITHM_V3),
  inputs: inputsSchema(v3Plan, z.string().regex(/^\d{6,200}$/)).extend({ drawnAt: isoInstant }),
  directory: v3Directory,
  seal: z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), record: sealSchemaV3 }),
  seed: z.string(),
  result: v3Result,
});

/** The version named in the file decides which schema (and later which computation) applies. */
const recordSchema = z.discriminatedUnion('algorithm', [v1Schema, v2Schema, v3Schema]);

export interface DrawVerification {
  match: boolean;
  /** SHA-256 of the record's canonical JSON (what the app shows and prints); null when it is not a record. */
  sha256: string | null;
  /** What differs, one line each, in Chinese; empty on a match. */
  differences: string[];
  /** Whether the office's stored copy was compared: 'matched', 'differs', 'missing' from the archive, or not checked. */
  archive: 'matched' | 'differs' | 'missing' | 'not-checked';
  /** v2: whether the office's stored seal was compared with the record's ('not-checked' for v1 or without it). */
  sealArchive: 'matched' | 'differs' | 'missing' | 'not-checked';
  record: DrawRecord | null;
}

/** What the record is checked against besides itself. */
export interface DrawVerifyAgainst {
  /** The office's stored seal of the same plan and batch (null: none stored; undefined: not compared). */
  archivedSeal?: string | null;
  /** A seal SHA-256 read off the printed 封存记录 the witnesses signed. */
  sealSha256?: string;
}

const MAX_LINES = 40;

function capped(lines: string[]): string[] {
  return lines.length > MAX_LINES
    ? [...lines.slice(0, MAX_LINES), `……另有 ${lines.length - MAX_LINES} 处不同`]
    : lines;
}

const short = (v: unknown): string => {
  if (v === undefined) return '（无）';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

const PATH_LABELS: [string, string][] = [
  ['seal', '封存记录'],
  ['inputs.entropy', '公开随机数'],
  ['inputs.witnesses', '见证人'],
  ['inputs.plan', '抽查计划'],
  ['inputs.batch', '批次'],
  ['inputs.drawnAt', '抽取时间'],
  ['inputs.drawnBy', '操作人'],
  ['inputs.office', '单位'],
  ['directory.institutions', '名录快照（监管对象）'],
  ['directory.inspectors', '名录快照（执法人员）'],
  ['directory.experts', '名录快照（专家）'],
  ['seed', '种子'],
  ['result', '抽取结果'],
];

const pathLabel = (path: string) => PATH_LABELS.find(([p]) => path.startsWith(p))?.[1] ?? '记录';

/** Every leaf where two JSON values differ, with its path (inputs.entropy.digits, directory.inspectors[3].row.name). */
export function jsonDifferences(
  a: unknown,
  b: unknown,
  path = '',
  out: { path: string; a: unknown; b: unknown }[] = [],
): { path: string; a: unknown; b: unknown }[] {
  if (out.length > 1000) return out;
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) jsonDifferences(a[i], b[i], `${path}[${i}]`, out);
  } else if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) jsonDifferences(a[k], b[k], path ? `${path}.${k}` : k, out);
  } else if (canonicalOrNull(a) !== canonicalOrNull(b)) {
    out.push({ path, a, b });
  }
  return out;
}

function canonicalOrNull(v: unknown): string | null {
  try {
    return v === undefined ? null : canonicalJson(v);
  } catch {
    return JSON.stringify(v) ?? null;
  }
}

const teamText = (t: DrawTarget) =>
  t.team.map((m) => `${m.name}${m.lead ? '（组长）' : ''}`).join('、') || '（无）';

/** The recorded result against the recomputed one, target by target. */
function resultDifferences(record: DrawRecord, recomputed: DrawOutcome): string[] {
  const lines: string[] = [];
  const recorded = record.result;
  if (canonicalJson(recorded.tiers) !== canonicalJson(recomputed.tiers))
    for (const d of jsonDifferences(recorded.tiers, recomputed.tiers, 'result.tiers'))
      lines.push(`抽取结果 ${d.path}：记录为 ${short(d.a)}，按输入重新计算为 ${short(d.b)}`);
  const n = Math.max(recorded.targets.length, recomputed.targets.length);
  if (recorded.targets.length !== recomputed.targets.length)
    lines.push(
      `抽取结果：记录有 ${recorded.targets.length} 个对象，按输入重新计算为 ${recomputed.targets.length} 个`,
    );
  for (let i = 0; i < n; i++) {
    const r = recorded.targets[i];
    const c = recomputed.targets[i];
    const no = `抽取结果第 ${i + 1} 个对象`;
    if (!r || !c) {
      lines.push(
        `${no}：记录为 ${r ? `“${r.name}”（id ${r.institutionId}）` : '（无）'}，按输入重新计算为 ${c ? `“${c.name}”（id ${c.institutionId}）` : '（无）'}`,
      );
      continue;
    }
    if (r.institutionId !== c.institutionId) {
      lines.push(
        `${no}：记录为“${r.name}”（id ${r.institutionId}），按输入重新计算为“${c.name}”（id ${c.institutionId}）`,
      );
      continue;
    }
    const ids = (t: DrawTarget) => t.team.map((m) => `${m.inspectorId}${m.lead ? '*' : ''}`).join(',');
    if (ids(r) !== ids(c)) {
      lines.push(`${no}“${r.name}”的检查组：记录为 ${teamText(r)}，按输入重新计算为 ${teamText(c)}`);
      continue;
    }
    for (const d of jsonDifferences(r, c, `result.targets[${i}]`))
      lines.push(`${no}“${c.name}” ${d.path}：记录为 ${short(d.a)}，按名录快照应为 ${short(d.b)}`);
  }
  return lines;
}

/**
 * A v2 record against the seal it carries: the seal's own SHA-256, its Beijing date, the draw's inputs (office,
 * plan, batch, directory) equal to the sealed ones, and the order of events (sealed, then the lottery on a later
 * Beijing date, then the draw).
 */
function sealDifferences(record: DrawRecord): string[] {
  const lines: string[] = [];
  const { sha256, record: seal } = record.seal!;
  const computed = canonicalSha256(seal);
  if (computed !== sha256)
    lines.push(`封存记录的 SHA-256：抽取记录中为 ${sha256}，按封存内容计算为 ${computed}`);
  const sealedOn = beijingDate(seal.sealedAt);
  if (seal.sealedOn !== sealedOn)
    lines.push(`封存日期：记录为 ${seal.sealedOn}，封存时间 ${seal.sealedAt} 的北京日期为 ${sealedOn}`);
  if (seal.algorithm !== record.algorithm)
    lines.push(`封存记录的算法版本为 ${seal.algorithm}，抽取记录为 ${record.algorithm}`);
  const pairs: [string, unknown, unknown][] = [
    ['inputs.office', seal.office, record.inputs.office],
    ['inputs.plan', seal.plan, record.inputs.plan],
    ['inputs.batch', seal.batch, record.inputs.batch],
    ['directory', seal.directory, record.directory],
  ];
  for (const [path, sealed, used] of pairs)
    for (const d of jsonDifferences(sealed, used, path))
      lines.push(
        `抽取所用的输入与封存的不一致：${d.path}（${pathLabel(d.path)}）封存为 ${short(d.a)}，抽取记录中为 ${short(d.b)}`,
      );
  const { date } = record.inputs.entropy;
  if (!(date > sealedOn))
    lines.push(
      `公开随机数的开奖日期 ${date} 不晚于封存日期 ${sealedOn}（北京时间）：须使用封存之后开奖的号码`,
    );
  const drawnOn = beijingDate(record.inputs.drawnAt);
  if (date > drawnOn) lines.push(`公开随机数的开奖日期 ${date} 晚于抽取日期 ${drawnOn}（北京时间）`);
  if (!(Date.parse(record.inputs.drawnAt) > Date.parse(seal.sealedAt)))
    lines.push(`抽取时间 ${record.inputs.drawnAt} 不晚于封存时间 ${seal.sealedAt}`);
  return lines;
}

/** Checks the record on its own: shape, row hashes, scope, seal (v2), seed and result. */
function internalDifferences(record: DrawRecord): string[] {
  const lines: string[] = [];
  const plan = record.inputs.plan;
  const institutions = record.directory.institutions;
  const inspectors = record.directory.inspectors;
  const ascending = (ids: number[]) => ids.every((x, i) => i === 0 || ids[i - 1]! < x);
  if (!ascending(institutions.map((e) => e.row.id)))
    lines.push('名录快照（监管对象）未按 id 升序排列或有重复');
  if (!ascending(inspectors.map((e) => e.row.id))) lines.push('名录快照（执法人员）未按 id 升序排列或有重复');
  for (const [i, e] of institutions.entries()) {
    const h = canonicalSha256(e.row);
    if (h !== e.sha256)
      lines.push(
        `名录快照（监管对象）第 ${i + 1} 行 id ${e.row.id}“${e.row.name}”的内容与其 SHA-256 不符：记录为 ${e.sha256}，按内容计算为 ${h}`,
      );
    if (plan.categories.length > 0 && !plan.categories.includes(e.row.category))
      lines.push(`名录快照（监管对象）id ${e.row.id}“${e.row.name}”的类别不在计划范围内`);
    if (plan.streets.length > 0 && !plan.streets.includes(e.row.street))
      lines.push(`名录快照（监管对象）id ${e.row.id}“${e.row.name}”的街道/镇不在计划范围内`);
  }
  const departments = new Set(plan.departments.map((d) => d.id));
  for (const [i, e] of inspectors.entries()) {
    const h = canonicalSha256(e.row);
    if (h !== e.sha256)
      lines.push(
        `名录快照（执法人员）第 ${i + 1} 行 id ${e.row.id}“${e.row.name}”的内容与其 SHA-256 不符：记录为 ${e.sha256}，按内容计算为 ${h}`,
      );
    if (!departments.has(e.row.departmentId))
      lines.push(`名录快照（执法人员）id ${e.row.id}“${e.row.name}”不属于计划的参与单位`);
  }
  for (const [i, e] of (record.directory.experts ?? []).entries()) {
    const h = canonicalSha256(e.row);
    if (h !== e.sha256)
      lines.push(
        `名录快照（专家）第 ${i + 1} 行 id ${e.row.id}“${e.row.name}”的内容与其 SHA-256 不符：记录为 ${e.sha256}，按内容计算为 ${h}`,
      );
  }
  const version = versionOf(record);
  if (!version) return [...lines, `不支持的算法版本：${String(record.algorithm)}`];
  if (record.seal) lines.push(...sealDifferences(record));
  let recomputed: DrawOutcome;
  try {
    recomputed = computeDraw(
      record.inputs,
      {
        institutions: institutions.map((e) => e.row),
        inspectors: inspectors.map((e) => e.row),
        ...(record.directory.experts ? { experts: record.directory.experts.map((e) => e.row) } : {}),
      },
      version,
    );
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return [...lines, `按记录的输入无法完成抽取：${e.message}`];
  }
  if (recomputed.seed !== record.seed)
    lines.push(`种子：记录为 ${record.seed}，按输入重新计算为 ${recomputed.seed}`);
  lines.push(...resultDifferences(record, recomputed));
  return lines;
}

/**
 * Verifies a record file's text. `archived`: the office's stored canonical JSON of the same plan and batch, when
 * the data folder is at hand (null: the archive holds no such draw; undefined: not compared). `against`: the
 * stored seal and a seal hash from the printed 封存记录 (v2 records).
 */
export function verifyDrawRecord(
  text: string,
  archived?: string | null,
  against: DrawVerifyAgainst = {},
): DrawVerification {
  const fail = (differences: string[]): DrawVerification => ({
    match: false,
    sha256: null,
    differences: capped(differences),
    archive: 'not-checked',
    sealArchive: 'not-checked',
    record: null,
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return fail([`文件不是有效的 JSON：${(e as Error).message}`]);
  }
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((i) => `不是有效的抽取记录：${i.path.join('.') || '（根）'} ${i.message}`),
    );
  }
  const record = parsed.data as DrawRecord;
  const sha256 = canonicalSha256(raw);
  const lines = internalDifferences(record);
  let archive: DrawVerification['archive'] = 'not-checked';
  if (archived === null) {
    archive = 'missing';
    lines.push(
      `档案中没有这次抽取：数据文件夹中没有计划 id ${record.inputs.plan.id} 第 ${record.inputs.batch.number} 批的抽取记录`,
    );
  } else if (archived !== undefined) {
    const stored = JSON.parse(archived) as unknown;
    const diffs = jsonDifferences(stored, raw);
    archive = diffs.length === 0 ? 'matched' : 'differs';
    if (diffs.length > 0) {
      lines.push(`与档案不一致：档案 SHA-256 ${canonicalSha256(stored)}，文件 SHA-256 ${sha256}`);
      for (const d of diffs)
        lines.push(`${d.path}（${pathLabel(d.path)}）：档案中为 ${short(d.a)}，文件中为 ${short(d.b)}`);
    }
  }
  let sealArchive: DrawVerification['sealArchive'] = 'not-checked';
  if (record.seal) {
    const recorded = record.seal;
    if (against.sealSha256 !== undefined && against.sealSha256.toLowerCase() !== recorded.sha256)
      lines.push(
        `封存记录的 SHA-256 与封存记录打印件上的不一致：打印件为 ${against.sealSha256.toLowerCase()}，抽取记录中为 ${recorded.sha256}`,
      );
    if (against.archivedSeal === null) {
      sealArchive = 'missing';
      lines.push(
        `档案中没有这一批次的封存记录：数据文件夹中没有计划 id ${record.inputs.plan.id} 第 ${record.inputs.batch.number} 批的封存记录`,
      );
    } else if (against.archivedSeal !== undefined) {
      const stored = JSON.parse(against.archivedSeal) as unknown;
      const diffs = jsonDifferences(stored, recorded.record);
      const storedSha = canonicalSha256(stored);
      sealArchive = diffs.length === 0 && storedSha === recorded.sha256 ? 'matched' : 'differs';
      if (sealArchive === 'differs') {
        lines.push(
          `与封存档案不一致：档案中封存记录 SHA-256 ${storedSha}，抽取记录所用的为 ${recorded.sha256}`,
        );
        for (const d of diffs)
          lines.push(`seal.record.${d.path}（封存记录）：档案中为 ${short(d.a)}，抽取记录中为 ${short(d.b)}`);
      }
    }
  }
  return { match: lines.length === 0, sha256, differences: capped(lines), archive, sealArchive, record };
}
