// The submission package (报告上报数据包): what a district office signs and the city commission verifies.
// One .zip holding report.pdf, report.docx, data.json, data.xlsx, manifest.json, manifest.sig (SM2 with SM3 over
// the exact bytes of manifest.json, signer ID 1234567812345678, DER) and signer.pub.pem. The shapes here are shared
// by the signing side (db/reports/signing-keys.ts and package.ts), the report builder (db/reports/reports) and upstream verification.

export const PACKAGE_FORMAT = 'zongjian-report-package/1' as const;
/** GM/T 0009 default signer ID; OpenSSL: -sigopt distid:1234567812345678. */
export const SM2_SIGNER_ID = '1234567812345678';

export const REPORT_TYPES = [
  'quarterly',
  'annual',
  'assessment',
  'checklist',
  'enforcement',
  'credit',
] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export const REPORT_TYPE_LABELS: Record<ReportType, string> = {
  quarterly: '季度阶段性工作总结',
  annual: '年度工作总结',
  assessment: '综合监管结果年度评估报告',
  checklist: '任务清单落实情况表',
  enforcement: '联合执法情况统计',
  credit: '信用监管情况统计',
};

/** The files a package carries besides manifest.json / manifest.sig / signer.pub.pem, in this order. */
export const PACKAGE_CONTENT_FILES = [
  'report.pdf',
  'report.docx',
  'report.ofd',
  'data.json',
  'data.xlsx',
] as const;
/** 签发's steps as its progress bar counts them (第 k / n 步, db/reports/issue.ts): the checks, the figures, the
 *  documents, the ledger's Merkle root, each content file's SM3 digest, the SM2 signature, storing the package. */
export const SIGN_STEPS = 6 + PACKAGE_CONTENT_FILES.length;
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const PUBLIC_KEY_FILE = 'signer.pub.pem';

export interface PackageFileEntry {
  name: string;
  size: number;
  /** SM3 of the file's bytes, lowercase hex. */
  sm3: string;
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  reportType: ReportType;
  reportTypeLabel: string;
  /** '2026Q3' for quarterly reports, '2026' for yearly ones. */
  period: string;
  title: string;
  /** 1 for the first signed version; an 更正版 is version n+1 and names the package it replaces. */
  version: number;
  /** SHA-256 (hex) of the package zip this one replaces, or null. */
  supersedes: string | null;
  office: { name: string; uscc: string };
  /** The credit ledger's chain head when the report was signed. */
  ledgerHead: { seq: number; hash: string };
  /** The ledger's Merkle tree (RFC 9162 shape, SM3; docs/credit-ledger.md) over the same entries, and the proof
   *  that the tree of the office's previous signed package is a prefix of it. Absent in packages signed before
   *  the tree existed. */
  ledgerTree?: LedgerTreeClaim;
  appVersion: string;
  /** ISO 8601 with offset. */
  createdAt: string;
  signer: { fingerprint: string; algorithm: 'SM2-with-SM3'; signerId: typeof SM2_SIGNER_ID };
  files: PackageFileEntry[];
}

export interface LedgerTreeClaim {
  /** Entries in the tree: equal to ledgerHead.seq. */
  size: number;
  /** Root hash, lower-case hex. */
  root: string;
  /** The office's previous signed package (its SHA-256), its tree, and the RFC 9162 consistency proof (hex nodes)
   *  from that tree to this one; null for the office's first package with a tree. */
  previous: { package: string; size: number; root: string; consistency: string[] } | null;
}

/** One figure of a report, by a stable key, so the city can add districts together. */
export interface ReportIndicator {
  key: string;
  label: string;
  /** null: a rate with nothing due (shown —, never 0 %). */
  value: number | null;
  unit: string;
  /** How the city combines districts: 'sum' (counts) or 'none' (rates, shown per district only). */
  rollup: 'sum' | 'none';
  /** How periods combine (docs/report-data.md): 'sum' (flows: four quarters add up to the year), 'end' (stocks:
   *  the year equals its last quarter) or a rate of two other indicators (the year's is the ratio of theirs).
   *  Absent in packages signed before it existed. */
  periodRollup?: PeriodRollup;
}

export type PeriodRollup = 'sum' | 'end' | { rate: { numerator: string; denominator: string } };

/** data.json: the report's computed figures (never typed by hand), in the package and in the JSON export. */
export interface ReportData {
  format: 'zongjian-report-data/1';
  reportType: ReportType;
  period: string;
  periodStart: string; // YYYY-MM-DD
  periodEnd: string; // YYYY-MM-DD
  office: { name: string; uscc: string };
  indicators: ReportIndicator[];
  /** Detail tables, each a header row and data rows, as they appear in the report and data.xlsx. */
  tables: { key: string; title: string; columns: string[]; rows: (string | number)[][] }[];
}

/** The counting tables of 双随机抽查 (检查户次, 发现问题户次, 立案数, 不合格率): the city adds districts' rows of the same
 *  label up and recomputes the rate (db/upstream). */
export const SPOTCHECK_COUNT_COLUMNS = ['检查户次', '发现问题户次', '立案数', '不合格率（%）'];
export const SPOTCHECK_COUNT_TABLES = {
  byDepartment: { key: 'spotcheck_by_department', title: '双随机抽查情况（按部门）' },
  byItem: { key: 'spotcheck_by_item', title: '双随机抽查情况（按抽查事项）' },
  byCategory: { key: 'spotcheck_by_category', title: '双随机抽查情况（按机构类别）' },
  byStreet: { key: 'spotcheck_by_street', title: '双随机抽查情况（按街道/镇）' },
} as const;

// ---------------------------------------------------------------------------------------- verification (db/reports/package.ts)

/** A public key the verifier trusts (a district registered upstream, or this office's own keys). */
export interface TrustedKey {
  /** SM3 fingerprint of the DER SubjectPublicKeyInfo; spaces, colons and case are ignored. */
  fingerprint: string;
  /** Who holds it, e.g. the district's name. */
  label?: string;
}

/** What is wrong with a package, by the part at fault. */
export interface PackageProblem {
  /** The file at fault ('report.pdf', 'manifest.json', 'manifest.sig', 'signer.pub.pem', …) or 'package'. */
  part: string;
  kind:
    | 'malformed'
    | 'format'
    | 'missing'
    | 'unlisted'
    | 'tampered'
    | 'signature'
    | 'untrusted'
    | 'superseded'
    | 'ledger';
  /** Chinese, naming the part, e.g. 'report.pdf 的摘要与清单不符（文件被改动）'. */
  message: string;
}

export interface PackageVerification {
  ok: boolean;
  /** SHA-256 of the whole .zip, lower-case hex: how the submission log and 更正版 name a package. */
  sha256: string;
  /** The problems' messages, in the order found; empty when ok. */
  reasons: string[];
  problems: PackageProblem[];
  /** Whether manifest.sig is a valid SM2 signature of manifest.json by the key in signer.pub.pem. */
  signatureValid: boolean;
  /** The key inside the package; `trusted` is null when no trust list was given (signer not verified). */
  signer: { fingerprint: string; publicPem: string; trusted: boolean | null; label: string | null } | null;
  manifest: PackageManifest | null;
  data: ReportData | null;
  /** Each file listed in the manifest, checked against the package. */
  files: { name: string; size: number; sm3: string; status: 'ok' | 'missing' | 'tampered' }[];
}
