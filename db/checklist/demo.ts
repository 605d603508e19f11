// The demo district's 任务清单: last year's list with four quarters of reports and this year's with the quarters
// that have ended (db/demo.ts runs it).
import type { SeededRandom } from '../core/demo-random';
import type { Call } from '../demo';

/** What a unit writes for each status: the text always agrees with the status it reports. */
const NARRATIVES: Record<'done' | 'in_progress' | 'behind' | 'not_started', readonly string[]> = {
  done: [
    '任务已完成，相关制度已印发执行，佐证材料存档备查。',
    '已完成本年度任务，形成工作台账。',
    '已完成，开展宣传培训 2 场，覆盖辖区医疗机构 60 余家。',
  ],
  in_progress: [
    '已按计划推进，本季度召开专题会议 1 次，形成工作台账。',
    '会同相关部门开展联合检查，发现问题已督促整改，按计划推进。',
    '完成阶段性任务，下季度继续推进。',
  ],
  behind: [
    '受人员调整影响进度滞后，已明确责任人和完成时限。',
    '配合部门材料尚未报齐，进度滞后，已发函督促。',
  ],
  not_started: ['尚未启动，已列入下季度工作计划。'],
};
type DemoStatus = keyof typeof NARRATIVES;

/** How far a unit's work on an item has come by each quarter: more done as the year goes on, a few behind, and
 *  once done it stays done. */
function nextStatus(rng: SeededRandom, quarter: number, before: DemoStatus | undefined): DemoStatus {
  if (before === 'done') return 'done';
  const roll = rng.next();
  const done = [0.12, 0.25, 0.45, 0.75][quarter - 1]!;
  const notStarted = before ? 0 : [0.2, 0.08, 0.03, 0.02][quarter - 1]!;
  if (roll < done) return 'done';
  if (roll < done + 0.1) return 'behind';
  if (roll < done + 0.1 + notStarted) return 'not_started';
  return 'in_progress';
}

/** The office's checklists relative to the app's today: last year's (越城区 template) with its four quarters of
 *  progress, and this year's, copied forward from it, with progress for the quarters that have ended. A few
 *  reports are missing, as in a real office (shown as late). Returns how many progress reports were written. */
export async function seedChecklist(call: Call, rng: SeededRandom): Promise<number> {
  const { today } = await call('calendar.status', {});
  const year = Number(today.slice(0, 4));
  const current = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const last = await call('checklist.create', {
    year: year - 1,
    templateId: 'yuecheng-2020',
    unresolved: [],
  });
  const thisYear = await call('checklist.copyForward', { fromYear: year - 1, toYear: year });
  let n = 0;
  for (const [list, quarters] of [
    [last, [1, 2, 3, 4]],
    [thisYear, [1, 2, 3, 4].filter((q) => q < current)],
  ] as const) {
    const state = new Map<string, DemoStatus>();
    for (const quarter of quarters as readonly (1 | 2 | 3 | 4)[]) {
      for (const item of list.items) {
        for (const unit of item.units) {
          const key = `${item.id}:${unit.departmentId}`;
          const status = nextStatus(rng, quarter, state.get(key));
          state.set(key, status);
          if (rng.next() < 0.06) continue; // not reported: shows as late
          // Some completed reports carry their evidence, as offices attach their 工作台账.
          const withEvidence = status === 'done' && quarter === 4 && item.seq <= 3;
          await call('checklist.report', {
            itemId: item.id,
            departmentId: unit.departmentId,
            quarter,
            status,
            narrative: rng.pick(NARRATIVES[status]),
            ...(status === 'behind'
              ? { issues: '人员和配合部门材料不到位', nextSteps: '下季度末前完成，牵头单位跟踪督办' }
              : {}),
            ...(withEvidence
              ? {
                  evidence: [
                    {
                      fileName: `${unit.shortName}第四季度工作台账.txt`,
                      base64: Buffer.from(
                        `${unit.shortName} ${list.year}年第四季度 ${item.title} 工作台账\n已完成，佐证材料存档备查。\n`,
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
  }
  return n;
}

// ————————————————————————————————————————————————————————————————————————————————————————————
// 联席会议: a year and a half of the office's joint meetings, worked through as the meeting secretary (王丽)
// would: the 2026 quarterly 定期联席会议 series, 专题会商 / 应急协同会议 / 联合执法部署会 in 2025–2026,
// each with its agenda, attendance and minutes, decisions followed up (督办), one upcoming and one cancelled.
