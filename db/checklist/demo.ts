// The demo district's 任务清单: last year's list with four quarters of reports (db/demo.ts runs it).
import type { SeededRandom } from '../core/demo-random';
import type { Call } from '../demo';

const NARRATIVES = [
  '已按计划推进，本季度召开专题会议 1 次，形成工作台账。',
  '会同相关部门开展联合检查，发现问题已督促整改。',
  '完成阶段性任务，相关制度已印发执行。',
  '受人员调整影响进度滞后，已明确责任人和完成时限。',
  '开展宣传培训 2 场，覆盖辖区医疗机构 60 余家。',
];

/** Last year's checklist (越城区 template) with four quarters of reports, a few missing: the office's history,
 *  and the list it copies forward into the current year. */
export async function seedChecklist(call: Call, rng: SeededRandom): Promise<number> {
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

// ————————————————————————————————————————————————————————————————————————————————————————————
// 联席会议: a year and a half of the office's joint meetings, worked through as the meeting secretary (王丽)
// would: the 2026 quarterly 定期联席会议 series, 专题会商 / 应急协同会议 / 联合执法部署会 in 2025–2026,
// each with its agenda, attendance and minutes, decisions followed up (督办), one upcoming and one cancelled.
