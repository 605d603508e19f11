// The public 黑名单/红名单 (the rows both the xlsx and the printed list are made from: only listings disclosed
// today, natural persons masked, no tier) and a subject's 信用报告 (identity, tier with reasons, the cycle's points,
// list status, the ledger timeline with corrected entries marked, and the chain head when it was made), both as
// GB/T 9704 plain documents printed through the print preview.
import {
  CREDIT_ENTRY_TYPE_LABELS,
  CREDIT_LIST_LABELS,
  CREDIT_SUBJECT_KIND_LABELS,
  LISTING_SEVERITY_LABELS,
  LISTING_STATUS_LABELS,
  maskText,
  outcomeLabel,
  type CreditEntry,
  type CreditListing,
  type CreditReport,
  type PublicList,
  type PublicListRow,
} from '../contract';
import { formatChineseDate } from '../dates';
import { maskCertificateNo, maskPersonName } from '../domain/inspections';
import { beijingDateTime, groupedHash } from './draws';
import type { OfficialBlock, OfficialDoc } from './official';

const TIER_NAMES = { A: '守信', B: '一般', C: '失信', D: '严重失信' } as const;
const safeName = (s: string) => s.replace(/[\\/:*?"<>|]/g, '_');

/** The public rows: only what is disclosed today (never 轻微, repaired, revoked or expired), persons masked. */
export function publicListRows(listings: readonly CreditListing[]): PublicListRow[] {
  return listings
    .filter((l) => l.status === 'disclosed' && l.disclosureStart !== null && l.disclosureEnd !== null)
    .map((l, i) => {
      const person = l.subject.kind === 'practitioner';
      return {
        no: i + 1,
        kindLabel: CREDIT_SUBJECT_KIND_LABELS[l.subject.kind],
        name: person ? maskPersonName(l.subject.name) : l.subject.name,
        code: person ? maskCertificateNo(l.subject.code) : l.subject.code,
        detail: person ? (l.subject.detail.split(' · ').at(-1) ?? '') : l.subject.detail,
        severity: l.severity ? LISTING_SEVERITY_LABELS[l.severity] : '',
        basisNumber: l.basisNumber,
        basisText: maskText(l.basisText, person ? [l.subject.name] : []),
        decisionDate: l.decisionDate,
        disclosureStart: l.disclosureStart!,
        disclosureEnd: l.disclosureEnd!,
      };
    });
}

export function publicListFileName(p: Pick<PublicList, 'list' | 'asOf'>, ext: 'xlsx' | 'pdf'): string {
  return safeName(`${CREDIT_LIST_LABELS[p.list]}公示名单（截至${p.asOf}）.${ext}`);
}

export function publicListDoc(p: PublicList): OfficialDoc {
  const black = p.list === 'black';
  const asOf = formatChineseDate(p.asOf);
  const blocks: OfficialBlock[] = [
    {
      type: 'p',
      text: black
        ? `依据《信用修复管理办法》，现将截至${asOf}仍在公示期内的黑名单信息公示如下。公示期满的自动停止公示，已完成信用修复的不再公示；轻微失信信息不予公示。自然人的姓名和证件号码已作脱敏处理。`
        : `现将截至${asOf}仍在公示期内的红名单信息公示如下。公示期满的自动停止公示。自然人的姓名和证件号码已作脱敏处理。`,
    },
  ];
  if (p.rows.length === 0)
    blocks.push({ type: 'p', text: `截至${asOf}，没有公示期内的${CREDIT_LIST_LABELS[p.list]}信息。` });
  // One heading and a two-column table per subject: on a portrait A4 page a wide table of six columns would
  // break every code, number and date across lines.
  for (const r of p.rows) {
    const person = r.kindLabel === CREDIT_SUBJECT_KIND_LABELS.practitioner;
    blocks.push(
      { type: 'h2', text: person && r.detail ? `${r.name}（${r.detail}）` : r.name },
      {
        type: 'table',
        columns: ['项目', '内容'],
        widths: [1.3, 3.3],
        rows: [
          [person ? '执业证书编号' : '统一社会信用代码', r.code],
          ...(black ? [['失信程度', r.severity]] : []),
          ['列入依据', `${r.basisNumber}：${r.basisText}`],
          ['列入日期', formatChineseDate(r.decisionDate)],
          ['公示期限', `${formatChineseDate(r.disclosureStart)}至${formatChineseDate(r.disclosureEnd)}`],
        ],
      },
    );
  }
  return {
    kind: 'plain',
    title: `${CREDIT_LIST_LABELS[p.list]}公示名单`,
    subtitle: `（截至${asOf}）`,
    blocks,
    signer: p.officeName,
    date: p.asOf,
  };
}

// ---------------------------------------------------------------------------------------------- 信用报告

export function creditReportFileName(r: CreditReport, ext: 'pdf'): string {
  return safeName(`${r.profile.subject.name}信用报告（${r.profile.today}）.${ext}`);
}

function entryContent(e: CreditEntry): string {
  const parts: string[] = [];
  const outcome = outcomeLabel(e.type, e.outcome);
  // A listing's text already starts with what its outcome says.
  if (outcome && !e.text.startsWith(outcome)) parts.push(outcome);
  if (e.behaviourName) parts.push(`${e.behaviourCode ?? ''} ${e.behaviourName}`.trim());
  if (e.basis) parts.push(`依据 ${e.basis}`);
  if (e.text) parts.push(e.text.length > 120 ? `${e.text.slice(0, 120)}…` : e.text);
  return parts.join('；');
}

function entryRemark(e: CreditEntry): string {
  const parts: string[] = [];
  if (e.points) parts.push(`记 ${e.points} 分`);
  if (e.type === 'correction') parts.push(`更正第 ${e.amendsSeq} 条`);
  if (e.correctedBy !== null) parts.push(`已由第 ${e.correctedBy} 条更正，不计入`);
  return parts.join('；');
}

const periodText = (l: CreditListing) =>
  l.disclosureStart && l.disclosureEnd
    ? `${formatChineseDate(l.disclosureStart)}至${formatChineseDate(l.disclosureEnd)}`
    : '不予公示';

export function creditReportDoc(r: CreditReport): OfficialDoc {
  const p = r.profile;
  const s = p.subject;
  const person = s.kind === 'practitioner';
  const blocks: OfficialBlock[] = [
    { type: 'h1', text: '主体信息' },
    {
      type: 'table',
      columns: ['项目', '内容'],
      widths: [1.3, 3.3],
      rows: [
        ['主体类别', CREDIT_SUBJECT_KIND_LABELS[s.kind]],
        [person ? '姓名' : '名称', s.name],
        [person ? '执业证书编号' : '统一社会信用代码', s.code],
        [person ? '人员类别与执业机构' : '机构类别', s.detail.replace(' · ', '，')],
        ['状态', s.status],
      ],
    },
    { type: 'h1', text: '信用等级' },
    {
      type: 'p',
      text: p.tier.tier
        ? `当前信用等级：${p.tier.tier} 级（${TIER_NAMES[p.tier.tier]}），信用分 ${p.tier.score}（起算 100）。信用等级用于分级分类监管，不对外公布。`
        : '尚未评定信用等级（没有信用记录）。',
    },
  ];
  if (p.tier.reasons.length)
    blocks.push({
      type: 'table',
      columns: ['等级理由', '信用分', '记录'],
      widths: [3.4, 0.8, 0.9],
      rows: p.tier.reasons.map((x) => [
        x.text,
        x.delta === 0 ? '—' : x.delta > 0 ? `+${x.delta}` : `−${-x.delta}`,
        x.seq !== null ? `第 ${x.seq} 条` : '',
      ]),
    });
  const reached = p.cycle.thresholds.filter((t) => t.reached).at(-1);
  blocks.push(
    { type: 'h1', text: '不良执业行为记分' },
    {
      type: 'p',
      text: `本记分周期（${formatChineseDate(p.cycle.start)}至${formatChineseDate(p.cycle.lastDay)}）累计记分 ${p.cycle.points} 分${reached ? `，已达到 ${reached.points} 分阈值（${reached.actions.join('、')}）` : '，未达到预警阈值'}。`,
    },
  );
  for (const w of p.warnings)
    blocks.push({
      type: 'p',
      text: `预警：记分达到 ${w.threshold} 分（${w.cycleStart}至${w.cycleLastDay}），${w.status === 'open' ? '尚未处理' : `已处理：${w.actionTaken}`}。`,
    });
  blocks.push({ type: 'h1', text: '红黑名单' });
  if (r.listings.length === 0) blocks.push({ type: 'p', text: '未列入红名单或黑名单。' });
  // One paragraph per listing: a document number and a period do not fit a narrow table cell on one line.
  for (const l of r.listings)
    blocks.push({
      type: 'p',
      text: `${CREDIT_LIST_LABELS[l.list]}${l.severity ? `（${LISTING_SEVERITY_LABELS[l.severity]}失信）` : ''}：依据${l.basisNumber}，${formatChineseDate(l.decisionDate)}列入，公示期限${periodText(l)}；${LISTING_STATUS_LABELS[l.status]}${l.status === 'repaired' && l.repairedOn ? `（${formatChineseDate(l.repairedOn)}，台账第 ${l.repairSeq} 条）` : ''}${l.status === 'revoked' ? `（第 ${l.revokedBySeq} 条更正）` : ''}。`,
    });
  blocks.push({ type: 'h1', text: '信用记录' });
  if (p.entries.length === 0) blocks.push({ type: 'p', text: '尚无信用记录。' });
  else {
    blocks.push({
      type: 'p',
      text: `共 ${p.entries.length} 条，按登记顺序排列。被“更正”的记录保留在台账中并注明，不计入记分和信用等级。`,
    });
    blocks.push({
      type: 'table',
      columns: ['序号', '事实日期', '类型', '内容', '备注'],
      // 事实日期 holds a date whole (2026-10-13 in 4号 with the padding: 28.3 of the 156 mm).
      widths: [0.7, 1.9, 1.3, 4.1, 1.5],
      rows: [...p.entries]
        .sort((a, b) => a.seq - b.seq)
        .map((e) => [
          String(e.seq),
          e.factDate,
          CREDIT_ENTRY_TYPE_LABELS[e.type],
          entryContent(e),
          entryRemark(e),
        ]),
    });
  }
  const at = beijingDateTime(r.printedAt);
  blocks.push(
    { type: 'h1', text: '台账校验信息' },
    {
      type: 'p',
      text: `本报告于${at.text}生成。生成时信用台账链头为第 ${r.head.seq} 条，SM3 哈希：${groupedHash(r.head.hash)}。台账只能追加，可用“校验台账”或命令行 verify-ledger 核对本报告所载记录。`,
    },
  );
  return {
    kind: 'plain',
    title: '信用报告',
    subtitle: `（${s.name}）`,
    blocks,
    signer: r.officeName,
    date: at.date,
    annexes: [{ title: '技术附录：台账包含证明', blocks: inclusionBlocks(r) }],
  };
}

/** The first 8 hex digits of each node of a proof path, for paper; the file carries them whole. */
const shortPath = (proof: string[]) => proof.map((p) => p.slice(0, 8)).join(' ');

/** The technical appendix: each entry proven against the latest signed tree root (docs/credit-ledger.md §3b). */
export function inclusionBlocks(r: CreditReport): OfficialBlock[] {
  const inc = r.inclusion;
  if (!inc.file) return [{ type: 'p', text: inc.note ?? '暂不能给出包含证明。' }];
  const f = inc.file;
  const blocks: OfficialBlock[] = [
    {
      type: 'p',
      text: `下列记录均包含在${f.package.label}所签署的信用台账默克尔树中。树的形状与证明算法同 RFC 9162，哈希为 SM3（见 docs/credit-ledger.md 第 3b 节）。`,
    },
    {
      type: 'table',
      columns: ['项目', '内容'],
      widths: [1.4, 3.4],
      compact: true,
      rows: [
        ['上报数据包 SHA-256', groupedHash(f.package.sha256)],
        ['树的大小', `${f.tree.size} 条`],
        ['树根（SM3）', groupedHash(f.tree.root)],
        ['证明文件 SM3', groupedHash(inc.fileSm3 ?? '')],
      ],
    },
    {
      type: 'p',
      text: '完整证明见本报告的证明文件（信用档案页“导出包含证明”）。核验：zongjian verify-inclusion --proof 证明文件.json --package 上报数据包.zip，输出“通过”即证明各记录自签署以来未被改动或删除。',
    },
  ];
  if (f.entries.length)
    blocks.push({
      type: 'table',
      columns: ['序号', '记录哈希（SM3）', '证明路径（各节点前 8 位）'],
      widths: [0.7, 3.2, 4.3],
      compact: true,
      rows: f.entries.map((e) => [
        String(e.seq),
        groupedHash(e.hash),
        shortPath(e.proof) || '（树中只有这一条）',
      ]),
    });
  else blocks.push({ type: 'p', text: '该主体在签署的树中没有记录。' });
  if (f.pending.length)
    blocks.push({
      type: 'p',
      text: `第 ${f.pending.join('、')} 条登记于该数据包签署之后，尚不能证明；下一次签发上报数据包后即可证明。`,
    });
  return blocks;
}
