// First-run setup, sign-in, the office profile, user accounts and the audit trail.
import { z } from 'zod';
import { can, mutation, publicAccess, query, result } from './define';
import { progressIdSchema } from './common';
import {
  empty,
  editVersion,
  id,
  isoDate,
  optionalText,
  pageInput,
  requiredText,
  type FileDownload,
  type PageOf,
} from './common';
import { ROLES, type Role } from '../domain/roles';
import { isValidUscc } from '../domain/uscc';
import type { IntegrityState } from './backup';
import { provinceSchema, rulePresetsSchema, startQuarterSchema } from './settings';

export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export interface OfficeProfile {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  name: string;
  docPrefix: string;
  uscc: string;
  address: string;
  contactPerson: string;
  contactPhone: string;
  updatedAt: string;
}

export interface SystemStatus {
  initialized: boolean;
  appVersion: string;
  office: OfficeProfile | null;
  user: Actor | null;
  /** The start-up check of the data file; when damaged the app is read-only until restored. */
  integrity: IntegrityState;
}

export interface UserRow extends Actor {
  /** Raised by every save: what an editor sends back as `version` (db/core/versions.ts). */
  version: number;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  actorName: string;
  /** The computer (seat) the write came from; '' for rows from before seats were recorded. */
  seat: string;
  action: string;
  entity: string;
  entityId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
}

const username = z
  .string({ error: '请填写用户名' })
  .trim()
  .regex(/^[A-Za-z0-9_.-]{2,32}$/, { error: '用户名为 2–32 位字母、数字、下划线、点或短横线' });

export const password = z
  .string({ error: '请填写密码' })
  .min(8, { error: '密码至少 8 位' })
  .max(128, { error: '密码不能超过 128 位' });

const role = z.enum(ROLES, { error: '角色无效' });

export const auditFilter = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.string().max(40).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  actor: z.string().trim().max(40).optional(),
  text: z.string().trim().max(100).optional(),
});
export type AuditFilter = z.output<typeof auditFilter>;

/** 操作日志's grid row: the record without its before/after copies (those go to the Excel export). */
export type AuditListRow = Omit<AuditRow, 'before' | 'after'>;

/** 操作日志's sortable columns (the grid's column ids). */
export const AUDIT_SORT_KEYS = ['at', 'actorName', 'seat', 'entity', 'action'] as const;
/** Its columns the grid may filter (包含…). */
export const AUDIT_FILTER_KEYS = ['actorName', 'seat', 'summary', 'entity', 'action'] as const;

export const officeInput = z.object({
  name: requiredText(60, '单位名称').refine((s) => s.length >= 2, { error: '单位名称至少 2 个字' }),
  docPrefix: z
    .string({ error: '请填写发文字号前缀' })
    .trim()
    .regex(/^[\u4e00-\u9fa5A-Za-z]{1,10}$/, { error: '发文字号前缀应为 1–10 个汉字或字母，例如“越卫健”' }),
  uscc: z
    .string()
    .trim()
    .toUpperCase()
    .default('')
    .refine((s) => s === '' || isValidUscc(s), { error: '统一社会信用代码无效（18 位，末位校验码不符）' }),
  address: optionalText(120, '地址'),
  contactPerson: optionalText(30, '联系人'),
  contactPhone: optionalText(40, '联系电话'),
});

/** What a long operation (校验台账, a backup, a restore, an import) is doing now, for its progress bar: `done` of
 *  `total` (entries, steps or rows, as `unit` says), and whether 取消 may stop it. */
export interface OperationProgress {
  what: string;
  done: number;
  total: number;
  /** 条 (ledger entries), 步 (steps), 行 (rows), 个 (files). */
  unit: '条' | '步' | '行' | '个';
  cancellable: boolean;
  cancelled: boolean;
}

export const systemContract = {
  'system.status': query(empty, result<SystemStatus>(), publicAccess),
  /** A running call's progress by the id this window passed with it (null: not started, or over); `cancel` asks
   *  it to stop where that is safe. Only the session that started the call can see or stop it; the dispatcher
   *  answers it at once, without waiting for the database the long call may be holding. */
  'system.progress': query(
    z.object({ id: progressIdSchema.unwrap(), cancel: z.boolean().default(false) }),
    result<OperationProgress | null>(),
    publicAccess,
  ),
  'system.setup': mutation(
    z.object({
      office: officeInput,
      admin: z.object({ username, displayName: requiredText(30, '姓名'), password }),
      /** 从哪个季度开始使用本系统 and the office's province (its rule presets; `rulePresets` overrides some).
       *  Setup and the CLI's init always send it (the current quarter by default); without it nothing is
       *  limited by a start and the rules keep their defaults. */
      start: z
        .object({
          quarter: startQuarterSchema,
          province: provinceSchema.nullable(),
          rulePresets: rulePresetsSchema.optional(),
        })
        .optional(),
    }),
    result<{ user: Actor }>(),
    publicAccess,
  ),
  'auth.login': mutation(
    z.object({
      username: z
        .string()
        .trim()
        .min(1, { error: '请填写用户名' })
        .max(30, { error: '用户名不能超过 30 个字符' }),
      password: z.string().min(1, { error: '请填写密码' }).max(200, { error: '密码不能超过 200 个字符' }),
    }),
    result<{ user: Actor }>(),
    publicAccess,
  ),
  'auth.logout': mutation(empty, result<null>(), can('self')),
  /** The window reports that the person at it typed, clicked or scrolled: only this (and writes) keeps a session
   *  from the idle lock; background refreshes do not. */
  'session.activity': query(empty, result<null>(), can('self')),
  'auth.changePassword': mutation(
    z.object({ currentPassword: z.string().min(1, { error: '请填写当前密码' }), newPassword: password }),
    result<null>(),
    can('self'),
  ),
  'office.get': query(empty, result<OfficeProfile>(), can('read')),
  'office.update': mutation(
    officeInput.extend({ version: editVersion }),
    result<OfficeProfile>(),
    can('settings.manage'),
  ),
  'users.list': query(empty, result<UserRow[]>(), can('users.manage')),
  'users.create': mutation(
    z.object({ username, displayName: requiredText(30, '姓名'), role, password }),
    result<UserRow>(),
    can('users.manage'),
  ),
  'users.update': mutation(
    z.object({ id, version: editVersion, displayName: requiredText(30, '姓名'), role, active: z.boolean() }),
    result<UserRow>(),
    can('users.manage'),
  ),
  'users.resetPassword': mutation(
    z.object({ id, newPassword: password }),
    result<null>(),
    can('users.manage'),
  ),
  'audit.list': query(
    auditFilter.extend({ limit: z.number().int().min(1).max(1000).default(200) }),
    result<AuditRow[]>(),
    can('audit.read'),
  ),
  /** A block of 操作日志, newest first, filtered (dates, person, words, the grid's column filters) on the server. */
  'audit.page': query(
    pageInput(auditFilter.shape, AUDIT_SORT_KEYS, AUDIT_FILTER_KEYS),
    result<PageOf<AuditListRow>>(),
    can('audit.read'),
  ),
  'audit.exportXlsx': query(
    auditFilter.extend({ progressId: progressIdSchema }),
    result<FileDownload>(),
    can('audit.read'),
  ),
};
