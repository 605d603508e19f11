// A subject's entries proven against the latest signed tree root: the 信用报告's technical appendix and its proof
// file (docs/credit-ledger.md §3b), and the check anyone can run on that file (`verify-inclusion`). The root is the
// one the office signed into its latest report package (manifest.json ledgerTree), so a reader who trusts that
// package needs neither the ledger nor this program: each entry's canonical encoding hashes (SM3) to its entry
// hash, that hash's leaf sits at seq − 1 by the RFC 9162 inclusion proof, and the proof ends at the signed root.
import type { Kysely } from 'kysely';
import type { DB } from '../core/schema';
import { sha256Hex, sm3Hex as sm3OfBytes } from '../core/sm2';
import { canonicalEncoding, LEDGER_FORMAT, sm3Hex } from './ledger';
import { ledgerInclusion, ledgerTreeHead } from './ledger-tree';
import { hexToBytes, leafHash, verifyInclusion } from './merkle';
import {
  INCLUSION_PROOF_FORMAT,
  type CreditInclusion,
  type CreditInclusionFile,
  type CreditSubjectKind,
} from '../../shared/contract';
import {
  REPORT_TYPE_LABELS,
  type PackageManifest,
  type ReportType,
} from '../../shared/domain/report-package';
import { verifyPackage } from '../reports/package';

/** The proof file's exact bytes. */
export function inclusionFileText(file: CreditInclusionFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The latest signed package whose manifest carries a ledger tree. */
async function latestSignedTree(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('reports')
    .select(['type', 'period', 'version', 'manifest_json', 'package_sha256', 'signed_at'])
    .where('status', '=', 'signed')
    .where('manifest_json', 'is not', null)
    .orderBy('signed_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    let claim: PackageManifest['ledgerTree'] | undefined;
    try {
      claim = (JSON.parse(r.manifest_json!) as Partial<PackageManifest>).ledgerTree;
    } catch {
      claim = undefined;
    }
    if (!claim || !r.package_sha256 || !(claim.size > 0)) continue;
    return {
      size: claim.size,
      root: claim.root,
      sha256: r.package_sha256,
      label: `${r.period} ${REPORT_TYPE_LABELS[r.type as ReportType] ?? r.type}（第${r.version}版）上报数据包`,
      signedAt: r.signed_at ?? '',
    };
  }
  return null;
}

/** The proof for a subject's entries, or why there is none. */
export async function subjectInclusion(
  db: Kysely<DB>,
  subject: { kind: CreditSubjectKind; id: number; name: string; code: string },
  office: { name: string; uscc: string | null },
): Promise<CreditInclusion> {
  const signed = await latestSignedTree(db);
  if (!signed)
    return {
      file: null,
      fileSm3: null,
      note: '尚无载有台账默克尔树的已签发上报数据包，暂不能给出包含证明。签发上报数据包后即可证明。',
    };
  const now = await ledgerTreeHead(db, { size: signed.size });
  if (now.root !== signed.root)
    return {
      file: null,
      fileSm3: null,
      note: `当前台账前 ${signed.size} 条的默克尔树根与${signed.label}中签署的树根不符：台账在签署后被改动或截短，不能给出包含证明。请运行“校验台账”。`,
    };
  const rows = await db
    .selectFrom('credit_ledger')
    .selectAll()
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .orderBy('seq')
    .execute();
  const entries: CreditInclusionFile['entries'] = [];
  const pending: number[] = [];
  for (const r of rows) {
    if (r.seq > signed.size) {
      pending.push(r.seq);
      continue;
    }
    let encoding: string;
    try {
      encoding = canonicalEncoding(r);
    } catch {
      encoding = '';
    }
    if (!encoding || sm3Hex(encoding) !== r.hash)
      return {
        file: null,
        fileSm3: null,
        note: `第 ${r.seq} 条记录的内容与其哈希不符：记录在登记后被改动，不能给出包含证明。请运行“校验台账”。`,
      };
    entries.push({
      seq: r.seq,
      hash: r.hash,
      encoding,
      proof: await ledgerInclusion(db, r.seq, signed.size),
    });
  }
  const file: CreditInclusionFile = {
    format: INCLUSION_PROOF_FORMAT,
    hash: 'SM3',
    office,
    subject,
    package: { sha256: signed.sha256, label: signed.label, signedAt: signed.signedAt },
    tree: { size: signed.size, root: signed.root },
    entries,
    pending,
  };
  return { file, fileSm3: sm3Hex(inclusionFileText(file)), note: null };
}

export interface InclusionCheck {
  ok: boolean;
  /** What was checked and passed, in Chinese. */
  passed: string[];
  /** What failed, in Chinese. */
  problems: string[];
  file: CreditInclusionFile | null;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks a proof file on its own (every entry's encoding, hash and inclusion proof against the file's root), and
 * with `packageZip` also that the root is the one the signed package carries (signature, manifest, SHA-256).
 */
export function checkInclusionFile(text: string, packageZip?: Uint8Array): InclusionCheck {
  const out: InclusionCheck = { ok: false, passed: [], problems: [], file: null };
  const done = () => ({ ...out, ok: out.problems.length === 0 });
  let file: CreditInclusionFile;
  try {
    file = JSON.parse(text) as CreditInclusionFile;
  } catch {
    out.problems.push('证明文件不是有效的 JSON');
    return done();
  }
  if (!file || typeof file !== 'object' || file.format !== INCLUSION_PROOF_FORMAT) {
    out.problems.push(`证明文件格式不符：应为 ${INCLUSION_PROOF_FORMAT}`);
    return done();
  }
  const tree = file.tree as Partial<CreditInclusionFile['tree']> | undefined;
  const subject = file.subject as Partial<CreditInclusionFile['subject']> | undefined;
  if (
    !tree ||
    !Number.isSafeInteger(tree.size) ||
    tree.size! < 1 ||
    !HEX64.test(String(tree.root)) ||
    !subject ||
    !Array.isArray(file.entries) ||
    !Array.isArray(file.pending)
  ) {
    out.problems.push('证明文件缺少树的大小与根、主体或记录列表');
    return done();
  }
  out.file = file;
  const root = hexToBytes(tree.root!);
  const seen = new Set<number>();
  for (const e of file.entries as Partial<CreditInclusionFile['entries'][number]>[]) {
    const label = `第 ${String(e?.seq)} 条`;
    if (
      !e ||
      !Number.isSafeInteger(e.seq) ||
      !HEX64.test(String(e.hash)) ||
      typeof e.encoding !== 'string' ||
      !Array.isArray(e.proof) ||
      !e.proof.every((p) => HEX64.test(String(p)))
    ) {
      out.problems.push(`${label}：记录格式不符`);
      continue;
    }
    if (seen.has(e.seq!)) out.problems.push(`${label}：重复列出`);
    seen.add(e.seq!);
    if (sm3Hex(e.encoding) !== e.hash) {
      out.problems.push(`${label}：记录内容的 SM3 与记录哈希不符（内容被改动）`);
      continue;
    }
    let values: unknown[];
    try {
      values = JSON.parse(e.encoding) as unknown[];
    } catch {
      out.problems.push(`${label}：记录内容不是规范编码`);
      continue;
    }
    if (!Array.isArray(values) || values[0] !== LEDGER_FORMAT || values[1] !== e.seq) {
      out.problems.push(`${label}：记录内容的格式标记或序号不符`);
      continue;
    }
    if (values[6] !== subject.kind || values[7] !== subject.id) {
      out.problems.push(`${label}：记录不属于证明文件所述的主体`);
      continue;
    }
    if (e.seq! > tree.size!) {
      out.problems.push(`${label}：序号超出树的大小（${tree.size} 条）`);
      continue;
    }
    const ok = verifyInclusion(
      leafHash(hexToBytes(e.hash!)),
      e.seq! - 1,
      tree.size!,
      e.proof.map((p) => hexToBytes(p)),
      root,
    );
    if (!ok) out.problems.push(`${label}：包含证明不能从该记录推出树根（记录不在该树中，或证明被改动）`);
  }
  if (file.entries.length && out.problems.length === 0)
    out.passed.push(`${file.entries.length} 条记录的内容、哈希与包含证明均与树根一致（树大小 ${tree.size}）`);
  if (packageZip) {
    const v = verifyPackage(packageZip);
    const sha = sha256Hex(packageZip);
    if (!v.ok) out.problems.push(`上报数据包未通过核验：${v.reasons.join('；')}`);
    else out.passed.push('上报数据包的签名与文件摘要核验通过');
    const claim = v.manifest?.ledgerTree;
    if (!claim) out.problems.push('上报数据包的 manifest.json 中没有台账默克尔树（ledgerTree）');
    else if (claim.size !== tree.size || claim.root !== tree.root)
      out.problems.push(
        `证明所用的树（${tree.size} 条，根 ${String(tree.root).slice(0, 16)}…）与上报数据包签署的树（${claim.size} 条，根 ${claim.root.slice(0, 16)}…）不符`,
      );
    else out.passed.push(`树的大小与根与上报数据包 manifest.json 中签署的 ledgerTree 相同`);
    if (file.package?.sha256 && file.package.sha256 !== sha)
      out.problems.push(
        `证明文件所指的数据包 SHA-256 为 ${file.package.sha256.slice(0, 16)}…，给出的数据包为 ${sha.slice(0, 16)}…`,
      );
  }
  return done();
}

/** SM3 of a file's bytes (for the CLI's summary line). */
export function fileSm3(bytes: Uint8Array): string {
  return sm3OfBytes(bytes);
}
