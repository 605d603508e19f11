// Hostile input, property-based: every method in the contract is sent random and malformed arguments (wrong
// types, huge strings, deep nesting, prototype-pollution keys, control characters, lone surrogates) as an
// administrator and as a stranger. Every answer must be an envelope with a known, non-internal error code and a
// Chinese message; nothing may crash, pollute Object.prototype, or change the database.
import { dialectOf, tableNames } from '../../db/core/dialect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { contract } from '../../shared/contract';
import { ERROR_CODES } from '../../shared/errors';
import { newSetupApp, type TestApp } from './helpers';

let app: TestApp;
let dir: string;
let cases = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zj-hostile-'));
  app = await newSetupApp({ dataDir: dir });
  await app.call('settings.update', { idleLockMinutes: 0 });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`hostile input: ${cases} cases over ${Object.keys(contract).length} methods`);
});

async function rowCounts(): Promise<Record<string, number>> {
  const names = [...(await tableNames(app.db, dialectOf(app.db)))]
    .filter((n) => !n.startsWith('sqlite_'))
    .sort();
  const out: Record<string, number> = {};
  for (const name of names) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(app.db);
    out[name] = r.rows[0]!.n;
  }
  return out;
}

const deep = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};
const hostileValue = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    true,
    false,
    0,
    -1,
    1e308,
    Number.NaN,
    Infinity,
    -Infinity,
    2 ** 53 + 1,
    -(2 ** 31),
  ),
  fc.constantFrom(
    '',
    '\u0000',
    '\uD800',
    '\uDFFF\uD800',
    '\u202E甲',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; drop table users; --",
  ),
  fc.constantFrom('x'.repeat(200_000), '汉'.repeat(100_000)),
  fc.constant(deep(2000)),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
  fc.constant(JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.anything(),
);
/** Arguments shaped like a method's real input, with one field replaced by something hostile. */
const hostileArgs = fc.oneof(
  hostileValue,
  fc
    .record({
      key: fc.constantFrom(
        'id',
        'year',
        'quarter',
        'name',
        'fullName',
        'shortName',
        'fileName',
        'base64',
        'username',
        'password',
        'itemId',
        'departmentId',
        'ids',
        'units',
        'date',
        'kind',
        'status',
      ),
      value: hostileValue,
    })
    .map(({ key, value }) => ({
      year: 2026,
      quarter: 4,
      id: 1,
      itemId: 1,
      departmentId: 1,
      fullName: '某单位',
      shortName: '某',
      [key]: value,
    })),
);

const CJK = /[\u4e00-\u9fff]/;

describe('hostile input', () => {
  it('every method answers malformed arguments with a clear AppError and changes nothing', async () => {
    const before = await rowCounts();
    for (const [name, method] of Object.entries(contract)) {
      const slow = /auth\.|users\.|system\.setup|password/i.test(name); // scrypt: fewer runs
      await fc.assert(
        fc.asyncProperty(hostileArgs, fc.constantFrom('test', 'stranger'), async (args, session) => {
          // Only inputs the schema rejects: valid-by-chance ones may legitimately write.
          if (method.input.safeParse(args ?? {}).success) return;
          cases++;
          const env = await app.dispatcher.dispatch(name, args, session);
          expect(env.ok, name).toBe(false);
          if (env.ok) return;
          expect(ERROR_CODES, `${name}: ${env.error.code}`).toContain(env.error.code);
          expect(env.error.code, `${name}: ${env.error.message}`).not.toBe('INTERNAL');
          expect(env.error.message, name).toMatch(CJK);
          expect(({} as Record<string, unknown>).polluted, name).toBeUndefined();
        }),
        { numRuns: slow ? 20 : 200 },
      );
    }
    expect(await rowCounts()).toEqual(before);
  }, 120_000);

  it('a method name that is not in the contract, or a prototype key, is refused', async () => {
    for (const name of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'system',
      '',
      'departments.list.x',
    ]) {
      const env = await app.dispatcher.dispatch(name, {}, 'test');
      expect(env).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      cases++;
    }
  });
});
