// 数据存储: connecting a desk to the office's database server. The one mapping from node-postgres and Node errors to
// a Chinese reason (and what to do about it), the connection test against a real server (refused port, wrong
// password, no such role, missing database, no TLS, another program's tables, a newer version's schema), the
// store.json file (the password never in plain text; one that no longer decrypts is asked for again), the app core
// switching to the server in first-run setup and asking for the password at start, and a server that goes away in
// the middle of a transaction (its backend terminated from another connection).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { connectionReason, describePgError } from '../../db/core/postgres';
import { probeServer } from '../../db/core/store-probe';
import { openPostgres, openStore } from '../../db/core/open';
import {
  readStoreConfig,
  serverUrl,
  settingsOfUrl,
  storeConfigPath,
  writeStoreConfig,
  type SecretBox,
} from '../../electron/server/store-config';
import { startAppCore } from '../../electron/server/app-core';
import { buildHandlers } from '../../db/app';
import { serverSettings, type ServerSettings } from '../../shared/contract';
import { createElectronFake } from './electron-fake';
import { ADMIN, count } from './helpers';
import { TEST_PG, openTestStore, pgUrlFor } from './test-store';
import { dispatcherOn, setUpOffice } from './seats';

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

const reasonOf = (e: AppError) => (e.details as { reason?: string } | undefined)?.reason;

describe('connection problems are mapped to one reason each, worded in Chinese with what to do', () => {
  const url = 'postgres://zongjian:secret@192.168.1.10:5432/zongjian';
  const cases: [string, unknown, string, RegExp][] = [
    ['refused', { code: 'ECONNREFUSED' }, 'unreachable', /连接被拒绝.*请核对服务器地址和端口/],
    ['no such host', { code: 'ENOTFOUND' }, 'unreachable', /找不到该主机名/],
    ['timeout', { code: 'ETIMEDOUT' }, 'unreachable', /网络不通或连接超时/],
    ['pg timeout', new Error('timeout expired'), 'unreachable', /网络不通或连接超时/],
    [
      'wrong password',
      { code: '28P01', message: 'password authentication failed' },
      'auth',
      /用户名或密码错误（用户 zongjian）/,
    ],
    ['no such role', { code: '28000', message: 'role "x" does not exist' }, 'auth', /用户名或密码错误/],
    [
      'no pg_hba entry',
      {
        code: '28000',
        message: 'no pg_hba.conf entry for host "10.0.0.5", user "z", database "z", SSL encryption',
      },
      'not-allowed',
      /pg_hba\.conf.*scram-sha-256/,
    ],
    [
      'server requires TLS',
      {
        code: '28000',
        message: 'no pg_hba.conf entry for host "10.0.0.5", user "z", database "z", no encryption',
      },
      'tls-required',
      /只接受加密连接.*要求加密/,
    ],
    [
      'missing database',
      { code: '3D000', message: 'database "z" does not exist' },
      'no-database',
      /没有这个数据库.*CREATE DATABASE/,
    ],
    [
      'no TLS on the server',
      new Error('The server does not support SSL connections'),
      'tls-unsupported',
      /不支持 TLS.*不加密/,
    ],
    [
      'self-signed',
      Object.assign(new Error('self-signed certificate in certificate chain'), {
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
      }),
      'tls-untrusted',
      /证书未通过验证.*CA 证书文件/,
    ],
    [
      'unknown issuer',
      Object.assign(new Error('unable to get local issuer certificate'), {
        code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      }),
      'tls-untrusted',
      /CA 证书文件/,
    ],
    [
      'name mismatch',
      Object.assign(
        new Error(
          "Hostname/IP does not match certificate's altnames: IP: 10.0.0.5 is not in the cert's list",
        ),
        {
          code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        },
      ),
      'tls-untrusted',
      /服务器地址与证书上的名称一致/,
    ],
    [
      'CA file missing',
      Object.assign(new Error("ENOENT: no such file or directory, open 'D:\\ca.crt'"), {
        code: 'ENOENT',
        syscall: 'open',
        path: 'D:\\ca.crt',
      }),
      'ca-file',
      /无法读取 CA 证书文件 D:\\ca\.crt/,
    ],
    ['lost mid-work', new Error('Connection terminated unexpectedly'), 'lost', /连接中断，本次操作未保存/],
    [
      'admin shutdown',
      { code: '57P01', message: 'terminating connection due to administrator command' },
      'lost',
      /连接中断/,
    ],
  ];
  it.each(cases)('%s', (_name, error, reason, text) => {
    expect(connectionReason(error, true)).toBe(reason);
    const mapped = describePgError(error, url)!;
    expect(mapped.code).toBe('DB_UNAVAILABLE');
    expect(reasonOf(mapped)).toBe(reason);
    expect(mapped.message).toMatch(text);
    expect(mapped.message).not.toContain('secret');
  });

  it('a file error away from connecting is not the CA file’s; other errors are not connection problems', () => {
    expect(connectionReason({ code: 'ENOENT', syscall: 'open' })).toBeNull();
    expect(describePgError({ code: 'ENOENT', syscall: 'open' })).toBeNull();
    expect(connectionReason({ code: '23505', message: 'duplicate key' })).toBeNull();
    expect(connectionReason(new Error('something else'))).toBeNull();
  });
});

describe('store.json: the choice of store, the password only encrypted', () => {
  const server: ServerSettings = {
    host: '192.168.1.10',
    port: 5432,
    database: 'zongjian',
    user: 'zongjian',
    tls: 'verify-full',
    caFile: 'D:\\证书\\单位CA.crt',
  };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zj-store-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The shell's secret box over the stand-in's safeStorage (electron/main secretBox, as the shell builds it). */
  function box(fake = createElectronFake()): SecretBox {
    return {
      scheme: 'electron-safeStorage',
      encrypt: (p) => fake.safeStorage.encryptString(p).toString('base64'),
      decrypt: (c) => fake.safeStorage.decryptString(Buffer.from(c, 'base64')),
    };
  }

  it('lives beside the data folder in the app-data folder, or inside a named data folder', () => {
    expect(storeConfigPath({ dataDir: '/x/data', namedDataDir: false, appDataDir: '/home/u/.config' })).toBe(
      '/home/u/.config/zongjian-desk/store.json',
    );
    expect(storeConfigPath({ dataDir: '/media/usb/data', namedDataDir: true })).toBe(
      '/media/usb/data/store.json',
    );
  });

  it('keeps the password encrypted, never in plain text; reads it back', () => {
    const file = join(dir, 'a.json');
    const secrets = box();
    const password = 'Zj#服务器-2026-口令';
    expect(writeStoreConfig(file, { kind: 'server', server }, password, secrets)).toBe(true);
    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain(password);
    expect(raw).not.toContain(Buffer.from(password).toString('base64'));
    expect(raw).toContain('electron-safeStorage');
    const back = readStoreConfig(file, secrets)!;
    expect(back.choice).toEqual({ kind: 'server', server });
    expect(back.password).toBe(password);
    expect(back.passwordProblem).toBeNull();
  });

  it('without a key store the password is not written at all', () => {
    const file = join(dir, 'b.json');
    expect(writeStoreConfig(file, { kind: 'server', server }, 'Secret#2026', null)).toBe(false);
    expect(readFileSync(file, 'utf8')).not.toContain('Secret#2026');
    const back = readStoreConfig(file, null)!;
    expect(back.password).toBeNull();
    expect(back.passwordStored).toBe(false);
  });

  it('a tampered entry, or one from another computer, is asked for again', () => {
    const file = join(dir, 'c.json');
    writeStoreConfig(file, { kind: 'server', server }, 'Secret#2026', box());
    const json = JSON.parse(readFileSync(file, 'utf8')) as { password: { data: string } };
    const bytes = Buffer.from(json.password.data, 'base64');
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
    json.password.data = bytes.toString('base64');
    writeFileSync(file, JSON.stringify(json));
    const tampered = readStoreConfig(file, box())!;
    expect(tampered.password).toBeNull();
    expect(tampered.passwordProblem).toMatch(/无法解密.*请重新输入/);
    // Untouched, but another computer's key store.
    writeStoreConfig(file, { kind: 'server', server }, 'Secret#2026', box());
    expect(readStoreConfig(file, box(createElectronFake()))!.passwordProblem).toMatch(/无法解密/);
    expect(readStoreConfig(file, null)!.passwordProblem).toMatch(/无法解密/);
  });

  it('a damaged file is an error in Chinese, not a silent fallback to an empty local store', () => {
    const file = join(dir, 'd.json');
    writeFileSync(file, '{"format":"zongjian-store","version":1,"store":"server"}');
    expect(() => readStoreConfig(file, null)).toThrow(/内容无效/);
    writeFileSync(file, 'not json');
    expect(() => readStoreConfig(file, null)).toThrow(/无法读取/);
  });

  it('the shell keeps no password where safeStorage has no real key store (Linux basic_text)', async () => {
    const fake = createElectronFake();
    const { vi } = await import('vitest');
    vi.doMock('electron', () => fake);
    vi.resetModules();
    try {
      const { secretBox } = await import('../../electron/main/index');
      const real = secretBox();
      expect(real).not.toBeNull();
      expect(fake.safeStorage.decryptString(Buffer.from(real!.encrypt('x1'), 'base64'))).toBe('x1');
      fake.safeStorage.available = false;
      expect(secretBox()).toBeNull();
      fake.safeStorage.available = true;
      fake.safeStorage.backend = 'basic_text';
      expect(secretBox()).toBe(process.platform === 'linux' ? null : secretBox());
    } finally {
      vi.doUnmock('electron');
      vi.resetModules();
    }
  });

  it('URLs: the TLS modes in node-postgres terms; settings read back from a URL', () => {
    const plain = serverUrl({ ...server, tls: 'disable', caFile: '' }, 'p@ss:w/rd');
    expect(plain).toBe('postgres://zongjian:p%40ss%3Aw%2Frd@192.168.1.10:5432/zongjian?sslmode=disable');
    expect(serverUrl({ ...server, tls: 'require' }, 'x')).toContain('uselibpqcompat=true&sslmode=require');
    expect(serverUrl(server, 'x')).toContain('sslmode=verify-full&sslrootcert=');
    expect(settingsOfUrl(serverUrl(server, 'x'))).toEqual(server);
    expect(new pg.Client({ connectionString: plain }).password).toBe('p@ss:w/rd');
    // Names typed into the form cannot add or change connection parameters (a host, a weaker sslmode).
    const hostile = serverUrl(
      {
        ...server,
        tls: 'require',
        caFile: '',
        database: '综合监管_zj-2026',
        user: 'u@evil.example:1/x?sslmode=disable',
      },
      'pw&sslmode=disable',
    );
    const parsed = new pg.Client({ connectionString: hostile });
    expect(parsed.host).toBe('192.168.1.10');
    expect(parsed.database).toBe('综合监管_zj-2026');
    // A database name that node-postgres would not read back whole is refused at the boundary, in Chinese.
    const refused = serverSettings.safeParse({ ...server, database: 'zj?sslmode=disable&host=evil.example' });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]!.message).toBe(
      '数据库名称只能包含字母、汉字、数字、下划线、点、$ 和短横线',
    );
    expect(parsed.user).toBe('u@evil.example:1/x?sslmode=disable');
    expect(parsed.password).toBe('pw&sslmode=disable');
    expect(parsed.ssl).toMatchObject({ rejectUnauthorized: false });
    expect([...new URL(hostile).searchParams.entries()]).toEqual([
      ['uselibpqcompat', 'true'],
      ['sslmode', 'require'],
    ]);
  });
});

describe('a wrong address is refused in Chinese', () => {
  it('not a postgres:// URL, or no server at that port', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-wrong-'));
    try {
      const wrong = await failure(
        startAppCore({ dataDir: dir, database: 'mysql://root@localhost/zj', startupCare: false }),
      );
      expect(wrong.message).toMatch(/数据库地址应以 postgres:\/\/ 开头/);
      const refused = await failure(openStore('postgres://zongjian:pw@127.0.0.1:1/zongjian'));
      expect(refused.code).toBe('DB_UNAVAILABLE');
      expect(reasonOf(refused)).toBe('unreachable');
      expect(refused.message).toMatch(/连接被拒绝/);
      expect(refused.message).not.toContain(':pw@');
      const garbled = await failure(probeServer('postgres://zongjian:pw@127.0.0.1:notaport/zongjian'));
      expect(garbled.message).toMatch(/[\u4e00-\u9fa5]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a saved server that cannot be reached at start', () => {
  it('waits before sign-in with the reason (not an error box), and tries again with the kept password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-down-'));
    const file = join(dir, 'store.json');
    const fake = createElectronFake();
    const secrets: SecretBox = {
      scheme: 'electron-safeStorage',
      encrypt: (p) => fake.safeStorage.encryptString(p).toString('base64'),
      decrypt: (c) => fake.safeStorage.decryptString(Buffer.from(c, 'base64')),
    };
    const server: ServerSettings = {
      host: '127.0.0.1',
      port: 1,
      database: 'zongjian',
      user: 'zongjian',
      tls: 'disable',
      caFile: '',
    };
    writeStoreConfig(file, { kind: 'server', server }, 'Kept#2026', secrets);
    const core = await startAppCore({ dataDir: dir, startupCare: false, storeConfig: { file, secrets } });
    try {
      expect(core.server).toBeNull();
      expect(core.pending).toMatchObject({ reason: 'failed', server });
      expect(core.pending!.message).toMatch(/连接被拒绝/);
      const d = core.dispatcher;
      expect(await d.call('store.pending', {}, 'w')).toMatchObject({ reason: 'failed' });
      // Nothing can be set up or written meanwhile (the stand-in is not the office's store).
      const setup = await failure(
        d.call(
          'system.setup',
          { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN },
          'w',
        ),
      );
      expect(setup.code).toBe('DB_UNAVAILABLE');
      const backup = await failure(d.call('backup.overview', {}, 'w'));
      expect(backup.code).toBe('UNAUTHENTICATED');
      // 连接 with the password field left empty: the kept password, and the same clear reason.
      const again = await failure(d.call('store.unlock', { password: '' }, 'w'));
      expect(reasonOf(again)).toBe('unreachable');
      expect(core.pending).not.toBeNull();
    } finally {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(TEST_PG)('测试连接 against the real server', () => {
  const admin = () => new pg.Client({ connectionString: TEST_PG! });
  const made: string[] = [];
  const roles: string[] = [];
  const unique = (p: string) => `${p}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  async function exec(text: string, url = TEST_PG!): Promise<void> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  }
  async function newDatabase(owner?: string): Promise<string> {
    const name = unique('zj_probe');
    await exec(`create database ${name}${owner ? ` owner ${owner}` : ''}`);
    made.push(name);
    return name;
  }
  afterAll(async () => {
    const c = admin();
    await c.connect();
    for (const d of made) await c.query(`drop database if exists ${d} with (force)`);
    for (const r of roles) await c.query(`drop role if exists ${r}`);
    await c.end();
  });

  it('an empty database; a refused port; a missing database; a role that does not exist; no TLS on the server', async () => {
    const name = await newDatabase();
    expect(await probeServer(pgUrlFor(name))).toMatchObject({ state: 'empty', office: null });
    const u = new URL(pgUrlFor(name));
    u.port = '1';
    expect(reasonOf(await failure(probeServer(u.toString())))).toBe('unreachable');
    const missing = await failure(probeServer(pgUrlFor(`${name}_none`)));
    expect(reasonOf(missing)).toBe('no-database');
    expect(missing.message).toMatch(/没有这个数据库/);
    const nobody = new URL(pgUrlFor(name));
    nobody.username = 'zj_nobody_here';
    const role = await failure(probeServer(nobody.toString()));
    expect(reasonOf(role)).toBe('auth');
    expect(role.message).toMatch(/用户名或密码错误（用户 zj_nobody_here）/);
    // The test cluster has no TLS: asking for it is answered with that reason.
    const c = admin();
    await c.connect();
    const ssl = (await c.query<{ ssl: string }>('show ssl')).rows[0]!.ssl;
    await c.end();
    if (ssl === 'off') {
      const tls = new URL(pgUrlFor(name));
      tls.searchParams.set('uselibpqcompat', 'true');
      tls.searchParams.set('sslmode', 'require');
      const refused = await failure(probeServer(tls.toString()));
      expect(reasonOf(refused)).toBe('tls-unsupported');
    }
  });

  it('a wrong password (where the server asks for one: members of zj_password)', async (ctx) => {
    const role = unique('zj_pw');
    const c = admin();
    await c.connect();
    await c.query(`do $$ begin if not exists (select from pg_roles where rolname = 'zj_password') then
      create role zj_password nologin; end if; end $$`);
    await c.query(`create role ${role} login password 'Right#2026' in role zj_password`);
    await c.end();
    roles.push(role);
    const name = await newDatabase(role);
    const u = new URL(pgUrlFor(name));
    u.username = role;
    u.password = 'Wrong#2026';
    const asked = await probeServer(u.toString()).then(
      () => false,
      (e: unknown) => e,
    );
    if (asked === false) {
      ctx.skip(
        true,
        'the test server trusts zj_password members (pg_hba.conf has no scram-sha-256 line for +zj_password; .ci/run adds it)',
      );
      return;
    }
    expect(reasonOf(asked as AppError)).toBe('auth');
    expect((asked as AppError).message).toMatch(/用户名或密码错误/);
    expect((asked as AppError).message).not.toContain('Wrong#2026');
    u.password = 'Right#2026';
    expect((await probeServer(u.toString())).state).toBe('empty');
  });

  it('another program’s tables are refused; a newer version’s schema is refused; this app’s database is found', async () => {
    const foreign = await newDatabase();
    await exec('create table patients (id int primary key, name text)', pgUrlFor(foreign));
    const notEmpty = await failure(probeServer(pgUrlFor(foreign)));
    expect(notEmpty.code).toBe('DB_NOT_EMPTY');
    expect(notEmpty.message).toMatch(/已有其他程序的数据表（patients）.*新建一个空数据库/);

    const store = await openTestStore();
    try {
      expect(await probeServer(store.url!)).toMatchObject({ state: 'new', office: null });
      await setUpOffice(store.db);
      expect(await probeServer(store.url!)).toMatchObject({ state: 'office', office: '越城区卫生健康局' });
      await exec(
        `insert into kysely_migration (name, timestamp) values ('29991231_from_the_future', '2999-12-31')`,
        store.url!,
      );
      const future = await failure(probeServer(store.url!));
      expect(future.code).toBe('DB_FROM_FUTURE');
      expect(future.message).toMatch(/更高版本.*29991231_from_the_future.*数据库未被改动/);
    } finally {
      await store.close();
    }
  });

  it('first-run setup switches the desk to an empty server database; the next start asks for the password', async () => {
    const name = await newDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'zj-core-'));
    const configFile = join(dir, 'store.json');
    const server = settingsOfUrl(pgUrlFor(name));
    const password = new URL(TEST_PG!).password ? decodeURIComponent(new URL(TEST_PG!).password) : '';
    try {
      const core = await startAppCore({
        dataDir: dir,
        startupCare: true,
        storeConfig: { file: configFile, secrets: null },
      });
      const d = core.dispatcher;
      expect(await d.call('store.pending', {}, 'w')).toBeNull();
      const bad = await failure(
        d.call('store.test', { server: { ...server, database: `${name}_x` }, password }, 'w'),
      );
      expect(bad.message).toMatch(/没有这个数据库/);
      const ok = await d.call('store.connect', { server, password }, 'w');
      expect(ok.state).toBe('empty');
      expect(core.server).toContain(name);
      expect((await d.call('system.status', {}, 'w')).initialized).toBe(false);
      await d.call(
        'system.setup',
        { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN },
        'w',
      );
      // Signed in by the setup, as on a data file.
      expect((await d.call('system.status', {}, 'w')).user?.username).toBe(ADMIN.username);
      const direct = await openPostgres(pgUrlFor(name), { migrate: false });
      expect(await count(direct.db, 'office')).toBe(1);
      const log = await direct.db
        .selectFrom('audit_log')
        .select(['entity', 'summary'])
        .where('entity', '=', 'store')
        .execute();
      expect(log[0]!.summary).toMatch(/本机连接单位数据库服务器/);
      await direct.close();
      // Once set up, switching again is refused (and never without an administrator).
      const again = await failure(d.call('store.connect', { server, password }, 'w'));
      expect(again.code).toBe('ALREADY_INITIALIZED');
      const anon = await failure(d.call('store.test', { server, password }, 'nobody'));
      expect(anon.code).toBe('UNAUTHENTICATED');
      await d.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'w');
      expect(await d.call('store.info', {}, 'w')).toMatchObject({
        current: { kind: 'server', server, passwordStored: false, fromCommandLine: false },
        canStorePassword: false,
        next: null,
      });
      await core.close();
      expect(JSON.parse(readFileSync(configFile, 'utf8'))).toMatchObject({
        store: 'server',
        server,
        password: null,
      });

      // The next start: no password kept, so it waits for one before anyone signs in.
      const second = await startAppCore({
        dataDir: dir,
        startupCare: false,
        storeConfig: { file: configFile, secrets: null },
      });
      try {
        const p = await second.dispatcher.call('store.pending', {}, 'w');
        expect(p).toMatchObject({ reason: 'password', server });
        const refused = await failure(
          second.dispatcher.call(
            'system.setup',
            { office: { name: '别的单位', docPrefix: '别' }, admin: ADMIN },
            'w',
          ),
        );
        expect(refused.code).toBe('DB_UNAVAILABLE');
        await second.dispatcher.call('store.unlock', { password }, 'w');
        expect(await second.dispatcher.call('store.pending', {}, 'w')).toBeNull();
        expect((await second.dispatcher.call('system.status', {}, 'w')).office?.name).toBe(
          '越城区卫生健康局',
        );
        await second.dispatcher.call(
          'auth.login',
          { username: ADMIN.username, password: ADMIN.password },
          'w',
        );
        // 系统设置: back to the data folder for the next start.
        const saved = await second.dispatcher.call('store.save', { kind: 'local' }, 'w');
        expect(saved.message).toMatch(/重新启动本软件后改为单机使用/);
        expect((await second.dispatcher.call('store.info', {}, 'w')).next).toEqual({ kind: 'local' });
      } finally {
        await second.close();
      }
      const third = await startAppCore({
        dataDir: dir,
        startupCare: false,
        storeConfig: { file: configFile, secrets: null },
      });
      expect(third.server).toBeNull();
      expect((await third.dispatcher.call('system.status', {}, 'w')).initialized).toBe(false);
      await third.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a second desk joins the office already on the server; with a key store the password is kept encrypted, and a tampered one is asked for again', async () => {
    const store = await openTestStore();
    const dir = mkdtempSync(join(tmpdir(), 'zj-join-'));
    const configFile = join(dir, 'store.json');
    const fake = createElectronFake();
    const secrets: SecretBox = {
      scheme: 'electron-safeStorage',
      encrypt: (p) => fake.safeStorage.encryptString(p).toString('base64'),
      decrypt: (c) => fake.safeStorage.decryptString(Buffer.from(c, 'base64')),
    };
    const server = settingsOfUrl(store.url!);
    const password = new URL(TEST_PG!).password
      ? decodeURIComponent(new URL(TEST_PG!).password)
      : 'unused-on-trust';
    try {
      await setUpOffice(store.db);
      const desk = await startAppCore({
        dataDir: dir,
        startupCare: false,
        storeConfig: { file: configFile, secrets },
      });
      try {
        const joined = await desk.dispatcher.call('store.connect', { server, password }, 'w');
        expect(joined).toMatchObject({ state: 'office', office: '越城区卫生健康局' });
        expect(joined.message).toMatch(/已有“越城区卫生健康局”的数据，本机将加入该单位，请用您的账号登录/);
        const status = await desk.dispatcher.call('system.status', {}, 'w');
        expect(status).toMatchObject({ initialized: true, user: null, office: { name: '越城区卫生健康局' } });
        await desk.dispatcher.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'w');
        expect((await desk.dispatcher.call('store.info', {}, 'w')).current).toMatchObject({
          kind: 'server',
          passwordStored: true,
        });
      } finally {
        await desk.close();
      }
      const raw = readFileSync(configFile, 'utf8');
      expect(raw).not.toContain(password);
      // Kept: the next start connects without asking.
      const again = await startAppCore({
        dataDir: dir,
        startupCare: false,
        storeConfig: { file: configFile, secrets },
      });
      expect(again.pending).toBeNull();
      expect(again.server).toContain(new URL(store.url!).pathname.slice(1));
      await again.close();
      // Tampered with: asked for again, before anyone signs in; the typed password is kept anew.
      const json = JSON.parse(raw) as { password: { data: string } };
      json.password.data = Buffer.from('v10' + 'x'.repeat(40)).toString('base64');
      writeFileSync(configFile, JSON.stringify(json));
      const asked = await startAppCore({
        dataDir: dir,
        startupCare: false,
        storeConfig: { file: configFile, secrets },
      });
      try {
        expect(asked.pending).toMatchObject({ reason: 'password' });
        expect(asked.pending!.message).toMatch(/无法解密.*请重新输入/);
        await asked.dispatcher.call('store.unlock', { password }, 'w');
        expect(asked.pending).toBeNull();
        expect(readStoreConfig(configFile, secrets)!.password).toBe(password);
      } finally {
        await asked.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await store.close();
    }
  }, 60_000);

  it('a server that goes away mid-transaction (its backend terminated): Chinese error, nothing written, then served again', async () => {
    const store = await openTestStore({ poolSize: 2 });
    const killer = admin();
    await killer.connect();
    try {
      await setUpOffice(store.db);
      const real = buildHandlers();
      let killNext = true;
      const handlers = {
        ...real,
        'departments.create': (async (input, ctx) => {
          const out = await real['departments.create'](input, ctx);
          if (killNext) {
            killNext = false;
            const { sql } = await import('kysely');
            const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(ctx.db)).rows[0]!
              .pid;
            await killer.query('select pg_terminate_backend($1)', [pid]);
          }
          return out;
        }) as (typeof real)['departments.create'],
      };
      const d = dispatcherOn(store.db, { handlers });
      await d.call('auth.login', { username: ADMIN.username, password: ADMIN.password }, 'w');
      const before = await count(store.db, 'departments');
      const auditBefore = await count(store.db, 'audit_log');
      const lost = await failure(
        d.call(
          'departments.create',
          { fullName: '越城区中断测试局', shortName: '中断局', kind: 'department' },
          'w',
        ),
      );
      expect(lost.code).toBe('DB_UNAVAILABLE');
      expect(lost.message).toMatch(/连接中断，本次操作未保存（已全部撤销）/);
      expect(await count(store.db, 'departments')).toBe(before);
      expect(await count(store.db, 'audit_log')).toBe(auditBefore);
      // The pool replaces the dead connection: the next write goes through.
      const again = await d.call(
        'departments.create',
        { fullName: '越城区恢复测试局', shortName: '恢复局', kind: 'department' },
        'w',
      );
      expect(again.shortName).toBe('恢复局');
      expect(await count(store.db, 'departments')).toBe(before + 1);
    } finally {
      await killer.end();
      await store.close();
    }
  }, 60_000);
});

describe.runIf(TEST_PG)('prepared statements on the office server', () => {
  it('a seat’s session: no JIT, no parallel workers; a count over a large table is planned without a Gather', async () => {
    const store = await openTestStore({ poolSize: 1 });
    try {
      const setting = async (name: string) =>
        (await sql<{ v: string }>`select current_setting(${name}) as v`.execute(store.db)).rows[0]!.v;
      expect(await setting('jit')).toBe('off');
      expect(await setting('max_parallel_workers_per_gather')).toBe('0');
      // A table large enough that the server, left to itself, plans a parallel scan to count it (as it did for the
      // 60,000 complaints of a 10-year district); this store is a throw-away database of its own.
      await sql`create table zz_parallel as select g, md5(g::text) as m from generate_series(1, 300000) g`.execute(
        store.db,
      );
      await sql`analyze zz_parallel`.execute(store.db);
      const plan = async () =>
        (await sql<{ 'QUERY PLAN': string }>`explain select count(*) from zz_parallel`.execute(store.db)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      expect(await plan()).not.toMatch(/Gather/);
      await sql`set max_parallel_workers_per_gather = 2`.execute(store.db);
      expect(await plan()).toMatch(/Gather/);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('prepares a statement once per connection, and a table changed under it is read again unprepared', async () => {
    const store = await openTestStore({ poolSize: 1 });
    const other = new pg.Client({ connectionString: store.url! });
    try {
      const read = () => store.db.selectFrom('settings').selectAll().where('key', '!=', 'zz').execute();
      const before = await read();
      expect(before.length).toBeGreaterThan(0);
      await read();
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
        store.db,
      );
      expect(prepared.rows.filter((r) => r.statement.includes('from "settings"'))).toHaveLength(1);
      // Another seat, upgraded, adds a column: the prepared `select *` may not change its columns; it runs again.
      await other.connect();
      await other.query('alter table settings add column zz_added text');
      const after = await read();
      expect(after).toHaveLength(before.length);
      expect(Object.keys(after[0]!)).toContain('zz_added');
      // Dropped again: the text is no longer prepared, so nothing stale is left to fail.
      await other.query('alter table settings drop column zz_added');
      expect((await read()).length).toBe(before.length);
    } finally {
      await other.end().catch(() => undefined);
      await store.close();
    }
  }, 60_000);
});
