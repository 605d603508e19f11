// `npm test`: the project's checks in order — typecheck, lint, security, test:unit, build, test:e2e — each one the
// npm script of that name (still runnable alone), stopping at the first failure with its exit code. Prints how long
// each step took and the total, so a slow step shows in every run's log.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const ALL = ['typecheck', 'lint', 'security', 'test:unit', 'build', 'test:e2e'];
// `node scripts/test.mjs lint security`: only those steps, in the order given (npm test runs them all).
const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !ALL.includes(s));
if (unknown.length) {
  console.error(`未知步骤：${unknown.join('、')}；可选：${ALL.join('、')}`);
  process.exit(2);
}
const STEPS = asked.length ? asked : ALL;

/** 83.2 s → "1 分 23 秒"; under a minute, seconds with a tenth. */
function duration(ms) {
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} 秒`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} 分 ${String(s % 60).padStart(2, '0')} 秒`;
}

function runScript(step) {
  // Under npm, npm_execpath is npm's own CLI: the same npm runs each step. Otherwise the npm on PATH.
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli
    ? [process.execPath, [npmCli, 'run', step]]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', step]];
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: !npmCli && process.platform === 'win32' });
  if (r.error) {
    console.error(`无法运行 npm run ${step}：${r.error.message}`);
    return 1;
  }
  return r.status ?? (r.signal ? 1 : 0);
}

const started = performance.now();
const done = [];
for (const step of STEPS) {
  console.log(`\n▶ npm run ${step}`);
  const t0 = performance.now();
  const code = runScript(step);
  const ms = performance.now() - t0;
  done.push({ step, ms, code });
  console.log(`${code === 0 ? '✓' : '✗'} ${step}：${duration(ms)}${code === 0 ? '' : `（退出码 ${code}）`}`);
  if (code !== 0) break;
}

const total = performance.now() - started;
console.log('\n各步骤用时：');
for (const d of done) console.log(`  ${d.code === 0 ? '✓' : '✗'} ${d.step.padEnd(10)} ${duration(d.ms)}`);
const failed = done.find((d) => d.code !== 0);
if (failed) {
  console.log(`npm test 未通过：${failed.step} 失败（退出码 ${failed.code}）；总用时 ${duration(total)}`);
  process.exit(failed.code);
}
console.log(`npm test 总用时 ${duration(total)}`);
