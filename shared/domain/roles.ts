// Roles of the office's local accounts. Fine-grained permissions per action come with the security issue;
// the roles already exist so that every write records who acted in which capacity.
export const ROLES = ['admin', 'secretary', 'clerk', 'leader'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  secretary: '会务秘书',
  clerk: '科员',
  leader: '领导',
};
