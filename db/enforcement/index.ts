// 联合执法: directories, 抽查计划 and the 双随机 draw, inspections and their publication, 转报, 12345 投诉 and
// joint actions.
import { defineDomain, mergeHandlerMaps } from '../core/registry';
import { enforcementDirectoryHandlers } from './directories';
import { enforcementFileHandlers } from './directories-import';
import { inspectionPlanHandlers } from './plans';
import { drawHandlers } from './draws';
import { referralHandlers } from './referrals';
import { inspectionHandlers } from './inspections';
import { inspectionPublicationHandlers } from './publications';
import { jointActionHandlers } from './joint-actions';
import { enforcementDueItems, enforcementIndicators } from './due';
import { enforcementCharts } from './charts';
import { enforcementReportSections } from './report-section';
import { spotItemHandlers } from './spot-items';
import { spotcheckHandlers } from './spotcheck';

export const enforcementDomain = defineDomain({
  name: 'enforcement',
  handlers: mergeHandlerMaps(
    enforcementDirectoryHandlers,
    enforcementFileHandlers,
    inspectionPlanHandlers,
    drawHandlers,
    referralHandlers,
    inspectionHandlers,
    inspectionPublicationHandlers,
    jointActionHandlers,
    spotItemHandlers,
    spotcheckHandlers,
  ),
  dueItems: enforcementDueItems,
  indicators: enforcementIndicators,
  charts: enforcementCharts,
  reportSections: enforcementReportSections,
});
