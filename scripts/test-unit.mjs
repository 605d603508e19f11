// `npm run test:unit`: the unit suite on SQLite (every file), then — when ZONGJIAN_TEST_PG names a PostgreSQL server
// the tests may create and drop databases on — the files that go through the test helpers' database
// (tests/unit/helpers.ts newApp / openTestStore) again on PostgreSQL, each app on a fresh database cloned from a
// migrated template. Each run says which store it used. Extra arguments go to vitest (both runs).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const extra = process.argv.slice(2);
// vitest on the Node running this script (npm scripts run the project's Node 24; vitest needs it).
const vitest = join('node_modules', 'vitest', 'vitest.mjs');

function run(label, args, env) {
  console.log(`\n▶ 单元测试：${label}`);
  const r = spawnSync(process.execPath, [vitest, 'run', ...args, ...extra], { stdio: 'inherit', env });
  const code = r.status ?? 1;
  console.log(
    `${code === 0 ? '✓' : '✗'} 单元测试（${label}）${code === 0 ? '通过' : `未通过（退出码 ${code}）`}`,
  );
  return code;
}

const { ZONGJIAN_TEST_PG: pgUrl, ...base } = process.env;
let code = run('SQLite（内存数据库）', [], base);
if (code !== 0) process.exit(code);

if (pgUrl) {
  // The files that open their database through the helpers: the handlers, the dispatcher and the domains.
  const dir = join('tests', 'unit');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => /\b(newApp|newSetupApp|openTestStore)\(/.test(readFileSync(join(dir, f), 'utf8')))
    .map((f) => join(dir, f).split('\\').join('/'));
  const shown = pgUrl.replace(/:[^:@/]*@/, ':***@');
  console.log(`PostgreSQL 上运行 ${files.length} 个经测试辅助函数打开数据库的文件：${files.join(' ')}`);
  // Every query is a round trip to the server: the demo generators take about twice their SQLite time there.
  code = run(`PostgreSQL（${shown}）`, ['--testTimeout=60000', ...files], {
    ...base,
    ZONGJIAN_TEST_PG: pgUrl,
  });
} else {
  console.log('未设置 ZONGJIAN_TEST_PG：跳过 PostgreSQL 上的单元测试');
}
process.exit(code);
