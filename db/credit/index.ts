// 信用台账: the append-only ledger, points and tiers, 记分通知书, 红黑名单 and 信用修复.
import { defineDomain, mergeHandlerMaps } from '../core/registry';
import { creditHandlers } from './credit';
import { creditEntryHandlers } from './entries';
import { creditNoticeHandlers } from './notices';
import { creditCatalogueHandlers } from './catalogue';
import { creditListHandlers } from './lists';
import { creditDueItems } from './due';
import { creditCharts } from './charts';
import { creditReportSections } from './report-section';

export const creditDomain = defineDomain({
  name: 'credit',
  handlers: mergeHandlerMaps(
    creditHandlers,
    creditEntryHandlers,
    creditNoticeHandlers,
    creditCatalogueHandlers,
    creditListHandlers,
  ),
  dueItems: creditDueItems,
  charts: creditCharts,
  reportSections: creditReportSections,
});
