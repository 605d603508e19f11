// Rules about the code base itself, checked by reading the source: one audit writer, and no test that asserts on
// how long something took (timings belong in `npm run bench`, where a loaded machine shows as a slow row, not a
// failed build).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = process.cwd();
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

function filesUnder(dir: string, skip: (path: string) => boolean = () => false): string[] {
  return (readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile() && SOURCE.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((p) => !p.includes('/node_modules/') && !skip(p))
    .sort();
}

/** Writes to audit_log, through Kysely or in SQL. */
export function writesAuditLog(text: string): boolean {
  return (
    /insertInto\(\s*['"`]audit_log['"`]\s*\)/.test(text) || /insert\s+into\s+["'`]?audit_log\b/i.test(text)
  );
}

/** Reads the real clock and compares something with an upper bound: the shape of an elapsed-time assertion. */
export function assertsElapsedTime(text: string): boolean {
  const readsClock = /\bperformance\.now\(\)|\bDate\.now\(\)|\bprocess\.hrtime\b/.test(text);
  const boundsAbove = /\.toBeLessThan(?:OrEqual)?\(/.test(text);
  return readsClock && boundsAbove;
}

/** Test files that may read the clock beside an upper bound because the clock there is faked (vitest's fake timers),
 *  each with the reason. Keep it short: a real elapsed-time check belongs in tests/bench. */
const FAKE_CLOCK_ALLOWED: Record<string, string> = {};

describe('code base rules', () => {
  it('exactly one place writes audit_log rows: the dispatcher (migrations and tests aside)', () => {
    const files = [
      ...filesUnder('db', (p) => p.startsWith('db/core/migrations/')),
      ...filesUnder('electron'),
      ...filesUnder('shared'),
      ...filesUnder('renderer'),
      ...filesUnder('scripts'),
    ];
    expect(files).toContain('electron/server/dispatcher.ts');
    expect(files).toContain('electron/cli/signing.ts');
    const writers = files.filter((f) => writesAuditLog(readFileSync(join(ROOT, f), 'utf8')));
    expect(writers).toEqual(['electron/server/dispatcher.ts']);
  });

  it('no test asserts on elapsed wall-clock time', () => {
    const self = 'tests/unit/codebase-rules.test.ts';
    const files = [...filesUnder('tests/unit'), ...filesUnder('tests/e2e')].filter((f) => f !== self);
    expect(files).toContain('tests/unit/seed-demo-meetings.test.ts');
    const offenders = files.filter(
      (f) => !(f in FAKE_CLOCK_ALLOWED) && assertsElapsedTime(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(offenders, 'move the timing to tests/bench/index.ts (npm run bench)').toEqual([]);
    for (const f of Object.keys(FAKE_CLOCK_ALLOWED)) {
      expect(readFileSync(join(ROOT, f), 'utf8'), `${f} is allowed only while its clock is faked`).toMatch(
        /vi\.useFakeTimers\(|vi\.setSystemTime\(/,
      );
    }
  });

  it('every unit test file that replaces a module runs with modules of its own (vitest.config.ts OWN_MODULES)', () => {
    // The other files share their worker's modules (isolate: false): a mock there would leak into later files.
    const config = readFileSync(join(ROOT, 'vitest.config.ts'), 'utf8');
    const own = config.slice(
      config.indexOf('const OWN_MODULES'),
      config.indexOf('];', config.indexOf('const OWN_MODULES')),
    );
    const mocking = filesUnder('tests/unit')
      .filter((p) => p.endsWith('.test.ts'))
      .filter((p) => /\bvi\.(?:mock|doMock)\(/.test(readFileSync(join(ROOT, p), 'utf8')));
    expect(mocking.length).toBeGreaterThan(0);
    expect(mocking.filter((p) => !own.includes(`'${p}'`))).toEqual([]);
  });

  it('the checks recognise what they look for', () => {
    expect(writesAuditLog("await trx.insertInto('audit_log').values(row).execute();")).toBe(true);
    expect(writesAuditLog('await db\n  .insertInto("audit_log")')).toBe(true);
    expect(writesAuditLog('sql`INSERT INTO audit_log (at) values (${at})`')).toBe(true);
    expect(writesAuditLog("db.selectFrom('audit_log').selectAll()")).toBe(false);

    const timed =
      'const t0 = performance.now();\nawait seed();\nexpect(performance.now() - t0).toBeLessThan(5000);';
    expect(assertsElapsedTime(timed)).toBe(true);
    expect(assertsElapsedTime(timed.replace(/performance\.now\(\)/g, 'Date.now()'))).toBe(true);
    expect(assertsElapsedTime('const ms = Date.now() - t;\nexpect(ms).toBeLessThanOrEqual(100);')).toBe(true);
    // A clock read only to build a moving fake clock, or bounds on something that is not a time, pass.
    expect(assertsElapsedTime('const offset = Date.parse(NOW) - Date.now();\nexpect(n).toBe(3);')).toBe(
      false,
    );
    expect(assertsElapsedTime('expect(list.length).toBeLessThan(5);')).toBe(false);
  });
});
