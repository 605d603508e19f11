// The office CA file of 连接单位数据库服务器 (验证证书): certificates made for the test by openssl are read with
// node:crypto and described as 颁发给 …，有效期至 YYYY-MM-DD — the date checked against openssl's own reading of the
// certificate; what is not a certificate (a text file, a DER file, a damaged block), holds a private key or has
// expired is refused in Chinese. A certificate sent as text (browser mode) is kept in the data folder holding the
// certificates alone, readable by this user only, and openssl reads the kept file back. Through the dispatcher:
// anyone at the desk before setup, an administrator afterwards; the desktop's file dialog (cancel: null); and a
// connection test whose CA file is not a certificate says so before it tries the server.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateTime,
  keepCaCertificate,
  readCaCertificate,
  readCaFile,
} from '../../db/system/ca-certificate';
import { AppError } from '../../shared/errors';
import { formatDate } from '../../shared/format';
import { Dispatcher } from '../../electron/server/dispatcher';
import { startAppCore } from '../../electron/server/app-core';
import { ADMIN } from './helpers';
import { openTestStore, type TestStore } from './test-store';

const OPENSSL = spawnSync('openssl', ['version']).status === 0;
const NOW = new Date('2026-12-06T01:00:00Z');

function openssl(dir: string, args: string[]): string {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr}`);
  return r.stdout;
}

function refusal(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION');
    return e as AppError;
  }
  throw new Error('not refused');
}

/** openssl's own reading of a certificate's last day, in Beijing time (notAfter=Dec  6 00:00:00 2027 GMT). */
function opensslExpiry(dir: string, file: string): string {
  const line = openssl(dir, ['x509', '-in', file, '-noout', '-enddate']).trim();
  return formatDate(new Date(line.replace(/^notAfter=/, '').replace(/ +/g, ' ')));
}

describe.runIf(OPENSSL)('the office CA file: read, described, refused when unusable', () => {
  let dir: string;
  let ca: string;
  let caKey: string;
  let second: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zj-ca-'));
    // -utf8: the subject is the office's name in Chinese, as offices name their CA.
    openssl(dir, [
      'req',
      '-x509',
      '-utf8',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '400',
      '-subj',
      '/CN=越城区卫生健康局数据库 CA/O=越城区卫生健康局',
      '-keyout',
      'office-ca.key',
      '-out',
      'office-ca.crt',
    ]);
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '30',
      '-subj',
      '/CN=Shaoxing Health Root CA',
      '-keyout',
      'root.key',
      '-out',
      'root.crt',
    ]);
    ca = join(dir, 'office-ca.crt');
    caKey = join(dir, 'office-ca.key');
    second = join(dir, 'root.crt');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a PEM certificate: 颁发给 its subject, 有效期至 the day openssl reads', () => {
    const info = readCaFile(ca, NOW);
    const expires = opensslExpiry(dir, ca);
    expect(expires).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(info).toEqual({
      path: ca,
      subject: '越城区卫生健康局数据库 CA',
      expiresOn: expires,
      count: 1,
      summary: `颁发给 越城区卫生健康局数据库 CA，有效期至 ${expires}`,
    });
    // A chain (two certificates in one file) is described by its first, and counted.
    const chain = readCaCertificate(
      readFileSync(ca, 'utf8') + readFileSync(second, 'utf8'),
      'chain.pem',
      NOW,
    );
    expect(chain.info.count).toBe(2);
    expect(chain.info.summary).toMatch(/^颁发给 越城区卫生健康局数据库 CA.*（文件中共 2 张证书）$/);
    // Text around the blocks (as some CAs ship them, "subject=…" lines) is accepted and not kept.
    const commented = readCaCertificate(`subject=CN = x\n${readFileSync(second, 'utf8')}`, 'root.crt', NOW);
    expect(commented.info.subject).toBe('Shaoxing Health Root CA');
    expect(commented.pem).not.toContain('subject=');
  });

  it('reads the certificate’s times as node:crypto writes them', () => {
    expect(certificateTime('Dec  6 00:00:00 2027 GMT').toISOString()).toBe('2027-12-06T00:00:00.000Z');
    expect(certificateTime('Feb 28 16:30:05 2030 GMT').toISOString()).toBe('2030-02-28T16:30:05.000Z');
    expect(Number.isNaN(certificateTime('2027-12-06').getTime())).toBe(true);
  });

  it('refuses in Chinese what is not a usable certificate', () => {
    const text = refusal(() => readCaCertificate('这是一份说明文字，不是证书。\n', '说明.txt', NOW));
    expect(text.message).toMatch(/^“说明\.txt”不是 PEM 格式的证书：.*-----BEGIN CERTIFICATE-----/);
    // The binary (DER) form of the same certificate: named as such, with what to ask for.
    const der = join(dir, 'office-ca.der');
    openssl(dir, ['x509', '-in', ca, '-outform', 'DER', '-out', der]);
    expect(refusal(() => readCaFile(der, NOW)).message).toMatch(/不是 PEM 格式的证书.*二进制（DER）格式/);
    // A private key must never be handed round the office.
    const withKey = readFileSync(ca, 'utf8') + readFileSync(caKey, 'utf8');
    expect(refusal(() => readCaCertificate(withKey, 'bundle.pem', NOW)).message).toMatch(/含有私钥/);
    // A damaged block.
    const pem = readFileSync(ca, 'utf8');
    const damaged = pem.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!!!!!!!!!!!!!!!!!');
    expect(refusal(() => readCaCertificate(damaged, 'ca.crt', NOW)).message).toMatch(/证书已损坏，无法读取/);
    // Expired: two days after its last day.
    const late = new Date(Date.parse(`${opensslExpiry(dir, ca)}T00:00:00+08:00`) + 2 * 86_400_000);
    expect(refusal(() => readCaCertificate(pem, 'office-ca.crt', late)).message).toMatch(
      new RegExp(`颁发给 越城区卫生健康局数据库 CA.*已于 ${opensslExpiry(dir, ca)} 过期`),
    );
    // Files that are not there, or not files.
    expect(refusal(() => readCaFile(join(dir, 'none.crt'), NOW)).message).toMatch(/^找不到 CA 证书文件/);
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expect(refusal(() => readCaFile(folder, NOW)).message).toMatch(/是文件夹，不是 CA 证书文件/);
    // A device never ends: refused without reading it.
    if (process.platform !== 'win32')
      expect(refusal(() => readCaFile('/dev/zero', NOW)).message).toMatch(/不是普通文件/);
  });

  it('a certificate sent as text is kept in the data folder: the certificates alone, owner-only, read back by openssl', () => {
    const data = mkdtempSync(join(tmpdir(), 'zj-ca-data-'));
    try {
      const text = `# 单位 CA（信息科提供）\n${readFileSync(ca, 'utf8')}`;
      const kept = keepCaCertificate(data, text, 'office-ca.crt', NOW);
      expect(kept.path.startsWith(join(data, 'office-ca-'))).toBe(true);
      expect(kept.path).toMatch(/\.pem$/);
      expect(kept.summary).toBe(readCaFile(ca, NOW).summary);
      const stored = readFileSync(kept.path, 'utf8');
      expect(stored).not.toContain('信息科');
      expect(stored.trim()).toBe(readFileSync(ca, 'utf8').trim());
      if (process.platform !== 'win32') expect(statSync(kept.path).mode & 0o777).toBe(0o600);
      expect(openssl(dir, ['x509', '-in', kept.path, '-noout', '-subject', '-nameopt', 'utf8'])).toContain(
        '越城区卫生健康局数据库 CA',
      );
      // The same certificate again: the same file.
      expect(keepCaCertificate(data, readFileSync(ca, 'utf8'), 'again.pem', NOW).path).toBe(kept.path);
      // Not a certificate: nothing is written.
      refusal(() => keepCaCertificate(data, 'not a certificate', 'x.pem', NOW));
      expect(readFileSync(kept.path, 'utf8')).toBe(stored);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  describe('store.caCertificate through the dispatcher', () => {
    let store: TestStore;
    let data: string;
    let picked: string | null = null;
    let dispatcher: Dispatcher;
    beforeAll(async () => {
      store = await openTestStore();
      data = mkdtempSync(join(tmpdir(), 'zj-ca-desk-'));
      dispatcher = new Dispatcher({
        db: store.db,
        appVersion: 'test',
        dataDir: data,
        clock: () => NOW,
        log: () => {},
        pdf: null,
        platform: { chooseFile: async () => picked },
      });
    });
    afterAll(async () => {
      await store.close();
      rmSync(data, { recursive: true, force: true });
    });

    it('before setup anyone at the desk; afterwards administrators only; the file dialog, or null when cancelled', async () => {
      const sent = await dispatcher.call(
        'store.caCertificate',
        { source: 'content', fileName: 'office-ca.crt', text: readFileSync(ca, 'utf8') },
        'setup',
      );
      expect(sent!.path.startsWith(data)).toBe(true);
      expect(sent!.subject).toBe('越城区卫生健康局数据库 CA');
      const notCert = await dispatcher
        .call('store.caCertificate', { source: 'content', fileName: '说明.txt', text: '你好' }, 'setup')
        .catch((e: unknown) => e as AppError);
      expect(notCert).toBeInstanceOf(AppError);
      expect((notCert as AppError).message).toMatch(/“说明\.txt”不是 PEM 格式的证书/);

      picked = second;
      expect((await dispatcher.call('store.caCertificate', { source: 'dialog' }, 'setup'))!.summary).toMatch(
        /^颁发给 Shaoxing Health Root CA，有效期至 \d{4}-\d{2}-\d{2}$/,
      );
      picked = null;
      expect(await dispatcher.call('store.caCertificate', { source: 'dialog' }, 'setup')).toBeNull();

      await dispatcher.call(
        'system.setup',
        { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN },
        'setup',
      );
      await dispatcher.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'admin');
      await dispatcher.call(
        'users.create',
        { username: 'clerk', displayName: '录入员', role: 'clerk', password: 'Clerk#2026' },
        'admin',
      );
      await dispatcher.call('auth.login', { username: 'clerk', password: 'Clerk#2026' }, 'clerk');
      const clerk = await dispatcher
        .call('store.caCertificate', { source: 'path', path: ca }, 'clerk')
        .catch((e: unknown) => e as AppError);
      expect((clerk as AppError).code).toBe('FORBIDDEN');
      const anonymous = await dispatcher
        .call('store.caCertificate', { source: 'path', path: ca }, 'nobody')
        .catch((e: unknown) => e as AppError);
      expect((anonymous as AppError).code).toBe('UNAUTHENTICATED');
      expect(
        (await dispatcher.call('store.caCertificate', { source: 'path', path: ca }, 'admin'))!.path,
      ).toBe(ca);
    });

    it('a browser has no file dialog: it is told to send the file', async () => {
      const browser = new Dispatcher({
        db: store.db,
        appVersion: 'test',
        dataDir: data,
        log: () => {},
        pdf: null,
      });
      await browser.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'b');
      const e = await browser
        .call('store.caCertificate', { source: 'dialog' }, 'b')
        .catch((x: unknown) => x as AppError);
      expect((e as AppError).code).toBe('UNSUPPORTED');
    });
  });

  it('测试连接 with a CA file that is not a certificate says so before it tries the server', async () => {
    const desk = mkdtempSync(join(tmpdir(), 'zj-ca-core-'));
    const notes = join(desk, '说明.crt');
    writeFileSync(notes, '请向信息科索取证书\n');
    const core = await startAppCore({ dataDir: desk, startupCare: false, clock: () => NOW });
    try {
      const e = await core.dispatcher
        .call(
          'store.test',
          {
            server: {
              host: '127.0.0.1',
              port: 1,
              database: 'zongjian',
              user: 'zongjian',
              tls: 'verify-full',
              caFile: notes,
            },
            password: 'x',
          },
          'w',
        )
        .catch((x: unknown) => x as AppError);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('VALIDATION');
      expect((e as AppError).message).toMatch(/不是 PEM 格式的证书/);
    } finally {
      await core.close();
      rmSync(desk, { recursive: true, force: true });
    }
  });
});
