// 市级汇总 (upstream mode), for the city commission that receives the districts' submission packages: the trust
// list of district public keys, importing and verifying packages (accepted / rejected with reasons / superseded
// by an 更正版), and the roll-up of the accepted districts' figures for one report type and period.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { fileUpload, id, optionalText, requiredText, type FileDownload } from './common';
import { REPORT_TYPES, type ReportType } from '../domain/report-package';

export type UpstreamPackageStatus = 'accepted' | 'rejected' | 'superseded';

export const UPSTREAM_STATUS_LABELS: Record<UpstreamPackageStatus, string> = {
  accepted: '已接收',
  rejected: '已拒收',
  superseded: '已被更正版取代',
};

export interface UpstreamTrustedKey {
  id: number;
  districtName: string;
  fingerprint: string;
  note: string;
  addedAt: string;
  addedBy: string;
  publicPem: string;
}

export interface UpstreamPackageRow {
  id: number;
  fileName: string;
  sha256: string;
  size: number;
  status: UpstreamPackageStatus;
  reasons: string[];
  /** From the trust list when the signer is known; else null. */
  districtName: string | null;
  officeName: string | null;
  officeUscc: string | null;
  reportType: ReportType | null;
  reportTypeLabel: string | null;
  period: string | null;
  title: string | null;
  version: number | null;
  signedAt: string | null;
  signerFingerprint: string | null;
  supersedes: string | null;
  supersededBy: number | null;
  importedAt: string;
  importedBy: string;
  year: number;
}

export interface UpstreamImportResult {
  package: UpstreamPackageRow;
  /** The earlier accepted package this 更正版 replaced, now marked superseded. */
  superseded: UpstreamPackageRow | null;
  /** The same file had been imported and rejected before, and was checked again (e.g. after adding its key). */
  rechecked: boolean;
}

export interface UpstreamRollupIndicator {
  key: string;
  label: string;
  unit: string;
  rollup: 'sum' | 'none';
}

export interface UpstreamRollupRow {
  packageId: number;
  district: string;
  officeName: string;
  version: number;
  signedAt: string;
  /** null where the district's data.json has no such indicator. */
  values: Record<string, number | null>;
}

export interface UpstreamRollup {
  reportType: ReportType;
  reportTypeLabel: string;
  period: string;
  indicators: UpstreamRollupIndicator[];
  rows: UpstreamRollupRow[];
  /** Sums of the 'sum' indicators over the accepted districts; null for 'none' (rates and the like). */
  totals: Record<string, number | null>;
  /** Inconsistencies between districts' data (different units for one indicator, …). */
  warnings: string[];
  /** Detail tables the city adds up row by row (双随机抽查 by department, item, category and street): each row's
   *  label with the districts' counts summed and the rate recomputed. */
  tables: { key: string; title: string; columns: string[]; rows: (string | number)[][] }[];
}

export interface UpstreamRollupOption {
  reportType: ReportType;
  reportTypeLabel: string;
  period: string;
  accepted: number;
}

const year = z.number({ error: '请选择年度' }).int().min(2000).max(2100);
const rollupInput = z.object({
  reportType: z.enum(REPORT_TYPES, { error: '请选择报告类型' }),
  period: z
    .string({ error: '请选择期间' })
    .trim()
    .regex(/^\d{4}[A-Za-z0-9-]{0,8}$/, { error: '期间格式应为 2026Q3 或 2026' }),
});

export const upstreamContract = {
  'upstream.trustedKeys': query(z.object({}), result<UpstreamTrustedKey[]>(), can('read')),
  'upstream.addTrustedKey': mutation(
    z.object({
      districtName: requiredText(100, '区县（单位）名称'),
      pem: z
        .string({ error: '请选择或粘贴区县的公钥（.pem）' })
        .trim()
        .min(1, { error: '请选择或粘贴区县的公钥（.pem）' })
        .max(20_000, { error: '公钥文件过大，不是 SM2 公钥' }),
      note: optionalText(500, '备注'),
    }),
    result<UpstreamTrustedKey>(),
    can('keys.manage'),
  ),
  'upstream.removeTrustedKey': mutation(z.object({ id }), result<{ id: number }>(), can('keys.manage')),
  /** One package (.zip) per call; the renderer calls it once per chosen file. */
  'upstream.importPackage': mutation(fileUpload, result<UpstreamImportResult>(), can('records.write')),
  'upstream.packages': query(z.object({ year }), result<UpstreamPackageRow[]>(), can('read')),
  'upstream.packageFile': query(z.object({ id }), result<FileDownload>(), can('read')),
  'upstream.rollupOptions': query(z.object({ year }), result<UpstreamRollupOption[]>(), can('read')),
  'upstream.rollup': query(rollupInput, result<UpstreamRollup>(), can('read')),
  'upstream.rollupXlsx': query(rollupInput, result<FileDownload>(), can('print')),
};
