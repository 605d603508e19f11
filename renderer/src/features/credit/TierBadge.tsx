// A credit tier as a coloured letter (A green … D red); “—” until the ledger has rated the subject.
import type { CreditTier } from '../../../../shared/contract';
import { TIER_NAMES } from './text';

export function TierBadge({ tier, large }: { tier: CreditTier | null; large?: boolean }) {
  if (!tier) return <span className={`tier-badge tier-none${large ? ' tier-large' : ''}`}>—</span>;
  return (
    <span className={`tier-badge tier-${tier}${large ? ' tier-large' : ''}`} title={TIER_NAMES[tier]}>
      {tier}
    </span>
  );
}
