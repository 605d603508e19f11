// The TLS modes of 连接单位数据库服务器 against a server that speaks PostgreSQL's TLS opening for real: it answers
// the SSLRequest, completes the handshake with a certificate made for the test by openssl (an office CA and a
// server certificate signed by it), then refuses the password — so reaching "用户名或密码错误" proves the TLS step
// passed. The setup's URLs (electron/server/store-config serverUrl) and the one error mapping are what is tested:
// verify-full with the office CA passes; another CA, a certificate for another name, a missing CA file and a server
// without TLS each give their own reason. Needs no PostgreSQL server; skipped where openssl is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { probeServer } from '../../db/core/store-probe';
import { serverUrl } from '../../electron/server/store-config';
import type { ServerSettings } from '../../shared/contract';

const OPENSSL = spawnSync('openssl', ['version']).status === 0;

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr}`);
}

/** An office CA and a server certificate it signs for `san` (e.g. IP:127.0.0.1). */
function makeCa(dir: string, name: string, san: string): { ca: string; key: string; cert: string } {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name} CA`,
    '-keyout',
    `${name}-ca.key`,
    '-out',
    `${name}-ca.crt`,
  ]);
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=db',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
  ]);
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${name}-ca.crt`,
    '-CAkey',
    `${name}-ca.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  ]);
  return { ca: join(dir, `${name}-ca.crt`), key: join(dir, `${name}.key`), cert: join(dir, `${name}.crt`) };
}

/** PostgreSQL's ErrorResponse: FATAL 28P01. */
function passwordRefused(): Buffer {
  const fields = Buffer.from(
    'SFATAL\0C28P01\0Mpassword authentication failed for user "zongjian"\0\0',
    'utf8',
  );
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

/** A server that answers the SSLRequest ('S' with a certificate, or 'N' without TLS) and refuses the password. */
function fakeServer(tls: { key: string; cert: string } | null): Server {
  return createServer((socket: Socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (first) => {
      const sslRequest = first.length === 8 && first.readInt32BE(4) === 80877103;
      if (!sslRequest) return void socket.end(passwordRefused());
      if (!tls) {
        socket.write('N');
        socket.once('data', () => socket.end(passwordRefused()));
        return;
      }
      socket.write('S');
      const secure = new TLSSocket(socket, {
        isServer: true,
        key: readFileSync(tls.key),
        cert: readFileSync(tls.cert),
      });
      secure.on('error', () => undefined);
      secure.once('data', () => secure.end(passwordRefused()));
    });
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

async function reason(server: ServerSettings): Promise<{ reason: string | undefined; message: string }> {
  try {
    await probeServer(serverUrl(server, 'Secret#2026'));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { reason: (e.details as { reason?: string } | undefined)?.reason, message: e.message };
  }
  throw new Error('expected the probe to fail');
}

describe.runIf(OPENSSL)('TLS modes against a server that speaks the TLS opening', () => {
  let dir: string;
  let office: ReturnType<typeof makeCa>;
  let stranger: ReturnType<typeof makeCa>;
  let named: ReturnType<typeof makeCa>;
  const servers: Server[] = [];
  const ports: Record<'office' | 'named' | 'plain', number> = { office: 0, named: 0, plain: 0 };
  const base: ServerSettings = {
    host: '127.0.0.1',
    port: 0,
    database: 'zongjian',
    user: 'zongjian',
    tls: 'disable',
    caFile: '',
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zj-tls-'));
    office = makeCa(dir, 'office', 'IP:127.0.0.1');
    stranger = makeCa(dir, 'stranger', 'IP:127.0.0.1');
    named = makeCa(dir, 'named', 'DNS:db.wjw.local');
    for (const [key, tls] of [
      ['office', office],
      ['named', named],
      ['plain', null],
    ] as const) {
      const s = fakeServer(tls);
      servers.push(s);
      ports[key] = await listen(s);
    }
  }, 60_000);
  afterAll(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('验证证书 with the office CA passes the TLS step (the server then refuses the password)', async () => {
    const r = await reason({ ...base, port: ports.office, tls: 'verify-full', caFile: office.ca });
    expect(r.reason).toBe('auth');
    expect(r.message).toMatch(/用户名或密码错误/);
  });

  it('要求加密 encrypts without checking the certificate', async () => {
    expect((await reason({ ...base, port: ports.office, tls: 'require' })).reason).toBe('auth');
    expect((await reason({ ...base, port: ports.named, tls: 'require' })).reason).toBe('auth');
  });

  it('another CA, a certificate for another name, a missing CA file: each says so', async () => {
    const other = await reason({ ...base, port: ports.office, tls: 'verify-full', caFile: stranger.ca });
    expect(other.reason).toBe('tls-untrusted');
    expect(other.message).toMatch(/TLS 证书未通过验证.*请选择本单位的 CA 证书文件/);
    const name = await reason({ ...base, port: ports.named, tls: 'verify-full', caFile: named.ca });
    expect(name.reason).toBe('tls-untrusted');
    expect(name.message).toMatch(/服务器地址与证书上的名称一致/);
    const missing = await reason({
      ...base,
      port: ports.office,
      tls: 'verify-full',
      caFile: join(dir, 'none.crt'),
    });
    expect(missing.reason).toBe('ca-file');
    expect(missing.message).toMatch(/无法读取 CA 证书文件 .*none\.crt/);
  });

  it('a server without TLS, asked for it; and 不加密 to a server that only speaks TLS is not mistaken for one', async () => {
    const none = await reason({ ...base, port: ports.plain, tls: 'require' });
    expect(none.reason).toBe('tls-unsupported');
    expect(none.message).toMatch(/不支持 TLS 加密连接.*不加密/);
    expect((await reason({ ...base, port: ports.plain, tls: 'disable' })).reason).toBe('auth');
  });
});
