// The application: every domain folder's registration, combined into the one handler map the dispatcher
// serves. Adding a domain is one line here; the contract check in combineDomains runs at start. Combining also
// installs the domains' other registrations (due items, indicators, charts, report sections), which the
// dashboard and the report figures loop over (db/core/registry.ts explains why through db/core).
import type { contract } from '../shared/contract';
import type { Handlers } from './core/context';
import { combineDomains, type DomainRegistration } from './core/registry';
import { systemDomain } from './system';
import { meetingsDomain } from './meetings';
import { checklistDomain } from './checklist';
import { enforcementDomain } from './enforcement';
import { creditDomain } from './credit';
import { reportsDomain } from './reports';
import { upstreamDomain } from './upstream';
import { dashboardDomain } from './dashboard';
import { importsDomain } from './imports';
import { selfcheckDomain } from './selfcheck';

export const domains = [
  systemDomain,
  meetingsDomain,
  checklistDomain,
  enforcementDomain,
  creditDomain,
  reportsDomain,
  upstreamDomain,
  dashboardDomain,
  importsDomain,
  selfcheckDomain,
] as const;

/** The handler map; `extra` domains (tests) register due items or report sections beside the app's own. */
export function buildHandlers(extra: readonly DomainRegistration[] = []): Handlers {
  return combineDomains([...domains, ...extra]);
}

// Compile-time half of the same check: the domains together must cover every contract method.
type KeysOf<T> = T extends unknown ? keyof T : never;
type Covered = KeysOf<(typeof domains)[number]['handlers']>;
const _exhaustive: Record<Exclude<keyof typeof contract, Covered>, never> = {};
void _exhaustive;
