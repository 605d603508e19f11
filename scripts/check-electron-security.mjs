// Runs Doyensec's electronegativity over the Electron code (offline: it cannot fetch release data here, so
// the Electron version is given) and fails on any finding above informational that is not argued below.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;

/** Findings that stay, each with the reason it is not a problem in this app. Key: CHECK@file (under electron/). */
const ARGUED = {
  'PRELOAD_JS_CHECK@main/index.ts':
    'The preload exposes exactly invoke(name, args) and on(event, cb) through contextBridge; every call goes through the dispatcher, which validates arguments and checks permissions.',
  'CSP_GLOBAL_CHECK@server/http-host.ts':
    'The CSP string is assembled from parts in electron/server/csp.ts, which the tool cannot parse statically; tests/unit/project.test.ts checks it equals the meta tag and has no unsafe-eval.',
};

/** CSV rows: quoted fields may hold commas, doubled quotes and line breaks (code samples do). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n') {
      row.push(field.trim());
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field.trim() || row.length) rows.push([...row, field.trim()]);
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'zj-eneg-'));
const out = join(dir, 'findings.csv');
const bin = join(
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'electronegativity.cmd' : 'electronegativity',
);
// AVAILABLE_SECURITY_FIXES needs the list of Electron releases from the internet; the version is pinned in
// package.json and upgraded deliberately instead.
const run = spawnSync(
  bin,
  ['-i', 'electron', '-e', electronVersion, '-r', '-x', 'AvailableSecurityFixesGlobalCheck', '-o', out],
  {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: `--require ${join(process.cwd(), 'scripts', 'no-network.cjs')}` },
  },
);
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  process.exit(run.status ?? 1);
}
const rows = parseCsv(readFileSync(out, 'utf8').trim()).slice(1);
rmSync(dir, { recursive: true, force: true });
const problems = [];
let argued = 0;
for (const row of rows) {
  const [check, severity, , file] = row;
  if (severity === 'INFORMATIONAL') continue;
  const key = `${check}@${file}`;
  if (ARGUED[key]) argued++;
  else problems.push(row.join(' | '));
}
if (problems.length) {
  console.error(
    `electronegativity: ${problems.length} finding(s) above informational:\n${problems.join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `electronegativity (Electron ${electronVersion}): ${rows.length} finding(s), ${argued} argued in scripts/check-electron-security.mjs, none open.`,
);
