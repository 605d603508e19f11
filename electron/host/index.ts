// Browser mode: the whole app without Electron, for machines that have no Electron runtime and for the
// end-to-end tests. Prints the address (with its per-launch token) to open in a browser on this machine.
//   node out/main/host.js [--data DIR] [--database postgres://…] [--port N] [--json] [--open]
// --open (npm start): also opens the address in the system's browser where there is a desktop to open it on.
// --database (or ZONGJIAN_DATABASE): the office's database server instead of the folder's data file (多人协同).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startAppCore } from '../server/app-core';
import { resolveDataDir } from '../server/data-dir';
import { storeConfigPath } from '../server/store-config';
import { startHttpHost, type HttpHost } from '../server/http-host';
import { APP_NAME, APP_VERSION } from '../server/version';
import { openInBrowser } from './open-browser';
import { AppError } from '../../shared/errors';

const DEFAULT_PORT = 17300;

function rendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'renderer'), resolve('out', 'renderer')];
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? candidates[0]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      database: { type: 'string' },
      port: { type: 'string' },
      json: { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
      // Starting "now" for end-to-end tests of date rules (e.g. 2026-11-22T09:00:00+08:00); never set in normal use.
      now: { type: 'string' },
    },
  });
  const dataDir = resolveDataDir({ explicit: values.data });
  const fixedNow = values.now ? new Date(values.now) : null;
  if (fixedNow && Number.isNaN(fixedNow.getTime())) throw new Error(`--now 不是有效的时间：${values.now}`);
  // The app believes it is --now when it starts, and time then passes as usual (versions, backups and the
  // idle lock see real elapsed time).
  const offset = fixedNow ? fixedNow.getTime() - Date.now() : 0;
  const database = values.database ?? process.env.ZONGJIAN_DATABASE;
  // The store chosen in setup (store.json). No key store here: a server password is never kept, and the browser
  // asks for it before sign-in (连接数据库服务器).
  const storeConfig = {
    file: storeConfigPath({ dataDir, namedDataDir: !!(values.data || process.env.ZONGJIAN_DATA) }),
    secrets: null,
  };
  const core = await startAppCore({
    dataDir,
    storeConfig,
    ...(database ? { database } : {}),
    ...(fixedNow ? { clock: () => new Date(Date.now() + offset) } : {}),
  });
  let host: HttpHost;
  const wanted = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  try {
    host = await startHttpHost({ dispatcher: core.dispatcher, rendererDir: rendererDir(), port: wanted });
  } catch (e) {
    // The usual port is taken (another copy running?): any free port will do when none was asked for.
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || values.port !== undefined) throw e;
    host = await startHttpHost({ dispatcher: core.dispatcher, rendererDir: rendererDir(), port: 0 });
  }
  if (values.json) {
    console.log(
      JSON.stringify({
        url: host.url,
        origin: host.origin,
        port: host.port,
        token: host.token,
        dataDir,
        store: core.server ? 'server' : core.pending ? 'pending' : 'local',
      }),
    );
  } else {
    console.log(`${APP_NAME} ${APP_VERSION}（浏览器模式）已启动`);
    console.log(core.server ? `数据库服务器：${core.server}` : `数据文件夹：${dataDir}`);
    if (core.pending) console.log(`尚未连接数据库服务器：${core.pending.message}（请在浏览器中输入密码）`);
    console.log(`请在本机浏览器中打开：${host.url}`);
    console.log('该地址只对本机有效，每次启动都会更换令牌。按 Ctrl+C 退出。');
    if (values.open) {
      console.log(
        openInBrowser(host.url)
          ? '已在系统浏览器中打开该地址。'
          : '本机没有可打开的桌面浏览器，请在本机的浏览器中打开上面的地址。',
      );
    }
  }
  const stop = async () => {
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// better-sqlite3's prebuilt binary needs the Node that Electron 45 embeds (24); older Node crashes on it.
if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(
    `需要 Node.js 24 或更高版本（当前为 ${process.version}）。请通过 npm 脚本运行（npm run cli / npm start），它们使用项目固定的 Node 24。`,
  );
  process.exit(2);
}

main().catch((e: unknown) => {
  console.error(e instanceof AppError ? `无法启动：${e.message}` : e);
  process.exit(1);
});
