// The demo district's 报告上报, relative to the app's today: the office's signing key; every report owed upstream
// whose due day has passed, written, signed by the leader and logged as sent on that day (the clock is moved
// there: a signature carries the app's own time); and this quarter's stage summary in draft, the one due next. Run last by db/demo.ts, after every module's records exist.
import type { NarrativeBlock } from '../../shared/contract';
import type { Call } from '../demo';

/** The demo's signing passphrase (the 签发 dialog asks for it). */
export const DEMO_SIGNING_PASSPHRASE = 'Demo@2026-签名口令';

/** What the office writes under each heading; a heading not listed gets the general sentence. */
const PARAGRAPHS: Record<string, string> = {
  基本情况:
    '本期各成员单位按照综合监管工作清单分工推进各项任务，联席会议机制运行正常，双随机抽查、投诉举报办理和信用监管工作有序开展。',
  联席会议与议定事项督办:
    '按季度召开定期联席会议，议定事项逐项明确牵头单位和完成时限，由联席会议办公室跟踪督办，逾期事项已督促相关单位说明情况。',
  部门职责任务清单落实: '各责任单位按季度报送任务清单落实情况，进度滞后的任务已明确责任人和完成时限。',
};
const GENERAL =
  '各相关部门按照职责分工落实监管责任，加强信息共享和联合执法，下一步将针对薄弱环节继续完善工作机制。';

function written(outline: NarrativeBlock[]): NarrativeBlock[] {
  let heading = '';
  return outline.map((b) => {
    if (b.type === 'h1' || b.type === 'h2' || b.type === 'h3') heading = b.text;
    return b.type === 'p' && b.text === '' ? { type: 'p', text: PARAGRAPHS[heading] ?? GENERAL } : b;
  });
}

export interface ReportSeedSummary {
  /** Signed and logged as sent. */
  signed: number;
  /** In draft: this quarter's stage summary. */
  drafts: number;
}

/** `as(username, when)`: sign in as that demo user with the app's clock at `when` (null: back to today). */
export async function seedReports(
  call: Call,
  as: (username: string, when: Date | null) => Promise<void>,
): Promise<ReportSeedSummary> {
  await as('admin', null);
  const { today } = await call('calendar.status', {});
  const owed = (await call('reports.overview', {})).obligations
    .filter((o) => o.reportId === null && o.due.dueOn < today)
    .sort((a, b) => a.due.dueOn.localeCompare(b.due.dueOn));
  let signed = 0;
  for (const o of owed) {
    // Sent on the due day itself (a working day; a deadline is met on its own day).
    const day = o.due.dueOn;
    const at = (hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
    if (signed === 0) {
      // The office made its signing key before its first report went out.
      await as('admin', at(9));
      await call('signing.generate', {
        passphrase: DEMO_SIGNING_PASSPHRASE,
        passphraseConfirm: DEMO_SIGNING_PASSPHRASE,
      });
    }
    await as('keyuan', at(10));
    const draft = await call('reports.create', { type: o.type, period: o.period });
    await call('reports.saveDraft', {
      id: draft.id,
      updatedAt: draft.updatedAt,
      title: draft.title,
      addressee: '绍兴市卫生健康委员会',
      narrative: written(draft.narrative),
    });
    await as('lingdao', at(15));
    await call('reports.sign', { id: draft.id, passphrase: DEMO_SIGNING_PASSPHRASE });
    await as('keyuan', at(16));
    await call('reports.logSubmission', {
      reportId: draft.id,
      method: 'usb',
      methodNote: '',
      recipient: '绍兴市卫生健康委员会综合监督处',
      sentOn: day,
      note: '',
    });
    signed++;
  }
  // This quarter's stage summary, being written.
  await as('keyuan', null);
  const now = (await call('reports.overview', {})).obligations.find(
    (o) => o.type === 'quarterly' && o.reportId === null && o.due.dueOn >= today,
  );
  let drafts = 0;
  if (now) {
    const draft = await call('reports.create', { type: 'quarterly', period: now.period });
    const outline = written(draft.narrative);
    // Only the first section written so far.
    const firstHeading = outline.findIndex((b, i) => i > 0 && b.type === 'h1');
    await call('reports.saveDraft', {
      id: draft.id,
      updatedAt: draft.updatedAt,
      title: draft.title,
      addressee: '绍兴市卫生健康委员会',
      narrative: outline.map((b, i) =>
        b.type === 'p' && firstHeading > 0 && i > firstHeading ? { type: 'p', text: '' } : b,
      ),
    });
    drafts++;
  }
  return { signed, drafts };
}
