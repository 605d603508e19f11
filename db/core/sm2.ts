// SM2/SM3 primitives for the office signing key and the submission packages (GM/T 0003, GM/T 0009, GM/T 0010):
// the public key as SubjectPublicKeyInfo (DER and PEM, the form `openssl pkey -pubin` reads), its fingerprint, and
// SM2-with-SM3 signatures with the default signer ID, DER-encoded, as `openssl dgst -sm3 -sigopt distid:…` checks.
// The signing itself is sm-crypto-v2 (pure JS on @noble): Node's OpenSSL hashes SM3 but cannot sign with a user ID,
// and Electron's BoringSSL has neither. SM3 of file bytes is db/core/sm3.ts's: OpenSSL where the runtime has it (Node:
// the CLI, the browser host, tests), WebAssembly (hash-wasm) in Electron; a unit test checks that they agree.
import { createHash } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { sm3Of, type Sm3Implementation } from './sm3';
import { SM2_SIGNER_ID } from '../../shared/domain/report-package';

/** id-ecPublicKey (1.2.840.10045.2.1) with the SM2 curve (1.2.156.10197.1.301). */
export const SM2_CURVE_OID = '1.2.156.10197.1.301';
export const EC_PUBLIC_KEY_OID = '1.2.840.10045.2.1';

// SEQUENCE(89) { SEQUENCE(19) { OID ecPublicKey, OID sm2p256v1 }, BIT STRING(66) { 0 unused bits, 04 || X || Y } }
const SPKI_PREFIX = Uint8Array.from(
  Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex'),
);
const SPKI_LENGTH = SPKI_PREFIX.length + 65;

/** SM3 of bytes, 64 lower-case hex digits. */
export function sm3Hex(bytes: Uint8Array, implementation: Sm3Implementation = 'auto'): string {
  return sm3Of(bytes, implementation);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** An uncompressed SM2 public key: '04' + X + Y, 130 lower-case hex digits, on the curve. */
export function isPublicKeyHex(hex: string): boolean {
  return /^04[0-9a-f]{128}$/.test(hex) && sm2.verifyPublicKey(hex);
}

export function spkiDer(publicKeyHex: string): Uint8Array {
  if (!isPublicKeyHex(publicKeyHex)) throw new Error('not an uncompressed SM2 public key');
  const out = new Uint8Array(SPKI_LENGTH);
  out.set(SPKI_PREFIX, 0);
  out.set(Buffer.from(publicKeyHex, 'hex'), SPKI_PREFIX.length);
  return out;
}

export function publicKeyPem(publicKeyHex: string): string {
  const b64 = Buffer.from(spkiDer(publicKeyHex)).toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/**
 * The public key inside a PEM file (text before and after the block, such as a note with the office's name, is
 * allowed, as OpenSSL allows it). Only SM2 keys in SubjectPublicKeyInfo form with an uncompressed point on the
 * curve are accepted; anything else is null.
 */
export function parsePublicKeyPem(text: string): string | null {
  const m = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(text);
  if (!m) return null;
  const der = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  if (der.length !== SPKI_LENGTH) return null;
  if (!der.subarray(0, SPKI_PREFIX.length).equals(Buffer.from(SPKI_PREFIX))) return null;
  const hex = der.subarray(SPKI_PREFIX.length).toString('hex');
  return isPublicKeyHex(hex) ? hex : null;
}

/** Fingerprint of a public key: SM3 of its DER SubjectPublicKeyInfo, in 16 groups of 4 hex digits, as
 *  `openssl pkey -pubin -in key.pem -outform DER | openssl dgst -sm3` prints it (without the grouping). */
export function fingerprintOf(publicKeyHex: string): string {
  return groupFingerprint(sm3Hex(spkiDer(publicKeyHex)));
}

export function groupFingerprint(hex: string): string {
  return hex.match(/.{1,4}/g)!.join(' ');
}

/** For comparing fingerprints however they were written: lower-case hex digits only. */
export function normalizeFingerprint(fp: string): string {
  return fp.toLowerCase().replace(/[^0-9a-f]/g, '');
}

/** SM2 signature with SM3 and Z computed from the signer ID (GM/T 0009 default), DER SEQUENCE { r, s }. */
export function signSm2(message: Uint8Array, privateKeyHex: string, publicKeyHex: string): Uint8Array {
  const hex = sm2.doSignature(message, privateKeyHex, {
    der: true,
    hash: true,
    publicKey: publicKeyHex,
    userId: SM2_SIGNER_ID,
  });
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** The DER signature's (r, s), or null when it is not exactly one well-formed SEQUENCE of two INTEGERs. */
export function parseDerSignature(der: Uint8Array): { r: bigint; s: bigint } | null {
  let i = 0;
  const length = (): number | null => {
    const first = der[i++];
    if (first === undefined) return null;
    if (first < 0x80) return first;
    if (first !== 0x81) return null; // an SM2 signature is at most 72 bytes
    const n = der[i++];
    return n === undefined || n < 0x80 ? null : n;
  };
  const integer = (): bigint | null => {
    if (der[i++] !== 0x02) return null;
    const n = length();
    if (n === null || n < 1 || n > 33 || i + n > der.length) return null;
    const bytes = der.subarray(i, i + n);
    i += n;
    if (bytes[0]! & 0x80) return null; // negative
    if (n > 1 && bytes[0] === 0 && !(bytes[1]! & 0x80)) return null; // not minimal
    return BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  };
  if (der[i++] !== 0x30) return null;
  const total = length();
  if (total === null || i + total !== der.length) return null;
  const r = integer();
  const s = integer();
  if (r === null || s === null || i !== der.length) return null;
  return { r, s };
}

export function verifySm2(message: Uint8Array, signatureDer: Uint8Array, publicKeyHex: string): boolean {
  const rs = parseDerSignature(signatureDer);
  if (!rs || rs.r === 0n || rs.s === 0n) return false;
  try {
    return sm2.doVerifySignature(message, Buffer.from(signatureDer).toString('hex'), publicKeyHex, {
      der: true,
      hash: true,
      userId: SM2_SIGNER_ID,
    });
  } catch {
    return false;
  }
}

export function generateKeyPair(): { privateKeyHex: string; publicKeyHex: string } {
  const kp = sm2.generateKeyPairHex();
  return { privateKeyHex: kp.privateKey, publicKeyHex: kp.publicKey };
}

export function publicKeyFromPrivate(privateKeyHex: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKeyHex);
}
