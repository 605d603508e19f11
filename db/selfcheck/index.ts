// 依法执业自查 and 告诫谈话: the year's self-inspection work, submissions by hand and by workbook, 承诺书, 登记未自查,
// 自查督导 (through the inspection records), the 自查结果公示 list and warning talks.
import { defineDomain, mergeHandlerMaps } from '../core/registry';
import { submissionHandlers } from './submissions';
import { workbookHandlers } from './workbook';
import { supervisionHandlers } from './supervision';
import { talkHandlers } from './talks';
import { selfcheckDueItems, selfcheckIndicators } from './due';
import { selfcheckReportSections } from './report-section';

export const selfcheckDomain = defineDomain({
  name: 'selfcheck',
  handlers: mergeHandlerMaps(submissionHandlers, workbookHandlers, supervisionHandlers, talkHandlers),
  dueItems: selfcheckDueItems,
  indicators: selfcheckIndicators,
  reportSections: selfcheckReportSections,
});
