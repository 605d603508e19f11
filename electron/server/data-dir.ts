// Where an office's data lives. Installed: the per-user application-data folder (no admin rights needed).
// Portable (the single .exe on a USB stick): `data/` beside the executable, so the data travels with it.
// `--data DIR` (or the ZONGJIAN_DATA environment variable) names any other folder. Paths are joined with the
// separator of the platform they are for (path.win32 for Windows), so 'C:\Users\张三\AppData\Roaming' or
// 'D:\综合 监管' come out as Windows paths even when the rules are checked elsewhere.
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { APP_ID } from './version';

export interface DataDirInputs {
  explicit?: string | undefined; // --data DIR
  portableExecutableDir?: string | undefined; // set by electron-builder's portable launcher
  appDataDir?: string | undefined; // Electron's app.getPath('appData') where available
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

function pathFor(platform: NodeJS.Platform): typeof posix {
  return platform === 'win32' ? win32 : posix;
}

/** The per-user application-data folder Electron would use, computed without Electron for the browser host. */
export function defaultAppDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  const { join } = pathFor(platform);
  if (platform === 'win32') return env.APPDATA ?? join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(home, '.config');
}

/** First match wins: --data, then ZONGJIAN_DATA, then beside the portable .exe, then the per-user folder. */
export function resolveDataDir(i: DataDirInputs = {}): string {
  const env = i.env ?? process.env;
  const { join } = pathFor(i.platform ?? process.platform);
  if (i.explicit) return i.explicit;
  if (env.ZONGJIAN_DATA) return env.ZONGJIAN_DATA;
  if (i.portableExecutableDir) return join(i.portableExecutableDir, 'data');
  return join(i.appDataDir ?? defaultAppDataDir(i.platform, env), APP_ID, 'data');
}

/** The value of `--data DIR` or `--data=DIR` in a command line (the desktop app's process.argv, where Electron
 *  and Chromium switches sit beside it), or undefined. */
export function dataDirArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return undefined;
    if (arg.startsWith('--data=')) return arg.slice('--data='.length) || undefined;
    if (arg === '--data') {
      const value = argv[i + 1];
      return value !== undefined && !value.startsWith('--') ? value : undefined;
    }
  }
  return undefined;
}
