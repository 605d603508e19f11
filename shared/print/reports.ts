// A report as a GB/T 9704 document: the office's narrative with the computed figures placed where its `data`
// block stands (a paragraph per module worded from the indicators, the table of indicators and the detail
// tables), 落款 and 成文日期. One model for the preview in the app, the PDF rendered by Chromium when signing
// (the same HTML), and the Word file. Pure: no DOM and no Node APIs.
import { formatChineseDate, type IsoDate } from '../dates';
import type { ReportData, ReportIndicator } from '../domain/report-package';
import type { ReportDetail } from '../contract/reports';
import {
  REPORT_TYPE_LABELS,
  printedNarrative,
  requirePeriod,
  type NarrativeBlock,
  type ReportType,
} from '../domain/reports';
import {
  GB_PAGE,
  OFFICIAL_DOC_CSS,
  breakUnits,
  officialDocHtml,
  type OfficialBlock,
  type OfficialDoc,
} from './official';
import { esc } from './html';
import { formatMoney } from '../format';
import { IMPRINT_SCRIPT } from './official-layout';

export interface ReportDocInput {
  type: ReportType;
  period: string;
  title: string;
  addressee: string;
  narrative: NarrativeBlock[];
  data: ReportData;
  office: { name: string; docPrefix: string };
  /** 越卫健〔2026〕12号 once signed (taken at signing); a draft shows the number left blank. */
  docNumber: string | null;
  /** 成文日期: the signing day, or today for a draft. */
  date: IsoDate;
  version: number;
  /**
   * 签发人: the display name of the user who signs (签发) it, printed right of the 发文字号 as a 上行文 to the city
   * carries it (GB/T 9704 7.2.4); blank while a draft.
   */
  issuedBy?: string | null;
  /** The 发文字号 of the version this one replaces (更正版). */
  supersedesDocNumber?: string | null;
}

/** A report as loaded (draft or signed) as the document's input. */
export function reportDocInput(r: ReportDetail): ReportDocInput {
  return {
    type: r.type,
    period: r.period,
    title: r.title,
    addressee: r.addressee,
    narrative: r.narrative,
    data: r.data,
    office: { name: r.office.name, docPrefix: r.office.docPrefix },
    docNumber: r.docNumber,
    date: r.date,
    version: r.version,
    issuedBy: r.signedBy,
    supersedesDocNumber: r.supersedes?.docNumber ?? null,
  };
}

/** The figures are as of the period's last day, or the report's date while the period runs. */
export function dataAsOf(data: ReportData, date: IsoDate): IsoDate {
  return date < data.periodEnd ? date : data.periodEnd;
}

type Values = Map<string, ReportIndicator>;

/** The figures worded, one sentence per module (the paragraphs the data block opens with). */
export function dataSentences(data: ReportData, date: IsoDate): string[] {
  const v: Values = new Map(data.indicators.map((i) => [i.key, i]));
  const has = (...keys: string[]) => keys.every((k) => v.has(k));
  const n = (k: string) => indicatorText(v.get(k)!);
  /** A rate: '—' (not '0%') when there was nothing to count (null, or a package from before null: a zero whole). */
  const pct = (k: string, whole: string) =>
    v.get(k)?.value === null || v.get(whole)?.value === 0 ? '—' : `${n(k)}%`;
  const period = requirePeriod(data.period);
  const word = period.kind === 'quarter' ? '本季度' : '本年度';
  const asOf = formatChineseDate(dataAsOf(data, date)).replace(/^\d+年/, '');
  const out: string[] = [];
  if (has('meetings.held', 'decisions.made'))
    out.push(
      `${word}召开联席会议${n('meetings.held')}次（其中定期联席会议${n('meetings.regularHeld')}次、应急协同会议${n('meetings.emergencyHeld')}次），形成议定事项${n('decisions.made')}项；办结议定事项${n('decisions.closed')}项，其中按期办结${n('decisions.closedOnTime')}项；截至${asOf}，尚未办结${n('decisions.open')}项，其中逾期${n('decisions.overdue')}项。`,
    );
  if (has('checklist.items'))
    out.push(
      v.get('checklist.items')!.value === 0
        ? `${period.year}年度尚未建立部门职责任务清单。`
        : `${period.year}年度部门职责任务清单共${n('checklist.items')}项任务、${n('checklist.assignments')}项责任分工，已填报进展${n('checklist.reported')}项（填报率${pct('checklist.reportRate', 'checklist.assignments')}），其中已完成${n('checklist.done')}项、推进中${n('checklist.inProgress')}项、滞后${n('checklist.behind')}项、未启动${n('checklist.notStarted')}项，未填报${n('checklist.unreported')}项。`,
    );
  if (has('draws.plans'))
    out.push(
      `${period.year}年制定“双随机”抽查计划${n('draws.plans')}个（其中多部门联合抽查${n('draws.jointPlans')}个），${word}完成双随机抽取${n('draws.batches')}批次，抽取检查对象${n('draws.targets')}家次。`,
    );
  if (has('inspections.count'))
    out.push(
      `${word}开展监督检查${n('inspections.count')}家次（其中双随机抽查${n('inspections.fromDraws')}家次），检查合格${n('inspections.qualified')}家次、合格率${pct('inspections.qualifiedRate', 'inspections.count')}，责令整改${n('inspections.rectify')}家次、立案查处${n('inspections.case')}家次、移送${n('inspections.transfer')}家次；复查已整改${n('inspections.rectified')}家次，截至${asOf}整改逾期未复查${n('inspections.rectifyOverdue')}家次。`,
    );
  if (has('jointActions.count'))
    out.push(
      `${word}完成联合执法行动和专项整治${n('jointActions.count')}次（其中多部门联合${n('jointActions.joint')}次），检查机构${n('jointActions.institutionsChecked')}家次，发现问题${n('jointActions.issuesFound')}个，立案查处${n('jointActions.casesFiled')}件${v.has('jointActions.running') ? `；截至${asOf}仍在进行${n('jointActions.running')}次（成果在结束时统计）` : ''}。`,
    );
  if (has('referrals.received', 'complaints.received'))
    out.push(
      `${word}收到转报${n('referrals.received')}件，书面回复${n('referrals.replied')}件，按期回复率${pct('referrals.onTimeRate', 'referrals.due')}，截至${asOf}逾期未回复${n('referrals.overdue')}件；受理12345投诉${n('complaints.received')}件，办结${n('complaints.handled')}件（其中查实${n('complaints.substantiated')}件），按期反馈率${pct('complaints.feedbackOnTimeRate', 'complaints.feedbackDue')}，截至${asOf}逾期未反馈${n('complaints.feedbackOverdue')}件。`,
    );
  if (has('selfcheck.scope', 'selfcheck.fullDone'))
    out.push(
      v.get('selfcheck.scope')!.value === 0
        ? `${period.year}年度尚未安排医疗机构依法执业自查。`
        : `截至${asOf}，${period.year}年度依法执业自查范围内医疗机构${n('selfcheck.scope')}家，已完成全面自查${n('selfcheck.fullDone')}家（覆盖率${pct('selfcheck.fullCoverage', 'selfcheck.scope')}），自查发现问题${n('selfcheck.found')}个、已整改${n('selfcheck.fixed')}个（整改率${pct('selfcheck.fixRate', 'selfcheck.found')}），递交依法执业承诺书${n('selfcheck.pledges')}家（递交率${pct('selfcheck.pledgeRate', 'selfcheck.scope')}）；${word}开展自查督导${n('selfcheck.supervisions')}家次，认定自查不实${n('selfcheck.untrue')}家次，开展执业告诫谈话${n('selfcheck.warningTalks')}次。`,
    );
  if (has('credit.entries'))
    out.push(
      `${word}登记信用记录${n('credit.entries')}条，其中行政处罚${n('credit.penalties')}条、投诉查实${n('credit.complaints')}条；不良执业行为记分${n('credit.demerits')}次、共${n('credit.demeritPoints')}分，发出记分通知书${n('credit.noticesIssued')}份；记分达到阈值预警${n('credit.warnings')}次，处理阈值预警${n('credit.warningsAcknowledged')}次${v.has('credit.corrections') ? `，更正信用记录${n('credit.corrections')}条` : ''}。`,
    );
  if (has('lists.blackListed'))
    out.push(
      `${word}列入黑名单${n('lists.blackListed')}个（其中严重失信${n('lists.blackSerious')}个）、红名单${n('lists.redListed')}个；截至${asOf}，黑名单公示中${n('lists.blackDisclosed')}个、红名单公示中${n('lists.redDisclosed')}个；受理信用修复申请${n('lists.repairsApplied')}件，准予修复${n('lists.repairsApproved')}件。`,
    );
  if (has('institutions.active', 'tiers.A'))
    out.push(
      `截至${asOf}，辖区监管对象${n('institutions.active')}家，信用等级A级${n('tiers.A')}家、B级${n('tiers.B')}家、C级${n('tiers.C')}家、D级${n('tiers.D')}家，尚未评定${n('tiers.unrated')}家。`,
    );
  // Indicators of modules without a sentence of their own still reach the reader through table 1.
  return out;
}

/** An indicator's value as printed: — for a rate with nothing due (null); money as 213,480.50 (shared/format). */
export function indicatorText(i: Pick<ReportIndicator, 'value' | 'unit'>): string {
  if (i.value === null) return '—';
  if (i.unit === '元') return formatMoney(i.value);
  return Number.isInteger(i.value) ? String(i.value) : i.value.toFixed(i.unit === '%' ? 1 : 2);
}

/** The module an indicator belongs to, by its key's prefix (table 1 shows it once per group). */
const INDICATOR_GROUPS: [string[], string][] = [
  [['meetings', 'decisions'], '联席会议'],
  [['checklist'], '任务清单'],
  [['draws'], '双随机抽查'],
  [['inspections'], '监督检查'],
  [['jointActions'], '联合执法'],
  [['referrals'], '转报办理'],
  [['complaints'], '12345投诉'],
  [['credit'], '信用记录'],
  [['lists'], '红黑名单'],
  [['institutions', 'tiers'], '信用等级'],
];

export function indicatorGroup(key: string): string {
  const prefix = key.split('.')[0]!;
  return INDICATOR_GROUPS.find(([ps]) => ps.includes(prefix))?.[1] ?? '其他';
}

/** The text block's width in 4号 characters, and a cell's padding and rule in the same unit. */
const TABLE_EM = ((GB_PAGE.textWidthMm / 25.4) * 72) / GB_PAGE.imprintPt;
const CELL_PAD_EM = ((3 + 25.4 / 96) / 25.4) * (72 / GB_PAGE.imprintPt);

/** Width in em of the table's text: Latin letters and digits of the serif are a little over half an em. */
function cellEm(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! < 0x80 ? (/[0-9]/.test(ch) ? 0.56 : 0.62) : 1;
  return w;
}

/**
 * Relative column widths from the longest text in each column (headers included, at most 24 characters), with
 * every column at least as wide as its longest word, so that cells wrap only between words and none is cut.
 */
export function columnWidths(columns: readonly string[], rows: readonly (string | number)[][]): number[] {
  const cells = (i: number) => [columns[i]!, ...rows.slice(0, 200).map((r) => String(r[i] ?? ''))];
  const natural = columns.map((_, i) => Math.min(24, Math.max(2, ...cells(i).map(cellEm))) + CELL_PAD_EM);
  // A date or a number is one word here too: runs of Latin letters, digits and their punctuation stay whole.
  const words = (c: string) => [...breakUnits(c), ...(c.match(/[\x21-\x7e]+/g) ?? [])];
  const min = columns.map(
    // (a fifth of a character more, so that no renderer's rounding breaks a word that just fits)
    (_, i) => Math.min(12, Math.max(1, ...cells(i).flatMap((c) => words(c).map(cellEm)))) + CELL_PAD_EM + 0.2,
  );
  // Columns scaled to the text block; one narrower than its longest word gets that width and the others share
  // what is left, until none is.
  const fixed = new Set<number>();
  let widths = natural;
  for (let round = 0; round < columns.length; round++) {
    const room = TABLE_EM - [...fixed].reduce((a, i) => a + min[i]!, 0);
    const free = natural.reduce((a, w, i) => (fixed.has(i) ? a : a + w), 0);
    widths = natural.map((w, i) => (fixed.has(i) ? min[i]! : (w * room) / free));
    const short = widths.findIndex((w, i) => !fixed.has(i) && w < min[i]! - 1e-9);
    if (short < 0) break;
    fixed.add(short);
  }
  return widths.map((w) => Math.round(w * 100) / 100);
}

/** The figures as body blocks: the worded summary, table 1 (indicators) and the detail tables. */
export function dataBlocks(data: ReportData, date: IsoDate): OfficialBlock[] {
  const blocks: OfficialBlock[] = dataSentences(data, date).map((text) => ({ type: 'p', text }));
  const tables: { title: string; columns: string[]; rows: (string | number)[][] }[] = [
    {
      title: '主要指标',
      columns: ['类别', '指标', '数值', '单位'],
      rows: data.indicators.map((i, k) => {
        const group = indicatorGroup(i.key);
        const first = k === 0 || indicatorGroup(data.indicators[k - 1]!.key) !== group;
        return [first ? group : '', i.label, indicatorText(i), i.unit];
      }),
    },
    ...data.tables,
  ];
  tables.forEach((t, i) => {
    blocks.push({ type: 'p', text: `表${i + 1}\u3000${t.title}` });
    const rows = t.rows.length ? t.rows.map((r) => r.map((c) => String(c))) : [['本期无记录']];
    blocks.push({
      type: 'table',
      columns: t.columns,
      rows,
      widths: i === 0 ? [3, 7, 2, 1.5] : columnWidths(t.columns, t.rows),
    });
  });
  return blocks;
}

/** The narrative with the figures in place of its data block, empty sections marked. */
export function reportBlocks(r: Pick<ReportDocInput, 'narrative' | 'data' | 'date'>): OfficialBlock[] {
  return printedNarrative(r.narrative).flatMap((b): OfficialBlock[] =>
    b.type === 'data' ? dataBlocks(r.data, r.date) : [b],
  );
}

/** 越卫健〔2026〕 号 (a full-width space): the number a draft will get is left blank. */
export function draftDocNumber(prefix: string, date: IsoDate): string {
  return `${prefix}〔${date.slice(0, 4)}〕\u3000号`;
}

export function reportDoc(r: ReportDocInput): OfficialDoc {
  return {
    kind: 'document',
    issuerMark: `${r.office.name}文件`,
    docNumber: r.docNumber ?? draftDocNumber(r.office.docPrefix, r.date),
    // Reports go up to the city (上行文): 发文字号 left, 签发人 right.
    issuedBy: r.issuedBy ?? '',
    title: r.title,
    ...(r.version > 1
      ? {
          subtitle: `（更正版${r.supersedesDocNumber ? `，替代${r.supersedesDocNumber}` : ''}）`,
        }
      : {}),
    ...(r.addressee ? { addressee: r.addressee } : {}),
    blocks: reportBlocks(r),
    signer: r.office.name,
    date: r.date,
    printedBy: r.office.name,
    printedOn: r.date,
  };
}

/** A standalone HTML page for Chromium's PDF printer (the preview shows the same fragment inside the app). */
export function reportPdfHtml(r: ReportDocInput): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>${OFFICIAL_DOC_CSS}</style>
<style>html, body { margin: 0; padding: 0; background: #fff; }</style>
${IMPRINT_SCRIPT}
</head><body>
${officialDocHtml(reportDoc(r))}
</body></html>`;
}

/** 2026Q3季度阶段性工作总结（第2版）.pdf */
export function reportFileName(
  r: Pick<ReportDocInput, 'type' | 'period' | 'version'>,
  ext: 'pdf' | 'docx' | 'xlsx' | 'json' | 'zip',
  /** The issuing office: the city receives packages from every district into one folder, so the name says whose it
   *  is (越城区卫生健康局-2026Q3-季度阶段性工作总结.zip). */
  office?: string | null,
): string {
  const what = ext === 'zip' ? '' : ext === 'xlsx' || ext === 'json' ? '-数据' : '';
  const parts = [
    office?.trim() || null,
    r.period,
    `${REPORT_TYPE_LABELS[r.type]}${r.version > 1 ? `（第${r.version}版）` : ''}`,
  ];
  return `${parts.filter(Boolean).join('-')}${what}.${ext}`.replace(/[\\/:*?"<>|]/g, '_');
}
