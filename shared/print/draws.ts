// The 抽取记录 of a 双随机 draw as a GB/T 9704 plain document: plan and batch, time, the public entropy and the
// seed, the tier counts, the targets with their teams, the record's SHA-256, and blank signature lines for the
// witnesses. One model, rendered to print HTML (PDF) in the app and to Word by the main process.
import {
  DRAW_TIER_LABELS,
  tierFromCredit,
  type DrawRecord,
  type DrawSealDetail,
  type DrawSummary,
} from '../contract/draws';
import { INSTITUTION_CATEGORY_LABELS } from '../domain/institutions';
import { formatChineseDate } from '../dates';
import type { OfficialBlock, OfficialDoc } from './official';

/** An instant as the office reads it, in Beijing time: 2026年11月22日 09:05. */
export function beijingDateTime(iso: string): { date: string; text: string } {
  const t = new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString();
  const date = t.slice(0, 10);
  return { date, text: `${formatChineseDate(date)} ${t.slice(11, 16)}` };
}

/** A 64-character hash in four groups of 16, so that it wraps on paper and can still be read out. */
export function groupedHash(hex: string): string {
  return hex.replace(/(.{16})(?=.)/g, '$1 ');
}

export function drawRecordFileName(
  d: Pick<DrawSummary, 'year' | 'planName' | 'batchNumber'>,
  ext: 'json' | 'docx' | 'pdf',
): string {
  return `${d.year}年${d.planName}第${d.batchNumber}批抽取记录.${ext}`.replace(/[\\/:*?"<>|]/g, '_');
}

export function drawRecordDoc(d: DrawSummary & { record: DrawRecord }): OfficialDoc {
  const { inputs, result, directory } = d.record;
  const plan = inputs.plan;
  const batch = inputs.batch;
  const joint = plan.departments.length >= 2;
  const when = beijingDateTime(inputs.drawnAt);
  const categories = plan.categories.length
    ? plan.categories.map((c) => INSTITUTION_CATEGORY_LABELS[c]).join('、')
    : '全部类别';
  const streets = plan.streets.length ? plan.streets.join('、') : '全部街道/镇';
  const operator = inputs.drawnBy.replace(/（.*）$/, '');
  const named = plan.name.includes(String(plan.year)) ? plan.name : `${plan.year}年度${plan.name}`;
  /** Two columns, label and value: long values (hashes) wrap inside the cell instead of stretching a line. */
  const facts = (rows: string[][]): OfficialBlock => ({
    type: 'table',
    columns: ['项目', '内容'],
    widths: [1.4, 3.2],
    rows,
  });
  const blocks: OfficialBlock[] = [
    { type: 'h1', text: '抽查计划' },
    { type: 'p', text: `计划名称：${named}。` },
    { type: 'p', text: `抽查范围：${categories}；${streets}；经营状态为在业的监管对象。` },
    { type: 'p', text: `抽查事项：${plan.items.map((x, i) => `${i + 1}. ${x}`).join('；')}。` },
    {
      type: 'p',
      text: `参与单位：${plan.departments.map((x) => x.name).join('、')}${joint ? '（联合抽查，每个检查组来自至少两个单位）' : ''}；每组检查人员 ${plan.teamSize} 名，第一名为组长。`,
    },
    {
      type: 'p',
      text: `本批次：第${batch.number}批“${batch.name}”，计划检查时间 ${formatChineseDate(batch.startDate)}至${formatChineseDate(batch.endDate)}。`,
    },
    { type: 'h1', text: '抽取过程' },
    { type: 'p', text: `抽取时间：${when.text}（北京时间）；操作人：${inputs.drawnBy}。` },
    {
      type: 'p',
      text: `名录快照：可抽监管对象 ${directory.institutions.length} 家，执法检查人员 ${directory.inspectors.length} 名，每行内容的 SHA-256 均记入抽取记录。`,
    },
    {
      type: 'p',
      text: d.record.seal
        ? `抽取方法（${d.record.algorithm}）：本批次已于 ${beijingDateTime(d.record.seal.record.sealedAt).text}（北京时间）封存名录快照和计划参数，抽取只使用封存的内容；以封存记录的 SHA-256 和下列公开随机数、见证人的规范 JSON 的 SHA-256 为种子，按信用等级分层随机抽取对象，再为每个对象随机组成检查组；申报回避的人员不参加，组长不与该对象上次检查的组长相同。`
        : `抽取方法（${d.record.algorithm}）：以下列公开随机数、计划、批次、见证人和名录快照的规范 JSON 的 SHA-256 为种子，按信用等级分层随机抽取对象，再为每个对象随机组成检查组；申报回避的人员不参加，组长不与该对象上次检查的组长相同。`,
    },
    facts([
      ...(d.record.seal ? [['封存记录 SHA-256', groupedHash(d.record.seal.sha256)]] : []),
      ['公开随机数来源', inputs.entropy.source],
      ['开奖日期', formatChineseDate(inputs.entropy.date)],
      ['号码', inputs.entropy.digits],
      ['种子', groupedHash(d.record.seed)],
    ]),
    { type: 'p', text: '按信用等级分层抽取，各等级应抽数为可抽对象数乘以抽查比例后四舍五入：' },
    {
      type: 'table',
      columns: ['信用等级', '可抽对象', '抽查比例', '抽中'],
      widths: [2, 2, 2, 2],
      rows: [
        ...result.tiers.map((t) => [
          DRAW_TIER_LABELS[t.tier],
          String(t.eligible),
          `${t.ratio}%`,
          String(t.drawn),
        ]),
        ['合计', String(result.tiers.reduce((n, t) => n + t.eligible, 0)), '', String(result.targets.length)],
      ],
    },
    { type: 'h1', text: '抽取结果' },
    {
      type: 'table',
      // Widths in mm of the 156 mm text block: a 统一社会信用代码 in 4号 needs up to 66 mm (W and M are wide, and
      // the cell is padded) to stay on one line.
      columns: ['监管对象', '统一社会信用代码', '检查组（第一名为组长）'],
      widths: [42, 66, 48],
      rows: result.targets.map((t, i) => [
        `${i + 1}. ${t.name}`,
        t.uscc,
        t.team.map((m) => `${m.name}（${m.department}${m.lead ? '，组长' : ''}）`).join('、'),
      ]),
    },
    { type: 'h1', text: '记录校验' },
    facts([['记录 SHA-256', groupedHash(d.sha256)]]),
    {
      type: 'p',
      text: '上值为本抽取记录（规范 JSON 文件）的 SHA-256。持有记录文件者可运行“zongjian verify-draw 记录文件 --data 数据文件夹”按同一算法重新计算并核对。本记录为内部存档，各对象的信用等级见记录文件，不对外公开。',
    },
    { type: 'h1', text: '见证签字' },
    {
      type: 'table',
      columns: ['身份', '姓名', '签字', '日期'],
      widths: [2, 2.4, 3.6, 2.4],
      rows: [...inputs.witnesses.map((w) => ['见证人', w, '', '']), ['抽取操作人', operator, '', '']],
      rowHeightMm: 14,
    },
  ];
  return {
    kind: 'plain',
    title: '双随机抽查抽取记录',
    subtitle: `${named}\u3000第${batch.number}批（${batch.name}）`,
    blocks,
    signer: inputs.office,
    date: when.date,
  };
}

export function drawSealFileName(
  d: Pick<DrawSealDetail, 'year' | 'planName' | 'batchNumber'>,
  ext: 'json' | 'pdf',
): string {
  return `${d.year}年${d.planName}第${d.batchNumber}批封存记录.${ext}`.replace(/[\\/:*?"<>|]/g, '_');
}

/**
 * 《双随机抽查封存记录》: what the witnesses sign before the lottery — the plan's parameters, the batch, the counts
 * per tier and the whole directory snapshot (tier, previous lead, 回避) the draw will use, and the seal's SHA-256,
 * which the draw record and verify-draw are later checked against. Same style as the 抽取记录.
 */
export function drawSealDoc(d: DrawSealDetail): OfficialDoc {
  const { plan, batch, directory } = d.seal;
  const joint = plan.departments.length >= 2;
  const when = beijingDateTime(d.sealedAt);
  const categories = plan.categories.length
    ? plan.categories.map((c) => INSTITUTION_CATEGORY_LABELS[c]).join('、')
    : '全部类别';
  const streets = plan.streets.length ? plan.streets.join('、') : '全部街道/镇';
  const named = plan.name.includes(String(plan.year)) ? plan.name : `${plan.year}年度${plan.name}`;
  const operator = d.sealedBy.replace(/（.*）$/, '');
  const inspectorName = new Map(directory.inspectors.map((e) => [e.row.id, e.row.name]));
  const institutionName = new Map(directory.institutions.map((e) => [e.row.id, e.row.name]));
  const tiers = (['A', 'B', 'C', 'D', 'none'] as const).map((tier) => {
    const eligible = directory.institutions.filter((e) => tierFromCredit(e.row.tier) === tier).length;
    const ratio = plan.ratios[tier];
    return [
      DRAW_TIER_LABELS[tier],
      String(eligible),
      `${ratio}%`,
      String(Math.floor((eligible * ratio + 50) / 100)),
    ];
  });
  const blocks: OfficialBlock[] = [
    { type: 'h1', text: '抽查计划' },
    { type: 'p', text: `计划名称：${named}。` },
    { type: 'p', text: `抽查范围：${categories}；${streets}；经营状态为在业的监管对象。` },
    { type: 'p', text: `抽查事项：${plan.items.map((x, i) => `${i + 1}. ${x}`).join('；')}。` },
    {
      type: 'p',
      text: `参与单位：${plan.departments.map((x) => x.name).join('、')}${joint ? '（联合抽查，每个检查组来自至少两个单位）' : ''}；每组检查人员 ${plan.teamSize} 名，第一名为组长。`,
    },
    {
      type: 'p',
      text: `本批次：第${batch.number}批“${batch.name}”，计划检查时间 ${formatChineseDate(batch.startDate)}至${formatChineseDate(batch.endDate)}。`,
    },
    { type: 'h1', text: '封存内容' },
    {
      type: 'p',
      text: `封存时间：${when.text}（北京时间）；操作人：${d.sealedBy}。下列计划参数和名录快照（可抽监管对象 ${directory.institutions.length} 家、执法检查人员 ${directory.inspectors.length} 名，含信用等级、上次检查的组长和回避申报）自此固定，本批次的抽取只使用封存的内容，封存后的任何修改都不计入。`,
    },
    {
      type: 'table',
      columns: ['信用等级', '可抽对象', '抽查比例', '应抽'],
      widths: [2, 2, 2, 2],
      rows: [
        ...tiers,
        [
          '合计',
          String(directory.institutions.length),
          '',
          String(tiers.reduce((n, t) => n + Number(t[3]), 0)),
        ],
      ],
    },
    {
      type: 'p',
      text: `抽取须使用开奖日期晚于 ${formatChineseDate(d.sealedOn)}（北京时间）的公开随机数（如其后一期的彩票开奖号码），由见证人当场录入。`,
    },
    { type: 'h1', text: '封存校验' },
    {
      type: 'table',
      columns: ['项目', '内容'],
      widths: [1.4, 3.2],
      rows: [['封存记录 SHA-256', groupedHash(d.sha256)]],
    },
    {
      type: 'p',
      text: '上值为本封存记录（规范 JSON）的 SHA-256，抽取记录中载有同一散列。抽取后可运行“zongjian verify-draw 记录文件 --data 数据文件夹 --seal-sha256 上值”核对抽取所用的名录和参数与本封存记录一致。本记录为内部存档，各对象的信用等级不对外公开。',
    },
    { type: 'h1', text: '见证签字' },
    {
      type: 'table',
      columns: ['身份', '姓名', '签字', '日期'],
      widths: [2, 2.4, 3.6, 2.4],
      rows: [
        ['见证人', '', '', ''],
        ['见证人', '', '', ''],
        ['封存操作人', operator, '', ''],
      ],
      rowHeightMm: 14,
    },
    { type: 'h1', text: '附：封存的名录快照' },
    {
      type: 'table',
      columns: ['监管对象', '统一社会信用代码', '等级', '上次组长'],
      widths: [50, 66, 16, 24],
      rows: directory.institutions.map((e, i) => [
        `${i + 1}. ${e.row.name}`,
        e.row.uscc,
        DRAW_TIER_LABELS[tierFromCredit(e.row.tier)],
        e.row.previousLead === null
          ? '—'
          : (inspectorName.get(e.row.previousLead) ?? `id ${e.row.previousLead}`),
      ]),
    },
    {
      type: 'table',
      columns: ['执法检查人员', '执法证号', '所属单位', '申报回避'],
      widths: [30, 40, 36, 50],
      rows: directory.inspectors.map((e) => [
        e.row.name,
        e.row.badgeNo,
        e.row.department,
        e.row.conflicts.map((c) => institutionName.get(c) ?? `id ${c}`).join('、') || '—',
      ]),
    },
  ];
  return {
    kind: 'plain',
    title: '双随机抽查封存记录',
    subtitle: `${named}\u3000第${batch.number}批（${batch.name}）`,
    blocks,
    signer: d.seal.office,
    date: when.date,
  };
}
