// Verifying a draw record (npm run cli -- verify-draw): the record is recomputed from its own inputs and rows —
// every row hash, the seed, every target and team — and, where the office's archive is at hand, compared with the
// stored copy field by field. The answer is MATCH or the list of exactly what differs.
import { z } from 'zod';
import {
  DRAW_ALGORITHM,
  DRAW_RECORD_FORMAT,
  DRAW_TIERS,
  type DrawRecord,
  type DrawTarget,
} from '../../shared/contract/draws';
import { INSTITUTION_CATEGORIES } from '../../shared/domain/institutions';
import { AppError } from '../../shared/errors';
import { canonicalJson, canonicalSha256, computeDraw, type DrawOutcome } from './draw-algorithm';

const int = z.number().int();
const ratios = z.strictObject({ A: int, B: int, C: int, D: int, none: int });
const tier = z.enum(DRAW_TIERS);
const creditTier = z.enum(['A', 'B', 'C', 'D']).nullable();

const recordSchema = z.strictObject({
  format: z.literal(DRAW_RECORD_FORMAT),
  algorithm: z.literal(DRAW_ALGORITHM),
  inputs: z.strictObject({
    office: z.string(),
    plan: z.strictObject({
      id: int,
      year: int,
      name: z.string(),
      categories: z.array(z.enum(INSTITUTION_CATEGORIES)),
      streets: z.array(z.string()),
      items: z.array(z.string()),
      departments: z.array(z.strictObject({ id: int, name: z.string() })).min(1),
      ratios,
      teamSize: int.min(2),
    }),
    batch: z.strictObject({ number: int, name: z.string(), startDate: z.string(), endDate: z.string() }),
    entropy: z.strictObject({ source: z.string(), date: z.string(), digits: z.string().regex(/^\d+$/) }),
    witnesses: z.array(z.string()).min(1),
    drawnAt: z.string(),
    drawnBy: z.string(),
  }),
  directory: z.strictObject({
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
  }),
  seed: z.string(),
  result: z.strictObject({
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
  }),
});

export interface DrawVerification {
  match: boolean;
  /** SHA-256 of the record's canonical JSON (what the app shows and prints); null when it is not a record. */
  sha256: string | null;
  /** What differs, one line each, in Chinese; empty on a match. */
  differences: string[];
  /** Whether the office's stored copy was compared: 'matched', 'differs', 'missing' from the archive, or not checked. */
  archive: 'matched' | 'differs' | 'missing' | 'not-checked';
  record: DrawRecord | null;
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
  ['inputs.entropy', '公开随机数'],
  ['inputs.witnesses', '见证人'],
  ['inputs.plan', '抽查计划'],
  ['inputs.batch', '批次'],
  ['inputs.drawnAt', '抽取时间'],
  ['inputs.drawnBy', '操作人'],
  ['inputs.office', '单位'],
  ['directory.institutions', '名录快照（监管对象）'],
  ['directory.inspectors', '名录快照（执法人员）'],
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

/** Checks the record on its own: shape, row hashes, scope, seed and result. */
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
  let recomputed: DrawOutcome;
  try {
    recomputed = computeDraw(record.inputs, {
      institutions: institutions.map((e) => e.row),
      inspectors: inspectors.map((e) => e.row),
    });
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
 * the data folder is at hand (null: the archive holds no such draw; undefined: not compared).
 */
export function verifyDrawRecord(text: string, archived?: string | null): DrawVerification {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return {
      match: false,
      sha256: null,
      differences: [`文件不是有效的 JSON：${(e as Error).message}`],
      archive: 'not-checked',
      record: null,
    };
  }
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      match: false,
      sha256: null,
      differences: capped(
        parsed.error.issues.map((i) => `不是有效的抽取记录：${i.path.join('.') || '（根）'} ${i.message}`),
      ),
      archive: 'not-checked',
      record: null,
    };
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
  return { match: lines.length === 0, sha256, differences: capped(lines), archive, record };
}
