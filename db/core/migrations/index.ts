// Migrations are provided in code (static imports) so that the bundled main process needs no file system
// scan; names sort by their timestamp, which is the order they run in.
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as core from './20261122T0800_core';
import * as basicData from './20261122T0900_basic_data';
import * as checklist from './20261122T1000_checklist';
import * as settings from './20261122T1100_settings';
import * as auditorAndLockout from './20261122T1200_auditor_and_lockout';
import * as meetings from './20261125T0900_meetings';
import * as enforcementDirectories from './20261125T1000_enforcement_directories';
import * as draws from './20261125T1100_draws';
import * as referralsComplaints from './20261125T1200_referrals_complaints';
import * as creditLedger from './20261125T1300_credit_ledger';
import * as inspections from './20261125T1400_inspections';
import * as reports from './20261125T1900_reports';
import * as jointActions from './20261125T1500_joint_actions';
import * as creditLists from './20261125T1600_credit_lists';
import * as signingKeys from './20261125T1700_signing_keys';
import * as upstream from './20261125T1800_upstream';
import * as dashboard from './20261125T2000_dashboard';
import * as drawSeals from './20261201T1000_draw_seals';
import * as ledgerTree from './20261205T1000_ledger_tree';
import * as reportPeriods from './20261205T1000_report_periods';
import * as calendarId from './20261205T1000_calendar_id';
import * as importMappings from './20261205T1000_import_mappings';
import * as selfcheck from './20261206T1000_selfcheck';
import * as spotcheckModel from './20261206T1100_spotcheck_model';
import * as perfIndexes from './20261206T1200_perf_indexes';
import * as recordVersions from './20261206T1300_record_versions';
import * as moreRecordVersions from './20261206T1400_more_record_versions';
import * as attachmentContents from './20261207T1400_attachment_contents';
import * as pagedListIndexes from './20261207T0900_paged_list_indexes';
import * as decisionUrgings from './20261208T0900_decision_urgings';
import * as institutionReferenceIndexes from './20261209T0900_institution_reference_indexes';
import * as dashboardIndexes from './20261210T0900_dashboard_indexes';
import * as drawJsonStorage from './20261210T1000_draw_json_storage';
import * as complaintCountsIndex from './20261211T0900_complaint_counts_index';
import * as auditLogIndexes from './20261211T1000_audit_log_indexes';
import * as selfcheckUntrueIndex from './20261211T1100_selfcheck_untrue_index';
import * as creditLedgerBySubject from './20261211T1200_credit_ledger_by_subject';
import * as inspectionCountsIndex from './20261212T0900_inspection_counts_index';
import * as dashboardCoveringIndexes from './20261213T0900_dashboard_covering_indexes';
import * as ledgerNoticeIndexSeq from './20261214T0900_ledger_notice_index_seq';
import * as inspectionsLatestCovering from './20261214T1000_inspections_latest_covering';

export const migrations: Record<string, Migration> = {
  '20261122T0800_core': core,
  '20261122T0900_basic_data': basicData,
  '20261122T1000_checklist': checklist,
  '20261122T1100_settings': settings,
  '20261122T1200_auditor_and_lockout': auditorAndLockout,
  '20261125T0900_meetings': meetings,
  '20261125T1000_enforcement_directories': enforcementDirectories,
  '20261125T1100_draws': draws,
  '20261125T1200_referrals_complaints': referralsComplaints,
  '20261125T1300_credit_ledger': creditLedger,
  '20261125T1400_inspections': inspections,
  '20261125T1900_reports': reports,
  '20261125T1500_joint_actions': jointActions,
  '20261125T1600_credit_lists': creditLists,
  '20261125T1700_signing_keys': signingKeys,
  '20261125T1800_upstream': upstream,
  '20261125T2000_dashboard': dashboard,
  '20261201T1000_draw_seals': drawSeals,
  '20261205T1000_ledger_tree': ledgerTree,
  '20261205T1000_report_periods': reportPeriods,
  '20261205T1000_calendar_id': calendarId,
  '20261205T1000_import_mappings': importMappings,
  '20261206T1000_selfcheck': selfcheck,
  '20261206T1100_spotcheck_model': spotcheckModel,
  '20261206T1200_perf_indexes': perfIndexes,
  '20261206T1300_record_versions': recordVersions,
  '20261206T1400_more_record_versions': moreRecordVersions,
  '20261207T1400_attachment_contents': attachmentContents,
  '20261207T0900_paged_list_indexes': pagedListIndexes,
  '20261208T0900_decision_urgings': decisionUrgings,
  '20261209T0900_institution_reference_indexes': institutionReferenceIndexes,
  '20261210T0900_dashboard_indexes': dashboardIndexes,
  '20261210T1000_draw_json_storage': drawJsonStorage,
  '20261211T0900_complaint_counts_index': complaintCountsIndex,
  '20261211T1000_audit_log_indexes': auditLogIndexes,
  '20261211T1100_selfcheck_untrue_index': selfcheckUntrueIndex,
  '20261211T1200_credit_ledger_by_subject': creditLedgerBySubject,
  '20261212T0900_inspection_counts_index': inspectionCountsIndex,
  '20261213T0900_dashboard_covering_indexes': dashboardCoveringIndexes,
  '20261214T0900_ledger_notice_index_seq': ledgerNoticeIndexSeq,
  '20261214T1000_inspections_latest_covering': inspectionsLatestCovering,
};

export const migrationNames = Object.keys(migrations).sort();

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
