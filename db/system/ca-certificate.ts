// The office CA certificate of 连接单位数据库服务器 (验证证书, verify-full): the PEM file the server's administrator
// hands out, which signs the database server's certificate. Whatever way it arrives — picked in the desktop's file
// dialog (a path), or read by the browser and sent as text (kept in the data folder, since a browser cannot hand
// over a path) — it is read here with node:crypto's X509Certificate before it is used: a file that is not a
// certificate, holds a private key or has expired is refused in Chinese, and a good one is described as
// 颁发给 …，有效期至 YYYY-MM-DD.
import { createHash, X509Certificate } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaCertificate } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { formatDate } from '../../shared/format';

/** A CA file is a few kilobytes; a chain of several certificates stays far below this. */
export const CA_FILE_MAX_BYTES = 256 * 1024;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const refuse = (message: string) => new AppError('VALIDATION', message);

/** X509Certificate.validTo ('Dec  6 00:00:00 2027 GMT') as an instant. */
export function certificateTime(text: string): Date {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[1]!) : -1;
  if (!m || month < 0) return new Date(Number.NaN);
  return new Date(Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
}

/** One line of a distinguished name: 'CN=越城区卫生健康局 CA' → the CN's value (null when absent). */
function field(subject: string, key: string): string | null {
  for (const line of subject.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && line.slice(0, at).trim() === key) return line.slice(at + 1).trim();
  }
  return null;
}

/** Who the certificate names: its common name, with its organization when that says more. */
function subjectText(cert: X509Certificate): string {
  const cn = field(cert.subject, 'CN');
  const o = field(cert.subject, 'O');
  if (cn && o && !cn.includes(o)) return `${cn}（${o}）`;
  return cn ?? o ?? cert.subject.split('\n').join('，');
}

/**
 * Reads a CA file's text: one or more PEM certificates (a chain). `name` is how the file is named in messages.
 * Throws a Chinese VALIDATION error for anything else. `pem`: the certificates alone, re-encoded (nothing else
 * of the file is kept).
 */
export function readCaCertificate(
  text: string,
  name: string,
  now: Date,
): { info: Omit<CaCertificate, 'path'>; pem: string } {
  const label = name ? `“${name}”` : '所选文件';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw refuse(
      `${label}含有私钥，不能作为 CA 证书使用，也不应分发到各台电脑。请向服务器管理员索取只含单位 CA 证书的文件（.crt 或 .pem）。`,
    );
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    const binary = text.includes('\0') || text.includes('\uFFFD');
    throw refuse(
      `${label}不是 PEM 格式的证书：CA 证书文件应为以“-----BEGIN CERTIFICATE-----”开头的文本文件（.crt 或 .pem）。${
        binary
          ? '该文件似为二进制（DER）格式，请服务器管理员导出为 Base64（PEM）格式。'
          : '请选择服务器管理员提供的单位 CA 证书文件。'
      }`,
    );
  }
  const certs = blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw refuse(
        `${label}中的${blocks.length > 1 ? `第 ${i + 1} 张` : ''}证书已损坏，无法读取。请向服务器管理员重新索取单位 CA 证书文件。`,
      );
    }
  });
  const first = certs[0]!;
  // validToDate where this Node has it (22.10 and later), otherwise the text it has always given.
  const expires = (first as { validToDate?: Date }).validToDate ?? certificateTime(first.validTo);
  if (Number.isNaN(expires.getTime())) {
    throw refuse(
      `${label}中的证书有效期无法读取（${first.validTo}）。请向服务器管理员重新索取单位 CA 证书文件。`,
    );
  }
  const expiresOn = formatDate(expires);
  const subject = subjectText(first);
  if (expires.getTime() <= now.getTime()) {
    throw refuse(
      `${label}中的证书（颁发给 ${subject}）已于 ${expiresOn} 过期，用它无法验证服务器。请向服务器管理员索取新的单位 CA 证书。`,
    );
  }
  const summary = `颁发给 ${subject}，有效期至 ${expiresOn}${certs.length > 1 ? `（文件中共 ${certs.length} 张证书）` : ''}`;
  return {
    info: { subject, expiresOn, count: certs.length, summary },
    pem: certs.map((c) => c.toString().trim()).join('\n') + '\n',
  };
}

/** Reads the CA file at `path` (a picked or typed path), refusing in Chinese what cannot be used. */
export function readCaFile(path: string, now: Date): CaCertificate {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    // Only a plain file (a device such as /dev/zero, or a pipe, would never end).
    if (st.isDirectory()) throw refuse(`${path} 是文件夹，不是 CA 证书文件。`);
    if (!st.isFile()) throw refuse(`${path} 不是普通文件，不是 CA 证书文件。`);
    if (st.size > CA_FILE_MAX_BYTES) {
      throw refuse(`CA 证书文件 ${path} 过大（超过 ${CA_FILE_MAX_BYTES / 1024} KB），不是证书文件。`);
    }
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    throw refuse(
      code === 'ENOENT'
        ? `找不到 CA 证书文件 ${path}。请重新选择服务器管理员提供的单位 CA 证书文件。`
        : code === 'EISDIR'
          ? `${path} 是文件夹，不是 CA 证书文件。`
          : `无法读取 CA 证书文件 ${path}（${code ?? (e as Error).message}）。`,
    );
  }
  return { path, ...readCaCertificate(bytes.toString('utf8'), path, now).info };
}

/**
 * Keeps a CA certificate sent as text (browser mode) in the data folder, readable by this user only, under a name
 * made from its content (a new CA chosen for the next start does not change the file the running connection
 * reads). Returns where it is and what it says.
 */
export function keepCaCertificate(dataDir: string, text: string, name: string, now: Date): CaCertificate {
  const { info, pem } = readCaCertificate(text, name, now);
  const digest = createHash('sha256').update(pem).digest('hex').slice(0, 12);
  const path = join(dataDir, `office-ca-${digest}.pem`);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, pem, { mode: 0o600 });
  if (process.platform !== 'win32') chmodSync(temp, 0o600);
  renameSync(temp, path);
  return { path, ...info };
}
