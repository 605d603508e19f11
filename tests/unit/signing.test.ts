// The office signing key and the submission package: key generation with the private key encrypted under the
// passphrase, wrong passphrases refused, rotation keeping the old key for verification; packages that OpenSSL and
// an independent SM2 implementation (sm-crypto) accept; every kind of tampering detected and named; unknown
// signers, malformed zips and superseded versions refused; the CLI's keygen and verify-package exit codes.
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import fc from 'fast-check';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { sm2 as independentSm2 } from 'sm-crypto';
import { AppError } from '../../shared/errors';
import { openDatabase } from '../../db/core/open';
import {
  decryptPrivateKey,
  encryptPrivateKey,
  ownTrustedKeys,
  passphraseProblems,
  unlockActiveKey,
} from '../../db/reports/signing-keys';
import { buildPackage, verifyPackage } from '../../db/reports/package';
import {
  fingerprintOf,
  normalizeFingerprint,
  parseDerSignature,
  parsePublicKeyPem,
  sm3Hex,
} from '../../db/core/sm2';
import { SM2_SIGNER_ID, type PackageManifest } from '../../shared/domain/report-package';
import { DISTRICTS, makeKey, makePackage } from '../fixtures/packages';
import { newSetupApp, type TestApp } from './helpers';
import { cheapKeyKdfForTests } from '../../db/reports/signing-keys';
import { cli } from './cli-run';

const PASS = '越城区上报签名口令2026';
const OPENSSL_SM2 = (() => {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return r.status === 0 && /OpenSSL 3\./.test(r.stdout);
})();

let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function appError(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

function rezip(zip: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip);
  change(files);
  return zipSync(files);
}

const flip = (b: Uint8Array, at: number, xor = 0x01): Uint8Array => {
  const c = new Uint8Array(b);
  c[at] = c[at]! ^ xor;
  return c;
};

describe('office signing key', () => {
  it('generates an SM2 key whose private half is stored only encrypted, and unlocks with the passphrase', async () => {
    cheapKeyKdfForTests(false); // the production cost, checked below
    onTestFinished(() => cheapKeyKdfForTests(true));
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const key = await app.call('signing.generate', { passphrase: PASS, passphraseConfirm: PASS });
    expect(key.status).toBe('active');
    expect(key.fingerprint).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    expect(key.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);

    const unlocked = await unlockActiveKey(app.db, PASS);
    expect(unlocked.keyId).toBe(key.id);
    expect(unlocked.fingerprint).toBe(key.fingerprint);
    expect(unlocked.privateKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf(unlocked.publicKeyHex)).toBe(key.fingerprint);

    // What the database holds: the scrypt parameters, salt, IV, tag and ciphertext — never the private key.
    const row = await app.db.selectFrom('signing_keys').selectAll().executeTakeFirstOrThrow();
    const blob = JSON.parse(row.encrypted_private_key) as Record<string, unknown>;
    expect(blob).toMatchObject({ v: 1, kdf: 'scrypt', N: 131072, r: 8, p: 1, cipher: 'aes-256-gcm' });
    expect(Buffer.from(blob.salt as string, 'base64')).toHaveLength(16);
    expect(Buffer.from(blob.ct as string, 'base64')).toHaveLength(32);
    expect(row.encrypted_private_key).not.toContain(unlocked.privateKeyHex);
    expect(row.encrypted_private_key).not.toContain(
      Buffer.from(unlocked.privateKeyHex, 'hex').toString('base64'),
    );

    // The passphrase is nowhere in the audit log; the generation is.
    const audit = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'like', 'signing.%')
      .execute();
    expect(audit.map((a) => a.summary)).toEqual([`生成单位签名密钥（SM2），指纹 ${key.fingerprint}`]);
    const everything = JSON.stringify(await app.db.selectFrom('audit_log').selectAll().execute());
    expect(everything).not.toContain(PASS);

    // Exported as a .pem download with its fingerprint; a second key cannot be generated over the first.
    const exported = await app.call('signing.exportPublicKey', {});
    expect(exported.fileName).toMatch(/^越城区卫生健康局签名公钥-[0-9a-f]{8}\.pem$/);
    expect(Buffer.from(exported.base64, 'base64').toString('utf8')).toBe(key.publicPem);
    expect(exported.fingerprint).toBe(key.fingerprint);
    const again = await appError(app.call('signing.generate', { passphrase: PASS, passphraseConfirm: PASS }));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toContain('本单位已有签名密钥');
  });

  it.skipIf(!OPENSSL_SM2)(
    'exports a public key that OpenSSL reads, with the fingerprint OpenSSL computes',
    async () => {
      app = await newSetupApp();
      const key = await app.call('signing.generate', { passphrase: PASS, passphraseConfirm: PASS });
      const dir = mkdtempSync(join(tmpdir(), 'zj-pem-'));
      try {
        writeFileSync(join(dir, 'k.pem'), key.publicPem);
        const text = execFileSync(
          'openssl',
          ['pkey', '-pubin', '-in', join(dir, 'k.pem'), '-noout', '-text'],
          {
            encoding: 'utf8',
          },
        );
        expect(text).toContain('ASN1 OID: SM2');
        const der = execFileSync('openssl', ['pkey', '-pubin', '-in', join(dir, 'k.pem'), '-outform', 'DER']);
        writeFileSync(join(dir, 'k.der'), der);
        const dgst = execFileSync('openssl', ['dgst', '-sm3', '-r', join(dir, 'k.der')], {
          encoding: 'utf8',
        });
        expect(dgst.split(' ')[0]).toBe(normalizeFingerprint(key.fingerprint));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('refuses weak passphrases and mismatched confirmation in Chinese, and a wrong passphrase cannot sign', async () => {
    app = await newSetupApp();
    expect(passphraseProblems('short')[0]!.message).toBe('签名口令至少 10 个字符（当前 5 个）');
    expect(passphraseProblems('aaaaaaaaaaaa')[0]!.message).toContain('过于简单');
    expect(passphraseProblems('12345678901234')[0]!.message).toContain('不能只由数字组成');
    expect(passphraseProblems(' 越城区上报签名口令 ')[0]!.message).toContain('空格');
    expect(passphraseProblems('越城区卫生健康局上报')).toEqual([]); // ten Chinese characters are enough

    const weak = await appError(
      app.call('signing.generate', { passphrase: 'abc', passphraseConfirm: 'abc' }),
    );
    expect(weak.code).toBe('VALIDATION');
    expect(weak.details).toEqual({
      issues: [{ path: 'passphrase', message: '签名口令至少 10 个字符（当前 3 个）' }],
    });
    const mismatch = await appError(
      app.call('signing.generate', { passphrase: PASS, passphraseConfirm: `${PASS}x` }),
    );
    expect(mismatch.details).toEqual({
      issues: [{ path: 'passphraseConfirm', message: '两次输入的签名口令不一致' }],
    });

    const none = await appError(unlockActiveKey(app.db, PASS));
    expect(none.code).toBe('NOT_FOUND');
    expect(none.message).toMatch(/^尚未生成单位签名密钥/);

    await app.call('signing.generate', { passphrase: PASS, passphraseConfirm: PASS });
    const wrong = await appError(unlockActiveKey(app.db, `${PASS}!`));
    expect(wrong.code).toBe('VALIDATION');
    expect(wrong.details).toEqual({ issues: [{ path: 'passphrase', message: '签名口令不正确' }] });
    // The passphrase is Unicode-normalised (NFC) before the KDF: the same words typed differently still open it.
    const k = makeKey();
    const blob = await encryptPrivateKey(k.privateKeyHex, k.fingerprint, '签名口令\u00e9-2026-abc', {
      N: 1024,
      r: 8,
      p: 1,
    });
    expect(await decryptPrivateKey(blob, k.fingerprint, k.publicKeyHex, '签名口令e\u0301-2026-abc')).toBe(
      k.privateKeyHex,
    );
  });

  it('the ciphertext is bound to its key: altered, or moved to another key, it does not open', async () => {
    const a = makeKey();
    const b = makeKey();
    const params = { N: 1024, r: 8, p: 1 };
    const blob = await encryptPrivateKey(a.privateKeyHex, a.fingerprint, PASS, params);
    expect(await decryptPrivateKey(blob, a.fingerprint, a.publicKeyHex, PASS)).toBe(a.privateKeyHex);
    expect(await decryptPrivateKey(blob, a.fingerprint, a.publicKeyHex, 'another passphrase')).toBeNull();
    expect(await decryptPrivateKey(blob, b.fingerprint, b.publicKeyHex, PASS)).toBeNull();
    const parsed = JSON.parse(blob) as { ct: string };
    const ct = Buffer.from(parsed.ct, 'base64');
    ct[0] = ct[0]! ^ 1;
    const altered = JSON.stringify({ ...parsed, ct: ct.toString('base64') });
    expect(await decryptPrivateKey(altered, a.fingerprint, a.publicKeyHex, PASS)).toBeNull();
  });

  it('rotation makes a new active key and keeps the old one, retired, to verify what it signed', async () => {
    app = await newSetupApp({ now: '2026-11-22T01:00:00Z' });
    const first = await app.call('signing.generate', { passphrase: PASS, passphraseConfirm: PASS });
    const oldKey = await unlockActiveKey(app.db, PASS);
    const oldPackage = makePackage({ district: DISTRICTS[0]!, key: oldKey });

    const NEW = '新的签名口令-2027-第二把';
    const rotated = await app.call('signing.rotate', { passphrase: NEW, passphraseConfirm: NEW });
    expect(rotated.retired).toMatchObject({ id: first.id, status: 'retired' });
    expect(rotated.retired.retiredAt).toBe('2026-11-22T01:00:00.000Z');
    expect(rotated.key.status).toBe('active');
    expect(rotated.key.fingerprint).not.toBe(first.fingerprint);
    const keys = await app.call('signing.keys', {});
    expect(keys.map((k) => [k.id, k.status])).toEqual([
      [rotated.key.id, 'active'],
      [first.id, 'retired'],
    ]);
    expect(keys.every((k) => !('encryptedPrivateKey' in k) && !JSON.stringify(k).includes('"v":1'))).toBe(
      true,
    );

    // The new key signs with the new passphrase only.
    expect((await appError(unlockActiveKey(app.db, PASS))).code).toBe('VALIDATION');
    const newKey = await unlockActiveKey(app.db, NEW);
    expect(newKey.keyId).toBe(rotated.key.id);

    // The office's own trust list (both keys) verifies the old package and a new one.
    const own = await ownTrustedKeys(app.db);
    expect(own).toHaveLength(2);
    expect(verifyPackage(oldPackage.zip, { trusted: own })).toMatchObject({
      ok: true,
      signer: { trusted: true },
    });
    const newPackage = makePackage({
      district: DISTRICTS[0]!,
      key: newKey,
      version: 2,
      supersedes: oldPackage.sha256,
    });
    expect(verifyPackage(newPackage.zip, { trusted: own }).ok).toBe(true);
    const exportedOld = await app.call('signing.exportPublicKey', { id: first.id });
    expect(exportedOld.fingerprint).toBe(first.fingerprint);

    const audit = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'signing.rotate')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toContain(`原密钥 ${first.fingerprint} 已停用`);
    expect(JSON.stringify(audit)).not.toContain(NEW);
  });
});

describe('submission package', () => {
  const key = makeKey();
  const pkg = makePackage({ district: DISTRICTS[0]!, key, reportBytes: 20_000 });
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zj-pkg-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the files, manifest.json with each SM3 and size, the DER signature and the public key', () => {
    const files = unzipSync(pkg.zip);
    expect(Object.keys(files)).toEqual([
      'report.pdf',
      'report.docx',
      'data.json',
      'data.xlsx',
      'manifest.json',
      'manifest.sig',
      'signer.pub.pem',
    ]);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as PackageManifest;
    expect(new TextDecoder().decode(files['manifest.json'])).toBe(pkg.manifestJson);
    expect(Object.keys(manifest)).toEqual([
      'format',
      'reportType',
      'reportTypeLabel',
      'period',
      'title',
      'version',
      'supersedes',
      'office',
      'ledgerHead',
      'appVersion',
      'createdAt',
      'signer',
      'files',
    ]);
    expect(manifest.signer).toEqual({
      fingerprint: key.fingerprint,
      algorithm: 'SM2-with-SM3',
      signerId: SM2_SIGNER_ID,
    });
    for (const f of manifest.files) {
      expect(f.size).toBe(files[f.name]!.length);
      expect(f.sm3).toBe(sm3Hex(files[f.name]!));
      expect(f.sm3).toBe(sm3Hex(files[f.name]!, 'js')); // OpenSSL's SM3 and the pure-JS one (Electron) agree
    }
    expect(parseDerSignature(files['manifest.sig']!)).not.toBeNull();
    expect(new TextDecoder().decode(files['signer.pub.pem'])).toBe(key.publicPem);
    // The same input gives the same manifest; the zip is named by its SHA-256.
    expect(makePackage({ district: DISTRICTS[0]!, key, reportBytes: 20_000 }).manifestJson).toBe(
      pkg.manifestJson,
    );
    expect(pkg.sha256).toMatch(/^[0-9a-f]{64}$/);
    const v = verifyPackage(pkg.zip);
    expect(v).toMatchObject({ ok: true, reasons: [], signatureValid: true, sha256: pkg.sha256 });
    expect(v.signer).toMatchObject({ fingerprint: key.fingerprint, trusted: null });
    expect(v.data?.indicators.map((i) => i.key)).toContain('meetings.held');
    expect(v.files.every((f) => f.status === 'ok')).toBe(true);
  });

  it.skipIf(!OPENSSL_SM2)('verifies with the OpenSSL command in the README, file digests included', () => {
    const files = unzipSync(pkg.zip);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const r = spawnSync(
      'openssl',
      [
        'dgst',
        '-sm3',
        '-sigopt',
        `distid:${SM2_SIGNER_ID}`,
        '-verify',
        'signer.pub.pem',
        '-signature',
        'manifest.sig',
        'manifest.json',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(r.stdout.trim(), r.stderr).toBe('Verified OK');
    expect(r.status).toBe(0);
    const manifest = JSON.parse(pkg.manifestJson) as PackageManifest;
    for (const f of manifest.files) {
      const d = execFileSync('openssl', ['dgst', '-sm3', '-r', f.name], { cwd: dir, encoding: 'utf8' });
      expect(d.split(' ')[0]).toBe(f.sm3);
    }
    // A changed manifest fails OpenSSL too.
    writeFileSync(join(dir, 'manifest.json'), pkg.manifestJson.replace('2026Q3', '2026Q4'));
    const bad = spawnSync(
      'openssl',
      [
        'dgst',
        '-sm3',
        '-sigopt',
        `distid:${SM2_SIGNER_ID}`,
        '-verify',
        'signer.pub.pem',
        '-signature',
        'manifest.sig',
        'manifest.json',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain('Verification failure');
  });

  it('verifies with sm-crypto, an independent SM2 implementation', () => {
    const files = unzipSync(pkg.zip);
    const sigHex = Buffer.from(files['manifest.sig']!).toString('hex');
    const msg = Array.from(files['manifest.json']!);
    const opts = { der: true, hash: true, userId: SM2_SIGNER_ID };
    expect(independentSm2.doVerifySignature(msg, sigHex, key.publicKeyHex, opts)).toBe(true);
    expect(independentSm2.doVerifySignature(msg.slice(1), sigHex, key.publicKeyHex, opts)).toBe(false);
    expect(independentSm2.doVerifySignature(msg, sigHex, makeKey().publicKeyHex, opts)).toBe(false);
    expect(
      independentSm2.doVerifySignature(msg, sigHex, key.publicKeyHex, { ...opts, userId: 'other' }),
    ).toBe(false);
  });

  it('detects and names a change to each content file, the manifest, the signature and the public key', () => {
    for (const name of ['report.pdf', 'report.docx', 'data.json', 'data.xlsx']) {
      const bad = rezip(pkg.zip, (f) => (f[name] = flip(f[name]!, Math.floor(f[name]!.length / 2))));
      const v = verifyPackage(bad);
      expect(v.ok, name).toBe(false);
      expect(v.reasons, name).toEqual([`${name} 的摘要与清单不符（文件被改动）`]);
      expect(v.signatureValid).toBe(true);
      expect(v.files.find((f) => f.name === name)?.status).toBe('tampered');
    }
    const manifest = verifyPackage(
      rezip(
        pkg.zip,
        (f) =>
          (f['manifest.json'] = new TextEncoder().encode(
            pkg.manifestJson.replace('"appVersion": "0.1.0"', '"appVersion": "0.1.1"'),
          )),
      ),
    );
    expect(manifest.ok).toBe(false);
    expect(manifest.reasons).toHaveLength(1);
    expect(manifest.reasons[0]).toMatch(/^签名无效：manifest\.json 或 manifest\.sig 已被改动/);

    const sig = verifyPackage(rezip(pkg.zip, (f) => (f['manifest.sig'] = flip(f['manifest.sig']!, 20))));
    expect(sig.reasons[0]).toMatch(/^签名无效/);
    const sigStructure = verifyPackage(
      rezip(pkg.zip, (f) => (f['manifest.sig'] = flip(f['manifest.sig']!, 0))),
    );
    expect(sigStructure.reasons[0]).toMatch(/^签名无效/);

    // Another key's PEM in place of the signer's: the signature no longer matches, nor does the fingerprint.
    const swapped = verifyPackage(
      rezip(pkg.zip, (f) => (f['signer.pub.pem'] = new TextEncoder().encode(makeKey().publicPem))),
    );
    expect(swapped.reasons).toEqual([
      expect.stringMatching(/^签名无效/),
      'manifest.json 中的签名者指纹与 signer.pub.pem 不符',
    ]);
    const garbage = verifyPackage(
      rezip(pkg.zip, (f) => (f['signer.pub.pem'] = new TextEncoder().encode('hello'))),
    );
    expect(garbage.reasons).toEqual(['signer.pub.pem 不是有效的 SM2 公钥']);

    // Files taken out or slipped in.
    const missing = verifyPackage(rezip(pkg.zip, (f) => delete f['report.docx']));
    expect(missing.reasons).toEqual(['缺少 report.docx（清单中列出的文件）']);
    const extra = verifyPackage(rezip(pkg.zip, (f) => (f['readme.txt'] = new TextEncoder().encode('x'))));
    expect(extra.reasons).toEqual(['数据包中有清单未列出的文件：readme.txt']);
    const nested = verifyPackage(rezip(pkg.zip, (f) => (f['x/evil.exe'] = new TextEncoder().encode('MZ'))));
    expect(nested.reasons).toEqual(['数据包中有子文件夹或异常文件名：x/evil.exe']);
    for (const part of ['manifest.json', 'manifest.sig', 'signer.pub.pem']) {
      const v = verifyPackage(rezip(pkg.zip, (f) => delete f[part]));
      expect(v.ok).toBe(false);
      expect(v.reasons.join('；'), part).toContain(`缺少 ${part}`);
    }
  });

  it('a re-signed package verifies on its own key but fails against a trust list, naming the signer', () => {
    const intruder = makeKey();
    const forged = makePackage({ district: DISTRICTS[0]!, key: intruder });
    const alone = verifyPackage(forged.zip);
    expect(alone.ok).toBe(true);
    expect(alone.signer?.trusted).toBeNull();
    const trusted = [{ fingerprint: key.fingerprint, label: '越城区' }];
    const v = verifyPackage(forged.zip, { trusted });
    expect(v.ok).toBe(false);
    expect(v.reasons).toEqual([`签名者不在信任列表中（公钥指纹 ${intruder.fingerprint}）`]);
    expect(v.signer).toMatchObject({ trusted: false, label: null });
    // Fingerprints compare however they were written.
    const ok = verifyPackage(pkg.zip, {
      trusted: [{ fingerprint: normalizeFingerprint(key.fingerprint).toUpperCase(), label: '越城区' }],
    });
    expect(ok).toMatchObject({ ok: true, signer: { trusted: true, label: '越城区' } });
  });

  it('refuses malformed zips before reading them, and a superseded version', () => {
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array()],
      ['pdf', new TextEncoder().encode('%PDF-1.7 not a zip')],
      ['truncated', pkg.zip.subarray(0, Math.floor(pkg.zip.length / 2))],
      ['bomb', zipSync({ 'report.pdf': new Uint8Array(8 * 1024 * 1024) })], // ratio over 200
      ['no entries', zipSync({})],
    ];
    for (const [what, bytes] of cases) {
      const v = verifyPackage(bytes);
      expect(v.ok, what).toBe(false);
      expect(v.reasons[0], what).toMatch(/^不是有效的数据包/);
      expect(v.manifest).toBeNull();
    }
    const notJson = verifyPackage(
      rezip(pkg.zip, (f) => (f['manifest.json'] = new Uint8Array([0xff, 0xfe, 0x00]))),
    );
    expect(notJson.reasons[0]).toBe('manifest.json 不是有效的 UTF-8 JSON（清单已损坏）');
    const otherFormat = verifyPackage(
      rezip(pkg.zip, (f) => (f['manifest.json'] = new TextEncoder().encode(JSON.stringify({ format: 'x' })))),
    );
    expect(otherFormat.reasons[0]).toMatch(/^manifest\.json 的格式不符合上报数据包规范/);

    const v = verifyPackage(pkg.zip, { superseded: new Set([pkg.sha256]) });
    expect(v.reasons).toEqual(['该数据包已被更正版取代（不是最新版本）']);
  });

  it('property: any single-byte change anywhere in a content file is detected and named', () => {
    const files = unzipSync(pkg.zip);
    const names = ['report.pdf', 'report.docx', 'data.json', 'data.xlsx'];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.nat(), fc.integer({ min: 1, max: 255 }), (name, at, xor) => {
        const bytes = files[name]!;
        const changed = { ...files, [name]: flip(bytes, at % bytes.length, xor) };
        const v = verifyPackage(zipSync(changed));
        return !v.ok && v.reasons.length === 1 && v.reasons[0] === `${name} 的摘要与清单不符（文件被改动）`;
      }),
      { numRuns: 150 },
    );
  });

  it('buildPackage refuses unsafe or reserved file names and a key whose fingerprint does not match', () => {
    const base = { manifest: JSON.parse(pkg.manifestJson) as PackageManifest, key };
    const bytes = new Uint8Array([1]);
    for (const name of ['../x.pdf', 'manifest.json', 'a/b.pdf', '']) {
      expect(() => buildPackage({ ...base, files: [{ name, bytes }] })).toThrow(/文件名无效/);
    }
    expect(() =>
      buildPackage({
        ...base,
        files: [{ name: 'a.pdf', bytes }],
        key: { ...key, fingerprint: makeKey().fingerprint },
      }),
    ).toThrow(/指纹与公钥不符/);
  });

  it('reads public keys only in SM2 SubjectPublicKeyInfo form', () => {
    expect(parsePublicKeyPem(key.publicPem)).toBe(key.publicKeyHex);
    expect(parsePublicKeyPem(`越城区卫生健康局签名公钥\n${key.publicPem}`)).toBe(key.publicKeyHex);
    expect(parsePublicKeyPem(key.publicPem.replace('MFkw', 'MFkx'))).toBeNull();
    expect(parsePublicKeyPem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toBeNull();
  });
});

describe('cli: keygen and verify-package', () => {
  it('keygen makes (and with --rotate replaces) the office key; verify-package exits non-zero on any failure', async () => {
    const root = mkdtempSync(join(tmpdir(), 'zj-cli-sign-'));
    try {
      const data = join(root, 'data');
      const passFile = join(root, 'pass.txt');
      writeFileSync(passFile, `${PASS}\r\n`);
      expect((await cli(['keygen', '--data', data])).code).toBe(2);
      // The key is made through the dispatcher under a signed-in actor: an office must exist.
      const bare = await cli(['keygen', '--data', join(root, 'bare'), '--passphrase-file', passFile]);
      expect(bare.code).toBe(1);
      expect(bare.err).toContain('数据文件夹尚未初始化');
      const init = await cli(
        ['init', '--data', data, '--office', '越城区卫生健康局', '--prefix', '越卫健', '--admin', 'admin'],
        { ZONGJIAN_PASSWORD: 'Admin#2026' },
      );
      expect(init.code, init.err).toBe(0);
      writeFileSync(join(root, 'weak.txt'), 'short\n');
      const weak = await cli(['keygen', '--data', data, '--passphrase-file', join(root, 'weak.txt')]);
      expect(weak.code).toBe(1);
      expect(weak.err).toContain('签名口令至少 10 个字符');

      const made = await cli(['keygen', '--data', data, '--passphrase-file', passFile, '--json']);
      expect(made.code, made.err).toBe(0);
      const first = JSON.parse(made.out) as { fingerprint: string; publicPem: string };
      expect((await cli(['keygen', '--data', data, '--passphrase-file', passFile])).code).toBe(1);
      const wrongUser = await cli(
        ['keygen', '--data', data, '--passphrase-file', passFile, '--rotate', '--user', 'admin'],
        { ZONGJIAN_PASSWORD: 'not-the-password' },
      );
      expect(wrongUser.code).toBe(1);
      expect(wrongUser.err).toContain('用户名或密码错误');
      const rotated = await cli(
        ['keygen', '--data', data, '--passphrase-file', passFile, '--rotate', '--user', 'admin'],
        { ZONGJIAN_PASSWORD: 'Admin#2026' },
      );
      expect(rotated.code, rotated.err).toBe(0);
      expect(rotated.out).toContain(`原密钥 ${first.fingerprint} 已停用`);

      // The key the CLI made opens with the file's passphrase (its line break removed) and signs a package.
      const handle = await openDatabase(join(data, 'zongjian.db'));
      const key = await unlockActiveKey(handle.db, PASS);
      const audit = await handle.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name', 'entity', 'summary'])
        .where('action', 'like', 'signing.%')
        .orderBy('id')
        .execute();
      await handle.close();
      // The dispatcher's audit rows, as when the key is made in the app: the default actor is the first
      // administrator, --user the one signed in.
      expect(audit).toEqual([
        {
          action: 'signing.generate',
          actor_name: '系统管理员（admin）',
          entity: 'signing_key',
          summary: `生成单位签名密钥（SM2），指纹 ${first.fingerprint}`,
        },
        expect.objectContaining({ action: 'signing.rotate', actor_name: '系统管理员（admin）' }),
      ]);
      expect(audit[1]!.summary).toContain(`原密钥 ${first.fingerprint} 已停用`);
      expect(made.out).not.toContain('以管理员'); // --json prints the JSON only

      const good = makePackage({ district: DISTRICTS[0]!, key });
      const goodFile = join(root, 'good.zip');
      writeFileSync(goodFile, good.zip);
      const plain = await cli(['verify-package', goodFile]);
      expect(plain.code, plain.err).toBe(0);
      expect(plain.out).toContain('签名（SM2/SM3，签名者 ID 1234567812345678）：有效');
      expect(plain.out).toContain('签名者：未核实');
      expect(plain.out).toContain('结论：完整性通过（签名者未核实）');

      const trust = join(root, 'trust');
      mkdirSync(trust);
      writeFileSync(join(trust, '越城区.pem'), key.publicPem);
      const trustedRun = await cli(['verify-package', goodFile, '--trust', trust]);
      expect(trustedRun.code, trustedRun.err).toBe(0);
      expect(trustedRun.out).toContain('签名者：在信任列表中（越城区）');
      expect(trustedRun.out).toContain('结论：通过');

      const other = mkdtempSync(join(tmpdir(), 'zj-cli-trust-'));
      writeFileSync(join(other, '柯桥区.pem'), makeKey().publicPem);
      const unknown = await cli(['verify-package', goodFile, '--trust', other, '--json']);
      rmSync(other, { recursive: true, force: true });
      expect(unknown.code).toBe(3);
      expect((JSON.parse(unknown.out) as { reasons: string[] }).reasons[0]).toMatch(/^签名者不在信任列表中/);

      const tamperedFile = join(root, 'tampered.zip');
      writeFileSync(
        tamperedFile,
        rezip(good.zip, (f) => (f['report.pdf'] = flip(f['report.pdf']!, 100))),
      );
      const tampered = await cli(['verify-package', tamperedFile, '--trust', trust]);
      expect(tampered.code).toBe(3);
      expect(tampered.out).toContain('结论：未通过');
      expect(tampered.out).toContain('report.pdf 的摘要与清单不符（文件被改动）');

      writeFileSync(join(root, 'junk.zip'), 'not a zip at all');
      const junk = await cli(['verify-package', join(root, 'junk.zip')]);
      expect(junk.code).toBe(3);
      expect(junk.out).toContain('不是有效的数据包');
      expect((await cli(['verify-package', join(root, 'nope.zip')])).code).toBe(1);
      expect((await cli(['verify-package'])).code).toBe(2);
      expect(readFileSync(goodFile).length).toBe(good.zip.length);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
