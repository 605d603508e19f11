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

export interface DB {
  office: OfficeTable;
  users: UsersTable;
  audit_log: AuditLogTable;
  departments: DepartmentsTable;
  department_aliases: DepartmentAliasesTable;
  calendar_overrides: CalendarOverridesTable;
}

export type UserRecord = Selectable<UsersTable>;
export type DepartmentRecord = Selectable<DepartmentsTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
