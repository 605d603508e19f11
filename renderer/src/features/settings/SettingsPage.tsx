// 系统设置: the office profile, rules, user accounts, backups, the audit log and one's own password. Administrators see all;
// others see their password (the dispatcher enforces the same).
import type { Actor } from '../../../../shared/contract';
import { roleCan, type Permission } from '../../../../shared/domain/roles';
import { navigate } from '../../app/router';
import { Tabs } from '../../ui';
import { OfficeSettings } from './OfficeSettings';
import { UsersSettings } from './UsersSettings';
import { AuditLogView } from './AuditLogView';
import { PasswordSettings } from './PasswordSettings';
import { RulesSettings } from './RulesSettings';
import { BackupSettings } from './BackupSettings';
import { StoreSettings } from './StoreSettings';

type Tab = 'office' | 'rules' | 'users' | 'backup' | 'store' | 'audit' | 'password';

export function SettingsPage({ route, user }: { route: string; user: Actor }) {
  const all: { key: Tab; label: string; permission: Permission }[] = [
    { key: 'office', label: '单位信息', permission: 'settings.manage' },
    { key: 'rules', label: '业务规则', permission: 'settings.manage' },
    { key: 'users', label: '用户管理', permission: 'users.manage' },
    { key: 'backup', label: '数据备份', permission: 'backup.restore' },
    { key: 'store', label: '数据存储', permission: 'settings.manage' },
    { key: 'audit', label: '操作日志', permission: 'audit.read' },
    { key: 'password', label: '修改密码', permission: 'self' },
  ];
  const tabs = all.filter((t) => roleCan(user.role, t.permission));
  const wanted = (route.split('/')[2] ?? '') as Tab;
  const tab = tabs.some((t) => t.key === wanted) ? wanted : tabs[0]!.key;
  return (
    <div>
      <Tabs tabs={tabs} active={tab} onChange={(k) => navigate(`/settings/${k}`)} />
      {tab === 'office' ? <OfficeSettings /> : null}
      {tab === 'rules' ? <RulesSettings /> : null}
      {tab === 'users' ? <UsersSettings me={user} /> : null}
      {tab === 'backup' ? <BackupSettings /> : null}
      {tab === 'store' ? <StoreSettings /> : null}
      {tab === 'audit' ? <AuditLogView /> : null}
      {tab === 'password' ? <PasswordSettings /> : null}
    </div>
  );
}
