// 任务清单: the year's department responsibility list, quarterly progress and the fill-in workbook.
import { defineDomain, mergeHandlerMaps } from '../core/registry';
import { checklistHandlers } from './checklist';
import { checklistProgressHandlers } from './progress';
import { checklistFileHandlers } from './workbook';

export const checklistDomain = defineDomain({
  name: 'checklist',
  handlers: mergeHandlerMaps(checklistHandlers, checklistProgressHandlers, checklistFileHandlers),
});
