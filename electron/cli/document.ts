// `zongjian document`: every printable document of the office, headless — for IT staff printing in batches and for
// tests that measure each kind. The data comes through the dispatcher's contract methods (the same calls the print
// preview makes), the documents from the same models (shared/print/*), and the files from the same renderers:
// PDF by Chromium/Edge (electron/server/pdf-renderer.ts), Word by the DOCX writer (or the contract's own *Docx
// methods where there is one), OFD by db/core/ofd.
//   document --data DIR --list                                     kind<TAB>id<TAB>title, one line per document
//   document --data DIR --kind KIND --id ID --out FILE.pdf|.docx|.ofd
// Without --user it acts as the first active administrator (reading and printing only); with --user it signs in.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startAppCore } from '../server/app-core';
import { resolveDataDir } from '../server/data-dir';
import { serverArg } from './session';
import { writeLine, type CliIo } from './io';
import { actAsUserOrFirstAdmin, CliUsageError, exitOnError } from './session';
import { systemChromiumPdf } from '../server/pdf-renderer';
import { APP_VERSION } from '../server/version';
import { officialDocDocx } from '../../db/core/official-docx';
import { officialDocOfd } from '../../db/core/ofd';
import { AppError } from '../../shared/errors';
import { todayIso } from '../../shared/dates';
import type { Input, MethodName, Output } from '../../shared/contract';
import { OFFICIAL_DOC_CSS, officialDocHtml, type OfficialDoc } from '../../shared/print/official';
import { agendaDoc, minutesDoc, noticeDoc, signInDoc } from '../../shared/print/meetings';
import { drawRecordDoc } from '../../shared/print/draws';
import { publicResultsDoc } from '../../shared/print/inspections';
import { planAnnouncementDoc } from '../../shared/print/spotcheck';
import { creditNoticeDoc, creditReceiptDoc } from '../../shared/print/credit';
import { creditReportDoc, publicListDoc } from '../../shared/print/credit-lists';
import { leaderSummaryDoc } from '../../shared/print/dashboard';
import { reportDoc, reportDocInput } from '../../shared/print/reports';
import { checklistDocs } from '../../shared/print/checklist-docs';
import { esc } from '../../shared/print/html';
import { publicityDoc, talkDoc } from '../../shared/print/selfcheck';
import { IMPRINT_SCRIPT } from '../../shared/print/official-layout';
import { withEmbeddedFonts } from '../../db/core/print-fonts';
import type { PdfRenderer } from '../../db/core/context';
import { EXIT } from './commands';
import { DOCUMENT_KINDS, type DocumentKind } from '../../shared/print/document-kinds';

export { DOCUMENT_KINDS, type DocumentKind };

export const DOCUMENT_USAGE = `  document             打印文件（无界面）：--list 列出本单位的全部可打印文件（每行：种类<TAB>编号<TAB>标题）
                       --kind 种类 --id 编号 --out 文件.pdf|.docx|.ofd 生成其中一份
                       种类：${DOCUMENT_KINDS.join('、')}
                       [--user 用户名] 以该用户身份；默认以第一个管理员账号的名义（只读取与打印）`;

const UsageError = CliUsageError;

type Call = <N extends MethodName>(name: N, args: Input<N>) => Promise<Output<N>>;

export interface Entry {
  kind: DocumentKind;
  id: string;
  title: string;
}

/** A document made: its models (several print one after another, each on new pages) and its Word file. */
export interface Made {
  title: string;
  docs: OfficialDoc[];
  /** The Word file when the contract has its own method (the same bytes the app downloads). */
  docx?: () => Promise<Buffer>;
  /** Why there is no Word file, when there is none. */
  noDocx?: string;
}

export async function runDocumentCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    writeLine(io.stdout, DOCUMENT_USAGE);
    return EXIT.ok;
  }
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        database: { type: 'string' },
        list: { type: 'boolean', default: false },
        kind: { type: 'string' },
        id: { type: 'string' },
        out: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
      },
    }).values;
  } catch (e) {
    writeLine(io.stderr, `用法错误：${(e as Error).message}\n\n${DOCUMENT_USAGE}`);
    return EXIT.usage;
  }
  try {
    return await run(values, io);
  } catch (e) {
    return exitOnError(e, io, DOCUMENT_USAGE);
  }
}

async function run(
  values: {
    data?: string;
    database?: string;
    list?: boolean;
    kind?: string;
    id?: string;
    out?: string;
    user?: string;
    password?: string;
  },
  io: CliIo,
): Promise<number> {
  let kind: DocumentKind | null = null;
  let ext = '';
  if (!values.list) {
    if (!values.kind) throw new UsageError('缺少 --kind 种类（或用 --list 列出全部文件）');
    if (!(DOCUMENT_KINDS as readonly string[]).includes(values.kind))
      throw new UsageError(`未知的种类：${values.kind}；应为 ${DOCUMENT_KINDS.join('、')} 之一`);
    kind = values.kind as DocumentKind;
    if (!values.id) throw new UsageError('缺少 --id 编号（编号见 --list 的第二列）');
    if (!values.out) throw new UsageError('缺少 --out 输出文件');
    ext = values.out.toLowerCase().split('.').pop() ?? '';
    if (!['pdf', 'docx', 'ofd'].includes(ext)) throw new UsageError('--out 应以 .pdf、.docx 或 .ofd 结尾');
  }
  const core = await startAppCore({
    dataDir: resolveDataDir({ explicit: values.data, env: io.env }),
    // The office's server (--database or ZONGJIAN_DATABASE) instead of the folder's data file.
    ...(serverArg(values.database, io.env) ? { database: serverArg(values.database, io.env)! } : {}),
    startupCare: false,
  });
  const session = 'cli-document';
  const call: Call = (name, args) => core.dispatcher.call(name, args, session);
  try {
    await core.background;
    await actAsUserOrFirstAdmin(core, session, values, io.env);
    if (values.list) {
      for (const e of await listDocuments(call)) writeLine(io.stdout, `${e.kind}\t${e.id}\t${e.title}`);
      return EXIT.ok;
    }
    const made = await makeDocument(call, kind!, values.id!);
    const out = resolve(values.out!);
    writeFileSync(out, await renderDocument(made, ext as 'pdf' | 'docx' | 'ofd'));
    writeLine(
      io.stdout,
      `已生成：${made.title}
输出文件：${out}`,
    );
    return EXIT.ok;
  } finally {
    core.dispatcher.endSession(session);
    await core.close();
  }
}

/** Every document the office has, in the order of the kinds. */
export async function listDocuments(call: Call): Promise<Entry[]> {
  const out: Entry[] = [];
  const add = (kind: DocumentKind, id: string | number, title: string) =>
    out.push({ kind, id: String(id), title });

  const meetings = await call('meetings.calendar', {
    from: '2000-01-01',
    to: '2099-12-31',
    includeCancelled: false,
  });
  for (const c of meetings) {
    const m = await call('meetings.get', { id: c.id });
    const name = `${m.date} ${m.title}`;
    if (m.docNumber) add('meeting-notice', m.id, `${name}通知（${m.docNumber}）`);
    add('meeting-agenda', m.id, `${name}议程`);
    add('sign-in-sheet', m.id, `${name}签到表`);
    if (m.minutesNumber) add('minutes', m.id, `${name}纪要（第${m.minutesNumber}号）`);
  }
  for (const c of await call('checklist.list', {})) {
    add('checklist', c.year, `${c.year}年任务清单`);
    const list = await call('checklist.get', { year: c.year });
    const depts = new Map<number, string>();
    for (const i of list?.items ?? []) for (const u of i.units) depts.set(u.departmentId, u.shortName);
    for (const [id, name] of depts)
      add('checklist-department', `${c.year}-${id}`, `${c.year}年任务清单（${name}）`);
    for (const q of [1, 2, 3, 4])
      add('checklist-quarter', `${c.year}Q${q}`, `${c.year}年第${q}季度任务清单落实情况`);
  }
  const subjects = await call('credit.subjects', {});
  for (const s of subjects) {
    const profile = await call('credit.profile', { kind: s.kind, id: s.id });
    for (const n of profile.notices)
      if (n.docNumber) add('points-notice', n.seq, `记分通知书（${s.name}，${n.docNumber}）`);
  }
  for (const p of await call('inspectionPlans.list', {})) {
    add('plan-announcement', p.id, `${p.name}公示`);
    for (const b of p.batches)
      add('plan-announcement', `${p.id}-${b.number}`, `${p.name}第${b.number}批抽查计划公示`);
  }
  for (const d of await call('draws.list', {}))
    add('draw-record', d.id, `抽取记录（${d.planName ?? ''}第${d.batchNumber}批）`);
  for (const b of await call('inspectionPublications.list', {}))
    if (b.endedOn)
      add('publication', `${b.planId}-${b.batchNumber}`, `${b.planName}${b.batchName}抽查结果公示`);
  add('public-list', 'black', '信用黑名单（公示）');
  add('public-list', 'red', '信用红名单（公示）');
  for (const s of subjects) add('credit-report', `${s.kind}-${s.id}`, `信用报告（${s.name}）`);
  for (const t of await call('selfcheck.talks', {}))
    add('warning-talk', t.id, `执业告诫谈话记录（${t.subjectName}，${t.talkOn}）`);
  const selfcheckYear = Number(todayIso().slice(0, 4));
  if ((await call('selfcheck.year', { year: selfcheckYear })).configured)
    add('selfcheck-publicity', selfcheckYear, `${selfcheckYear}年医疗机构依法执业自查结果公示`);
  add('leader-page', 'today', '综合监管工作情况（领导页）');
  const overview = await call('reports.overview', {});
  for (const r of overview.reports) add('report', r.id, `${r.title}（第${r.version}版）`);
  return out;
}

function intId(id: string, what: string): number {
  if (!/^\d+$/.test(id)) throw new UsageError(`${what}编号应为正整数：${id}`);
  return Number(id);
}

const fromDownload = async (p: Promise<{ base64: string }>) => Buffer.from((await p).base64, 'base64');

export async function makeDocument(call: Call, kind: DocumentKind, id: string): Promise<Made> {
  switch (kind) {
    case 'meeting-notice':
    case 'meeting-agenda':
    case 'sign-in-sheet':
    case 'minutes': {
      const m = await call('meetings.get', { id: intId(id, '会议') });
      const office = await call('office.get', {});
      const name = `${m.date} ${m.title}`;
      if (kind === 'meeting-notice') {
        if (!m.docNumber)
          throw new AppError('VALIDATION', '该会议的通知尚未发出（没有发文字号），不能打印正式通知');
        return {
          title: `${name}通知`,
          docs: [noticeDoc(m, office, m.noticeIssuedOn ?? todayIso())],
          docx: () => fromDownload(call('meetings.noticeDocx', { id: m.id })),
        };
      }
      if (kind === 'meeting-agenda')
        return {
          title: `${name}议程`,
          docs: [agendaDoc(m)],
          docx: () => fromDownload(call('meetings.agendaDocx', { id: m.id })),
        };
      if (kind === 'sign-in-sheet')
        return {
          title: `${name}签到表`,
          docs: [signInDoc(m)],
          docx: () => fromDownload(call('meetings.signInDocx', { id: m.id })),
        };
      if (!m.minutesNumber) throw new AppError('VALIDATION', '该会议尚未保存纪要');
      return {
        title: `${name}纪要`,
        docs: [minutesDoc(m, office)],
        docx: () => fromDownload(call('meetings.minutesDocx', { id: m.id })),
      };
    }
    case 'checklist':
    case 'checklist-department':
    case 'checklist-quarter': {
      const m =
        kind === 'checklist'
          ? /^(\d{4})$/.exec(id)
          : kind === 'checklist-department'
            ? /^(\d{4})-(\d+)$/.exec(id)
            : /^(\d{4})Q([1-4])$/.exec(id);
      if (!m)
        throw new UsageError(
          kind === 'checklist'
            ? `任务清单的编号应为年度，如 2025：${id}`
            : kind === 'checklist-department'
              ? `单位清单的编号应为“年度-单位编号”，如 2025-3：${id}`
              : `季度落实情况的编号应为“年度Q季度”，如 2025Q3：${id}`,
        );
      const year = Number(m[1]);
      const list = await call('checklist.get', { year });
      if (!list) throw new AppError('NOT_FOUND', `${year} 年尚未建立任务清单`);
      const office = await call('office.get', {});
      const header = { office: office.name, date: todayIso() };
      const progress =
        kind === 'checklist-quarter'
          ? await call('checklist.progress', { year, quarter: Number(m[2]) as 1 | 2 | 3 | 4 })
          : undefined;
      const made = checklistDocs(list, header, {
        ...(kind === 'checklist-department' ? { departmentId: Number(m[2]) } : {}),
        ...(progress ? { progress } : {}),
      });
      // Word through the same DOCX writer as every 公文 (the app itself hands the list out as an Excel workbook).
      return { title: made.title, docs: [made.doc] };
    }
    case 'points-notice': {
      const n = await call('credit.notice', { seq: intId(id, '记分记录') });
      if (!n.notice.docNumber)
        throw new AppError('VALIDATION', '该记分通知书尚未发出（没有发文字号），不能打印');
      return {
        title: `记分通知书（${n.notice.docNumber}）`,
        docs: [creditNoticeDoc(n), creditReceiptDoc(n)],
        docx: () => fromDownload(call('credit.noticeDocx', { seq: n.notice.seq })),
      };
    }
    case 'draw-record': {
      const d = await call('draws.get', { id: intId(id, '抽取') });
      return {
        title: '抽取记录',
        docs: [drawRecordDoc(d)],
        docx: () => fromDownload(call('draws.recordDocx', { id: d.id })),
      };
    }
    case 'plan-announcement': {
      const m = /^(\d+)(?:-(\d+))?$/.exec(id);
      if (!m) throw new UsageError(`抽查计划公示的编号应为“计划编号”或“计划编号-批次号”，如 1 或 1-2：${id}`);
      const ref = { planId: Number(m[1]), ...(m[2] ? { batchNumber: Number(m[2]) } : {}) };
      const a = await call('planAnnouncements.get', ref);
      return {
        title: a.title,
        docs: [planAnnouncementDoc(a, a.date)],
        docx: () => fromDownload(call('planAnnouncements.docx', ref)),
      };
    }
    case 'publication': {
      const m = /^(\d+)-(\d+)$/.exec(id);
      if (!m) throw new UsageError(`抽查结果公示的编号应为“计划编号-批次号”，如 1-2：${id}`);
      const t = await call('inspectionPublications.table', {
        planId: Number(m[1]),
        batchNumber: Number(m[2]),
      });
      const doc = publicResultsDoc(t, t.batch.publication?.publishedOn ?? todayIso());
      return { title: doc.title, docs: [doc] };
    }
    case 'public-list': {
      if (id !== 'black' && id !== 'red')
        throw new UsageError(`公示名单的编号应为 black（黑名单）或 red（红名单）：${id}`);
      const doc = publicListDoc(await call('credit.publicList', { list: id }));
      return { title: doc.title, docs: [doc] };
    }
    case 'credit-report': {
      const m = /^(institution|practitioner)-(\d+)$/.exec(id);
      if (!m) throw new UsageError(`信用报告的编号应为 institution-编号 或 practitioner-编号：${id}`);
      const doc = creditReportDoc(
        await call('credit.report', { kind: m[1] as 'institution' | 'practitioner', id: Number(m[2]) }),
      );
      return { title: doc.title, docs: [doc] };
    }
    case 'warning-talk': {
      const t = await call('selfcheck.talk', { id: intId(id, '告诫谈话') });
      return {
        title: `执业告诫谈话记录（${t.subjectName}）`,
        docs: [talkDoc(t)],
        docx: () => fromDownload(call('selfcheck.talkDocx', { id: t.id })),
      };
    }
    case 'selfcheck-publicity': {
      if (!/^\d{4}$/.test(id)) throw new UsageError(`自查结果公示的编号应为年度，如 2026：${id}`);
      const doc = publicityDoc(await call('selfcheck.publicity', { year: Number(id) }));
      return { title: doc.title, docs: [doc] };
    }
    case 'leader-page': {
      if (id !== 'today') throw new UsageError(`领导页的编号应为 today（按今天的数据）：${id}`);
      const [data, office] = await Promise.all([call('dashboard.data', {}), call('office.get', {})]);
      const doc = leaderSummaryDoc(data, office);
      return { title: doc.title || `综合监管工作情况（${data.today}）`, docs: [doc] };
    }
    case 'report': {
      const r = await call('reports.get', { id: intId(id, '报告') });
      return {
        title: r.title,
        docs: [reportDoc(reportDocInput(r))],
        docx: () => fromDownload(call('reports.docx', { id: r.id })),
      };
    }
  }
}

/**
 * A standalone page for Chromium's PDF printer: the documents one after another, each on new pages, with the
 * bundled fonts (inline, or read from disk by a `renderer` that can; named CID TrueType in the PDF, never the
 * machine's CFF faces that Chromium can only draw as Type 3) and the script that moves each 版记 to the foot of its last page, as the app's print preview does.
 */
export function documentPdfHtml(
  title: string,
  docs: readonly OfficialDoc[],
  renderer?: Pick<PdfRenderer, 'fontUrl'>,
): string {
  const body = docs
    .map((d, i) =>
      i === 0 ? officialDocHtml(d) : `<div style="break-before: page">${officialDocHtml(d)}</div>`,
    )
    .join('\n');
  return withEmbeddedFonts(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${OFFICIAL_DOC_CSS}</style>
<style>html, body { margin: 0; padding: 0; background: #fff; }</style>
${IMPRINT_SCRIPT}
</head><body>
${body}
</body></html>`,
    renderer,
  );
}

export async function renderDocument(made: Made, ext: 'pdf' | 'docx' | 'ofd'): Promise<Buffer> {
  if (ext === 'pdf') {
    const renderer = systemChromiumPdf();
    const pdf = await renderer.render(documentPdfHtml(made.title, made.docs, renderer));
    if (pdf.subarray(0, 4).toString('latin1') !== '%PDF')
      throw new AppError('INTERNAL', 'PDF 渲染失败：输出的不是 PDF 文件');
    return pdf;
  }
  if (ext === 'ofd')
    return officialDocOfd(made.docs, { title: made.title, date: todayIso(), creatorVersion: APP_VERSION });
  if (made.docx) return made.docx();
  if (made.noDocx) throw new AppError('UNSUPPORTED', made.noDocx);
  // Documents the app prints but offers no Word download for: the same model through the same DOCX writer.
  if (made.docs.length !== 1) throw new AppError('UNSUPPORTED', '该文件没有 Word 格式，请生成 PDF 或 OFD');
  return officialDocDocx(made.docs[0]!);
}
