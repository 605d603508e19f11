// 抽查计划公示 (一公开 at the plan's end, before the draw) as a GB/T 9704 plain document: the plan's scope, the
// participating departments, the sampling ratios and the team rule, the batches, and the 抽查工作细则 — each item from
// the 随机抽查事项清单 with its legal basis, targets, content, method and the qualification its inspectors need.
import type { PlanAnnouncement } from '../contract/spotcheck';
import type { OfficialBlock, OfficialDoc } from './official';

export function planAnnouncementFileName(
  a: Pick<PlanAnnouncement, 'title'>,
  ext: 'docx' | 'xlsx' | 'pdf',
): string {
  return `${a.title}.${ext}`.replace(/[\\/:*?"<>|]/g, '_');
}

export function planAnnouncementDoc(a: PlanAnnouncement, date: string): OfficialDoc {
  const blocks: OfficialBlock[] = [
    {
      type: 'p',
      text: `根据“双随机、一公开”监管工作要求，${a.officeName}会同${a.departments}制定${a.planName}${a.batch ? `，现将第${a.batch.number}批（${a.batch.name}）` : '，现将计划'}公示如下。`,
    },
    { type: 'h1', text: '抽查范围和比例' },
    { type: 'p', text: `抽查范围：${a.scope}。抽查比例：${a.ratios}。` },
    { type: 'p', text: a.teamRule },
    { type: 'h1', text: '抽查时间' },
    ...a.batches.map((b): OfficialBlock => ({ type: 'p', text: b })),
    { type: 'h1', text: '抽查工作细则' },
    {
      type: 'p',
      text: `本次抽查共 ${a.items.length} 个抽查事项，各事项的抽查依据、抽查对象、抽查内容与方式和检查人员要求见附件《抽查工作细则》。`,
    },
    {
      type: 'p',
      text: '抽取检查对象和执法检查人员时，按信用等级分类确定比例，公开随机数在封存名录之后开奖；执法检查人员与检查对象有利害关系的，依法回避。抽查结果将在检查结束后按规定向社会公开。',
    },
  ];
  // The 细则 table as the 附件, on pages of its own: a long table after the text would leave its heading at the foot
  // of a page in one writer and carry it over in another.
  const rules: OfficialBlock = {
    type: 'table',
    columns: ['序号', '抽查事项', '抽查依据', '抽查内容与方式', '检查人员要求'],
    widths: [13, 30, 45, 46, 22],
    rows: a.items.map((r) => [
      String(r.no),
      `${r.item}（${r.categories}）`,
      r.basis,
      `${r.content}${r.content ? '；' : ''}${r.method}`,
      r.qualification || '—',
    ]),
  };
  return {
    kind: 'plain',
    title: '双随机抽查计划公示',
    subtitle: a.batch ? `${a.planName}\u3000第${a.batch.number}批（${a.batch.name}）` : a.planName,
    blocks,
    signer: a.officeName,
    date,
    annexes: [{ title: '抽查工作细则（抽查事项、依据和方式）', blocks: [rules] }],
  };
}
