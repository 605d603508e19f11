// 依法执业自查's printed documents, GB/T 9704 layout (shared/print/official.ts): the 执业告诫谈话记录 (seed 004: a
// warning talk before exclusion) with signature lines for both sides, and the 自查结果公示 list.
import type { SelfcheckPublicity, WarningTalk } from '../contract/selfcheck';
import { TALK_REASON_LABELS } from '../domain/selfcheck';
import { formatChineseDate } from '../dates';
import type { OfficialBlock, OfficialDoc } from './official';

const safeName = (s: string) => s.replace(/[\\/:*?"<>|]/g, '_');

export function talkFileName(
  t: Pick<WarningTalk, 'subjectName' | 'talkOn' | 'id'>,
  ext: 'pdf' | 'docx',
): string {
  return safeName(`${t.subjectName}执业告诫谈话记录（${t.talkOn}，第${t.id}号）.${ext}`);
}

/** The signature lines: the one talked to signs what was said and committed; the talkers and the recorder sign. */
export const TALK_SIGN_LINES = [
  '被谈话人（签名）：　　　　　　　　年　　月　　日',
  '谈话人（签名）：　　　　　　　　　年　　月　　日',
  '记录人（签名）：　　　　　　　　　年　　月　　日',
];

export function talkDoc(t: WarningTalk): OfficialDoc {
  const who = t.subjectKind === 'institution' ? `${t.subjectName}（主要负责人）` : t.subjectName;
  const blocks: OfficialBlock[] = [
    {
      type: 'table',
      columns: ['项目', '内容'],
      widths: [1, 3.2],
      rows: [
        ['谈话对象', who],
        ...(t.subjectDetail
          ? [
              [
                t.subjectKind === 'institution' ? '统一社会信用代码' : '执业机构',
                t.subjectDetail.replace(/^统一社会信用代码：/, ''),
              ],
            ]
          : []),
        ['谈话时间', formatChineseDate(t.talkOn)],
        ['谈话地点', t.place],
        ['谈话人', t.talkers],
        ['参加人员', t.attendees],
        [
          '谈话事由',
          `${TALK_REASON_LABELS[t.reasonKind]}：${t.reasonText}${t.reasonRecord ? `（依据：${t.reasonRecord}）` : ''}`,
        ],
        [
          '跟踪复查',
          t.followUpOn ? `${formatChineseDate(t.followUpOn)}前复查整改承诺的落实情况` : '视整改情况适时复查',
        ],
      ],
    },
    { type: 'h1', text: '谈话内容' },
    ...t.content
      .split(/\n+/)
      .filter((p) => p.trim() !== '')
      .map((p) => ({ type: 'p' as const, text: p.trim() })),
    { type: 'h1', text: '整改承诺' },
    ...(t.commitments.trim()
      ? t.commitments
          .split(/\n+/)
          .filter((p) => p.trim() !== '')
          .map((p) => ({ type: 'p' as const, text: p.trim() }))
      : [{ type: 'p' as const, text: '（无）' }]),
    {
      type: 'p',
      text: `本次谈话记入信用台账（第 ${t.creditSeq} 条）。以上记录经被谈话人阅读，确认无误。`,
    },
    ...TALK_SIGN_LINES.map((text) => ({ type: 'p' as const, text })),
  ];
  return {
    kind: 'plain',
    title: '执业告诫谈话记录',
    subtitle: `（第${t.id}号）`,
    blocks,
    signer: t.officeName,
    date: t.talkOn,
  };
}

export function publicityFileName(p: Pick<SelfcheckPublicity, 'year' | 'asOf'>, ext: 'xlsx' | 'pdf'): string {
  return safeName(`${p.year}年医疗机构依法执业自查结果公示（截至${p.asOf}）.${ext}`);
}

export function publicityDoc(p: SelfcheckPublicity): OfficialDoc {
  const asOf = formatChineseDate(p.asOf);
  const blocks: OfficialBlock[] = [
    {
      type: 'p',
      text: `根据医疗机构依法执业自查工作要求，现将截至${asOf}辖区医疗机构${p.year}年依法执业自查结果（发现问题及整改情况）公示如下，接受社会监督。`,
    },
  ];
  if (p.rows.length === 0) blocks.push({ type: 'p', text: `截至${asOf}，尚无提交的自查结果。` });
  else {
    const columns = ['序号', '机构名称', '自查期间', '自查日期', '发现问题', '已整改', '整改中'];
    const rows = p.rows.map((r) => [
      String(r.no),
      r.institutionName,
      r.periodLabel,
      r.submittedOn,
      String(r.found),
      String(r.fixed),
      String(r.open),
    ]);
    // Widths in 4号 characters of the 156 mm block (31.6): the 自查日期 holds its date whole (5.7 characters and
    // the padding; at 1.4/9.6 of the block print broke 2026-03-17 after its first hyphen, Word and the OFD after
    // its second), the counts and 序号 two characters (序/号, 发现/问题, 已整/改 break between words).
    blocks.push({ type: 'table', columns, widths: [2.7, 7, 7, 6.8, 2.7, 2.7, 2.7], compact: true, rows });
  }
  return {
    kind: 'plain',
    title: `${p.year}年医疗机构依法执业自查结果公示`,
    subtitle: `（截至${asOf}）`,
    blocks,
    signer: p.officeName,
    date: p.asOf,
  };
}
