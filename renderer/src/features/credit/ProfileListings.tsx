// A subject's 红黑名单 on its profile: each listing with its status today, the repair applications and what can
// be done next (apply for repair, decide on it), and the way to list the subject.
import { useState } from 'react';
import {
  LISTING_STATUS_LABELS,
  type CreditListing,
  type CreditSubjectKind,
} from '../../../../shared/contract';
import { useCan } from '../../app/permissions';
import { Button } from '../../ui';
import { ListingDialog } from './ListingDialog';
import { pendingRepairOf, repairText, useListings, useRepairActions } from './ListsPanel';
import { RepairApplyDialog, RepairDecisionDialog } from './RepairDialogs';
import { listingName } from './text';

export function ProfileListings(props: { kind: CreditSubjectKind; id: number; name: string }) {
  const can = useCan();
  const listings = useListings({ kind: props.kind, id: props.id });
  const actions = useRepairActions();
  const [creating, setCreating] = useState(false);
  const [applying, setApplying] = useState<CreditListing | null>(null);
  const [deciding, setDeciding] = useState<CreditListing | null>(null);
  const all = listings.data ?? [];
  const live = all.filter((l) => l.status === 'disclosed' || l.status === 'pending');
  return (
    <section className="card-flat credit-card credit-lists-card" aria-label="红黑名单">
      <div className="credit-card-head">
        <h2>红黑名单</h2>
        {can('records.write') ? <Button onClick={() => setCreating(true)}>列入红黑名单</Button> : null}
      </div>
      <p data-testid="list-status" className="list-status-line">
        {live.length
          ? live.map((l) => `${listingName(l)}${LISTING_STATUS_LABELS[l.status]}`).join('；')
          : all.some((l) => l.status === 'repaired')
            ? '已修复，不再公示'
            : '未列入公示中的红黑名单'}
      </p>
      {all.length ? (
        <table className="simple-table" aria-label="列入决定">
          <thead>
            <tr>
              <th>名单</th>
              <th>依据文号</th>
              <th>列入日期</th>
              <th>公示期限</th>
              <th>状态</th>
              <th>信用修复</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {all.map((l) => (
              <tr key={l.id} data-testid={`listing-${l.id}`}>
                <td>{listingName(l)}</td>
                <td>{l.basisNumber}</td>
                <td>{l.decisionDate}</td>
                <td>{l.disclosureStart ? `${l.disclosureStart} 至 ${l.disclosureEnd}` : '不予公示'}</td>
                <td>
                  <span className={`listing-status listing-${l.status}`}>
                    {LISTING_STATUS_LABELS[l.status]}
                  </span>
                </td>
                <td>
                  {repairText(l)}
                  {l.minimumPeriodEnd && l.status === 'disclosed' && !pendingRepairOf(l) ? (
                    <span className="muted">（最短公示期至 {l.minimumPeriodEnd}）</span>
                  ) : null}
                </td>
                <td className="tl-actions">
                  {actions.canApply(l) ? (
                    <Button variant="link" onClick={() => setApplying(l)}>
                      申请信用修复
                    </Button>
                  ) : null}
                  {actions.canDecide(l) ? (
                    <Button variant="link" onClick={() => setDeciding(l)}>
                      审批信用修复
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {creating ? <ListingDialog subject={props} onClose={() => setCreating(false)} /> : null}
      {applying ? <RepairApplyDialog listing={applying} onClose={() => setApplying(null)} /> : null}
      {deciding && pendingRepairOf(deciding) ? (
        <RepairDecisionDialog
          listing={deciding}
          repair={pendingRepairOf(deciding)!}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </section>
  );
}
