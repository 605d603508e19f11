// Whether out/ is a build of the sources as they are now, so `npm start` can start at once instead of rebuilding
// (8–12 s) every time. The stamp is a SHA-256 over every input of the build — the source folders, the build and
// TypeScript configuration, package.json and the lock file — path and content, written to out/.build-stamp after a
// successful build. A build made another way (`npm run build`) carries no stamp of its sources: it is taken as
// current when every input is older than the build's own files, and stamped then.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE_DIRS = ['electron', 'db', 'shared', 'renderer', 'resources'];
const CONFIG_FILES = [
  'package.json',
  'package-lock.json',
  'electron.vite.config.ts',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
];
/** The files every build writes; their age is the build's age. */
const OUTPUTS = ['out/main/index.js', 'out/main/host.js', 'out/main/cli.js', 'out/renderer/index.html'];
const STAMP = 'out/.build-stamp';

function inputs(root) {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.isFile()) files.push(rel);
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(join(root, d))) walk(d);
  for (const f of CONFIG_FILES) if (existsSync(join(root, f))) files.push(f);
  return files.sort();
}

/** SHA-256 over the inputs' paths and contents. */
export function sourceStamp(root = '.') {
  const hash = createHash('sha256');
  for (const f of inputs(root)) {
    hash.update(f);
    hash.update('\0');
    hash.update(readFileSync(join(root, f)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** @returns {{ current: boolean, why: string }} */
export function buildIsCurrent(root = '.') {
  if (!OUTPUTS.every((f) => existsSync(join(root, f)))) return { current: false, why: '尚未构建' };
  const stamp = sourceStamp(root);
  const stampPath = join(root, STAMP);
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === stamp)
    return { current: true, why: '构建与源代码一致' };
  const built = Math.min(...OUTPUTS.map((f) => statSync(join(root, f)).mtimeMs));
  const newest = Math.max(...inputs(root).map((f) => statSync(join(root, f)).mtimeMs));
  if (newest < built) {
    writeFileSync(stampPath, `${stamp}\n`);
    return { current: true, why: '构建晚于所有源代码' };
  }
  return { current: false, why: '源代码晚于现有构建' };
}

export function writeStamp(root = '.') {
  writeFileSync(join(root, STAMP), `${sourceStamp(root)}\n`);
}
