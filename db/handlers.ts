// The one registry of handler implementations. Every contract method must have exactly one handler: a
// missing or duplicated one throws when the dispatcher is built, i.e. at start, not at first use.
import { contract } from '../shared/contract';
import { PERMISSIONS } from '../shared/domain/roles';
import type { Handlers } from './context';
import { systemHandlers } from './domains/system';
import { departmentHandlers } from './domains/departments';
import { departmentFileHandlers } from './domains/departments-import';
import { calendarHandlers } from './domains/calendar';
import { checklistHandlers } from './domains/checklist';
import { checklistProgressHandlers } from './domains/checklist-progress';
import { checklistFileHandlers } from './domains/checklist-workbook';
import { platformHandlers } from './domains/platform';
import { settingsHandlers } from './domains/settings';
import { backupHandlers } from './domains/backup';
import { meetingHandlers } from './domains/meetings';
import { meetingFileHandlers } from './domains/meetings-files';
import { enforcementDirectoryHandlers } from './domains/enforcement-directories';
import { enforcementFileHandlers } from './domains/enforcement-import';
import { inspectionPlanHandlers } from './domains/inspection-plans';
import { drawHandlers } from './domains/draws';
import { referralHandlers } from './domains/referrals';
import { creditHandlers } from './domains/credit';
import { creditNoticeHandlers } from './domains/credit-notices';
import { creditCatalogueHandlers } from './domains/credit-catalogue';
import { reportHandlers } from './domains/reports';
import { inspectionHandlers } from './domains/inspections';
import { inspectionPublicationHandlers } from './domains/inspection-publications';
import { signingHandlers } from './domains/signing';
import { upstreamHandlers } from './domains/upstream';
import { creditListHandlers } from './domains/credit-lists';
import { dashboardHandlers } from './domains/dashboard';
import { jointActionHandlers } from './domains/joint-actions';

const domainMaps: Record<string, unknown>[] = [
  systemHandlers,
  departmentHandlers,
  departmentFileHandlers,
  calendarHandlers,
  checklistHandlers,
  checklistProgressHandlers,
  checklistFileHandlers,
  platformHandlers,
  settingsHandlers,
  backupHandlers,
  meetingHandlers,
  meetingFileHandlers,
  enforcementDirectoryHandlers,
  enforcementFileHandlers,
  inspectionPlanHandlers,
  drawHandlers,
  referralHandlers,
  creditHandlers,
  creditNoticeHandlers,
  creditCatalogueHandlers,
  reportHandlers,
  inspectionHandlers,
  inspectionPublicationHandlers,
  signingHandlers,
  upstreamHandlers,
  creditListHandlers,
  dashboardHandlers,
  jointActionHandlers,
];

export function buildHandlers(): Handlers {
  const merged: Record<string, unknown> = {};
  for (const map of domainMaps) {
    for (const [name, fn] of Object.entries(map)) {
      if (name in merged) throw new Error(`handler registered twice: ${name}`);
      merged[name] = fn;
    }
  }
  // Every method declares who may call it: a permission from the role matrix, or public. Nothing defaults.
  const undeclared = Object.entries(contract)
    .filter(
      ([, m]) =>
        !(
          m.access?.kind === 'public' ||
          (m.access?.kind === 'permission' && m.access.permission in PERMISSIONS)
        ),
    )
    .map(([n]) => n);
  if (undeclared.length) throw new Error(`methods without a declared permission: [${undeclared}]`);
  const missing = Object.keys(contract).filter((n) => !(n in merged));
  const extra = Object.keys(merged).filter((n) => !(n in contract));
  if (missing.length || extra.length) {
    throw new Error(`handler map does not match the contract; missing: [${missing}] unknown: [${extra}]`);
  }
  return merged as unknown as Handlers;
}

// Compile-time half of the same check: the union of the domain maps must cover every method.
type Covered =
  | keyof typeof systemHandlers
  | keyof typeof departmentHandlers
  | keyof typeof departmentFileHandlers
  | keyof typeof calendarHandlers
  | keyof typeof checklistHandlers
  | keyof typeof checklistProgressHandlers
  | keyof typeof checklistFileHandlers
  | keyof typeof platformHandlers
  | keyof typeof settingsHandlers
  | keyof typeof backupHandlers
  | keyof typeof meetingHandlers
  | keyof typeof meetingFileHandlers
  | keyof typeof enforcementDirectoryHandlers
  | keyof typeof enforcementFileHandlers
  | keyof typeof inspectionPlanHandlers
  | keyof typeof drawHandlers
  | keyof typeof referralHandlers
  | keyof typeof creditHandlers
  | keyof typeof creditNoticeHandlers
  | keyof typeof creditCatalogueHandlers
  | keyof typeof reportHandlers
  | keyof typeof inspectionHandlers
  | keyof typeof inspectionPublicationHandlers
  | keyof typeof signingHandlers
  | keyof typeof upstreamHandlers
  | keyof typeof creditListHandlers
  | keyof typeof dashboardHandlers
  | keyof typeof jointActionHandlers;
const _exhaustive: Record<Exclude<keyof typeof contract, Covered>, never> = {};
void _exhaustive;
