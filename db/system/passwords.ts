// Password hashes: scrypt (memory-hard, in Node's own crypto) with a per-user salt; the parameters are stored
// in the hash so they can be raised later without breaking existing accounts.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PRODUCTION_N = 1 << 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
/** The cost of new hashes (each hash keeps its own: raising it later breaks no account). */
let N = PRODUCTION_N;

/**
 * Unit tests only: new hashes at N = 2^10 (about 3 ms instead of 100), as test settings of web frameworks use a
 * fast password hasher; the hundreds of accounts the unit tests create took about a minute of CI. Refused outside
 * vitest. The tests of the hashing itself switch back (`false`) and check the production cost.
 */
export function cheapHashingForTests(on: boolean): void {
  if (!process.env.VITEST) throw new Error('cheapHashingForTests 只能在单元测试中使用');
  N = on ? 1 << 10 : PRODUCTION_N;
}

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEYLEN, {
    N,
    r: R,
    p: P,
    maxmem: 128 * N * R * 2,
  });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await scrypt(password.normalize('NFC'), salt, expected.length, {
    N: n,
    r,
    p,
    maxmem: 128 * n * r * 2,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<string> | null = null;

/** A password check against a hash nobody's password matches: an unknown user name costs the same scrypt as a
 *  known one, so the time of a refusal does not tell which accounts exist. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(24).toString('base64'));
  await verifyPassword(password, await dummy);
  return false;
}

/** How an unknown name appears in the audit log: its first character and its length, never the whole text (a
 *  password typed into the name box must not be kept). */
export function maskedName(name: string): string {
  const chars = [...name];
  return chars.length === 0 ? '（空）' : `${chars[0]}…（共 ${chars.length} 个字符）`;
}
