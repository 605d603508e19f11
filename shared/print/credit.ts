// 不良执业行为记分通知书 as a GB/T 9704 document: what was found and confirmed, the points under the rule set,
// the cycle's total and what a reached threshold calls for, and the subject's 陈述申辩 period; one model, rendered
// to print HTML in the app (PDF) and to DOCX. The 送达回证 that goes with it (the delivery deadline, the signature
// of receipt, room for the 陈述申辩) is a form of its own, printed on the sheet after the notice.
import type { CreditNotice } from '../contract/credit';
import { formatChineseDate } from '../dates';
import { officialDocHtml, type OfficialBlock, type OfficialDoc } from './official';

export function creditNoticeFileName(n: CreditNotice, ext: 'pdf' | 'docx'): string {
  return `${n.subject.name}不良执业行为记分通知书（第${n.entry.seq}条）.${ext}`.replace(/[\\/:*?"<>|]/g, '_');
}

export function creditNoticeDoc(n: CreditNotice): OfficialDoc {
  const e = n.entry;
  const you = n.subject.kind === 'institution' ? '你单位' : '你';
  const cycle = `${formatChineseDate(n.cycle.start)}至${formatChineseDate(n.cycle.lastDay)}`;
  const source = n.cycle.rule.source.replace(/^(参照|依据)/, '');
  const reached = n.cycle.thresholds.filter((t) => t.reached).at(-1);
  const blocks: OfficialBlock[] = [
    {
      type: 'p',
      text: `经调查核实，${you}存在“${e.behaviourName ?? ''}”的不良执业行为${e.text ? `：${e.text.replace(/[。.]$/, '')}` : ''}。上述事实已于${formatChineseDate(e.factDate)}确认${e.basis ? `（${e.basis}）` : ''}。`,
    },
    {
      type: 'p',
      text: `根据${source}，对${you}记 ${e.points ?? 0} 分（记分条目 ${e.behaviourCode ?? ''}）。本记分周期（${cycle}）${you}累计记分 ${n.cycle.points} 分。`,
    },
  ];
  if (reached)
    blocks.push({
      type: 'p',
      text: `${you}本周期累计记分已达到 ${reached.points} 分，依照规定将${reached.actions.join('、')}。请${you}认真整改，依法执业。`,
    });
  blocks.push(
    { type: 'h1', text: '陈述和申辩' },
    {
      type: 'p',
      text: `${you}如对上述记分有异议，可自收到本通知书之日起 ${n.statementWorkingDays} 个工作日内，向${n.officeName}提出书面陈述和申辩，并提交相关证据材料（可填写所附送达回证中的“陈述和申辩意见”栏）；逾期未提出的，视为放弃陈述和申辩的权利。`,
    },
  );
  return {
    kind: 'document',
    issuerMark: `${n.officeName}文件`,
    ...(n.notice.docNumber ? { docNumber: n.notice.docNumber } : {}),
    title: '不良执业行为记分通知书',
    addressee: addresseeOf(n),
    blocks,
    signer: n.officeName,
    ...(n.notice.issuedOn ? { date: n.notice.issuedOn } : {}),
    printedBy: n.officeName,
    ...(n.notice.issuedOn ? { printedOn: n.notice.issuedOn } : {}),
  };
}

function addresseeOf(n: CreditNotice): string {
  const s = n.subject;
  return s.kind === 'institution' ? s.name : `${s.name}（${s.detail.split(' · ').at(-1) ?? ''}）`;
}

/** The party's signature line of the 送达回证, short enough for one line of the text block. */
export const RECEIPT_SIGN_LINE = '当事人（签名或盖章）：　　　　　　年　　月　　日';

/** 送达回证: a form of its own, delivered with the notice; it carries the delivery deadline and room for the
 *  subject's 陈述和申辩. */
export function creditReceiptDoc(n: CreditNotice): OfficialDoc {
  return {
    kind: 'plain',
    title: '送达回证',
    blocks: [
      {
        type: 'table',
        columns: ['项目', '内容'],
        widths: [1, 3],
        rows: [
          ['送达文书', `不良执业行为记分通知书（${n.notice.docNumber ?? '未编号'}）`],
          ['受送达人', addresseeOf(n)],
          [
            '送达期限',
            `${formatChineseDate(n.notice.dueOn)}前（事实确认之日起 ${n.noticeWorkingDays} 个工作日内）`,
          ],
          ['送达方式', ''],
          ['送达地点', ''],
          ['受送达人签收', ''],
          ['签收日期', ''],
          ['送达人', ''],
        ],
        rowHeightMm: 13,
      },
      {
        type: 'table',
        columns: ['陈述和申辩意见（当事人填写；可另附书面材料）'],
        rows: [['']],
        rowHeightMm: 50,
      },
      // 26 characters after the two-character indent: the line stays whole (28 to the line).
      { type: 'p', text: RECEIPT_SIGN_LINE },
    ],
  };
}

/** The print preview: the notice, then its 送达回证 on a sheet of its own. */
export function creditNoticeHtml(n: CreditNotice): string {
  return `${officialDocHtml(creditNoticeDoc(n))}
<style>@media screen { .credit-receipt-sheet { margin-top: 8mm; } }</style>
<div class="credit-receipt-sheet" style="break-before: page">${officialDocHtml(creditReceiptDoc(n))}</div>`;
}
