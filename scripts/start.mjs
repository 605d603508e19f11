// `npm start`: build, then open the desktop window where an Electron runtime is installed; otherwise say so
// plainly and serve the same app on 127.0.0.1 for a browser on this machine.
import { spawn, spawnSync } from 'node:child_process';
import { findElectronRuntime } from './electron-runtime.mjs';

const npmExec = process.platform === 'win32' ? 'npx.cmd' : 'npx';

console.log('正在构建综合监管工作台…');
const build = spawnSync(npmExec, ['electron-vite', 'build'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (build.status !== 0) {
  console.error('构建失败，请查看上方的错误信息。');
  process.exit(build.status ?? 1);
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
  const child = spawn(process.execPath, ['out/main/host.js', ...extra], { stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
