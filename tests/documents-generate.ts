// Writes the first document of every kind `document --list` gives as PDF, Word and OFD, through the `document`
// CLI's own functions in one process (the app core cannot load inside Playwright's test runner, which does not
// import JSON modules). Run with tsx by tests/e2e/documents.spec.ts:
//   node --import tsx tests/documents-generate.ts DATA_DIR OUT_DIR NOW
// The data folder must hold the demo district; a quarterly report draft is added through the dispatcher, as the
// office would make one. Prints a JSON manifest of what it wrote on stdout.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAppCore } from '../electron/server/app-core';
import { DOCUMENT_KINDS, listDocuments, makeDocument, renderDocument } from '../electron/cli/document';
import { systemChromiumPdf } from '../electron/server/pdf-renderer';
import type { Input, MethodName, Output } from '../shared/contract';

const [data, out, now] = process.argv.slice(2);
if (!data || !out || !now) throw new Error('usage: documents-generate.ts DATA_DIR OUT_DIR NOW');

const offset = Date.parse(now) - Date.now();
const core = await startAppCore({
  dataDir: data,
  startupCare: false,
  clock: () => new Date(Date.now() + offset),
});
const session = 'documents-generate';
const call = <N extends MethodName>(name: N, args: Input<N>): Promise<Output<N>> =>
  core.dispatcher.call(name, args, session);
try {
  await core.background;
  await call('auth.login', { username: 'admin', password: 'Demo@2026' });
  // The demo district has no report: a draft made the way the office makes one.
  await call('reports.create', { type: 'quarterly', period: '2026Q3' });
  const list = await listDocuments(call);
  const made = [];
  for (const kind of DOCUMENT_KINDS) {
    const e = list.find((x) => x.kind === kind);
    if (!e) continue;
    const m = await makeDocument(call, kind, e.id);
    const base = join(out, `${kind}-${e.id}`);
    writeFileSync(`${base}.pdf`, await renderDocument(m, 'pdf'));
    writeFileSync(`${base}.ofd`, await renderDocument(m, 'ofd'));
    let docx: string | undefined;
    let noDocx: string | undefined;
    try {
      writeFileSync(`${base}.docx`, await renderDocument(m, 'docx'));
      docx = `${base}.docx`;
    } catch (err) {
      noDocx = (err as Error).message;
    }
    made.push({
      kind,
      id: e.id,
      title: e.title,
      docTitles: m.docs.map((d) => d.title).filter(Boolean),
      imprint: m.docs.some((d) => {
        const i = d as { copyTo?: unknown; printedBy?: unknown; printedOn?: unknown };
        return Boolean(i.copyTo || i.printedBy || i.printedOn);
      }),
      pdf: `${base}.pdf`,
      ofd: `${base}.ofd`,
      ...(docx ? { docx } : {}),
      ...(noDocx ? { noDocx } : {}),
    });
  }
  console.log(JSON.stringify({ kinds: [...new Set(list.map((e) => e.kind))], made }));
} finally {
  core.dispatcher.endSession(session);
  await core.close();
  // The renderer keeps its browser open a minute after the last PDF (for the next print), and the browser keeps
  // this process alive until then: the CLI ends with process.exit, this script closes it now instead.
  await systemChromiumPdf().close();
}
