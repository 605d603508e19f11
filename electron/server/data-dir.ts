// Where an office's data lives. Installed: the per-user application-data folder (no admin rights needed).
// Portable (the single .exe on a USB stick): `data/` beside the executable, so the data travels with it.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { APP_ID } from './version';

export interface DataDirInputs {
  explicit?: string | undefined; // --data DIR or ZONGJIAN_DATA
  portableExecutableDir?: string | undefined; // set by electron-builder's portable launcher
  appDataDir?: string | undefined; // Electron's app.getPath('appData') where available
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

/** The per-user application-data folder Electron would use, computed without Electron for the browser host. */
export function defaultAppDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
}

export function resolveDataDir(i: DataDirInputs = {}): string {
  const env = i.env ?? process.env;
  if (i.explicit) return i.explicit;
  if (env.ZONGJIAN_DATA) return env.ZONGJIAN_DATA;
  if (i.portableExecutableDir) return join(i.portableExecutableDir, 'data');
  return join(i.appDataDir ?? defaultAppDataDir(i.platform, env), APP_ID, 'data');
}
