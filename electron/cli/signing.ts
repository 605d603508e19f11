// Commands for the office signing key and submission packages:
//   keygen --data DIR --passphrase-file FILE [--rotate] [--user NAME]
//                                                         generate (or rotate) the office's SM2 signing key through
//                                                         the dispatcher, which writes the audit row
//   verify-package FILE.zip [--trust DIR]                 verify a package as 市级汇总 does
//   verify-inclusion --proof FILE.json [--package P.zip]  check a 信用报告's inclusion proof file, and that its root
//                                                         is the one the signed package carries
// Exit codes as the other commands: 0 ok, 1 failed, 2 usage, 3 the package failed verification.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Actor, SigningKeyView } from '../../shared/contract';
import type { TrustedKey } from '../../shared/domain/report-package';
import type { Call } from '../../db/demo';
import { ledgerContinuityProblem, verifyPackage } from '../../db/reports/package';
import { fingerprintOf, parsePublicKeyPem } from '../../db/core/sm2';
import { checkInclusionFile, fileSm3 } from '../../db/credit/inclusion';

export interface SigningCliContext {
  values: {
    data?: string;
    json?: boolean;
    'passphrase-file'?: string;
    trust?: string;
    previous?: string;
    proof?: string;
    package?: string;
    rotate?: boolean;
    user?: string;
    password?: string;
  };
  /** The human text, or with --json the data. */
  print(human: string, data: unknown): void;
  /** Runs `fn` with the data folder's dispatcher, signed in as --user or, without it, as the first active
   *  administrator (`defaulted`); the dispatcher writes the audit rows. */
  asActor<T>(fn: (call: Call, actor: Actor, defaulted: boolean) => Promise<T>): Promise<T>;
  usage(message: string): never;
  exit: { ok: number; failed: number; usage: number; checkFailed: number };
}

/** The passphrase file's text: UTF-8, a byte-order mark and the final line break (CRLF or LF) removed. */
export function readPassphraseFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError('NOT_FOUND', `无法读取口令文件 ${path}：${(e as Error).message}`);
  }
  return text.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
}

export async function cmdKeygen(c: SigningCliContext): Promise<number> {
  const file = c.values['passphrase-file'];
  if (!file) c.usage('缺少 --passphrase-file 口令文件（文件内容即签名口令，至少 10 个字符）');
  const passphrase = readPassphraseFile(resolve(file));
  return c.asActor(async (call, actor, defaulted) => {
    // The same methods as 市级汇总 → 本单位签名密钥: the passphrase is read from a file, so it is confirmed by itself.
    const input = { passphrase, passphraseConfirm: passphrase };
    let key: SigningKeyView;
    let retired: SigningKeyView | null = null;
    if (c.values.rotate) ({ key, retired } = await call('signing.rotate', input));
    else key = await call('signing.generate', input);
    const lines = [
      ...(defaulted ? [`以管理员 ${actor.displayName}（${actor.username}）的名义操作`] : []),
      retired ? '已更换单位签名密钥（SM2）' : '已生成单位签名密钥（SM2）',
      `指纹（SM3）：${key.fingerprint}`,
      ...(retired ? [`原密钥 ${retired.fingerprint} 已停用，保留用于核验其签署的数据包`] : []),
      '私钥已用签名口令加密保存在数据文件中（scrypt + AES-256-GCM）；请妥善保管口令，遗失后只能更换密钥。',
      '公钥（交市卫生健康委登记）：',
      key.publicPem.trimEnd(),
    ];
    c.print(lines.join('\n'), {
      id: key.id,
      fingerprint: key.fingerprint,
      publicPem: key.publicPem,
      retired: retired ? { id: retired.id, fingerprint: retired.fingerprint } : null,
    });
    return c.exit.ok;
  });
}

/** Every .pem file of a folder, each a trusted key labelled by its file name. */
export function loadTrustDir(dir: string): TrustedKey[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('不是文件夹');
    names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.pem'));
  } catch (e) {
    throw new AppError('NOT_FOUND', `无法读取信任目录 ${dir}：${(e as Error).message}`);
  }
  const keys: TrustedKey[] = [];
  for (const n of names.sort()) {
    const hex = parsePublicKeyPem(readFileSync(join(dir, n), 'utf8'));
    if (!hex) throw new AppError('VALIDATION', `信任目录中的 ${n} 不是有效的 SM2 公钥`);
    keys.push({ fingerprint: fingerprintOf(hex), label: n.replace(/\.pem$/i, '') });
  }
  return keys;
}

export async function cmdVerifyPackage(c: SigningCliContext, file: string | undefined): Promise<number> {
  if (!file) c.usage('缺少要核验的数据包文件（.zip）');
  const path = resolve(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new AppError('NOT_FOUND', `无法读取文件 ${path}：${(e as Error).message}`);
  }
  const trusted = c.values.trust ? loadTrustDir(resolve(c.values.trust)) : undefined;
  const v = verifyPackage(bytes, trusted ? { trusted } : {});
  const m = v.manifest;
  // --previous OLD.zip: the district's package before this one; this one's ledger must continue it.
  let continuity: string | null = null;
  if (c.values.previous) {
    const oldPath = resolve(c.values.previous);
    let oldBytes: Buffer;
    try {
      oldBytes = readFileSync(oldPath);
    } catch (e) {
      throw new AppError('NOT_FOUND', `无法读取文件 ${oldPath}：${(e as Error).message}`);
    }
    const old = verifyPackage(oldBytes, trusted ? { trusted } : {});
    if (!old.ok || !old.manifest) continuity = `上一个数据包未通过核验：${old.reasons.join('；')}`;
    else if (m) continuity = ledgerContinuityProblem(m, { sha256: old.sha256, manifest: old.manifest });
    if (continuity) {
      v.ok = false;
      v.reasons.push(continuity);
      v.problems.push({ part: 'manifest.json', kind: 'ledger', message: continuity });
    }
  }
  const lines = [`数据包：${basename(path)}`, `SHA-256：${v.sha256}`];
  if (m) {
    lines.push(
      `报告：${m.reportTypeLabel}  ${m.period}  第${m.version}版${m.supersedes ? `（更正版，取代 ${m.supersedes.slice(0, 16)}…）` : ''}`,
      `标题：${m.title}`,
      `单位：${m.office.name}${m.office.uscc ? `（${m.office.uscc}）` : ''}`,
      `签署时间：${m.createdAt}`,
    );
  }
  if (v.signer) {
    lines.push(`签名者公钥指纹（SM3）：${v.signer.fingerprint}`);
    lines.push(`签名（SM2/SM3，签名者 ID 1234567812345678）：${v.signatureValid ? '有效' : '无效'}`);
  }
  for (const f of v.files)
    lines.push(
      `  ${f.name}  ${f.size} 字节  ${f.status === 'ok' ? 'SM3 一致' : f.status === 'missing' ? '缺失' : 'SM3 不一致'}`,
    );
  if (v.signer) {
    if (v.signer.trusted === null)
      lines.push('签名者：未核实（未提供 --trust 信任目录，只核对了数据包与其内附公钥是否一致）');
    else
      lines.push(v.signer.trusted ? `签名者：在信任列表中（${v.signer.label}）` : '签名者：不在信任列表中');
  }
  if (m?.ledgerTree)
    lines.push(
      `信用台账：${m.ledgerTree.size} 条，默克尔树根 ${m.ledgerTree.root}`,
      c.values.previous
        ? continuity
          ? `与上一个数据包的台账接续：未通过`
          : `与上一个数据包的台账接续：通过（一致性证明有效）`
        : '与上一个数据包的台账接续：未核对（可加 --previous 上一个数据包.zip）',
    );
  if (v.ok) lines.push(trusted ? '结论：通过' : '结论：完整性通过（签名者未核实）');
  else lines.push('结论：未通过', ...v.reasons.map((r) => `  - ${r}`));
  c.print(lines.join('\n'), {
    ok: v.ok,
    sha256: v.sha256,
    signatureValid: v.signatureValid,
    signer: v.signer
      ? { fingerprint: v.signer.fingerprint, trusted: v.signer.trusted, label: v.signer.label }
      : null,
    reasons: v.reasons,
    problems: v.problems,
    manifest: v.manifest,
    files: v.files,
  });
  return v.ok ? c.exit.ok : c.exit.checkFailed;
}

function readInput(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new AppError('NOT_FOUND', `无法读取文件 ${path}：${(e as Error).message}`);
  }
}

/** verify-inclusion --proof FILE.json [--package P.zip]: 通过 (exit 0) or 不通过 with the reasons (exit 3). */
export function cmdVerifyInclusion(c: SigningCliContext): number {
  if (!c.values.proof) c.usage('缺少 --proof 证明文件.json（信用档案页“导出包含证明”所得）');
  const proofPath = resolve(c.values.proof);
  const proofBytes = readInput(proofPath);
  const pkg = c.values.package ? readInput(resolve(c.values.package)) : undefined;
  const r = checkInclusionFile(proofBytes.toString('utf8'), pkg);
  const f = r.file;
  const lines = [`证明文件：${basename(proofPath)}（SM3 ${fileSm3(proofBytes)}）`];
  if (f) {
    lines.push(
      `主体：${f.subject.name}（${f.subject.code}）  单位：${f.office.name}`,
      `签署的台账树：${f.tree.size} 条，树根 ${f.tree.root}`,
      `所属数据包：${f.package.label}（SHA-256 ${f.package.sha256}）`,
      `证明的记录：${f.entries.map((e) => `第 ${e.seq} 条`).join('、') || '无'}`,
    );
    if (f.pending.length)
      lines.push(`签署后登记、尚未证明：${f.pending.map((s) => `第 ${s} 条`).join('、')}`);
  }
  lines.push(...r.passed.map((p) => `  ✓ ${p}`));
  if (!pkg) lines.push('  （未提供 --package：只核对了证明文件自身，未核对树根是否为已签署的数据包所载）');
  if (r.ok) lines.push('结论：通过');
  else lines.push('结论：不通过', ...r.problems.map((p) => `  - ${p}`));
  c.print(lines.join('\n'), {
    ok: r.ok,
    passed: r.passed,
    problems: r.problems,
    tree: f?.tree ?? null,
    package: f?.package ?? null,
    entries: f?.entries.map((e) => e.seq) ?? [],
    pending: f?.pending ?? [],
    packageChecked: Boolean(pkg),
  });
  return r.ok ? c.exit.ok : c.exit.checkFailed;
}
