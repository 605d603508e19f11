// The printed documents reached by a route (/print/<kind>?…): each kind loads its data through the contract and
// makes its HTML; PrintPreview shows it on a sheet with 返回 / 打印 / 保存为 PDF.
import { useQuery } from '@tanstack/react-query';
import { AppError } from '../../../shared/errors';
import { checklistListHtml, checklistProgressHtml } from '../../../shared/print/checklist';
import { officialDocHtml } from '../../../shared/print/official';
import { agendaDoc, minutesDoc, noticeDoc, signInDoc } from '../../../shared/print/meetings';
import {
  drawRecordDoc,
  drawRecordFileName,
  drawSealDoc,
  drawSealFileName,
} from '../../../shared/print/draws';
import { publicResultsDoc, publicResultsFileName } from '../../../shared/print/inspections';
import { planAnnouncementDoc, planAnnouncementFileName } from '../../../shared/print/spotcheck';
import { creditNoticeFileName, creditNoticeHtml } from '../../../shared/print/credit';
import { loadUpstreamRollup } from '../features/upstream/print';
import {
  creditReportDoc,
  creditReportFileName,
  publicListDoc,
  publicListFileName,
} from '../../../shared/print/credit-lists';
import { leaderSummaryDoc } from '../../../shared/print/dashboard';
import { decisionListHtml, urgingNoticeDoc, urgingNoticeFileName } from '../../../shared/print/decisions';
import { reportDoc, reportDocInput, reportFileName } from '../../../shared/print/reports';
import { todayIso } from '../../../shared/dates';
import { api } from '../api';
import { PrintPreview } from './PrintPreview';
import { publicityDoc, publicityFileName, talkDoc, talkFileName } from '../../../shared/print/selfcheck';

export function parsePrintRoute(route: string): { kind: string; params: URLSearchParams } {
  const [path, query] = route.split('?');
  return { kind: (path ?? '').replace(/^\/print\//, ''), params: new URLSearchParams(query ?? '') };
}

/** A meeting's documents, in GB/T 9704 layout (the same models the Word files are made from). */
async function loadMeetingDocument(
  kind: string,
  params: URLSearchParams,
): Promise<{ html: string; fileName: string; official: true }> {
  const office = await api.invoke('office.get', {});
  const m = await api.invoke('meetings.get', { id: Number(params.get('id')) });
  const name = (what: string) => `${m.date} ${m.title}${what}.pdf`;
  const docs = {
    'meeting-notice': () => {
      if (!m.docNumber) throw new AppError('VALIDATION', '请先“发出通知”取得发文字号，再打印正式通知');
      return { doc: noticeDoc(m, office, m.noticeIssuedOn ?? todayIso()), fileName: name('通知') };
    },
    'meeting-agenda': () => ({ doc: agendaDoc(m), fileName: name('议程') }),
    'meeting-signin': () => ({ doc: signInDoc(m), fileName: name('签到表') }),
    'meeting-minutes': () => {
      if (!m.minutesNumber) throw new AppError('VALIDATION', '请先保存会议纪要');
      return { doc: minutesDoc(m, office), fileName: name('纪要') };
    },
  } as const;
  const make = docs[kind as keyof typeof docs];
  if (!make) throw new AppError('NOT_FOUND', `未知的打印内容：${kind}`);
  const { doc, fileName } = make();
  return { html: officialDocHtml(doc), fileName, official: true };
}

/** A 双随机 draw's 抽取记录 (GB/T 9704 plain document, the same model as its Word file). */
/** The 封存记录 of a batch, printed for the witnesses before the lottery. */
async function loadDrawSeal(
  params: URLSearchParams,
): Promise<{ html: string; fileName: string; official: true }> {
  const d = await api.invoke('draws.getSeal', { id: Number(params.get('id')) });
  return { html: officialDocHtml(drawSealDoc(d)), fileName: drawSealFileName(d, 'pdf'), official: true };
}

/** 抽查计划公示 of a plan (or one batch of it). */
async function loadPlanAnnouncement(
  params: URLSearchParams,
): Promise<{ html: string; fileName: string; official: true }> {
  const batch = params.get('batch');
  const a = await api.invoke('planAnnouncements.get', {
    planId: Number(params.get('planId')),
    ...(batch ? { batchNumber: Number(batch) } : {}),
  });
  return {
    html: officialDocHtml(planAnnouncementDoc(a, a.date)),
    fileName: planAnnouncementFileName(a, 'pdf'),
    official: true,
  };
}

async function loadDrawRecord(
  params: URLSearchParams,
): Promise<{ html: string; fileName: string; official: true }> {
  const d = await api.invoke('draws.get', { id: Number(params.get('id')) });
  return { html: officialDocHtml(drawRecordDoc(d)), fileName: drawRecordFileName(d, 'pdf'), official: true };
}

/** A 记分通知书 (GB/T 9704 document with its 发文字号, the same model as its Word file) and its 送达回证. */
async function loadCreditNotice(
  params: URLSearchParams,
): Promise<{ html: string; fileName: string; official: true }> {
  const n = await api.invoke('credit.notice', { seq: Number(params.get('id')) });
  if (!n.notice.docNumber) throw new AppError('VALIDATION', '请先“发出记分通知书”取得发文字号，再打印');
  return {
    html: creditNoticeHtml(n),
    fileName: creditNoticeFileName(n, 'pdf'),
    official: true,
  };
}

/** The public 黑名单/红名单 (only what is disclosed today, persons masked) or a subject's 信用报告. */
async function loadCreditListDocument(
  kind: string,
  params: URLSearchParams,
): Promise<{ html: string; fileName: string; official: true }> {
  if (kind === 'credit-public-list') {
    const p = await api.invoke('credit.publicList', { list: params.get('list') === 'red' ? 'red' : 'black' });
    return {
      html: officialDocHtml(publicListDoc(p)),
      fileName: publicListFileName(p, 'pdf'),
      official: true,
    };
  }
  const r = await api.invoke('credit.report', {
    kind: params.get('kind') === 'practitioner' ? 'practitioner' : 'institution',
    id: Number(params.get('id')),
  });
  return {
    html: officialDocHtml(creditReportDoc(r)),
    fileName: creditReportFileName(r, 'pdf'),
    official: true,
  };
}

/** A report (报告上报) in GB/T 9704 layout: the same model as its Word file and the PDF signed into its package. */
async function loadReport(
  params: URLSearchParams,
): Promise<{ html: string; fileName: string; official: true }> {
  const r = await api.invoke('reports.get', { id: Number(params.get('id')) });
  return {
    html: officialDocHtml(reportDoc(reportDocInput(r))),
    fileName: reportFileName(r, 'pdf', r.office.name),
    official: true,
  };
}

/** A batch's public 抽查结果 table (一公开; natural persons masked, no inspector names), dated its publication. */
async function loadInspectionResults(
  params: URLSearchParams,
): Promise<{ html: string; fileName: string; official: true }> {
  const t = await api.invoke('inspectionPublications.table', {
    planId: Number(params.get('plan')),
    batchNumber: Number(params.get('batch')),
  });
  return {
    html: officialDocHtml(publicResultsDoc(t, t.batch.publication?.publishedOn ?? todayIso())),
    fileName: publicResultsFileName(t.batch, 'pdf'),
    official: true,
  };
}

/** 议定事项督办 as the list shows it: its 办理状态, 责任单位 and 会议年度 filters. */
async function loadDecisionList(params: URLSearchParams): Promise<{ html: string; fileName: string }> {
  const status = (['open', 'done', 'all'] as const).find((s) => s === params.get('status')) ?? 'open';
  const departmentId = params.get('dept') ? Number(params.get('dept')) : undefined;
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const [office, list, departments] = await Promise.all([
    api.invoke('office.get', {}),
    api.invoke('decisions.list', {
      status,
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(year !== undefined ? { year } : {}),
    }),
    api.invoke('departments.list', { includeInactive: true }),
  ]);
  const department = departments.find((d) => d.id === departmentId)?.shortName;
  const today = todayIso();
  return {
    html: decisionListHtml(
      list,
      { status, ...(department ? { department } : {}), ...(year ? { year } : {}) },
      { office: office.name, date: today },
      today,
    ),
    fileName: `议定事项督办清单${year ? `（${year}年）` : ''}.pdf`,
  };
}

/** 督办催办通知 of the decisions urged together (their ids in the route), dated the day of the 催办. */
async function loadUrgingNotice(
  params: URLSearchParams,
): Promise<{ html: string; fileName: string; official: true }> {
  const ids = (params.get('ids') ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  if (ids.length === 0) throw new AppError('VALIDATION', '请先在议定事项督办列表中勾选要催办的事项');
  const [office, decisions] = await Promise.all([
    api.invoke('office.get', {}),
    api.invoke('decisions.list', { status: 'all', ids }),
  ]);
  const on = params.get('on');
  const input = {
    officeName: office.name,
    date: on && /^\d{4}-\d{2}-\d{2}$/.test(on) ? on : todayIso(),
    decisions,
  };
  return {
    html: officialDocHtml(urgingNoticeDoc(input)),
    fileName: urgingNoticeFileName(input, 'pdf'),
    official: true,
  };
}

async function loadDocument(
  kind: string,
  params: URLSearchParams,
): Promise<{ html: string; fileName: string; official?: true }> {
  if (kind === 'inspection-results') return loadInspectionResults(params);
  if (kind === 'report') return loadReport(params);
  if (kind.startsWith('meeting-')) return loadMeetingDocument(kind, params);
  if (kind === 'credit-notice') return loadCreditNotice(params);
  if (kind === 'credit-public-list' || kind === 'credit-report') return loadCreditListDocument(kind, params);
  if (kind === 'draw-record') return loadDrawRecord(params);
  if (kind === 'draw-seal') return loadDrawSeal(params);
  if (kind === 'plan-announcement') return loadPlanAnnouncement(params);
  if (kind === 'upstream-rollup') return loadUpstreamRollup(params);
  if (kind === 'warning-talk') {
    const t = await api.invoke('selfcheck.talk', { id: Number(params.get('id')) });
    return { html: officialDocHtml(talkDoc(t)), fileName: talkFileName(t, 'pdf'), official: true };
  }
  if (kind === 'selfcheck-publicity') {
    const p = await api.invoke('selfcheck.publicity', { year: Number(params.get('year')) });
    return { html: officialDocHtml(publicityDoc(p)), fileName: publicityFileName(p, 'pdf'), official: true };
  }
  if (kind === 'decisions') return loadDecisionList(params);
  if (kind === 'decision-urging') return loadUrgingNotice(params);
  if (kind === 'leader-summary') {
    const [data, office] = await Promise.all([
      api.invoke('dashboard.data', {}),
      api.invoke('office.get', {}),
    ]);
    return {
      html: officialDocHtml(leaderSummaryDoc(data, office)),
      fileName: `综合监管工作情况（${data.today}）.pdf`,
      official: true,
    };
  }
  const year = Number(params.get('year'));
  const office = await api.invoke('office.get', {});
  const header = { office: office.name, date: todayIso() };
  const list = await api.invoke('checklist.get', { year });
  if (!list) throw new AppError('NOT_FOUND', `${year} 年尚未建立任务清单`);
  if (kind === 'checklist-list') {
    const deptId = params.get('dept') ? Number(params.get('dept')) : undefined;
    const dept = deptId
      ? list.items.flatMap((i) => i.units).find((u) => u.departmentId === deptId)
      : undefined;
    return {
      html: checklistListHtml(list, header, deptId, dept?.shortName),
      fileName: `${year}年任务清单${dept ? `（${dept.shortName}）` : ''}.pdf`,
    };
  }
  if (kind === 'checklist-progress') {
    const quarter = Number(params.get('quarter')) as 1 | 2 | 3 | 4;
    const progress = await api.invoke('checklist.progress', { year, quarter });
    return {
      html: checklistProgressHtml(list, progress, header),
      fileName: `${year}年第${quarter}季度任务清单落实情况.pdf`,
    };
  }
  throw new AppError('NOT_FOUND', `未知的打印内容：${kind}`);
}

export function PrintPage({ route }: { route: string }) {
  const { kind, params } = parsePrintRoute(route);
  const doc = useQuery({ queryKey: ['print', route], queryFn: () => loadDocument(kind, params) });
  return (
    <PrintPreview
      doc={doc.data}
      error={doc.isError ? doc.error : null}
      onBack={() => window.history.back()}
    />
  );
}
