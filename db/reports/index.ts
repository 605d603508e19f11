// 报告上报: reports computed from the records, the office's signing key and the signed package.
import { defineDomain, mergeHandlerMaps } from '../core/registry';
import { reportHandlers } from './reports';
import { signingHandlers } from './signing';
import { reportDueItems, reportIndicators } from './due';

export const reportsDomain = defineDomain({
  name: 'reports',
  handlers: mergeHandlerMaps(reportHandlers, signingHandlers),
  dueItems: reportDueItems,
  indicators: reportIndicators,
});
