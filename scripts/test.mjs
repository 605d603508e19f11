// `npm test`: the project's checks — typecheck (both programs), lint, security, build, test:unit, test:e2e — each one
// the npm script of that name (still runnable alone). The quick checks and the build need one core each at most
// and nothing from one another, so they run at the same time (on two cores about half a minute sooner), their
// output held and printed whole as each ends; then the unit tests, then the end-to-end tests, which use every core.
// Stops after the first phase that fails, with the failing step's exit code. Prints how long each step took and
// the total, so a slow step shows in every run's log.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const PHASES = [
  ['typecheck:node', 'typecheck:web', 'lint', 'security', 'build'],
  ['test:unit'],
  ['test:e2e'],
];
const ALL = PHASES.flat();
const ALIASES = { typecheck: ['typecheck:node', 'typecheck:web'] };
// `node scripts/test.mjs lint security`: only those steps (in their phases; npm test runs them all).
const asked = process.argv.slice(2).flatMap((s) => ALIASES[s] ?? [s]);
const unknown = asked.filter((s) => !ALL.includes(s));
if (unknown.length) {
  console.error(`未知步骤：${unknown.join('、')}；可选：typecheck、${ALL.join('、')}`);
  process.exit(2);
}
const wanted = (s) => !asked.length || asked.includes(s);

/** 83.2 s → "1 分 23 秒"; under a minute, seconds with a tenth. */
function duration(ms) {
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} 秒`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} 分 ${String(s % 60).padStart(2, '0')} 秒`;
}

/** Runs `npm run <step>`; with `hold`, its output is kept and returned instead of shown as it comes. */
function runScript(step, hold) {
  // Under npm, npm_execpath is npm's own CLI: the same npm runs each step. Otherwise the npm on PATH.
  const npmCli = process.env.npm_execpath;
  const [cmd, args] = npmCli
    ? [process.execPath, [npmCli, 'run', step]]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', step]];
  const t0 = performance.now();
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(cmd, args, {
      stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      shell: !npmCli && process.platform === 'win32',
    });
    if (hold) {
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
    }
    child.once('error', (e) => {
      const why = `无法运行 npm run ${step}：${e.message}\n`;
      if (hold) output += why;
      else process.stderr.write(why);
    });
    child.once('close', (code, signal) =>
      resolve({ step, ms: performance.now() - t0, code: code ?? (signal ? 1 : 0), output }),
    );
  });
}

const started = performance.now();
const done = [];
for (const phase of PHASES) {
  const steps = phase.filter(wanted);
  if (!steps.length) continue;
  const together = steps.length > 1;
  if (together) console.log(`\n▶ 同时运行：${steps.map((s) => `npm run ${s}`).join('、')}`);
  const results = await Promise.all(
    steps.map(async (step) => {
      if (!together) console.log(`\n▶ npm run ${step}`);
      const r = await runScript(step, together);
      if (together) process.stdout.write(`\n▶ npm run ${step}\n${r.output}`);
      console.log(
        `${r.code === 0 ? '✓' : '✗'} ${step}：${duration(r.ms)}${r.code === 0 ? '' : `（退出码 ${r.code}）`}`,
      );
      return r;
    }),
  );
  done.push(...results);
  if (results.some((r) => r.code !== 0)) break;
}

const total = performance.now() - started;
console.log('\n各步骤用时：');
for (const d of done) console.log(`  ${d.code === 0 ? '✓' : '✗'} ${d.step.padEnd(14)} ${duration(d.ms)}`);
const failed = done.find((d) => d.code !== 0);
if (failed) {
  console.log(`npm test 未通过：${failed.step} 失败（退出码 ${failed.code}）；总用时 ${duration(total)}`);
  process.exit(failed.code);
}
console.log(`npm test 总用时 ${duration(total)}`);
