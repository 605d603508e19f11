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
  'CONTEXT_ISOLATION_JS_CHECK@main/pdf-window.ts':
    'The hidden PDF window takes its options from pdfWindowOptions() in electron/main/pdf-window-options.ts (contextIsolation true), which the tool cannot follow; tests/unit/pdf-window-options.test.ts and electron-main.test.ts check them.',
  'SANDBOX_JS_CHECK@main/pdf-window.ts':
    'As above: sandbox true (and javascript false, its own data:-only session) in pdfWindowOptions(), checked by tests/unit/pdf-window-options.test.ts.',
  'AUXCLICK_JS_CHECK@main/pdf-window.ts':
    "As above: disableBlinkFeatures 'Auxclick' in pdfWindowOptions(); the page runs no script at all and the window is never shown.",
  'CSP_GLOBAL_CHECK@server/http-host.ts':
    'The CSP string is assembled from parts in electron/server/csp.ts, which the tool cannot parse statically; tests/unit/project.test.ts checks it equals the meta tag and has no unsafe-eval.',
};

/** The findings of electronegativity's CSV. Only the first four fields are read (check, severity, confidence,
 *  file), and they never hold quotes or commas; samples and descriptions after them may hold anything (code with
 *  quotes and line breaks), so records are found by their start, not by parsing every field. */
function findings(text) {
  const re = /^([A-Z][A-Z0-9_]+),"?(INFORMATIONAL|LOW|MEDIUM|HIGH)"?,"?([A-Z]+)"?,"?([^",\n]*)"?,/gm;
  return [...text.matchAll(re)].map((m) => ({ check: m[1], severity: m[2], file: m[4], line: m[0] }));
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
const rows = findings(readFileSync(out, 'utf8'));
rmSync(dir, { recursive: true, force: true });
const problems = [];
let argued = 0;
for (const { check, severity, file, line } of rows) {
  if (severity === 'INFORMATIONAL') continue;
  const key = `${check}@${file}`;
  if (ARGUED[key]) argued++;
  else problems.push(line);
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
