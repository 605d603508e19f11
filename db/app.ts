// The application: every domain folder's registration, combined into the one handler map the dispatcher
// serves. Adding a domain is one line here; the contract check in combineDomains runs at start.
import type { contract } from '../shared/contract';
import type { Handlers } from './core/context';
import { combineDomains } from './core/registry';
import { systemDomain } from './system';
import { meetingsDomain } from './meetings';
import { checklistDomain } from './checklist';
import { enforcementDomain } from './enforcement';
import { creditDomain } from './credit';
import { reportsDomain } from './reports';
import { upstreamDomain } from './upstream';
import { dashboardDomain } from './dashboard';

export const domains = [
  systemDomain,
  meetingsDomain,
  checklistDomain,
  enforcementDomain,
  creditDomain,
  reportsDomain,
  upstreamDomain,
  dashboardDomain,
] as const;

export function buildHandlers(): Handlers {
  return combineDomains(domains);
}

// Compile-time half of the same check: the domains together must cover every contract method.
type KeysOf<T> = T extends unknown ? keyof T : never;
type Covered = KeysOf<(typeof domains)[number]['handlers']>;
const _exhaustive: Record<Exclude<keyof typeof contract, Covered>, never> = {};
void _exhaustive;
