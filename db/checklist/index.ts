// 任务清单: the year's department responsibility list, quarterly progress and the fill-in workbook.
import { defineDomain, mergeHandlerMaps } from '../core/registry';
import { checklistHandlers } from './checklist';
import { checklistProgressHandlers } from './progress';
import { checklistFileHandlers } from './workbook';
import { checklistCharts, checklistDueItems, checklistIndicators } from './due';
import { checklistReportSections } from './report-section';

export const checklistDomain = defineDomain({
  name: 'checklist',
  handlers: mergeHandlerMaps(checklistHandlers, checklistProgressHandlers, checklistFileHandlers),
  dueItems: checklistDueItems,
  indicators: checklistIndicators,
  charts: checklistCharts,
  reportSections: checklistReportSections,
});
