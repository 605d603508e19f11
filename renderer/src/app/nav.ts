// The left navigation. Sections not yet built say so and list what they will do: never a fake screen.
export interface NavItem {
  key: string;
  label: string;
  path: string;
  ready: boolean;
  /** For sections still to come: what the office will be able to do there. */
  coming?: string[];
}

export const NAV: NavItem[] = [
  { key: 'dashboard', label: '工作台', path: '/dashboard', ready: true },
  {
    key: 'meetings',
    label: '联席会议',
    path: '/meetings',
    ready: true,
  },
  {
    key: 'checklist',
    label: '任务清单',
    path: '/checklist',
    ready: true,
  },
  {
    key: 'enforcement',
    label: '联合执法',
    path: '/enforcement',
    ready: true,
  },
  {
    key: 'credit',
    label: '信用台账',
    path: '/credit',
    ready: true,
  },
  {
    key: 'reports',
    label: '报告上报',
    path: '/reports',
    ready: false,
    coming: ['季度阶段性工作总结、年度评估报告', '公文格式 PDF/DOCX', 'SM2 签名的上报数据包'],
  },
  { key: 'basic', label: '基础数据', path: '/basic/departments', ready: true },
  { key: 'settings', label: '系统设置', path: '/settings', ready: true },
];

export function navItemFor(path: string): NavItem {
  const first = '/' + (path.split('/')[1] ?? '');
  return NAV.find((n) => n.path.startsWith(first)) ?? NAV[0]!;
}
