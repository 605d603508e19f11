// Kysely's view of the database. Row types come from here (Selectable/Insertable); the conversion of
// SQLite's integers-as-booleans and JSON text happens in each domain's row mapper, nowhere else.
import type { Generated, Insertable, Selectable } from 'kysely';

export interface OfficeTable {
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
}

export interface DepartmentsTable {
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
  checklist_evidence: ChecklistEvidenceTable;
  checklist_summaries: ChecklistSummariesTable;
  settings: SettingsTable;
}

export type UserRecord = Selectable<UsersTable>;
export type DepartmentRecord = Selectable<DepartmentsTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
