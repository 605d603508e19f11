// Kysely's view of the database. Row types come from here (Selectable/Insertable); the conversion of
// SQLite's integers-as-booleans and JSON text happens in each domain's row mapper, nowhere else.
import type { Generated, Insertable, Selectable } from 'kysely';

export interface OfficeTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: number; // always 1: one office per data folder
  name: string;
  doc_prefix: string;
  uscc: string;
  address: string;
  contact_person: string;
  contact_phone: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  active: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  failed_logins: Generated<number>;
  locked_until: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  /** The computer the write came from (its host name); '' for rows written before seats were recorded. */
  seat: Generated<string>;
}

export interface DepartmentsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  full_name: string;
  short_name: string;
  kind: string;
  contact_person: string;
  contact_phone: string;
  duties: string;
  sort_order: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface DepartmentAliasesTable {
  alias: string;
  department_id: number;
}

export interface CalendarOverridesTable {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  note: string;
  updated_at: string;
  updated_by: string;
}

export interface ChecklistsTable {
  id: Generated<number>;
  year: number;
  title: string;
  template_id: string | null;
  document: string;
  lead_rule: string;
  created_at: string;
  updated_at: string;
}

export interface ChecklistItemsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  checklist_id: number;
  seq: number;
  code: string;
  title: string;
  text: string;
  remark: string;
  retired: number;
  created_at: string;
  updated_at: string;
}

export interface ChecklistItemUnitsTable {
  item_id: number;
  department_id: number;
  role: 'lead' | 'participant';
  position: number;
}

export interface ChecklistProgressTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  item_id: number;
  department_id: number;
  quarter: number;
  status: string;
  narrative: string;
  issues: string;
  next_steps: string;
  reporter_id: number;
  reported_at: string;
}

export interface FilesTable {
  id: Generated<number>;
  sha256: string;
  size: number;
  mime_type: string;
  created_at: string;
}

/** Server mode: the attachment bytes themselves, by SHA-256 (db/core/attachment-store.ts). */
export interface AttachmentContentsTable {
  sha256: string;
  size: number;
  content: Buffer;
  created_at: string;
}

export interface ChecklistEvidenceTable {
  progress_id: number;
  file_id: number;
  file_name: string;
  added_at: string;
}

export interface ChecklistSummariesTable {
  item_id: number;
  quarter: number;
  text: string;
  author_id: number;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
  updated_by: string;
}

export interface DocNumbersTable {
  year: number;
  number: number;
  kind: string;
  ref_id: number;
  title: string;
  issued_at: string;
}

export interface MeetingSeriesTable {
  id: Generated<number>;
  title: string;
  type: string;
  rule_json: string;
  created_at: string;
  updated_at: string;
}

export interface MeetingsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  series_id: number | null;
  original_date: string | null;
  type: string;
  title: string;
  date: string;
  start_time: string;
  duration_minutes: number;
  place: Generated<string>;
  room: Generated<string>;
  convener: Generated<string>;
  chair: Generated<string>;
  invited_leaders: Generated<string>;
  status: string;
  cancel_reason: Generated<string>;
  notes: Generated<string>;
  check_in_time: Generated<string>;
  what_to_bring: Generated<string>;
  rsvp_deadline: string | null;
  contact_person: Generated<string>;
  contact_phone: Generated<string>;
  minutes_summary: Generated<string>;
  minutes_year: number | null;
  minutes_number: number | null;
  sequence: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface MeetingDepartmentsTable {
  meeting_id: number;
  department_id: number;
  role: string;
  position: number;
  attendee_names: Generated<string>;
  attendance: string | null;
  leave_reason: Generated<string>;
  delegate_name: Generated<string>;
}

export interface AgendaItemsTable {
  id: Generated<number>;
  meeting_id: number;
  seq: number;
  title: string;
  presenter_department_id: number | null;
  minutes: number;
  discussion: Generated<string>;
  conclusion: Generated<string>;
}

export interface AgendaItemChecklistTable {
  agenda_item_id: number;
  checklist_item_id: number;
}

export interface AgendaMaterialsTable {
  id: Generated<number>;
  agenda_item_id: number;
  file_id: number;
  file_name: string;
  added_at: string;
}

export interface DecisionsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  meeting_id: number;
  seq: number;
  text: string;
  due_date: string;
  status: string;
  result: Generated<string>;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface DecisionDepartmentsTable {
  decision_id: number;
  department_id: number;
  position: number;
}

export interface DecisionUpdatesTable {
  id: Generated<number>;
  decision_id: number;
  at: string;
  author: string;
  text: string;
  file_id: number | null;
  file_name: string | null;
}

/** 催办: one row each time the office urged a decision's responsible departments. */
export interface DecisionUrgingsTable {
  id: Generated<number>;
  decision_id: number;
  urged_on: string;
  /** phone | written | system | meeting (URGING_METHODS). */
  method: string;
  note: Generated<string>;
  urged_by: string;
  created_at: string;
}

export interface InstitutionsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  name: string;
  uscc: string;
  licence_no: string | null;
  category: string;
  ownership: string;
  level: Generated<string>;
  address: Generated<string>;
  street: Generated<string>;
  grid: Generated<string>;
  status: Generated<string>;
  credit_tier: string | null;
  created_at: string;
  updated_at: string;
}

export interface PractitionersTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  name: string;
  category: string;
  certificate_no: string;
  institution_id: number;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface InspectorsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  name: string;
  department_id: number;
  badge_no: string;
  active: Generated<number>;
  /** JSON: string[] qualification tags. */
  qualifications_json: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** 随机抽查事项清单. */
export interface SpotItemsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  name: string;
  sub_item: Generated<string>;
  basis: string;
  subject: Generated<string>;
  /** JSON: InstitutionCategory[] (empty: every category). */
  categories_json: Generated<string>;
  content: Generated<string>;
  method: Generated<string>;
  ratio_text: Generated<string>;
  frequency: Generated<string>;
  qualification: Generated<string>;
  active: Generated<number>;
  position: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface InspectionPlanItemsTable {
  plan_id: number;
  item_id: number;
  position: number;
}

/** 专家库. */
export interface ExpertsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  name: string;
  unit: string;
  field: string;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ExpertConflictsTable {
  expert_id: number;
  institution_id: number;
  reason: string;
  position: number;
}

/** 审核 of an inspection result: every decision, in order. */
export interface InspectionApprovalsTable {
  id: Generated<number>;
  inspection_id: number;
  decision: string;
  reason: Generated<string>;
  reviewer_id: number;
  reviewer_name: string;
  at: string;
}

export interface InspectorConflictsTable {
  inspector_id: number;
  institution_id: number;
  reason: string;
  position: number;
}

export interface ReferralsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  group_id: number;
  from_department_id: number;
  to_department_id: number;
  via_bureau: Generated<number>;
  doc_no: Generated<string>;
  matter: string;
  institution_id: number | null;
  received_on: string;
  due_on: string;
  rule_days: number;
  rule_unit: string;
  reply_text: Generated<string>;
  reply_on: string | null;
  reply_file_id: number | null;
  reply_file_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface ComplaintsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  ticket_no: string;
  received_on: string;
  content: string;
  category: string;
  institution_id: number | null;
  department_id: number;
  handling_result: Generated<string>;
  handled_on: string | null;
  substantiated: number | null;
  feedback_due: string | null;
  rule_days: number | null;
  rule_unit: string | null;
  feedback_on: string | null;
  feedback_note: Generated<string>;
  created_at: string;
  updated_at: string;
  /** The 投诉查实 credit-ledger entry this complaint wrote, and the 更正 that neutralised it. */
  credit_seq: number | null;
  credit_correction_seq: number | null;
}

export interface JointActionsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  name: string;
  kind: string;
  lead_department_id: number;
  start_date: string;
  end_date: string;
  scope: Generated<string>;
  /** null = from the dates */
  status_set: string | null;
  institutions_checked: Generated<number>;
  issues_found: Generated<number>;
  cases_filed: Generated<number>;
  /** 罚没金额 in 分 */
  fines_fen: Generated<number>;
  results_text: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface JointActionDepartmentsTable {
  action_id: number;
  department_id: number;
  position: number;
}

export interface JointActionTargetsTable {
  action_id: number;
  institution_id: number;
  position: number;
}

export interface JointActionFilesTable {
  id: Generated<number>;
  action_id: number;
  file_id: number;
  file_name: string;
  added_at: string;
}

export interface InspectionPlansTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  year: number;
  name: string;
  categories_json: string;
  streets_json: string;
  items_json: string;
  ratio_a: number;
  ratio_b: number;
  ratio_c: number;
  ratio_d: number;
  ratio_none: number;
  team_size: number;
  notes: Generated<string>;
  expert_per_team: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface InspectionPlanDepartmentsTable {
  plan_id: number;
  department_id: number;
  position: number;
}

export interface InspectionPlanBatchesTable {
  plan_id: number;
  number: number;
  name: string;
  start_date: string;
  end_date: string;
}

/** Immutable (triggers refuse UPDATE and DELETE). */
export interface DrawRecordsTable {
  id: Generated<number>;
  plan_id: number;
  batch_number: number;
  drawn_at: string;
  drawn_by: string;
  seed: string;
  sha256: string;
  target_count: number;
  record_json: string;
}

/** The seal of a batch before its draw (zongjian-draw-v2). Immutable (triggers refuse UPDATE and DELETE). */
export interface DrawSealsTable {
  id: Generated<number>;
  plan_id: number;
  batch_number: number;
  sealed_at: string;
  sealed_on: string;
  sealed_by: string;
  sha256: string;
  seal_json: string;
}

/** Immutable (triggers refuse UPDATE and DELETE). */
export interface DrawTargetsTable {
  draw_id: number;
  position: number;
  institution_id: number;
  lead_inspector_id: number;
}

export interface CreditLedgerTable {
  seq: number;
  recorded_at: string;
  recorder_id: number | null;
  recorder_name: string;
  subject_kind: string;
  subject_id: number;
  subject_name: string;
  subject_code: string;
  type: string;
  fact_date: string;
  outcome: string | null;
  behaviour_code: string | null;
  behaviour_name: string | null;
  points: number | null;
  basis: Generated<string>;
  source_kind: string | null;
  source_id: number | null;
  amends_seq: number | null;
  text: Generated<string>;
  attachments: Generated<string>;
  prev_hash: string;
  hash: string;
}

export interface CreditBehavioursTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  subject_kind: string;
  code: string;
  name: string;
  points: number;
  basis: Generated<string>;
  active: Generated<number>;
  sort_order: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CreditSubjectsTable {
  subject_kind: string;
  subject_id: number;
  tier: string | null;
  score: number | null;
  summary: Generated<string>;
  cycle_start: string;
  cycle_end: string;
  cycle_points: Generated<number>;
  entry_count: Generated<number>;
  last_fact_date: string | null;
  computed_on: string;
}

export interface CreditTierHistoryTable {
  id: Generated<number>;
  subject_kind: string;
  subject_id: number;
  tier: string | null;
  previous_tier: string | null;
  score: number | null;
  summary: string;
  cause_seq: number | null;
  effective_on: string;
  changed_at: string;
}

export interface CreditWarningsTable {
  id: Generated<number>;
  subject_kind: string;
  subject_id: number;
  cycle_start: string;
  cycle_end: string;
  threshold: number;
  actions: string;
  points: number;
  raised_by_seq: number;
  raised_at: string;
  status: Generated<string>;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  action_taken: Generated<string>;
}

export interface CreditSettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
  updated_by: string;
}

export interface InspectionsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  institution_id: number;
  plan_id: number | null;
  batch_number: number | null;
  draw_id: number | null;
  draw_position: number | null;
  inspected_on: string;
  lead_inspector_id: number;
  team_note: Generated<string>;
  /** JSON: string[] */
  items_json: string;
  findings: Generated<string>;
  outcome: string;
  rectify_due: string | null;
  transfer_to: Generated<string>;
  /** JSON: PenaltyKind[] */
  penalties_json: string;
  fine_fen: number | null;
  confiscation_fen: number | null;
  case_no: string | null;
  review_on: string | null;
  review_result: string | null;
  review_note: Generated<string>;
  escalated: Generated<number>;
  result_seq: number | null;
  penalty_seq: number | null;
  review_seq: number | null;
  /** JSON: [{fileId, name}] */
  attachments_json: Generated<string>;
  removed_at: string | null;
  removed_reason: Generated<string>;
  /** JSON: InspectionItemResult[] ('[]' on records made before the item list). */
  item_results_json: Generated<string>;
  result_category: string | null;
  followup: string | null;
  /** pending · returned · passed · legacy */
  approval_status: Generated<string>;
  /** JSON: number[] — users who created or edited the result. */
  author_ids_json: Generated<string>;
  migration_note: Generated<string>;
  /** JSON: InspectionExpert[] — the experts drawn for the team, as the draw record names them. */
  experts_json: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface InspectionTeamTable {
  inspection_id: number;
  inspector_id: number;
  position: number;
  lead: number;
}

export interface InspectionPractitionersTable {
  inspection_id: number;
  practitioner_id: number;
  position: number;
}

export interface InspectionPublicationsTable {
  plan_id: number;
  batch_number: number;
  published_on: string;
  channel: string;
  note: string;
  due_on: string | null;
  rule_days: number;
  rule_unit: string;
  recorded_by: string;
  recorded_at: string;
}

export interface CreditListingsTable {
  id: Generated<number>;
  subject_kind: string;
  subject_id: number;
  list: string;
  severity: string | null;
  basis_number: string;
  basis_text: string;
  decision_date: string;
  disclosure_start: string | null;
  disclosure_end: string | null;
  ledger_seq: number;
  created_at: string;
  created_by: string;
}

export interface CreditRepairsTable {
  id: Generated<number>;
  listing_id: number;
  applied_on: string;
  applied_at: string;
  applied_by: string;
  rectification_text: Generated<string>;
  attachments: Generated<string>;
  commitment_seq: number;
  status: Generated<string>;
  decided_at: string | null;
  decided_by: string | null;
  decision_number: Generated<string>;
  decision_note: Generated<string>;
  repair_seq: number | null;
}

/** One version of a report: a draft, or frozen once signed (triggers refuse UPDATE and DELETE of a signed row). */
export interface ReportsTable {
  id: Generated<number>;
  type: string;
  period: string;
  version: number;
  status: Generated<string>;
  title: string;
  addressee: Generated<string>;
  narrative_json: string;
  supersedes_id: number | null;
  correction_reason: Generated<string>;
  data_json: string | null;
  manifest_json: string | null;
  package_file_id: number | null;
  package_sha256: string | null;
  signer_fingerprint: string | null;
  signed_at: string | null;
  signed_by_id: number | null;
  signed_by: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface ReportSubmissionsTable {
  id: Generated<number>;
  report_id: number;
  method: string;
  method_note: Generated<string>;
  recipient: string;
  sent_on: string;
  note: Generated<string>;
  package_sha256: string;
  recorded_at: string;
  recorded_by: string;
}

/** The office's SM2 signing keys; the private key only encrypted (db/reports/signing-keys.ts). */
export interface SigningKeysTable {
  id: Generated<number>;
  fingerprint: string;
  public_key_hex: string;
  public_pem: string;
  encrypted_private_key: string;
  status: string;
  created_at: string;
  created_by: string;
  retired_at: string | null;
}

/** 市级汇总: district public keys the city trusts. */
export interface UpstreamTrustedKeysTable {
  id: Generated<number>;
  district_name: string;
  fingerprint: string;
  public_key_hex: string;
  public_pem: string;
  note: Generated<string>;
  added_at: string;
  added_by: string;
}

/** 市级汇总: each imported submission package and its verification. */
/** One node of the ledger's Merkle tree per complete run of 256 entries (chunk n covers seq 256n+1 … 256n+256). */
export interface CreditMerkleChunksTable {
  chunk: number;
  hash: string;
}

export interface UpstreamPackagesTable {
  id: Generated<number>;
  sha256: string;
  file_name: string;
  size: number;
  file_id: number | null;
  status: string;
  reasons_json: Generated<string>;
  year: number;
  district_name: string | null;
  signer_fingerprint: string | null;
  office_name: string | null;
  office_uscc: string | null;
  report_type: string | null;
  period: string | null;
  title: string | null;
  version: number | null;
  signed_at: string | null;
  supersedes: string | null;
  superseded_by: number | null;
  manifest_json: string | null;
  data_json: string | null;
  imported_at: string;
  imported_by: string;
}

export interface ImportMappingsTable {
  id: Generated<number>;
  register: string;
  signature: string;
  name: string;
  headers_json: string;
  columns_json: string;
  values_json: string;
  source: 'saved' | 'imported';
  updated_at: string;
  updated_by: string;
}

// 依法执业自查 and 告诫谈话 (db/selfcheck).
export interface SelfcheckYearsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  year: number;
  /** JSON: InstitutionCategory[] (empty: every category). */
  categories_json: Generated<string>;
  /** JSON: string[] (empty: every street). */
  streets_json: Generated<string>;
  full_deadline: string;
  pledge_deadline: string;
  routine_after_days: Generated<number>;
  updated_at: string;
  updated_by: string;
}

export interface SelfcheckCampaignsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  year: number;
  topic: string;
  categories_json: Generated<string>;
  streets_json: Generated<string>;
  deadline: string;
  note: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface SelfcheckSubmissionsTable {
  /** Raised by every save (db/core/versions.ts): a save from an older copy is refused. */
  row_version: Generated<number>;
  id: Generated<number>;
  year: number;
  institution_id: number;
  period_key: string;
  kind: string;
  quarter: number | null;
  campaign_id: number | null;
  submitted_on: string;
  /** JSON: AreaCount[] */
  areas_json: Generated<string>;
  found_count: Generated<number>;
  fixed_count: Generated<number>;
  rectify_plan: Generated<string>;
  rectify_due: string | null;
  report_file_id: number | null;
  report_file_name: Generated<string>;
  note: Generated<string>;
  source: Generated<string>;
  untrue: Generated<number>;
  credit_seq: number | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface SelfcheckPledgesTable {
  year: number;
  institution_id: number;
  submitted_on: string;
  signer: Generated<string>;
  practitioners_signed: Generated<number>;
  file_id: number | null;
  file_name: Generated<string>;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface SelfcheckMissingTable {
  id: Generated<number>;
  year: number;
  institution_id: number;
  period_key: string;
  deadline: string;
  credit_seq: number;
  recorded_at: string;
  recorded_by: string;
}

export interface SelfcheckSupervisionsTable {
  id: Generated<number>;
  inspection_id: number;
  submission_id: number;
  /** JSON: SupervisionFinding[] */
  findings_json: Generated<string>;
  untrue: Generated<number>;
  credit_seq: number | null;
  created_at: string;
  created_by: string;
}

export interface WarningTalksTable {
  id: Generated<number>;
  subject_kind: string;
  subject_id: number;
  subject_name: string;
  talk_on: string;
  place: string;
  talkers: string;
  attendees: string;
  reason_kind: string;
  reason_id: number | null;
  reason_text: string;
  content: string;
  commitments: Generated<string>;
  follow_up_on: string | null;
  credit_seq: number;
  created_at: string;
  created_by: string;
}

export interface DB {
  office: OfficeTable;
  users: UsersTable;
  audit_log: AuditLogTable;
  departments: DepartmentsTable;
  department_aliases: DepartmentAliasesTable;
  calendar_overrides: CalendarOverridesTable;
  checklists: ChecklistsTable;
  checklist_items: ChecklistItemsTable;
  checklist_item_units: ChecklistItemUnitsTable;
  checklist_progress: ChecklistProgressTable;
  files: FilesTable;
  attachment_contents: AttachmentContentsTable;
  checklist_evidence: ChecklistEvidenceTable;
  checklist_summaries: ChecklistSummariesTable;
  settings: SettingsTable;
  doc_numbers: DocNumbersTable;
  meeting_series: MeetingSeriesTable;
  meetings: MeetingsTable;
  meeting_departments: MeetingDepartmentsTable;
  agenda_items: AgendaItemsTable;
  agenda_item_checklist: AgendaItemChecklistTable;
  agenda_materials: AgendaMaterialsTable;
  decisions: DecisionsTable;
  decision_departments: DecisionDepartmentsTable;
  decision_updates: DecisionUpdatesTable;
  decision_urgings: DecisionUrgingsTable;
  institutions: InstitutionsTable;
  practitioners: PractitionersTable;
  inspectors: InspectorsTable;
  inspector_conflicts: InspectorConflictsTable;
  spot_items: SpotItemsTable;
  inspection_plan_items: InspectionPlanItemsTable;
  experts: ExpertsTable;
  expert_conflicts: ExpertConflictsTable;
  inspection_approvals: InspectionApprovalsTable;
  inspection_plans: InspectionPlansTable;
  inspection_plan_departments: InspectionPlanDepartmentsTable;
  inspection_plan_batches: InspectionPlanBatchesTable;
  draw_records: DrawRecordsTable;
  draw_targets: DrawTargetsTable;
  draw_seals: DrawSealsTable;
  referrals: ReferralsTable;
  complaints: ComplaintsTable;
  credit_ledger: CreditLedgerTable;
  credit_behaviours: CreditBehavioursTable;
  credit_subjects: CreditSubjectsTable;
  credit_tier_history: CreditTierHistoryTable;
  credit_warnings: CreditWarningsTable;
  credit_settings: CreditSettingsTable;
  inspections: InspectionsTable;
  inspection_team: InspectionTeamTable;
  inspection_practitioners: InspectionPractitionersTable;
  inspection_publications: InspectionPublicationsTable;
  credit_listings: CreditListingsTable;
  credit_repairs: CreditRepairsTable;
  reports: ReportsTable;
  report_submissions: ReportSubmissionsTable;
  joint_actions: JointActionsTable;
  joint_action_departments: JointActionDepartmentsTable;
  joint_action_targets: JointActionTargetsTable;
  joint_action_files: JointActionFilesTable;
  signing_keys: SigningKeysTable;
  upstream_trusted_keys: UpstreamTrustedKeysTable;
  upstream_packages: UpstreamPackagesTable;
  credit_merkle_chunks: CreditMerkleChunksTable;
  import_mappings: ImportMappingsTable;
  selfcheck_years: SelfcheckYearsTable;
  selfcheck_campaigns: SelfcheckCampaignsTable;
  selfcheck_submissions: SelfcheckSubmissionsTable;
  selfcheck_pledges: SelfcheckPledgesTable;
  selfcheck_missing: SelfcheckMissingTable;
  selfcheck_supervisions: SelfcheckSupervisionsTable;
  warning_talks: WarningTalksTable;
}

export type UserRecord = Selectable<UsersTable>;
export type DepartmentRecord = Selectable<DepartmentsTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
