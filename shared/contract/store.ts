// 数据存储: where this desk keeps the office's records — the data folder on this computer (单机使用), or the
// office's PostgreSQL server (连接单位数据库服务器, 多人协同). First-run setup chooses; 系统设置 shows and changes it
// (taking effect on restart). The server's password never travels back to a window.
import { z } from 'zod';
import { can, operation, publicAccess, query, result } from './define';
import { empty } from './common';

export type TlsMode = 'disable' | 'require' | 'verify-full';

export const TLS_MODE_LABELS: Record<TlsMode, string> = {
  disable: '不加密',
  require: '要求加密',
  'verify-full': '验证证书（verify-full）',
};

/** The server's address and account, without the password. */
export interface ServerSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  tls: TlsMode;
  /** The office CA certificate (PEM) that signs the server's certificate; '' when none. */
  caFile: string;
}

/** The office CA certificate chosen for 验证证书, as read on this desk. */
export interface CaCertificate {
  /** Where it is: the picked file, or the copy kept in the data folder (browser mode). */
  path: string;
  /** Whom it was issued to (its common name, and organization). */
  subject: string;
  /** Its last valid day (Beijing time), 2027-12-06. */
  expiresOn: string;
  /** How many certificates the file holds (a chain: more than one). */
  count: number;
  /** 颁发给 …，有效期至 YYYY-MM-DD */
  summary: string;
}

/** What a connection test found on the server's database. */
export interface ConnectionTest {
  /** empty: no tables (this app will create its own); new: this app's tables but no office yet; office: an office
   *  is already there (this desk joins it). */
  state: 'empty' | 'new' | 'office';
  office: string | null;
  serverVersion: string;
  /** One sentence for the person at the screen. */
  message: string;
}

export interface StoreInfo {
  /** The store in use now. */
  current:
    | { kind: 'local'; dataDir: string }
    | { kind: 'server'; server: ServerSettings; fromCommandLine: boolean; passwordStored: boolean };
  /** The choice saved for the next start when it differs from what runs now (null: the same). */
  next: { kind: 'local' } | { kind: 'server'; server: ServerSettings } | null;
  /** Whether this desk can keep the server password (encrypted by the operating system); otherwise it is asked
   *  for at every start. */
  canStorePassword: boolean;
  /** Where the choice is kept. */
  configFile: string | null;
}

/** Before sign-in: the server the desk is set to use, and why it is not connected yet. */
export interface StorePending {
  server: ServerSettings;
  /** 'password': none is stored here, please type it; 'failed': connecting failed (message says why). */
  reason: 'password' | 'failed';
  message: string;
}

const text = (what: string, max: number) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, { error: `请填写${what}` })
    .max(max, { error: `${what}不能超过 ${max} 个字符` });

export const serverSettings = z
  .object({
    host: text('服务器地址', 253).regex(/^[A-Za-z0-9._\-:[\]]+$/, {
      error: '服务器地址应为主机名或 IP 地址，例如 192.168.1.10 或 db.wjw.local',
    }),
    port: z.coerce
      .number({ error: '端口应为 1–65535 的整数' })
      .int({ error: '端口应为 1–65535 的整数' })
      .min(1, { error: '端口应为 1–65535 的整数' })
      .max(65535, { error: '端口应为 1–65535 的整数' }),
    // node-postgres reads the name back with decodeURI, which leaves ? = & # encoded: only names it reads back whole.
    database: text('数据库名称', 63).regex(/^[\p{L}\p{N}_.$-]+$/u, {
      error: '数据库名称只能包含字母、汉字、数字、下划线、点、$ 和短横线',
    }),
    user: text('数据库用户名', 63),
    tls: z.enum(['disable', 'require', 'verify-full'], { error: '请选择加密方式' }),
    caFile: z
      .string()
      .trim()
      .max(1000, { error: '路径过长' })
      .refine((p) => !p.includes('\0'), { error: '路径含有非法字符' })
      .default(''),
  })
  .refine((s) => s.tls !== 'verify-full' || s.caFile !== '', {
    error: '验证证书需要单位的 CA 证书文件：请选择服务器管理员提供的证书文件',
    path: ['caFile'],
  });

/** The office CA certificate: picked in the desktop's file dialog, sent as text by a browser (which cannot hand
 *  over a path), or a path already typed or saved. */
const caCertificateSource = z.discriminatedUnion(
  'source',
  [
    z.object({ source: z.literal('dialog') }),
    z.object({
      source: z.literal('content'),
      fileName: z.string().trim().max(255, { error: '文件名过长' }).default(''),
      text: z
        .string({ error: '请选择证书文件' })
        .min(1, { error: '所选文件是空文件，不是证书' })
        .max(256 * 1024, { error: '所选文件过大（超过 256 KB），不是证书文件' }),
    }),
    z.object({
      source: z.literal('path'),
      path: z
        .string()
        .trim()
        .min(1, { error: '请填写 CA 证书文件的路径' })
        .max(1000, { error: '路径过长' })
        .refine((p) => !p.includes('\0'), { error: '路径含有非法字符' }),
    }),
  ],
  { error: '请选择证书文件' },
);

const serverPassword = z.string({ error: '请填写数据库密码' }).max(200, { error: '密码不能超过 200 个字符' });

const target = z.object({ server: serverSettings, password: serverPassword });

export const storeContract = {
  /** Which store is in use (administrators: 系统设置 › 数据存储). */
  'store.info': query(empty, result<StoreInfo>(), can('settings.manage')),
  /** Before sign-in: the server this desk waits for (null when it is not waiting). */
  'store.pending': query(empty, result<StorePending | null>(), publicAccess),
  /** Tries the server: connects, signs in, and looks at the database (empty, this app's, another program's, a
   *  newer version's). Public only during first-run setup; afterwards administrators only. */
  'store.test': query(target, result<ConnectionTest>(), publicAccess),
  /** The office CA certificate for 验证证书: read and checked (a PEM certificate that has not expired), and
   *  described; one sent as text is kept in the data folder. null: the dialog was cancelled. Public only during
   *  first-run setup; afterwards administrators only. */
  'store.caCertificate': query(caCertificateSource, result<CaCertificate | null>(), publicAccess),
  /** First-run setup: switch this desk to the server now (an empty database is prepared; an office already there
   *  is joined) and remember the choice. Refused once this desk has an office. */
  'store.connect': operation(target, result<ConnectionTest>(), publicAccess),
  /** 系统设置: remember another store for the next start (tested first). */
  'store.save': operation(
    z.discriminatedUnion(
      'kind',
      [
        z.object({ kind: z.literal('local') }),
        z.object({ kind: z.literal('server'), server: serverSettings, password: serverPassword }),
      ],
      { error: '请选择数据存储方式' },
    ),
    result<{ message: string }>(),
    can('settings.manage'),
  ),
  /** At start, when no password is stored: the password for the saved server; connects and carries on. */
  'store.unlock': operation(z.object({ password: serverPassword }), result<ConnectionTest>(), publicAccess),
};
