// The left navigation: every section of the app, in the order the office works through them.
export interface NavItem {
  key: string;
  label: string;
  path: string;
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
  { key: 'upstream', label: '市级汇总', path: '/upstream' },
  { key: 'basic', label: '基础数据', path: '/basic/departments' },
  { key: 'settings', label: '系统设置', path: '/settings' },
];

export function navItemFor(path: string): NavItem {
  const first = '/' + (path.split('/')[1] ?? '');
  return NAV.find((n) => n.path.startsWith(first)) ?? NAV[0]!;
}
