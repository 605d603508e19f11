// 信用档案: one subject's tier with its reasons and history, the cycle's points against the thresholds, open and
// handled warnings, its 红黑名单 listings with credit repair, the 信用报告 (print preview), and the timeline of its ledger entries (newest first) with 更正 and, for each 记分, its
// 记分通知书 (deadline, issue, print preview, Word).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  CREDIT_ENTRY_TYPE_LABELS,
  CREDIT_SOURCE_KIND_LABELS,
  CREDIT_SUBJECT_KIND_LABELS,
  outcomeLabel,
  type CreditEntry,
  type CreditNoticeState,
  type CreditProfile,
  type CreditSubjectKind,
  type CreditWarning,
} from '../../../../shared/contract';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Notice, Page } from '../../ui';
import { useToast } from '../../ui/toast';
import { CorrectionDialog } from './CorrectionDialog';
import { EntryDialog } from './EntryDialog';
import { PointsGauge } from './PointsGauge';
import { ProfileListings } from './ProfileListings';
import { TierBadge } from './TierBadge';
import { WarningDialog } from './WarningDialog';
import { CREDIT_KEY, creditReportPrintPath, localTime, shortHash, tierText } from './text';
import { TechInfo } from '../../ui/TechInfo';

const signed = (n: number) => (n > 0 ? `+${n}` : `−${-n}`);

function NoticeLine(props: { n: CreditNoticeState }) {
  const can = useCan();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const { n } = props;
  const issue = async () => {
    // Past its 送达期限 the notice goes out late: say so before it is numbered, so that it is a choice.
    if (
      n.overdue &&
      !window.confirm(
        `该记分通知书的送达期限（${n.dueOn}）已过，现在发出将晚于送达期限，并记入操作日志。\n确定仍要发出吗？`,
      )
    )
      return;
    setBusy(true);
    try {
      const r = await api.invoke('credit.issueNotice', { seq: n.seq });
      toast('success', `记分通知书已发出，发文字号 ${r.notice.docNumber}`);
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const word = async () => {
    try {
      saveDownload(await api.invoke('credit.noticeDocx', { seq: n.seq }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const late = n.issuedOn !== null && n.issuedOn > n.dueOn;
  return (
    <div className={`tl-notice${n.overdue ? ' tl-notice-overdue' : ''}`} data-testid={`notice-${n.seq}`}>
      <span>
        记分通知书：
        {n.docNumber ? (
          <>
            已发出 <strong>{n.docNumber}</strong>（{n.issuedOn}
            {late ? '，晚于送达期限' : ''}）
          </>
        ) : (
          <>未发出</>
        )}
        ；送达期限 {n.dueOn}（事实确认后 10 个工作日）{n.overdue ? '，已逾期' : ''}
      </span>
      <span className="tl-actions">
        {!n.docNumber && can('records.write') ? (
          <Button variant="primary" disabled={busy} onClick={() => void issue()}>
            发出记分通知书
          </Button>
        ) : null}
        {n.docNumber && can('print') ? (
          <>
            <Button onClick={() => navigate(`/print/credit-notice?id=${n.seq}`)}>打印预览</Button>
            <Button onClick={() => void word()}>下载 Word</Button>
          </>
        ) : null}
      </span>
    </div>
  );
}

function EntryItem(props: {
  e: CreditEntry;
  effect: number | undefined;
  notice: CreditNoticeState | undefined;
  onCorrect: () => void;
}) {
  const can = useCan();
  const toast = useToast();
  const { e } = props;
  const download = async (index: number) => {
    try {
      saveDownload(await api.invoke('credit.attachment', { seq: e.seq, index }));
    } catch (err) {
      toast('error', errorMessage(err));
    }
  };
  const corrected = e.correctedBy !== null;
  return (
    <li className={`tl-item tl-${e.type}${corrected ? ' tl-corrected' : ''}`} data-seq={e.seq}>
      <div className="tl-date">{e.factDate}</div>
      <div className="tl-body">
        <div className="tl-head">
          <span className="tl-type">{CREDIT_ENTRY_TYPE_LABELS[e.type]}</span>
          {e.outcome ? <span className="tl-outcome">{outcomeLabel(e.type, e.outcome)}</span> : null}
          {e.points ? <span className="points-chip">记 {e.points} 分</span> : null}
          {props.effect ? (
            <span className={`effect-chip ${props.effect > 0 ? 'effect-up' : 'effect-down'}`}>
              信用分 {signed(props.effect)}
            </span>
          ) : null}
          {e.type === 'correction' ? <span className="tl-tag">更正第 {e.amendsSeq} 条</span> : null}
          {corrected ? <span className="tl-tag tl-tag-corrected">已由第 {e.correctedBy} 条更正</span> : null}
          <span className="muted tl-seq">第 {e.seq} 条</span>
        </div>
        {e.behaviourName ? (
          <div>
            {e.behaviourCode} {e.behaviourName}
          </div>
        ) : null}
        {e.basis || e.sourceKind ? (
          <div className="muted">
            {e.basis ? `依据：${e.basis}` : ''}
            {e.basis && e.sourceKind ? '；' : ''}
            {e.sourceKind === 'inspection' && e.sourceId ? (
              <>
                来源：
                <a
                  href={`#/enforcement/inspections/${e.sourceId}`}
                  onClick={(ev) => {
                    ev.preventDefault();
                    navigate(`/enforcement/inspections/${e.sourceId}`);
                  }}
                >
                  {CREDIT_SOURCE_KIND_LABELS.inspection} 第 {e.sourceId} 号
                </a>
              </>
            ) : e.sourceKind === 'warning_talk' || e.sourceKind === 'self_inspection' ? (
              <>
                来源：
                <a href={`#${e.sourceKind === 'warning_talk' ? '/selfcheck/talks' : '/selfcheck'}`}>
                  {CREDIT_SOURCE_KIND_LABELS[e.sourceKind]}
                  {e.sourceId ? ` 第 ${e.sourceId} 号` : ''}
                </a>
              </>
            ) : e.sourceKind ? (
              `来源：${CREDIT_SOURCE_KIND_LABELS[e.sourceKind]}${e.sourceId ? ` 第 ${e.sourceId} 号` : ''}`
            ) : (
              ''
            )}
          </div>
        ) : null}
        {e.text ? <div className="tl-text">{e.text}</div> : null}
        {e.attachments.length ? (
          <div className="tl-files">
            附件：
            {e.attachments.map((a, i) => (
              <button
                key={a.sha256 + i}
                type="button"
                className="btn btn-link"
                onClick={() => void download(i)}
              >
                {a.name}
              </button>
            ))}
          </div>
        ) : null}
        <div className="tl-meta muted">
          {e.recorderName} 于 {localTime(e.recordedAt)} 登记
          <TechInfo>
            SM3 <code title={e.hash}>{shortHash(e.hash)}</code>
          </TechInfo>
        </div>
        {props.notice ? <NoticeLine n={props.notice} /> : null}
        {can('records.write') && e.type !== 'correction' && !corrected ? (
          <div className="tl-actions">
            <Button variant="link" onClick={props.onCorrect}>
              更正
            </Button>
          </div>
        ) : null}
      </div>
    </li>
  );
}

function WarningsCard(props: { p: CreditProfile; onAcknowledge: (w: CreditWarning) => void }) {
  const can = useCan();
  const open = props.p.warnings.filter((w) => w.status === 'open');
  const done = props.p.warnings.filter((w) => w.status !== 'open');
  return (
    <section className="card-flat credit-card" aria-label="记分预警">
      <h2>记分预警</h2>
      {props.p.warnings.length === 0 ? <p className="muted">没有预警。</p> : null}
      {open.map((w) => (
        <div key={w.id} className="warning-item warning-open" data-testid={`warning-${w.threshold}`}>
          <div>
            <strong>
              记分达到 {w.threshold} 分（{w.cycleStart} 至 {w.cycleLastDay}）
            </strong>
          </div>
          <div>应采取：{w.actions.join('、')}</div>
          <div className="muted">
            第 {w.raisedBySeq} 条记录触发，{localTime(w.raisedAt)}
          </div>
          {can('records.write') ? (
            <Button variant="primary" onClick={() => props.onAcknowledge(w)}>
              确认处理
            </Button>
          ) : null}
        </div>
      ))}
      {done.map((w) => (
        <div key={w.id} className="warning-item" data-testid={`warning-${w.threshold}`}>
          <div>
            <strong>
              记分达到 {w.threshold} 分（{w.cycleStart} 至 {w.cycleLastDay}）
            </strong>{' '}
            <span className="tl-tag">已处理</span>
          </div>
          <div>采取的措施：{w.actionTaken}</div>
          <div className="muted">
            {w.acknowledgedBy} 于 {w.acknowledgedAt ? localTime(w.acknowledgedAt) : ''} 确认
          </div>
        </div>
      ))}
    </section>
  );
}

export function ProfilePage({ kind, id }: { kind: CreditSubjectKind; id: number }) {
  const can = useCan();
  const toast = useToast();
  /** The proof file of the 信用报告's technical appendix (docs/credit-ledger.md §3b). */
  const exportProof = async () => {
    try {
      saveDownload(await api.invoke('credit.inclusionProof', { kind, id }));
      toast('success', '包含证明已导出，可用 zongjian verify-inclusion 核验');
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const profile = useQuery({
    queryKey: [...CREDIT_KEY, 'profile', kind, id],
    queryFn: () => api.invoke('credit.profile', { kind, id }),
  });
  const [recording, setRecording] = useState(false);
  const [correcting, setCorrecting] = useState<CreditEntry | null>(null);
  const [acknowledging, setAcknowledging] = useState<CreditWarning | null>(null);

  if (profile.isError)
    return (
      <Page title="信用档案">
        <Notice kind="error">{errorMessage(profile.error)}</Notice>
        <Button onClick={() => navigate('/credit')}>返回信用主体</Button>
      </Page>
    );
  const p = profile.data;
  if (!p) return <p className="muted">读取中…</p>;
  const s = p.subject;
  const effects = new Map<number, number>();
  for (const r of p.tier.reasons) if (r.seq !== null) effects.set(r.seq, (effects.get(r.seq) ?? 0) + r.delta);
  const notices = new Map(p.notices.map((n) => [n.seq, n]));
  return (
    <Page
      title={s.name}
      subtitle={`${CREDIT_SUBJECT_KIND_LABELS[s.kind]} · ${s.code} · ${s.detail} · ${s.status}`}
      actions={
        <>
          <Button onClick={() => navigate('/credit')}>返回信用主体</Button>
          {can('print') ? (
            <>
              <Button onClick={() => navigate(creditReportPrintPath(kind, id))}>信用报告</Button>
              <Button onClick={() => void exportProof()}>导出包含证明</Button>
            </>
          ) : null}
          {can('records.write') ? (
            <Button variant="primary" onClick={() => setRecording(true)}>
              新增信用记录
            </Button>
          ) : null}
        </>
      }
    >
      <div className="credit-summary">
        <section className="card-flat credit-card" aria-label="信用等级">
          <h2>信用等级</h2>
          <div className="tier-line">
            <TierBadge tier={p.tier.tier} large />
            <div>
              <div className="tier-name" data-testid="tier-text">
                {tierText(p.tier.tier)}
              </div>
              <div className="muted">信用分 {p.tier.score ?? '—'}（起算 100）</div>
            </div>
          </div>
          <p className="tier-summary" data-testid="tier-summary">
            {p.tier.summary}
          </p>
          {p.tier.reasons.length ? (
            <ul className="tier-reasons">
              {p.tier.reasons.map((r, i) => (
                <li key={i}>
                  {r.text}
                  {r.seq !== null ? <span className="muted">（第 {r.seq} 条）</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <section className="card-flat credit-card" aria-label="本周期记分">
          <h2>本周期记分</h2>
          <div className="points-line">
            <span className="points-value" data-testid="cycle-points">
              {p.cycle.points}
            </span>{' '}
            分
            <span className="muted">
              {' '}
              · {p.cycle.start} 至 {p.cycle.lastDay}
            </span>
          </div>
          <PointsGauge cycle={p.cycle} />
          <p className="muted">
            {p.cycle.rule.title}，{p.cycle.rule.source}。
            {p.cycle.rule.cycle.type === 'verification'
              ? `周期为 ${p.cycle.rule.cycle.years} 年校验期，校验通过后重新起算。`
              : `周期为 ${p.cycle.rule.cycle.years} 个自然年。`}
          </p>
        </section>
        <WarningsCard p={p} onAcknowledge={setAcknowledging} />
      </div>
      <ProfileListings kind={kind} id={id} name={s.name} />

      <h2 className="section-title">信用记录</h2>
      {p.entries.length === 0 ? <p className="muted">尚无信用记录。</p> : null}
      <ol className="timeline">
        {p.entries.map((e) => (
          <EntryItem
            key={e.seq}
            e={e}
            effect={effects.get(e.seq)}
            notice={notices.get(e.seq)}
            onCorrect={() => setCorrecting(e)}
          />
        ))}
      </ol>

      <h2 className="section-title">信用等级变化</h2>
      {p.tierHistory.length === 0 ? (
        <p className="muted">尚未评定。</p>
      ) : (
        <table className="simple-table" aria-label="信用等级变化">
          <thead>
            <tr>
              <th>生效日期</th>
              <th>原等级</th>
              <th>新等级</th>
              <th>信用分</th>
              <th>引起变化的记录</th>
              <th>理由</th>
            </tr>
          </thead>
          <tbody>
            {p.tierHistory.map((h) => (
              <tr key={h.id}>
                <td>{h.effectiveOn}</td>
                <td>{h.previousTier ?? '未评定'}</td>
                <td>
                  <TierBadge tier={h.tier} />
                </td>
                <td>{h.score ?? '—'}</td>
                <td>{h.causeSeq ? `第 ${h.causeSeq} 条` : '周期届满'}</td>
                <td>{h.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {recording ? (
        <EntryDialog
          subject={{ kind, id, name: s.name, cycle: p.cycle }}
          onClose={() => setRecording(false)}
          onSaved={() => setRecording(false)}
        />
      ) : null}
      {correcting ? <CorrectionDialog entry={correcting} onClose={() => setCorrecting(null)} /> : null}
      {acknowledging ? (
        <WarningDialog warning={acknowledging} subjectName={s.name} onClose={() => setAcknowledging(null)} />
      ) : null}
    </Page>
  );
}
