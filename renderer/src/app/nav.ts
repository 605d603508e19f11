// The left navigation: every section of the app, in the order the office works through them.
import type { Permission } from '../../../shared/domain/roles';

export interface NavItem {
  key: string;
  label: string;
  path: string;
  /** Shown only to a role that may use the section (the address still works for anyone who may read it). */
  shownTo?: (can: (p: Permission) => boolean) => boolean;
}

export const NAV: NavItem[] = [
  { key: 'dashboard', label: '工作台', path: '/dashboard' },
  {
    key: 'meetings',
    label: '联席会议',
    path: '/meetings',
  },
  {
    key: 'checklist',
    label: '任务清单',
    path: '/checklist',
  },
  {
    key: 'enforcement',
    label: '联合执法',
    path: '/enforcement',
  },
  {
    key: 'credit',
    label: '信用台账',
    path: '/credit',
  },
  { key: 'selfcheck', label: '依法执业自查', path: '/selfcheck' },
  {
    key: 'reports',
    label: '报告上报',
    path: '/reports',
  },
  // 市级汇总 is work for the city commission's office (trust the districts' keys, import and verify their packages)
  // or for a district checking its own signed package before sending it: that is the clerk who imports
  // (records.write) and the administrator who keeps the trust list (keys.manage). A district's 领导, 审计 and
  // 会务秘书 have nothing to do there, so the section is not in their navigation; the rollup is a read query, so
  // a leader or auditor of a city office who is sent the address (#/upstream/rollup) still reads it.
  {
    key: 'upstream',
    label: '市级汇总',
    path: '/upstream',
    shownTo: (can) => can('records.write') || can('keys.manage'),
  },
  { key: 'basic', label: '基础数据', path: '/basic/departments' },
  { key: 'settings', label: '系统设置', path: '/settings' },
];

export function navItemFor(path: string): NavItem {
  const first = '/' + (path.split('/')[1] ?? '');
  return NAV.find((n) => n.path.startsWith(first)) ?? NAV[0]!;
}
