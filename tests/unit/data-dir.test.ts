// The data folder rules (electron/server/data-dir.ts), for the desktop app, the browser host and the CLI:
// --data, then ZONGJIAN_DATA, then beside the portable .exe, then the per-user application-data folder.
// Windows paths are checked as Windows paths (path.win32), with Chinese characters and spaces.
import { posix, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirArgument, defaultAppDataDir, resolveDataDir } from '../../electron/server/data-dir';
import { APP_ID } from '../../electron/server/version';

const roaming = 'C:\\Users\\张三\\AppData\\Roaming';

describe('data folder on Windows', () => {
  it('installed: %APPDATA%\\zongjian-desk\\data', () => {
    expect(resolveDataDir({ platform: 'win32', appDataDir: roaming, env: {} })).toBe(
      `C:\\Users\\张三\\AppData\\Roaming\\${APP_ID}\\data`,
    );
    // Without Electron (browser host, CLI): from APPDATA, or the profile folder when APPDATA is missing.
    expect(resolveDataDir({ platform: 'win32', env: { APPDATA: roaming } })).toBe(
      `C:\\Users\\张三\\AppData\\Roaming\\${APP_ID}\\data`,
    );
    expect(defaultAppDataDir('win32', {}, 'C:\\Users\\李 四')).toBe('C:\\Users\\李 四\\AppData\\Roaming');
  });

  it('portable: data\\ beside the executable, even in a folder with spaces and Chinese', () => {
    expect(
      resolveDataDir({
        platform: 'win32',
        portableExecutableDir: 'D:\\综合 监管',
        appDataDir: roaming,
        env: {},
      }),
    ).toBe('D:\\综合 监管\\data');
    expect(resolveDataDir({ platform: 'win32', portableExecutableDir: 'E:\\', env: {} })).toBe('E:\\data');
  });

  it('ZONGJIAN_DATA overrides the portable and installed folders; --data overrides everything', () => {
    const env = { ZONGJIAN_DATA: 'D:\\综合 监管\\data' };
    expect(
      resolveDataDir({ platform: 'win32', portableExecutableDir: 'E:\\', appDataDir: roaming, env }),
    ).toBe('D:\\综合 监管\\data');
    expect(
      resolveDataDir({
        platform: 'win32',
        explicit: 'F:\\备份 2026\\data',
        portableExecutableDir: 'E:\\',
        env,
      }),
    ).toBe('F:\\备份 2026\\data');
    // An empty variable is no choice at all.
    expect(resolveDataDir({ platform: 'win32', appDataDir: roaming, env: { ZONGJIAN_DATA: '' } })).toBe(
      win32.join(roaming, APP_ID, 'data'),
    );
  });
});

describe('data folder on Linux and macOS', () => {
  it('uses XDG_CONFIG_HOME, ~/.config or ~/Library/Application Support', () => {
    expect(resolveDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/home/张三/配置' } })).toBe(
      `/home/张三/配置/${APP_ID}/data`,
    );
    expect(defaultAppDataDir('linux', {}, '/home/张 三')).toBe('/home/张 三/.config');
    expect(defaultAppDataDir('darwin', {}, '/Users/zhang')).toBe('/Users/zhang/Library/Application Support');
    expect(
      resolveDataDir({ platform: 'linux', portableExecutableDir: '/media/U盘/综合 监管', env: {} }),
    ).toBe(posix.join('/media/U盘/综合 监管', 'data'));
  });
});

describe('--data on the desktop command line', () => {
  it('is found among Electron and Chromium switches, in both spellings', () => {
    expect(dataDirArgument(['综合监管工作台.exe', '--data', 'D:\\综合 监管\\data'])).toBe(
      'D:\\综合 监管\\data',
    );
    expect(dataDirArgument(['electron', '.', '--no-sandbox', '--data=/tmp/zj 数据'])).toBe('/tmp/zj 数据');
    expect(dataDirArgument(['electron', '.', '--no-sandbox'])).toBeUndefined();
    expect(dataDirArgument(['x.exe', '--data'])).toBeUndefined(); // no value
    expect(dataDirArgument(['x.exe', '--data', '--no-sandbox'])).toBeUndefined();
    expect(dataDirArgument(['x.exe', '--data='])).toBeUndefined();
    expect(dataDirArgument(['x.exe', '--', '--data', 'D:\\x'])).toBeUndefined(); // after --, not an option
    expect(dataDirArgument(['x.exe', '--database', 'D:\\x'])).toBeUndefined();
  });
});
