// Roles of the office's local accounts and what each may do. The matrix is the one place permissions are
// granted; every contract method names the permission it needs, and the dispatcher enforces it.
export const ROLES = ['admin', 'secretary', 'clerk', 'leader', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  secretary: '会务秘书',
  clerk: '科员',
  leader: '领导',
  auditor: '审计',
};

export const PERMISSIONS = {
  self: '本人账号（修改密码、退出）',
  read: '查看业务数据',
  print: '打印与导出',
  'records.write': '维护业务记录（基础数据、任务清单、执法、信用）',
  'meetings.write': '维护联席会议',
  approve: '审批与签发',
  'audit.read': '查看操作日志',
  'users.manage': '管理用户',
  'settings.manage': '修改系统设置与单位信息',
  'keys.manage': '管理签名密钥',
  'backup.restore': '备份与恢复',
} as const;
export type Permission = keyof typeof PERMISSIONS;

const ALL = Object.keys(PERMISSIONS) as Permission[];

/** 管理员: users, settings, keys, restore (and, in a small office, everything else); 会务秘书: meetings;
 *  科员: records; 领导: read, print, approve; 审计: read-only including the audit log. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  secretary: ['self', 'read', 'print', 'meetings.write'],
  clerk: ['self', 'read', 'print', 'records.write'],
  leader: ['self', 'read', 'print', 'approve'],
  auditor: ['self', 'read', 'print', 'audit.read'],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
