// 市级汇总 (upstream mode): the city commission's trust list of district keys, the import and verification of
// submission packages, and the roll-up of the accepted districts' figures. Verification is db/reports/package.ts,
// the same code as the district's own check and `zongjian verify-package`; on top of it the city refuses a
// package that silently duplicates an accepted one (same district, report type and period, no `supersedes`), and
// a package that claims to replace another district's.
import type { Kysely, Selectable } from 'kysely';
import {
  UPSTREAM_STATUS_LABELS,
  type UpstreamPackageRow,
  type UpstreamPackageStatus,
  type UpstreamRollup,
  type UpstreamRollupIndicator,
  type UpstreamRollupOption,
  type UpstreamRollupRow,
  type UpstreamTrustedKey,
} from '../../shared/contract';
import {
  REPORT_TYPE_LABELS,
  type PackageManifest,
  type ReportData,
  type ReportType,
} from '../../shared/domain/report-package';
import { AppError, type FieldIssue } from '../../shared/errors';
import { defineHandlers, nowIso, requireActor, type HandlerContext } from '../core/context';
import { downloadName, readStoredFile, storeFile } from '../core/files';
import type { DB, UpstreamPackagesTable, UpstreamTrustedKeysTable } from '../core/schema';
import { ledgerContinuityProblem, verifyPackage } from '../reports/package';
import { fingerprintOf, normalizeFingerprint, parsePublicKeyPem, sha256Hex } from '../core/sm2';
import { writeSheet } from '../core/xlsx';
import { rollupFileName, rollupPeriodLabel } from '../../shared/print/upstream';
import { SPOTCHECK_COUNT_TABLES } from '../../shared/domain/report-package';
import { formatDate } from '../../shared/format';
import { compareZh } from '../../shared/collate';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function refuse(code: 'VALIDATION' | 'CONFLICT' | 'NOT_FOUND', issues: FieldIssue[]): never {
  throw new AppError(code, issues.map((i) => i.message).join('；'), { issues });
}

const actorName = (ctx: HandlerContext) => {
  const a = requireActor(ctx);
  return `${a.displayName}（${a.username}）`;
};

function toKey(r: Selectable<UpstreamTrustedKeysTable>): UpstreamTrustedKey {
  return {
    id: r.id,
    districtName: r.district_name,
    fingerprint: r.fingerprint,
    note: r.note,
    addedAt: r.added_at,
    addedBy: r.added_by,
    publicPem: r.public_pem,
  };
}

export function toPackageRow(r: Selectable<UpstreamPackagesTable>): UpstreamPackageRow {
  const type = r.report_type as ReportType | null;
  return {
    id: r.id,
    fileName: r.file_name,
    sha256: r.sha256,
    size: r.size,
    status: r.status as UpstreamPackageStatus,
    reasons: JSON.parse(r.reasons_json) as string[],
    districtName: r.district_name,
    officeName: r.office_name,
    officeUscc: r.office_uscc,
    reportType: type,
    reportTypeLabel: type ? (REPORT_TYPE_LABELS[type] ?? type) : null,
    period: r.period,
    title: r.title,
    version: r.version,
    signedAt: r.signed_at,
    signerFingerprint: r.signer_fingerprint,
    supersedes: r.supersedes,
    supersededBy: r.superseded_by,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    year: r.year,
  };
}

export async function listTrustedKeys(db: Kysely<DB>): Promise<UpstreamTrustedKey[]> {
  const rows = await db
    .selectFrom('upstream_trusted_keys')
    .selectAll()
    .orderBy('district_name')
    .orderBy('id')
    .execute();
  return rows.map(toKey);
}

// ------------------------------------------------------------------------------------------------ roll-up

export interface RollupInput {
  packageId: number;
  district: string;
  officeName: string;
  version: number;
  signedAt: string;
  data: ReportData;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * One table of districts × indicators from the accepted packages' data.json: indicators in the order they first
 * appear, districts by name; totals add up the indicators whose rollup is 'sum' (counts), and leave the others
 * (rates) per district only. An indicator that districts describe differently is summed only if every district
 * says 'sum' with the same unit, and the difference is reported.
 */
export function computeRollup(reportType: ReportType, period: string, items: RollupInput[]): UpstreamRollup {
  const indicators: UpstreamRollupIndicator[] = [];
  const byKey = new Map<string, UpstreamRollupIndicator>();
  const warnings: string[] = [];
  const sorted = [...items].sort((a, b) => compareZh(a.district, b.district) || a.packageId - b.packageId);
  for (const it of sorted) {
    for (const ind of it.data.indicators) {
      const known = byKey.get(ind.key);
      if (!known) {
        const entry = { key: ind.key, label: ind.label, unit: ind.unit, rollup: ind.rollup };
        byKey.set(ind.key, entry);
        indicators.push(entry);
        continue;
      }
      if (known.unit !== ind.unit) {
        warnings.push(
          `“${known.label}”的单位不一致（${known.unit || '无'} / ${ind.unit || '无'}，${it.district}），未合计`,
        );
        known.rollup = 'none';
      } else if (known.rollup !== ind.rollup) {
        warnings.push(`“${known.label}”的汇总方式不一致（${it.district}），未合计`);
        known.rollup = 'none';
      }
    }
  }
  const rows: UpstreamRollupRow[] = sorted.map((it) => {
    const values: Record<string, number | null> = {};
    for (const ind of indicators) values[ind.key] = null;
    for (const ind of it.data.indicators) values[ind.key] = ind.value;
    return {
      packageId: it.packageId,
      district: it.district,
      officeName: it.officeName,
      version: it.version,
      signedAt: it.signedAt,
      values,
    };
  });
  const totals: Record<string, number | null> = {};
  for (const ind of indicators) {
    totals[ind.key] =
      ind.rollup === 'sum' ? round(rows.reduce((s, r) => s + (r.values[ind.key] ?? 0), 0)) : null;
  }
  // A rate of two counts of the same data (periodRollup { rate }) totals as the ratio of their totals, when every
  // district carries both counts: the city's 全面自查覆盖率 is its covered institutions over its institutions in
  // scope, not an average of the districts' percentages.
  const rateOf = new Map<string, { numerator: string; denominator: string }>();
  for (const it of sorted)
    for (const ind of it.data.indicators)
      if (ind.periodRollup && typeof ind.periodRollup === 'object')
        rateOf.set(ind.key, ind.periodRollup.rate);
  const counted = (key: string) =>
    byKey.get(key)?.rollup === 'sum' && sorted.every((it) => it.data.indicators.some((i) => i.key === key));
  for (const [key, r] of rateOf) {
    if (!counted(r.numerator) || !counted(r.denominator)) continue;
    const whole = totals[r.denominator] ?? 0;
    totals[key] = whole === 0 ? null : Math.round(((totals[r.numerator] ?? 0) / whole) * 1000) / 10;
  }
  // A district's null is a rate with nothing due (shown —); missing is a key its data does not have.
  const has = new Map(sorted.map((it) => [it.packageId, new Set(it.data.indicators.map((i) => i.key))]));
  const lacks = (r: UpstreamRollupRow, key: string) => !has.get(r.packageId)!.has(key);
  const missing = indicators.filter((ind) => rows.some((r) => lacks(r, ind.key)));
  for (const ind of missing)
    warnings.push(
      `“${ind.label}”：${rows
        .filter((r) => lacks(r, ind.key))
        .map((r) => r.district)
        .join('、')} 的数据中没有此项`,
    );
  return {
    reportType,
    reportTypeLabel: REPORT_TYPE_LABELS[reportType],
    period,
    indicators,
    rows,
    totals,
    warnings,
    tables: rollupCountTables(sorted.map((it) => it.data)),
  };
}

/**
 * The 双随机抽查 counting tables of every district added up: rows of the same label (a department's short name,
 * an item, a category, a street) summed column by column, the 不合格率 recomputed from the sums; rows ordered by
 * 检查户次. Packages signed before these tables existed simply add nothing.
 */
export function rollupCountTables(datas: ReportData[]): UpstreamRollup['tables'] {
  return Object.values(SPOTCHECK_COUNT_TABLES).flatMap((def) => {
    const sums = new Map<string, [number, number, number]>();
    let columns: string[] | null = null;
    for (const d of datas) {
      const t = d.tables.find((x) => x.key === def.key);
      if (!t) continue;
      columns ??= t.columns;
      for (const row of t.rows) {
        const label = String(row[0]);
        const s = sums.get(label) ?? [0, 0, 0];
        for (let i = 0; i < 3; i++) s[i]! += Number(row[i + 1]) || 0;
        sums.set(label, s);
      }
    }
    if (!columns) return [];
    return [
      {
        key: def.key,
        title: def.title,
        columns,
        rows: [...sums.entries()]
          .sort((a, b) => b[1][0] - a[1][0] || compareZh(a[0], b[0]))
          .map(([label, [n, p, c]]) => [label, n, p, c, n ? Math.round((p * 1000) / n) / 10 : '—']),
      },
    ];
  });
}

export async function loadRollup(
  db: Kysely<DB>,
  reportType: ReportType,
  period: string,
): Promise<UpstreamRollup> {
  const rows = await db
    .selectFrom('upstream_packages')
    .selectAll()
    .where('report_type', '=', reportType)
    .where('period', '=', period)
    .where('status', '=', 'accepted')
    .execute();
  return computeRollup(
    reportType,
    period,
    rows
      .filter((r) => r.data_json)
      .map((r) => ({
        packageId: r.id,
        district: r.district_name ?? r.office_name ?? '（未知）',
        officeName: r.office_name ?? '',
        version: r.version ?? 1,
        signedAt: r.signed_at ?? '',
        data: JSON.parse(r.data_json!) as ReportData,
      })),
  );
}

export async function rollupWorkbook(r: UpstreamRollup): Promise<Buffer> {
  type Line = {
    district: string;
    office: string;
    version: string;
    signedAt: string;
    values: Record<string, number | null>;
    total?: boolean;
  };
  const lines: Line[] = r.rows.map((row) => ({
    district: row.district,
    office: row.officeName,
    version: `第${row.version}版`,
    signedAt: row.signedAt.slice(0, 10),
    values: row.values,
  }));
  lines.push({
    district: '合计',
    office: `${r.rows.length} 个区县`,
    version: '',
    signedAt: '',
    values: r.totals,
    total: true,
  });
  return writeSheet<Line>(
    `${r.period}汇总`,
    [
      { header: '区县', width: 14, value: (l) => l.district },
      { header: '报送单位', width: 26, value: (l) => l.office },
      { header: '版本', width: 8, value: (l) => l.version },
      { header: '签署日期', width: 12, value: (l) => l.signedAt },
      ...r.indicators.map((ind) => ({
        header: ind.unit ? `${ind.label}（${ind.unit}）` : ind.label,
        width: Math.max(10, Math.min(24, ind.label.length * 2 + 4)),
        value: (l: Line) => l.values[ind.key] ?? '—',
      })),
    ],
    lines,
    // Each summed 双随机 table on its own sheet, named by its title (Excel allows 31 characters).
    r.tables.map((t) => ({ name: `${t.title}（合计）`.slice(0, 31), columns: t.columns, rows: t.rows })),
  );
}

// ------------------------------------------------------------------------------------------------ import

async function packageBySha(db: Kysely<DB>, sha256: string) {
  return db.selectFrom('upstream_packages').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

const sameDistrict = (
  a: { district_name: string | null; office_uscc: string | null },
  b: { district: string | null; uscc: string },
) => (a.district_name !== null && a.district_name === b.district) || (!!b.uscc && a.office_uscc === b.uscc);

async function continuityProblem(
  db: Kysely<DB>,
  sha256: string,
  m: PackageManifest,
  district: string | null,
): Promise<string | null> {
  const mine = (
    await db
      .selectFrom('upstream_packages')
      .select(['sha256', 'manifest_json', 'district_name', 'office_uscc'])
      .where('status', 'in', ['accepted', 'superseded'])
      .where('manifest_json', 'is not', null)
      .execute()
  )
    .filter((r) => sameDistrict(r, { district, uscc: m.office.uscc }))
    .map((r) => ({ sha256: r.sha256, manifest: JSON.parse(r.manifest_json!) as PackageManifest }))
    .filter((r) => r.manifest.ledgerTree);
  if (mine.length === 0) return null;
  if (mine.some((r) => r.manifest.ledgerTree!.previous?.package === sha256)) return null;
  const latest = mine.reduce((a, b) => (b.manifest.ledgerTree!.size > a.manifest.ledgerTree!.size ? b : a));
  return ledgerContinuityProblem(m, latest);
}

export async function importPackage(
  ctx: HandlerContext,
  upload: { fileName: string; base64: string },
): Promise<{
  row: Selectable<UpstreamPackagesTable>;
  superseded: Selectable<UpstreamPackagesTable> | null;
  rechecked: boolean;
}> {
  const db = ctx.db;
  const bytes = Buffer.from(upload.base64, 'base64');
  const sha256 = sha256Hex(bytes);
  const existing = await packageBySha(db, sha256);
  if (existing && existing.status !== 'rejected')
    refuse('CONFLICT', [
      {
        path: 'fileName',
        message: `“${upload.fileName}”已于 ${formatDate(existing.imported_at)} 导入（第 ${existing.id} 号，${UPSTREAM_STATUS_LABELS[existing.status as UpstreamPackageStatus]}），不再重复导入`,
      },
    ]);
  const trustRows = await db.selectFrom('upstream_trusted_keys').selectAll().execute();
  const replacedBy = await db
    .selectFrom('upstream_packages')
    .select(['id', 'status'])
    .where('supersedes', '=', sha256)
    .where('status', 'in', ['accepted', 'superseded'])
    .executeTakeFirst();
  const v = verifyPackage(bytes, {
    trusted: trustRows.map((t) => ({ fingerprint: t.fingerprint, label: t.district_name })),
    superseded: replacedBy ? new Set([sha256]) : new Set(),
  });
  const reasons = [...v.reasons];
  const m: PackageManifest | null = v.manifest;
  const district = v.signer?.label ?? null;

  // Upstream's own rules, for an otherwise valid package.
  let earlier: Selectable<UpstreamPackagesTable> | undefined;
  if (v.ok && m) {
    if (m.supersedes) {
      earlier = await packageBySha(db, m.supersedes);
      if (earlier && earlier.status !== 'rejected') {
        if (!sameDistrict(earlier, { district, uscc: m.office.uscc })) {
          reasons.push(`声明取代的数据包（第 ${earlier.id} 号）属于其他单位，不能由本单位的更正版取代`);
          earlier = undefined;
        } else if (earlier.status === 'superseded') {
          reasons.push(`声明取代的数据包（第 ${earlier.id} 号）已被另一个更正版取代`);
          earlier = undefined;
        }
      } else earlier = undefined;
    }
    if (reasons.length === 0) {
      const rivals = await db
        .selectFrom('upstream_packages')
        .selectAll()
        .where('report_type', '=', m.reportType)
        .where('period', '=', m.period)
        .where('status', '=', 'accepted')
        .execute();
      const rival = rivals.find(
        (r) => r.id !== earlier?.id && sameDistrict(r, { district, uscc: m.office.uscc }),
      );
      if (rival)
        reasons.push(
          `已接收${rival.district_name ?? rival.office_name ?? ''}的同一报告（第 ${rival.id} 号，第${rival.version}版）；本数据包没有声明取代它（更正版应在清单 supersedes 中写明原数据包的 SHA-256）`,
        );
    }
  }
  // The district's ledger only grows: this package must continue the district's package with the largest ledger
  // (its consistency proof, RFC 9162), unless a package already accepted continues this one.
  if (v.ok && m && reasons.length === 0 && m.ledgerTree) {
    const problem = await continuityProblem(db, sha256, m, district);
    if (problem) reasons.push(problem);
  }
  const accepted = reasons.length === 0;
  // The file itself is kept whenever it is a zip container, so the city holds what it was sent.
  const isZip =
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const stored =
    isZip && ctx.dataDir ? await storeFile(ctx, { fileName: 'package.zip', base64: upload.base64 }) : null;
  const year = m ? Number(m.period.slice(0, 4)) : Number(nowIso(ctx).slice(0, 4));
  const values = {
    sha256,
    file_name: downloadName(upload.fileName, '数据包.zip'),
    size: bytes.length,
    file_id: stored?.id ?? null,
    status: accepted ? 'accepted' : 'rejected',
    reasons_json: JSON.stringify(reasons),
    year,
    district_name: district,
    signer_fingerprint: v.signer?.fingerprint ?? null,
    office_name: m?.office.name ?? null,
    office_uscc: m?.office.uscc ?? null,
    report_type: m?.reportType ?? null,
    period: m?.period ?? null,
    title: m?.title ?? null,
    version: m?.version ?? null,
    signed_at: m?.createdAt ?? null,
    supersedes: m?.supersedes ?? null,
    superseded_by: null,
    manifest_json: m ? JSON.stringify(m) : null,
    data_json: accepted && v.data ? JSON.stringify(v.data) : null,
    imported_at: nowIso(ctx),
    imported_by: actorName(ctx),
  };
  let id: number;
  if (existing) {
    await db.updateTable('upstream_packages').set(values).where('id', '=', existing.id).execute();
    id = existing.id;
  } else {
    id = (await db.insertInto('upstream_packages').values(values).returning('id').executeTakeFirstOrThrow())
      .id;
  }
  let superseded: Selectable<UpstreamPackagesTable> | null = null;
  if (accepted && earlier) {
    await db
      .updateTable('upstream_packages')
      .set({ status: 'superseded', superseded_by: id })
      .where('id', '=', earlier.id)
      .execute();
    superseded = await db
      .selectFrom('upstream_packages')
      .selectAll()
      .where('id', '=', earlier.id)
      .executeTakeFirstOrThrow();
  }
  const row = await db
    .selectFrom('upstream_packages')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { row, superseded, rechecked: Boolean(existing) };
}

function describe(r: Selectable<UpstreamPackagesTable>): string {
  const type = r.report_type ? (REPORT_TYPE_LABELS[r.report_type as ReportType] ?? r.report_type) : '';
  return [r.district_name ?? r.office_name, r.period, type, r.version ? `第${r.version}版` : '']
    .filter(Boolean)
    .join(' ');
}

// ------------------------------------------------------------------------------------------------ handlers

export const upstreamHandlers = defineHandlers({
  'upstream.trustedKeys': async (_input, ctx) => listTrustedKeys(ctx.db),

  'upstream.addTrustedKey': async (input, ctx) => {
    const hex = parsePublicKeyPem(input.pem);
    if (!hex)
      refuse('VALIDATION', [
        {
          path: 'pem',
          message:
            '不是有效的 SM2 公钥：请选择区县导出的签名公钥文件（.pem，以 -----BEGIN PUBLIC KEY----- 开头）',
        },
      ]);
    const fingerprint = fingerprintOf(hex);
    const all = await ctx.db.selectFrom('upstream_trusted_keys').selectAll().execute();
    const same = all.find((k) => normalizeFingerprint(k.fingerprint) === normalizeFingerprint(fingerprint));
    if (same)
      refuse('CONFLICT', [
        { path: 'pem', message: `该公钥已在信任列表中（${same.district_name}，指纹 ${same.fingerprint}）` },
      ]);
    const row = await ctx.db
      .insertInto('upstream_trusted_keys')
      .values({
        district_name: input.districtName,
        fingerprint,
        public_key_hex: hex,
        public_pem: input.pem.trim().startsWith('-----BEGIN') ? `${input.pem.trim()}\n` : input.pem,
        note: input.note,
        added_at: nowIso(ctx),
        added_by: actorName(ctx),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await ctx.audit({
      entity: 'upstream_trusted_key',
      entityId: row.id,
      summary: `信任列表：添加 ${row.district_name} 的公钥，指纹 ${fingerprint}`,
      after: { districtName: row.district_name, fingerprint, note: row.note },
    });
    return toKey(row);
  },

  'upstream.removeTrustedKey': async (input, ctx) => {
    const row = await ctx.db
      .selectFrom('upstream_trusted_keys')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) refuse('NOT_FOUND', [{ path: 'id', message: '信任列表中没有这把公钥' }]);
    await ctx.db.deleteFrom('upstream_trusted_keys').where('id', '=', input.id).execute();
    await ctx.audit({
      entity: 'upstream_trusted_key',
      entityId: row.id,
      summary: `信任列表：移除 ${row.district_name} 的公钥，指纹 ${row.fingerprint}（已接收的数据包不受影响，此后该公钥签署的数据包将被拒收）`,
      before: { districtName: row.district_name, fingerprint: row.fingerprint, note: row.note },
    });
    return { id: row.id };
  },

  'upstream.importPackage': async (input, ctx) => {
    const { row, superseded, rechecked } = await importPackage(ctx, input);
    const reasons = JSON.parse(row.reasons_json) as string[];
    await ctx.audit({
      entity: 'upstream_package',
      entityId: row.id,
      summary:
        row.status === 'accepted'
          ? `导入数据包“${row.file_name}”：已接收（${describe(row)}）${superseded ? `，取代第 ${superseded.id} 号` : ''}`
          : `导入数据包“${row.file_name}”：已拒收（${reasons.join('；')}）`,
      after: {
        sha256: row.sha256,
        status: row.status,
        reasons,
        signer: row.signer_fingerprint,
        ...(superseded ? { superseded: superseded.id } : {}),
        ...(rechecked ? { rechecked } : {}),
      },
    });
    return {
      package: toPackageRow(row),
      superseded: superseded ? toPackageRow(superseded) : null,
      rechecked,
    };
  },

  'upstream.packages': async (input, ctx) => {
    const rows = await ctx.db
      .selectFrom('upstream_packages')
      .selectAll()
      .where('year', '=', input.year)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toPackageRow);
  },

  'upstream.packageFile': async (input, ctx) => {
    const row = await ctx.db
      .selectFrom('upstream_packages')
      .select(['file_id', 'file_name'])
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', '数据包不存在');
    if (!row.file_id) throw new AppError('NOT_FOUND', '该文件不是 zip 数据包，导入时未保存');
    const { bytes } = await readStoredFile(ctx, row.file_id);
    return { fileName: row.file_name, mimeType: 'application/zip', base64: bytes.toString('base64') };
  },

  'upstream.rollupOptions': async (input, ctx) => {
    const rows = await ctx.db
      .selectFrom('upstream_packages')
      .select(['report_type', 'period', 'status'])
      .where('year', '=', input.year)
      .execute();
    const out = new Map<string, UpstreamRollupOption>();
    for (const r of rows) {
      if (r.status !== 'accepted' || !r.report_type || !r.period) continue;
      const k = `${r.report_type}|${r.period}`;
      const o = out.get(k) ?? {
        reportType: r.report_type as ReportType,
        reportTypeLabel: REPORT_TYPE_LABELS[r.report_type as ReportType],
        period: r.period,
        accepted: 0,
      };
      o.accepted++;
      out.set(k, o);
    }
    return [...out.values()].sort(
      (a, b) => b.period.localeCompare(a.period) || a.reportType.localeCompare(b.reportType),
    );
  },

  'upstream.rollup': async (input, ctx) => loadRollup(ctx.db, input.reportType, input.period),

  'upstream.rollupXlsx': async (input, ctx) => {
    const r = await loadRollup(ctx.db, input.reportType, input.period);
    if (r.rows.length === 0)
      throw new AppError(
        'NOT_FOUND',
        `${rollupPeriodLabel(input.period)}${r.reportTypeLabel}还没有已接收的数据包`,
      );
    const bytes = await rollupWorkbook(r);
    return {
      fileName: downloadName(rollupFileName(r, 'xlsx')),
      mimeType: XLSX_MIME,
      base64: bytes.toString('base64'),
    };
  },
});
