// 联席会议: the domain's handler map (method → named function). Reads are in queries.ts and decisions.ts; writes in
// calendar.ts (meetings and series), agenda.ts (agenda, materials, notice) and minutes.ts (attendance, minutes).
import { defineHandlers } from '../core/context';
import {
  meetingCalendar,
  meetingList,
  getMeeting,
  previewSeries,
  materialFile,
  meetingCompliance,
} from './queries';
import { createMeeting, createSeries, updateMeeting, moveMeeting, cancelMeeting } from './calendar';
import { saveAgenda, addMaterial, removeMaterial, issueNotice } from './agenda';
import { recordAttendance, saveMinutes } from './minutes';
import {
  listDecisions,
  addDecisionUpdate,
  closeDecision,
  closeDecisions,
  urgeDecision,
  urgeDecisions,
  exportDecisions,
  reopenDecision,
} from './decisions';

export const meetingHandlers = defineHandlers({
  'meetings.calendar': meetingCalendar,
  'meetings.list': meetingList,
  'meetings.get': getMeeting,
  'meetings.create': createMeeting,
  'meetings.previewSeries': previewSeries,
  'meetings.createSeries': createSeries,
  'meetings.update': updateMeeting,
  'meetings.move': moveMeeting,
  'meetings.cancel': cancelMeeting,
  'meetings.saveAgenda': saveAgenda,
  'meetings.addMaterial': addMaterial,
  'meetings.removeMaterial': removeMaterial,
  'meetings.materialFile': materialFile,
  'meetings.issueNotice': issueNotice,
  'meetings.recordAttendance': recordAttendance,
  'meetings.saveMinutes': saveMinutes,
  'decisions.list': listDecisions,
  'decisions.addUpdate': addDecisionUpdate,
  'decisions.close': closeDecision,
  'decisions.closeMany': closeDecisions,
  'decisions.urge': urgeDecision,
  'decisions.urgeMany': urgeDecisions,
  'decisions.exportXlsx': exportDecisions,
  'decisions.reopen': reopenDecision,
  'meetings.compliance': meetingCompliance,
});
