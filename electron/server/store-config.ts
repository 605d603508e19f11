// Where this desk keeps the office's records, remembered between starts: a small JSON file in the per-user
// application-data folder, beside the data folder (no admin rights needed). It names the office's database server
// (host, port, database, user, TLS mode and CA file) or says 单机使用. The server password is kept only when the
// desktop shell can encrypt it with the operating system's key store (Electron safeStorage: DPAPI on Windows, the
// keychain on macOS, libsecret/kwallet on Linux); it is never written in plain text. Without that (the browser
// host, Linux without a key ring) it is asked for at every start.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { serverSettings, type ServerSettings } from '../../shared/contract/store';
import { APP_ID } from './version';
import { defaultAppDataDir } from './data-dir';

export const STORE_CONFIG_NAME = 'store.json';

/** Encrypts and decrypts the server password with the operating system's key store (Electron safeStorage). */
export interface SecretBox {
  /** e.g. 'electron-safeStorage' (recorded beside the ciphertext). */
  readonly scheme: string;
  encrypt(plain: string): string;
  /** Throws when the ciphertext was made elsewhere or was tampered with. */
  decrypt(cipher: string): string;
}

export type StoreChoice = { kind: 'local' } | { kind: 'server'; server: ServerSettings };

export interface StoreConfig {
  choice: StoreChoice;
  /** The saved password, decrypted; null when none is stored or it could not be decrypted. */
  password: string | null;
  /** Why a stored password could not be used (null when there is none or it decrypted). */
  passwordProblem: string | null;
  /** Whether a password is stored (even one that no longer decrypts). */
  passwordStored: boolean;
}

const fileSchema = z.object({
  format: z.literal('zongjian-store'),
  version: z.literal(1),
  store: z.enum(['local', 'server']),
  server: serverSettings.optional(),
  password: z.object({ scheme: z.string(), data: z.string() }).nullable().optional(),
});

/** The store file: beside the data folder in the per-user application-data folder; when the data folder was
 *  named (--data, ZONGJIAN_DATA, the portable .exe's folder) it is inside that folder, so every data folder keeps
 *  its own choice. */
export function storeConfigPath(i: {
  dataDir: string;
  /** True when --data, ZONGJIAN_DATA or the portable launcher named the data folder. */
  namedDataDir: boolean;
  appDataDir?: string | undefined;
}): string {
  if (i.namedDataDir) return join(i.dataDir, STORE_CONFIG_NAME);
  return join(i.appDataDir ?? defaultAppDataDir(), APP_ID, STORE_CONFIG_NAME);
}

/** The saved choice, or null when there is none (the data folder, as always). A file that cannot be read is an
 *  error in Chinese: the desk must not quietly fall back to an empty local store. */
export function readStoreConfig(file: string, secrets: SecretBox | null): StoreConfig | null {
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(
      `数据存储设置文件 ${file} 无法读取（${(e as Error).message}）。请删除该文件后重新设置。`,
      {
        cause: e,
      },
    );
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success || (parsed.data.store === 'server' && !parsed.data.server)) {
    throw new Error(`数据存储设置文件 ${file} 的内容无效。请删除该文件后重新设置。`);
  }
  const f = parsed.data;
  if (f.store === 'local') {
    return { choice: { kind: 'local' }, password: null, passwordProblem: null, passwordStored: false };
  }
  let password: string | null = null;
  let passwordProblem: string | null = null;
  const stored = f.password ?? null;
  if (stored) {
    if (!secrets || secrets.scheme !== stored.scheme) {
      passwordProblem = '本机无法解密保存的数据库密码，请重新输入';
    } else {
      try {
        password = secrets.decrypt(stored.data);
      } catch {
        passwordProblem =
          '保存的数据库密码无法解密（可能已被改动，或来自另一台电脑或另一个用户），请重新输入';
      }
    }
  }
  return {
    choice: { kind: 'server', server: f.server! },
    password,
    passwordProblem,
    passwordStored: !!stored,
  };
}

/** Saves the choice (atomically, readable by this user only). The password is kept only through `secrets`;
 *  without it, or with password null, none is written. Returns whether a password was kept. */
export function writeStoreConfig(
  file: string,
  choice: StoreChoice,
  password: string | null,
  secrets: SecretBox | null,
): boolean {
  const kept = choice.kind === 'server' && password !== null && secrets !== null;
  const content = {
    format: 'zongjian-store',
    version: 1,
    store: choice.kind,
    ...(choice.kind === 'server'
      ? {
          server: choice.server,
          password: kept ? { scheme: secrets.scheme, data: secrets.encrypt(password) } : null,
        }
      : {}),
  };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  if (process.platform !== 'win32') chmodSync(temp, 0o600);
  renameSync(temp, file);
  return kept;
}

/** The connection URL node-postgres reads (the password in it; never shown or logged: redactUrl). */
export function serverUrl(s: ServerSettings, password: string): string {
  const u = new URL('postgres://localhost/');
  u.hostname = s.host.includes(':') && !s.host.startsWith('[') ? `[${s.host}]` : s.host;
  u.port = String(s.port);
  u.pathname = `/${encodeURIComponent(s.database)}`;
  u.username = encodeURIComponent(s.user);
  if (password) u.password = encodeURIComponent(password);
  // 要求加密: libpq's meaning (encrypted, the certificate not checked); 验证证书: the office CA, and the name.
  if (s.tls === 'disable') u.searchParams.set('sslmode', 'disable');
  else if (s.tls === 'require') {
    u.searchParams.set('uselibpqcompat', 'true');
    u.searchParams.set('sslmode', 'require');
  } else {
    u.searchParams.set('sslmode', 'verify-full');
    if (s.caFile) u.searchParams.set('sslrootcert', s.caFile);
  }
  return u.toString();
}

/** The settings a postgres:// URL names (for a server given on the command line), without its password. */
export function settingsOfUrl(url: string): ServerSettings {
  const u = new URL(url);
  const mode = u.searchParams.get('sslmode');
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    user: decodeURIComponent(u.username),
    tls:
      mode === 'verify-full' || mode === 'verify-ca'
        ? 'verify-full'
        : mode && mode !== 'disable'
          ? 'require'
          : 'disable',
    caFile: u.searchParams.get('sslrootcert') ?? '',
  };
}
