#!/usr/bin/env node
// Entry of the `zongjian` command (see commands.ts for the commands and exit codes).
import { runCli } from './run';

// better-sqlite3's prebuilt binary needs the Node that Electron 45 embeds (24); older Node crashes on it.
if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(
    `需要 Node.js 24 或更高版本（当前为 ${process.version}）。请通过 npm 脚本运行（npm run cli / npm start），它们使用项目固定的 Node 24。`,
  );
  process.exit(2);
}

void runCli(process.argv.slice(2)).then((code) => process.exit(code));
