// 报告上报: the domain's handler map, the overview and one report. Drafts are drafts.ts, signing and the
// submission log issue.ts, a report's files downloads.ts; reading the stored reports is store.ts.
import { todayIso } from '../../shared/dates';
import { defineHandlers, type HandlerContext } from '../core/context';
import type { Output, ParsedInput } from '../../shared/contract';
import { SUMMARY_COLUMNS, loadDueRules, loadReport, obligations, summaries } from './store';
import { loadSettings } from '../system/settings';
import { chosenPreset, presetStanding, ruleProvisionText } from '../../shared/domain/rule-presets';
import { createReport, saveDraft, deleteDraft, correctReport, updateDueRules } from './drafts';
import { signReport, logSubmission } from './issue';
import {
  downloadReportPackage,
  downloadReportDocx,
  downloadReportXlsx,
  downloadReportJson,
} from './downloads';

export async function reportsOverview(
  _input: ParsedInput<'reports.overview'>,
  ctx: HandlerContext,
): Promise<Output<'reports.overview'>> {
  const today = todayIso(ctx.now());
  // The list's columns only: every signed report's data and narrative would otherwise be read (and held) here.
  const rows = await ctx.db
    .selectFrom('reports')
    .select(SUMMARY_COLUMNS)
    .orderBy('period', 'desc')
    .orderBy('type')
    .orderBy('version', 'desc')
    .execute();
  const reports = await summaries(ctx.db, rows, today);
  return {
    today,
    rules: await loadDueRules(ctx.db),
    rulesSource: await reportRuleSource(ctx.db),
    rulesProvision: ruleProvisionText(await loadSettings(ctx.db), 'reportDue'),
    obligations: await obligations(ctx.db, reports, today),
    reports,
  };
}

/** Where the quarterly deadline comes from, for this office: '本省规定：北京市 京卫监督〔2019〕37号' or
 *  '浙江省暂无收录的规定，参照北京市 京卫监督〔2019〕37号'. */
export async function reportRuleSource(db: HandlerContext['db']): Promise<string> {
  const s = await loadSettings(db);
  return presetStanding(chosenPreset(s.rulePresets, 'reportDue'), s.province);
}

export async function getReport(
  { id }: ParsedInput<'reports.get'>,
  ctx: HandlerContext,
): Promise<Output<'reports.get'>> {
  return loadReport(ctx.db, id, ctx.now());
}

export const reportHandlers = defineHandlers({
  'reports.overview': reportsOverview,
  'reports.get': getReport,
  'reports.create': createReport,
  'reports.saveDraft': saveDraft,
  'reports.deleteDraft': deleteDraft,
  'reports.correct': correctReport,
  'reports.sign': signReport,
  'reports.logSubmission': logSubmission,
  'reports.package': downloadReportPackage,
  'reports.docx': downloadReportDocx,
  'reports.xlsx': downloadReportXlsx,
  'reports.json': downloadReportJson,
  'reports.updateDueRules': updateDueRules,
});
