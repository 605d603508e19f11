// The office signing key (单位签名密钥): an SM2 key pair generated in the app, the private key stored only encrypted
// under a passphrase that the signer types each time.
//
// Encrypted private key (column signing_keys.encrypted_private_key), a JSON object:
//   { v: 1, kdf: 'scrypt', N: 131072, r: 8, p: 1, salt: base64(16 random bytes),
//     cipher: 'aes-256-gcm', iv: base64(12 random bytes), tag: base64(16 bytes), ct: base64(32 bytes) }
// key = scrypt(NFC(passphrase) as UTF-8, salt, 32 bytes, N, r, p); ct = AES-256-GCM(key, iv) of the 32-byte private
// scalar with the additional authenticated data 'zongjian-signing-key/1:' + the key's 64-hex fingerprint, so that a
// ciphertext moved to another key's row does not open. GCM's tag makes a wrong passphrase fail rather than yield a
// wrong key; the decrypted scalar is also checked against the stored public key. N = 2^17, r = 8 (128 MiB, about
// a quarter of a second) follows the usual recommendation for interactive use; the parameters are stored with each
// key, so a later version can raise them for new keys.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { AppError, type FieldIssue } from '../../shared/errors';
import type { DB } from '../core/schema';
import {
  fingerprintOf,
  generateKeyPair,
  normalizeFingerprint,
  publicKeyFromPrivate,
  publicKeyPem,
} from '../core/sm2';
import { formatDate } from '../../shared/format';

const scrypt = promisify(scryptCb) as (
  password: Buffer,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

export interface UnlockedKey {
  keyId: number;
  privateKeyHex: string;
  publicKeyHex: string;
  publicPem: string;
  fingerprint: string;
}

export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_KDF: KdfParams = { N: 2 ** 17, r: 8, p: 1 };
let newKeyKdf = DEFAULT_KDF;

/** Unit tests only: new keys encrypted at N = 2^10 (see cheapHashingForTests in db/system/passwords.ts). */
export function cheapKeyKdfForTests(on: boolean): void {
  if (!process.env.VITEST) throw new Error('cheapKeyKdfForTests 只能在单元测试中使用');
  newKeyKdf = on ? { N: 2 ** 10, r: 8, p: 1 } : DEFAULT_KDF;
}
export const PASSPHRASE_MIN = 10;
export const PASSPHRASE_MAX = 256;

interface EncryptedKey extends KdfParams {
  v: 1;
  kdf: 'scrypt';
  salt: string;
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  ct: string;
}

function refuse(code: 'VALIDATION' | 'CONFLICT' | 'NOT_FOUND', issues: FieldIssue[]): never {
  throw new AppError(code, issues.map((i) => i.message).join('；'), { issues });
}

export const NO_KEY_MESSAGE =
  '尚未生成单位签名密钥：请管理员在“市级汇总 → 本单位签名密钥”中生成（或运行 zongjian keygen），再签署上报数据包';
export const WRONG_PASSPHRASE_MESSAGE = '签名口令不正确';

/** The rules a new passphrase must meet; the problems in Chinese, for the field `path`. */
export function passphraseProblems(passphrase: string, path = 'passphrase'): FieldIssue[] {
  const chars = [...passphrase];
  if (chars.length < PASSPHRASE_MIN)
    return [{ path, message: `签名口令至少 ${PASSPHRASE_MIN} 个字符（当前 ${chars.length} 个）` }];
  if (chars.length > PASSPHRASE_MAX) return [{ path, message: `签名口令不能超过 ${PASSPHRASE_MAX} 个字符` }];
  if (passphrase.trim() !== passphrase) return [{ path, message: '签名口令的开头和结尾不能是空格' }];
  if (new Set(chars).size < 4) return [{ path, message: '签名口令过于简单：至少包含 4 个不同的字符' }];
  if (/^\d+$/.test(passphrase)) return [{ path, message: '签名口令不能只由数字组成' }];
  return [];
}

function kdfInput(passphrase: string): Buffer {
  return Buffer.from(passphrase.normalize('NFC'), 'utf8');
}

function aad(fingerprint: string): Buffer {
  return Buffer.from(`zongjian-signing-key/1:${normalizeFingerprint(fingerprint)}`, 'utf8');
}

async function deriveKey(passphrase: string, salt: Buffer, p: KdfParams): Promise<Buffer> {
  const sane =
    Number.isInteger(Math.log2(p.N)) &&
    p.N >= 2 ** 10 &&
    p.N <= 2 ** 20 &&
    p.r >= 1 &&
    p.r <= 16 &&
    p.p >= 1 &&
    p.p <= 4;
  if (!sane) throw new AppError('INTERNAL', '签名密钥的加密参数无效');
  return scrypt(kdfInput(passphrase), salt, 32, {
    N: p.N,
    r: p.r,
    p: p.p,
    maxmem: 2 * 128 * p.N * p.r, // scrypt needs 128·N·r bytes
  });
}

export async function encryptPrivateKey(
  privateKeyHex: string,
  fingerprint: string,
  passphrase: string,
  params: KdfParams = newKeyKdf,
): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, params);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(fingerprint));
  const ct = Buffer.concat([cipher.update(Buffer.from(privateKeyHex, 'hex')), cipher.final()]);
  const blob: EncryptedKey = {
    v: 1,
    kdf: 'scrypt',
    N: params.N,
    r: params.r,
    p: params.p,
    salt: salt.toString('base64'),
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
  return JSON.stringify(blob);
}

/** The private key, or null when the passphrase is wrong (or the stored blob was altered). */
export async function decryptPrivateKey(
  stored: string,
  fingerprint: string,
  publicKeyHex: string,
  passphrase: string,
): Promise<string | null> {
  const blob = JSON.parse(stored) as EncryptedKey;
  if (blob.v !== 1 || blob.kdf !== 'scrypt' || blob.cipher !== 'aes-256-gcm') {
    throw new AppError('INTERNAL', '签名密钥的存储格式无法识别（可能由更高版本写入）');
  }
  const key = await deriveKey(passphrase, Buffer.from(blob.salt, 'base64'), blob);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(blob.iv, 'base64'));
    decipher.setAAD(aad(fingerprint));
    decipher.setAuthTag(Buffer.from(blob.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(blob.ct, 'base64')), decipher.final()]);
    const privateKeyHex = plain.toString('hex');
    return publicKeyFromPrivate(privateKeyHex) === publicKeyHex ? privateKeyHex : null;
  } catch {
    return null;
  }
}

export interface SigningKeyRow {
  id: number;
  fingerprint: string;
  publicKeyHex: string;
  publicPem: string;
  status: 'active' | 'retired';
  createdAt: string;
  createdBy: string;
  retiredAt: string | null;
}

export async function listSigningKeys(db: Kysely<DB>): Promise<SigningKeyRow[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .select([
      'id',
      'fingerprint',
      'public_key_hex',
      'public_pem',
      'status',
      'created_at',
      'created_by',
      'retired_at',
    ])
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fingerprint: r.fingerprint,
    publicKeyHex: r.public_key_hex,
    publicPem: r.public_pem,
    status: r.status as 'active' | 'retired',
    createdAt: r.created_at,
    createdBy: r.created_by,
    retiredAt: r.retired_at,
  }));
}

export async function activeKey(db: Kysely<DB>): Promise<SigningKeyRow | null> {
  return (await listSigningKeys(db)).find((k) => k.status === 'active') ?? null;
}

/**
 * Generates a key pair and stores it as the active key, encrypted under `passphrase`. With `rotate`, the current
 * active key is retired first (kept for verifying what it signed); without it, an existing active key is a
 * CONFLICT. Run inside the caller's transaction; the caller writes the audit row (never with the passphrase).
 */
export async function createSigningKey(
  db: Kysely<DB>,
  input: { passphrase: string; createdBy: string; now: Date; rotate: boolean; kdf?: KdfParams },
): Promise<{ key: SigningKeyRow; retired: SigningKeyRow | null }> {
  const problems = passphraseProblems(input.passphrase);
  if (problems.length) refuse('VALIDATION', problems);
  const current = await activeKey(db);
  if (current && !input.rotate)
    refuse('CONFLICT', [
      {
        path: 'passphrase',
        message: `本单位已有签名密钥（指纹 ${current.fingerprint}），如需更换请使用“更换密钥”（命令行：keygen --rotate）`,
      },
    ]);
  if (!current && input.rotate) refuse('NOT_FOUND', [{ path: 'key', message: NO_KEY_MESSAGE }]);
  const at = input.now.toISOString();
  if (current) {
    await db
      .updateTable('signing_keys')
      .set({ status: 'retired', retired_at: at })
      .where('id', '=', current.id)
      .execute();
  }
  const { privateKeyHex, publicKeyHex } = generateKeyPair();
  const fingerprint = fingerprintOf(publicKeyHex);
  const publicPem = publicKeyPem(publicKeyHex);
  const encrypted = await encryptPrivateKey(privateKeyHex, fingerprint, input.passphrase, input.kdf);
  const { id } = await db
    .insertInto('signing_keys')
    .values({
      fingerprint,
      public_key_hex: publicKeyHex,
      public_pem: publicPem,
      encrypted_private_key: encrypted,
      status: 'active',
      created_at: at,
      created_by: input.createdBy,
      retired_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const key: SigningKeyRow = {
    id,
    fingerprint,
    publicKeyHex,
    publicPem,
    status: 'active',
    createdAt: at,
    createdBy: input.createdBy,
    retiredAt: null,
  };
  return { key, retired: current ? { ...current, status: 'retired', retiredAt: at } : null };
}

/**
 * The active key, decrypted with the passphrase, for signing one package (the reports module calls this inside
 * `reports.sign`). Wrong passphrase: VALIDATION on the field `passphrase`; no key yet: NOT_FOUND.
 */
export async function unlockActiveKey(db: Kysely<DB>, passphrase: string): Promise<UnlockedKey> {
  const row = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!row) refuse('NOT_FOUND', [{ path: 'key', message: NO_KEY_MESSAGE }]);
  const privateKeyHex = await decryptPrivateKey(
    row.encrypted_private_key,
    row.fingerprint,
    row.public_key_hex,
    passphrase,
  );
  if (!privateKeyHex) refuse('VALIDATION', [{ path: 'passphrase', message: WRONG_PASSPHRASE_MESSAGE }]);
  return {
    keyId: row.id,
    privateKeyHex,
    publicKeyHex: row.public_key_hex,
    publicPem: row.public_pem,
    fingerprint: row.fingerprint,
  };
}

/** The office's own keys, active and retired, as a trust list: to check packages this office signed. */
export async function ownTrustedKeys(
  db: Kysely<DB>,
): Promise<{ fingerprint: string; label: string; publicKeyHex: string }[]> {
  return (await listSigningKeys(db)).map((k) => ({
    fingerprint: k.fingerprint,
    label:
      k.status === 'active' ? '本单位（当前密钥）' : `本单位（已停用的密钥，${formatDate(k.retiredAt)}停用）`,
    publicKeyHex: k.publicKeyHex,
  }));
}
