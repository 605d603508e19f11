// `npm start`: build when out/ is not a build of the current sources (build-stamp.mjs), then open the desktop window
// where an Electron runtime is installed; otherwise say so plainly and serve the same app on 127.0.0.1 for a browser
// on this machine. The build's own listing (hundreds of font files) is shown only when the build fails.
import { spawn, spawnSync } from 'node:child_process';
import { HOST_NODE_FLAGS } from './host-flags.mjs';
import { performance } from 'node:perf_hooks';
import { findElectronRuntime } from './electron-runtime.mjs';
import { buildIsCurrent, writeStamp } from './build-stamp.mjs';

const npmExec = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const state = buildIsCurrent();
if (state.current && !process.env.ZONGJIAN_REBUILD) {
  console.log(`使用现有构建（${state.why}；设置 ZONGJIAN_REBUILD=1 可强制重新构建）。`);
} else {
  console.log(`正在构建综合监管工作台（${state.current ? '按要求重新构建' : state.why}）…`);
  const t0 = performance.now();
  const build = spawnSync(npmExec, ['electron-vite', 'build'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) {
    process.stdout.write(build.stdout ?? '');
    process.stderr.write(build.stderr ?? '');
    console.error('构建失败，请查看上方的错误信息。');
    process.exit(build.status ?? 1);
  }
  writeStamp();
  console.log(`构建完成（${((performance.now() - t0) / 1000).toFixed(1)} 秒）。`);
}

const electron = findElectronRuntime();
const extra = process.argv.slice(2);
if (electron.path) {
  const child = spawn(electron.path, ['.', ...extra], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('');
  console.log('未找到 Electron 运行时，无法打开桌面窗口。');
  console.log(`原因：${electron.reason}`);
  console.log('（本机可能无法下载 Electron。打包好的 Windows 安装程序自带运行时，不受影响。）');
  console.log('改为浏览器模式：同一个程序将在本机 127.0.0.1 上提供服务。');
  console.log('');
  // --open: the host opens its address in the system browser where there is a desktop (ZONGJIAN_NO_BROWSER=1: only
  // print it).
  const open = process.env.ZONGJIAN_NO_BROWSER ? [] : ['--open'];
  const child = spawn(process.execPath, [...HOST_NODE_FLAGS, 'out/main/host.js', ...open, ...extra], {
    stdio: 'inherit',
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
