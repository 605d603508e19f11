// The demo district: a realistic, reproducible 越城区 office for trying the app and for tests. It goes
// through the dispatcher like any user would, so every record has its audit row. Each module adds its own
// records here.
import type { Input, MethodName, Output } from '../../shared/contract';
import { usccCheckChar } from '../../shared/domain/uscc';
import { SeededRandom, chineseName, officePhone } from './random';

export const DEMO_PASSWORD = 'Demo@2026';
export const DEMO_USERS = [
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
  { username: 'mishu', displayName: '王丽', role: 'secretary' },
  { username: 'keyuan', displayName: '张强', role: 'clerk' },
  { username: 'lingdao', displayName: '李明', role: 'leader' },
] as const;

export interface DemoSummary {
  office: string;
  users: { username: string; displayName: string; role: string }[];
  password: string;
  departments: number;
  checklistReports: number;
}

/** How the demo acts: a dispatcher call bound to one session (the CLI's, or a test's). */
export type Call = <N extends MethodName>(name: N, args: Input<N>) => Promise<Output<N>>;

export async function seedDemo(call: Call, seed = 2026): Promise<DemoSummary> {
  const rng = new SeededRandom(seed);
  const uscc17 = '12330602MB1234567';
  await call('system.setup', {
    office: {
      name: '绍兴市越城区卫生健康局',
      docPrefix: '越卫健',
      uscc: uscc17 + usccCheckChar(uscc17),
      address: '浙江省绍兴市越城区解放北路 1 号',
      contactPerson: '王丽',
      contactPhone: '0575-85100000',
    },
    admin: { username: 'admin', displayName: '系统管理员', password: DEMO_PASSWORD },
  });
  for (const u of DEMO_USERS.slice(1)) {
    await call('users.create', { ...u, password: DEMO_PASSWORD });
  }
  const departments = await call('departments.list', { includeInactive: true });
  for (const d of departments) {
    if (d.kind !== 'department') continue;
    const { id, updatedAt: _u, active: _a, ...rest } = d;
    await call('departments.update', {
      ...rest,
      id,
      contactPerson: chineseName(rng),
      contactPhone: officePhone(rng),
    });
  }
  const reports = await seedChecklist(call, rng);
  await call('auth.logout', {});
  return {
    office: '绍兴市越城区卫生健康局',
    users: DEMO_USERS.map((u) => ({ ...u })),
    password: DEMO_PASSWORD,
    departments: departments.length,
    checklistReports: reports,
  };
}

const NARRATIVES = [
  '已按计划推进，本季度召开专题会议 1 次，形成工作台账。',
  '会同相关部门开展联合检查，发现问题已督促整改。',
  '完成阶段性任务，相关制度已印发执行。',
  '受人员调整影响进度滞后，已明确责任人和完成时限。',
  '开展宣传培训 2 场，覆盖辖区医疗机构 60 余家。',
];

/** Last year's checklist (越城区 template) with four quarters of reports, a few missing: the office's history,
 *  and the list it copies forward into the current year. */
async function seedChecklist(call: Call, rng: SeededRandom): Promise<number> {
  const list = await call('checklist.create', { year: 2025, templateId: 'yuecheng-2020', unresolved: [] });
  let n = 0;
  for (const quarter of [1, 2, 3, 4] as const) {
    for (const item of list.items) {
      for (const unit of item.units) {
        const roll = rng.next();
        if (roll < 0.08) continue; // not reported: shows as late
        const status =
          roll < 0.55 ? 'done' : roll < 0.85 ? 'in_progress' : roll < 0.95 ? 'behind' : 'not_started';
        // Some completed reports carry their evidence, as offices attach their 工作台账.
        const withEvidence = status === 'done' && quarter === 4 && item.seq <= 3;
        await call('checklist.report', {
          itemId: item.id,
          departmentId: unit.departmentId,
          quarter,
          status,
          narrative: NARRATIVES[status === 'behind' ? 3 : rng.int(0, NARRATIVES.length - 1)]!,
          ...(withEvidence
            ? {
                evidence: [
                  {
                    fileName: `${unit.shortName}第四季度工作台账.txt`,
                    base64: Buffer.from(
                      `${unit.shortName} 2025年第四季度 ${item.title} 工作台账\n已完成，佐证材料存档备查。\n`,
                    ).toString('base64'),
                  },
                ],
              }
            : {}),
        });
        n++;
      }
    }
  }
  return n;
}
