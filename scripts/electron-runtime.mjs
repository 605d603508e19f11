// Where the Electron runtime is, without triggering the electron package's download-on-require (which
// would try the network on an offline machine). Used by `npm start` and the Electron smoke tests.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** @returns {{ path: string } | { reason: string }} */
export function findElectronRuntime() {
  let pkgDir;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: '未安装 electron 软件包' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const exe = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : process.platform === 'win32'
      ? 'electron.exe'
      : 'electron';
  const full = override ? join(override, exe) : join(pkgDir, 'dist', exe);
  if (existsSync(full)) return { path: full };
  return { reason: `Electron 运行时文件不存在（${full}），安装时未能下载` };
}
