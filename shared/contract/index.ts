// THE contract: every method the renderer, the CLI and tests may call, by name. Each domain contributes its
// map; a duplicate name throws here at start. The dispatcher validates input with these schemas once.
import { z } from 'zod';
import { mergeContracts, type Method } from './define';
import { systemContract } from './system';
import { departmentsContract } from './departments';
import { calendarContract } from './calendar';
import { checklistContract } from './checklist';
import { checklistFilesContract } from './checklist-files';
import { platformContract } from './platform';
import { settingsContract } from './settings';
import { backupContract } from './backup';
import { meetingsContract } from './meetings';
import { enforcementContract } from './enforcement';
import { drawsContract } from './draws';
import { referralsContract } from './referrals';
import { creditContract } from './credit';
import { reportsContract } from './reports';
import { signingContract } from './signing';
import { upstreamContract } from './upstream';
import { dashboardContract } from './dashboard';
import { creditListsContract } from './credit-lists';
import { jointActionsContract } from './joint-actions';
import { inspectionsContract } from './inspections';
import type { DataChanged } from './changes';
import { importsContract } from './imports';
import { selfcheckContract } from './selfcheck';
import { spotcheckContract } from './spotcheck';
import { storeContract } from './store';

// zod's own messages (type mismatches etc.) in Chinese, for the cases our schemas do not word themselves.
z.config(z.locales.zhCN());

export const contract = mergeContracts(
  systemContract,
  departmentsContract,
  calendarContract,
  checklistContract,
  checklistFilesContract,
  platformContract,
  settingsContract,
  backupContract,
  meetingsContract,
  enforcementContract,
  drawsContract,
  referralsContract,
  creditContract,
  reportsContract,
  signingContract,
  upstreamContract,
  dashboardContract,
  creditListsContract,
  jointActionsContract,
  inspectionsContract,
  importsContract,
  selfcheckContract,
  spotcheckContract,
  storeContract,
);

export type Contract = typeof contract;
export type MethodName = keyof Contract & string;
export type Input<N extends MethodName> = z.input<Contract[N]['input']>;
export type ParsedInput<N extends MethodName> = z.output<Contract[N]['input']>;
export type Output<N extends MethodName> = Contract[N]['output'];

export function getMethod(name: string): Method | undefined {
  return Object.prototype.hasOwnProperty.call(contract, name)
    ? (contract as Record<string, Method>)[name]
    : undefined;
}

/** Server-to-renderer events for `on(event, cb)`. */
export interface AppEvents {
  'menu.navigate': { path: string };
  'session.ended': { reason: string };
  /** A write committed (any tab, window or the CLI-less host): what it touched, for the renderer to re-read. */
  'data.changed': DataChanged;
  /** Server mode (多人协同): the office's database server was lost (message says so; writes are refused) or is
   *  back (connected, message null). */
  'server.connection': { connected: boolean; message: string | null };
}
export type AppEventName = keyof AppEvents;

export * from './define';
export * from './common';
export * from './system';
export * from './departments';
export * from './calendar';
export * from './checklist';
export * from './checklist-files';
export * from './platform';
export * from './settings';
export * from './store';
export * from './backup';
export * from './meetings';
export * from './enforcement';
export * from './draws';
export * from './referrals';
export * from './credit';
export * from './reports';
export * from './signing';
export * from './upstream';
export * from './dashboard';
export * from './credit-lists';
export * from './joint-actions';
export * from './inspections';
export * from './changes';
export * from './imports';
export * from './selfcheck';
export * from './spotcheck';
