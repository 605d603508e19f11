// 联席会议: the calendar and series, agenda, notices, attendance, minutes and 议定事项督办.
import { defineDomain, mergeHandlerMaps } from '../core/registry';
import { meetingHandlers } from './meetings';
import { meetingFileHandlers } from './files';
import { meetingDueItems, meetingIndicators } from './due';
import { meetingReportSections } from './report-section';

export const meetingsDomain = defineDomain({
  name: 'meetings',
  handlers: mergeHandlerMaps(meetingHandlers, meetingFileHandlers),
  dueItems: meetingDueItems,
  indicators: meetingIndicators,
  reportSections: meetingReportSections,
});
