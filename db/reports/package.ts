// The submission package (报告上报数据包): building and signing one (the district office) and verifying one (the
// city commission, the CLI, and the office checking its own). One .zip holding the report's files, manifest.json
// (each file's SM3 and size, what the report is, who signed it), manifest.sig (SM2 with SM3 over the exact bytes
// of manifest.json, signer ID 1234567812345678, DER) and signer.pub.pem. Anyone can check it with OpenSSL:
//   openssl dgst -sm3 -sigopt distid:1234567812345678 -verify signer.pub.pem -signature manifest.sig manifest.json
// and then each file's digest with `openssl dgst -sm3 report.pdf` against the manifest.
import { zipSync } from 'fflate';
import { z } from 'zod';
import {
  MANIFEST_FILE,
  PACKAGE_FORMAT,
  PUBLIC_KEY_FILE,
  REPORT_TYPES,
  SIGNATURE_FILE,
  SM2_SIGNER_ID,
  type PackageManifest,
  type PackageProblem,
  type PackageVerification,
  type ReportData,
  type TrustedKey,
} from '../../shared/domain/report-package';
import { AppError } from '../../shared/errors';
import { readSafeZip, type ZipLimits } from '../core/zip-guard';
import { hexToBytes, verifyConsistency } from '../credit/merkle';
import type { UnlockedKey } from './signing-keys';
import {
  fingerprintOf,
  normalizeFingerprint,
  parsePublicKeyPem,
  publicKeyPem,
  sha256Hex,
  signSm2,
  sm3Hex,
  verifySm2,
} from '../core/sm2';

export type { TrustedKey } from '../../shared/domain/report-package';

/** A package is a handful of files: report PDF and DOCX, data JSON and xlsx, and the three signing files. */
export const PACKAGE_LIMITS: ZipLimits = { maxTotal: 150 * 1024 * 1024, maxEntries: 32, maxRatio: 200 };
const RESERVED = new Set([MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE]);
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const DATA_FILE = 'data.json';

// ------------------------------------------------------------------------------------------------ schemas

const fileEntry = z.object({
  name: z.string().regex(SAFE_NAME),
  size: z.number().int().min(0),
  sm3: z.string().regex(HEX64),
});

const manifestSchema = z.looseObject({
  format: z.literal(PACKAGE_FORMAT),
  reportType: z.enum(REPORT_TYPES),
  reportTypeLabel: z.string().min(1).max(100),
  period: z.string().regex(/^\d{4}[A-Za-z0-9-]{0,8}$/),
  title: z.string().min(1).max(300),
  version: z.number().int().min(1),
  supersedes: z.string().regex(HEX64).nullable(),
  office: z.looseObject({ name: z.string().min(1).max(200), uscc: z.string().max(18) }),
  ledgerHead: z.looseObject({ seq: z.number().int().min(0), hash: z.string().max(128) }),
  ledgerTree: z
    .looseObject({
      size: z.number().int().min(0),
      root: z.string().regex(HEX64),
      previous: z
        .looseObject({
          package: z.string().regex(HEX64),
          size: z.number().int().min(0),
          root: z.string().regex(HEX64),
          consistency: z.array(z.string().regex(HEX64)).max(128),
        })
        .nullable(),
    })
    .optional(),
  appVersion: z.string().max(50),
  createdAt: z.string().min(10).max(40),
  signer: z.looseObject({
    fingerprint: z.string().min(64).max(100),
    algorithm: z.literal('SM2-with-SM3'),
    signerId: z.literal(SM2_SIGNER_ID),
  }),
  files: z.array(fileEntry).min(1).max(20),
});

const dataSchema = z.looseObject({
  format: z.literal('zongjian-report-data/1'),
  reportType: z.enum(REPORT_TYPES),
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  office: z.looseObject({ name: z.string(), uscc: z.string() }),
  indicators: z
    .array(
      z.looseObject({
        key: z.string().min(1).max(100),
        label: z.string().min(1).max(200),
        value: z.number().refine(Number.isFinite).nullable(),
        unit: z.string().max(20),
        rollup: z.enum(['sum', 'none']),
        periodRollup: z
          .union([
            z.enum(['sum', 'end']),
            z.object({
              rate: z.object({ numerator: z.string().max(100), denominator: z.string().max(100) }),
            }),
          ])
          .optional(),
      }),
    )
    .max(500),
  tables: z
    .array(
      z.looseObject({
        key: z.string(),
        title: z.string(),
        columns: z.array(z.string()),
        rows: z.array(z.array(z.union([z.string(), z.number()]))),
      }),
    )
    .max(100),
});

const issuesText = (e: z.ZodError): string =>
  e.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '（根）'}：${i.message}`)
    .join('；');

// ------------------------------------------------------------------------------------------------- build

const utf8 = new TextEncoder();

/** manifest.json's text: keys in the order of PackageManifest, two-space indent, UTF-8, final newline. */
export function manifestText(m: PackageManifest): string {
  const ordered: PackageManifest = {
    format: m.format,
    reportType: m.reportType,
    reportTypeLabel: m.reportTypeLabel,
    period: m.period,
    title: m.title,
    version: m.version,
    supersedes: m.supersedes,
    office: { name: m.office.name, uscc: m.office.uscc },
    ledgerHead: { seq: m.ledgerHead.seq, hash: m.ledgerHead.hash },
    ...(m.ledgerTree
      ? {
          ledgerTree: {
            size: m.ledgerTree.size,
            root: m.ledgerTree.root,
            previous: m.ledgerTree.previous
              ? {
                  package: m.ledgerTree.previous.package,
                  size: m.ledgerTree.previous.size,
                  root: m.ledgerTree.previous.root,
                  consistency: [...m.ledgerTree.previous.consistency],
                }
              : null,
          },
        }
      : {}),
    appVersion: m.appVersion,
    createdAt: m.createdAt,
    signer: { fingerprint: m.signer.fingerprint, algorithm: m.signer.algorithm, signerId: m.signer.signerId },
    files: m.files.map((f) => ({ name: f.name, size: f.size, sm3: f.sm3 })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

type PackageInput = {
  files: { name: string; bytes: Uint8Array }[];
  manifest: Omit<PackageManifest, 'files' | 'format' | 'signer'>;
  key: UnlockedKey;
};
type BuiltPackage = { zip: Uint8Array; manifestJson: string; sha256: string };

/** A step of buildPackageInSteps, as it begins: each file's SM3 (第 k / n 个), then the SM2 signature and zip. */
export type PackageStep = { kind: 'digest'; index: number; total: number; name: string } | { kind: 'sign' };

function checkPackageInput({ files, key }: PackageInput): void {
  const names = new Set<string>();
  for (const f of files) {
    if (!SAFE_NAME.test(f.name) || RESERVED.has(f.name) || names.has(f.name))
      throw new AppError('INTERNAL', `数据包中的文件名无效或重复：${f.name}`);
    names.add(f.name);
  }
  if (files.length === 0) throw new AppError('INTERNAL', '数据包中没有文件');
  if (fingerprintOf(key.publicKeyHex) !== key.fingerprint)
    throw new AppError('INTERNAL', '签名密钥的指纹与公钥不符');
}

function fileEntryOf(f: { name: string; bytes: Uint8Array }): PackageManifest['files'][number] {
  return { name: f.name, size: f.bytes.length, sm3: sm3Hex(f.bytes) };
}

/** manifest.json with the files' digests, its SM2 signature (self-checked) and the zip. */
function signAndZip(input: PackageInput, listed: PackageManifest['files']): BuiltPackage {
  const { files, key } = input;
  const manifest: PackageManifest = {
    ...input.manifest,
    format: PACKAGE_FORMAT,
    signer: { fingerprint: key.fingerprint, algorithm: 'SM2-with-SM3', signerId: SM2_SIGNER_ID },
    files: listed,
  };
  const checked = manifestSchema.safeParse(manifest);
  if (!checked.success) throw new AppError('INTERNAL', `数据包清单不完整：${issuesText(checked.error)}`);
  const manifestJson = manifestText(manifest);
  const manifestBytes = utf8.encode(manifestJson);
  const signature = signSm2(manifestBytes, key.privateKeyHex, key.publicKeyHex);
  // A key that does not sign what its public half verifies must never leave the office.
  if (!verifySm2(manifestBytes, signature, key.publicKeyHex))
    throw new AppError('INTERNAL', '签名自检未通过：私钥与公钥不匹配');
  const mtime = new Date(manifest.createdAt);
  const opts = { mtime: Number.isNaN(mtime.getTime()) ? new Date('2026-01-01T00:00:00Z') : mtime };
  const entries: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const f of files) entries[f.name] = [f.bytes, { level: /\.(json|txt|csv|xml)$/.test(f.name) ? 6 : 0 }];
  entries[MANIFEST_FILE] = [manifestBytes, { level: 6 }];
  entries[SIGNATURE_FILE] = [signature, { level: 0 }];
  entries[PUBLIC_KEY_FILE] = [utf8.encode(key.publicPem), { level: 0 }];
  const zip = zipSync(entries, opts);
  return { zip, manifestJson, sha256: sha256Hex(zip) };
}

/**
 * Builds and signs a package: the given files (in this order), manifest.json, manifest.sig and signer.pub.pem.
 * The zip's timestamps are the manifest's createdAt, so the same input gives the same bytes. `sha256` is the
 * package's name in the submission log and in an 更正版's `supersedes`.
 */
export function buildPackage(input: PackageInput): BuiltPackage {
  checkPackageInput(input);
  return signAndZip(input, input.files.map(fileEntryOf));
}

/** The same package as buildPackage, with `step` awaited as each step begins (签发's progress bar: it reports the
 *  step and lets the event loop run, so the window's progress poll is answered between them). */
export async function buildPackageInSteps(
  input: PackageInput,
  step: (s: PackageStep) => Promise<void>,
): Promise<BuiltPackage> {
  checkPackageInput(input);
  const listed: PackageManifest['files'] = [];
  for (const [i, f] of input.files.entries()) {
    await step({ kind: 'digest', index: i + 1, total: input.files.length, name: f.name });
    listed.push(fileEntryOf(f));
  }
  await step({ kind: 'sign' });
  return signAndZip(input, listed);
}

// ------------------------------------------------------------------------------------------------ verify

const fatal = new TextDecoder('utf-8', { fatal: true });

function readZip(
  bytes: Uint8Array,
): { files: Map<string, Uint8Array>; problems: PackageProblem[] } | { error: string } {
  // The guard refuses duplicate names, hidden or overlapping entries and bombs; its entries are the contents.
  let raw: Map<string, Uint8Array>;
  try {
    raw = readSafeZip(bytes, '数据包（.zip）', PACKAGE_LIMITS);
  } catch (e) {
    return { error: e instanceof AppError ? e.message : String(e) };
  }
  const seen = [...raw.keys()];
  const problems: PackageProblem[] = [];
  const files = new Map<string, Uint8Array>();
  for (const name of seen) {
    if (/[\\/]/.test(name) || !SAFE_NAME.test(name)) {
      problems.push({
        part: name,
        kind: 'unlisted',
        message: `数据包中有子文件夹或异常文件名：${name.slice(0, 100)}`,
      });
      continue;
    }
    const b = raw.get(name);
    if (b) files.set(name, b);
  }
  return { files, problems };
}

/**
 * Verifies a package: a well-formed zip (measured by the zip guard first); manifest.json present, parsable and of
 * this format; every listed file present with its SM3 and size, and nothing unlisted; manifest.sig a valid
 * signature of manifest.json by the key in signer.pub.pem; with a trust list, that key in it; with a set of
 * superseded package hashes, this package not among them. All problems are reported, each naming its part.
 */
export function verifyPackage(
  zip: Uint8Array,
  options: { trusted?: TrustedKey[]; superseded?: Set<string> } = {},
): PackageVerification {
  const sha256 = sha256Hex(zip);
  const out: PackageVerification = {
    ok: false,
    sha256,
    reasons: [],
    problems: [],
    signatureValid: false,
    signer: null,
    manifest: null,
    data: null,
    files: [],
  };
  const problem = (part: string, kind: PackageProblem['kind'], message: string) =>
    out.problems.push({ part, kind, message });
  const finish = (): PackageVerification => {
    out.reasons = out.problems.map((p) => p.message);
    out.ok = out.problems.length === 0;
    return out;
  };

  const read = readZip(zip);
  if ('error' in read) {
    problem('package', 'malformed', `不是有效的数据包：${read.error}`);
    return finish();
  }
  const { files } = read;
  out.problems.push(...read.problems);

  // manifest.json
  const manifestBytes = files.get(MANIFEST_FILE);
  let manifest: PackageManifest | null = null;
  if (!manifestBytes) {
    problem(MANIFEST_FILE, 'missing', '不是有效的数据包：缺少 manifest.json（清单）');
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fatal.decode(manifestBytes));
    } catch {
      problem(MANIFEST_FILE, 'format', 'manifest.json 不是有效的 UTF-8 JSON（清单已损坏）');
    }
    if (parsed !== undefined) {
      const m = manifestSchema.safeParse(parsed);
      if (!m.success) {
        problem(MANIFEST_FILE, 'format', `manifest.json 的格式不符合上报数据包规范：${issuesText(m.error)}`);
      } else {
        manifest = m.data as PackageManifest;
        out.manifest = manifest;
        const listed = manifest.files.map((f) => f.name);
        const reserved = listed.filter((n) => RESERVED.has(n));
        if (reserved.length)
          problem(MANIFEST_FILE, 'format', `manifest.json 不应列出 ${reserved.join('、')}`);
        const twice = listed.filter((n, i) => listed.indexOf(n) !== i);
        if (twice.length)
          problem(MANIFEST_FILE, 'format', `manifest.json 重复列出 ${[...new Set(twice)].join('、')}`);
      }
    }
  }

  // signer.pub.pem and manifest.sig
  const pemBytes = files.get(PUBLIC_KEY_FILE);
  let publicKeyHex: string | null = null;
  if (!pemBytes) {
    problem(PUBLIC_KEY_FILE, 'missing', '缺少 signer.pub.pem（签名公钥）');
  } else {
    let text = '';
    try {
      text = fatal.decode(pemBytes);
    } catch {
      /* not text */
    }
    publicKeyHex = parsePublicKeyPem(text);
    if (!publicKeyHex) problem(PUBLIC_KEY_FILE, 'format', 'signer.pub.pem 不是有效的 SM2 公钥');
  }
  const sig = files.get(SIGNATURE_FILE);
  if (!sig) problem(SIGNATURE_FILE, 'missing', '缺少 manifest.sig（签名）');

  if (publicKeyHex) {
    const fingerprint = fingerprintOf(publicKeyHex);
    const trustedKey = options.trusted?.find(
      (t) => normalizeFingerprint(t.fingerprint) === normalizeFingerprint(fingerprint),
    );
    out.signer = {
      fingerprint,
      publicPem: publicKeyPem(publicKeyHex),
      trusted: options.trusted ? Boolean(trustedKey) : null,
      label: trustedKey?.label ?? null,
    };
    if (manifestBytes && sig) {
      out.signatureValid = verifySm2(manifestBytes, sig, publicKeyHex);
      if (!out.signatureValid)
        problem(
          SIGNATURE_FILE,
          'signature',
          '签名无效：manifest.json 或 manifest.sig 已被改动，或签名不是由 signer.pub.pem 对应的私钥生成',
        );
    }
    if (manifest && normalizeFingerprint(manifest.signer.fingerprint) !== normalizeFingerprint(fingerprint))
      problem(MANIFEST_FILE, 'signature', 'manifest.json 中的签名者指纹与 signer.pub.pem 不符');
    if (options.trusted && !trustedKey)
      problem(PUBLIC_KEY_FILE, 'untrusted', `签名者不在信任列表中（公钥指纹 ${fingerprint}）`);
  }

  // Every listed file, and nothing else.
  if (manifest) {
    for (const entry of manifest.files) {
      const b = RESERVED.has(entry.name) ? undefined : files.get(entry.name);
      if (!b) {
        if (!RESERVED.has(entry.name)) {
          out.files.push({ ...entry, status: 'missing' });
          problem(entry.name, 'missing', `缺少 ${entry.name}（清单中列出的文件）`);
        }
        continue;
      }
      const same = b.length === entry.size && sm3Hex(b) === entry.sm3;
      out.files.push({ ...entry, status: same ? 'ok' : 'tampered' });
      if (!same) problem(entry.name, 'tampered', `${entry.name} 的摘要与清单不符（文件被改动）`);
    }
    const listed = new Set(manifest.files.map((f) => f.name));
    for (const name of files.keys()) {
      if (!RESERVED.has(name) && !listed.has(name))
        problem(name, 'unlisted', `数据包中有清单未列出的文件：${name}`);
    }
    if (!listed.has(DATA_FILE))
      problem(MANIFEST_FILE, 'format', 'manifest.json 中没有列出 data.json（报告数据）');
  }

  // data.json, when it is there and intact.
  const dataBytes = files.get(DATA_FILE);
  if (dataBytes && manifest && out.files.some((f) => f.name === DATA_FILE && f.status === 'ok')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fatal.decode(dataBytes));
    } catch {
      problem(DATA_FILE, 'format', 'data.json 不是有效的 UTF-8 JSON');
    }
    if (parsed !== undefined) {
      const d = dataSchema.safeParse(parsed);
      if (!d.success) {
        problem(DATA_FILE, 'format', `data.json 的格式不正确：${issuesText(d.error)}`);
      } else {
        const data = d.data as ReportData;
        out.data = data;
        if (data.reportType !== manifest.reportType || data.period !== manifest.period)
          problem(DATA_FILE, 'format', 'data.json 的报告类型或期间与 manifest.json 不一致');
        if (data.office.name !== manifest.office.name || data.office.uscc !== manifest.office.uscc)
          problem(DATA_FILE, 'format', 'data.json 的单位与 manifest.json 不一致');
      }
    }
  }

  if (options.superseded?.has(sha256))
    problem('package', 'superseded', '该数据包已被更正版取代（不是最新版本）');
  return finish();
}

// ------------------------------------------------------------------------------------------- ledger continuity

/**
 * Whether `next`'s ledger continues `earlier`'s: the tree `next` names as its previous is `earlier`'s (same
 * package, size and root), and its consistency proof shows that tree is a prefix of its own (RFC 9162). A district
 * that restored an old backup and signed again cannot produce this for the package it sent last. null when it
 * holds; otherwise the reason, in Chinese.
 */
export function ledgerContinuityProblem(
  next: Pick<PackageManifest, 'ledgerTree' | 'ledgerHead'>,
  earlier: {
    sha256: string;
    manifest: Pick<PackageManifest, 'ledgerTree' | 'period' | 'reportTypeLabel' | 'version'>;
  },
): string | null {
  const a = earlier.manifest.ledgerTree;
  const b = next.ledgerTree;
  const label = `${earlier.manifest.period} ${earlier.manifest.reportTypeLabel}（第${earlier.manifest.version}版）`;
  if (!a) return null; // signed before the tree existed: nothing to hold it to
  if (!b) return `数据包没有台账默克尔树，无法证明接续${label}数据包的台账`;
  if (b.size !== next.ledgerHead.seq) return '数据包清单中的台账树大小与链头序号不一致';
  if (b.size < a.size)
    return `${label}数据包签署时台账为 ${a.size} 条，本数据包签署时为 ${b.size} 条：台账被回退或截短`;
  if (b.size === a.size) {
    return b.root === a.root
      ? null
      : `与${label}数据包的台账条数相同（${a.size} 条）但根哈希不同：台账被改动`;
  }
  const prev = b.previous;
  if (!prev || prev.package !== earlier.sha256 || prev.size !== a.size || prev.root !== a.root) {
    const named = prev ? `台账为 ${prev.size} 条时的数据包` : '任何数据包';
    return `本数据包接续的是${named}，而不是${label}数据包（台账 ${a.size} 条）：台账可能被回退或替换`;
  }
  const ok = verifyConsistency(
    a.size,
    b.size,
    prev.consistency.map(hexToBytes),
    hexToBytes(a.root),
    hexToBytes(b.root),
  );
  return ok
    ? null
    : `台账一致性证明未通过：${label}数据包的台账（${a.size} 条）不是本数据包台账的前缀，记录被改动`;
}
