// The one place that knows which loaded data a write makes stale. Every committed write says which entities
// it touched (its audit rows): the writer's own answer carries that, and every other tab and window hears it as
// 'data.changed'. Here each entity maps to the query keys (TanStack Query prefixes) to read again, so no page
// refreshes by hand and none needs to know that, say, saving an inspection also changes the credit ledger.
import { useEffect } from 'react';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { DataChanged, EntityName } from '../../../shared/contract';
import { api, onOwnChanges } from '../api';

/** Everything: what a whole-file change (a restore) or a rule every deadline uses (calendar, settings) affects. */
const ALL = 'all' as const;
type Target = QueryKey | typeof ALL;

// Figures built from many modules' records: the 工作台 (due list, yearly indicators, charts), the reports (every
// report's numbers are computed from the records), the print previews and the operation log.
const FIGURES: QueryKey[] = [['dashboard'], ['reports'], ['print']];
const CHECKLIST: QueryKey[] = [['checklist']];
const MEETINGS: QueryKey[] = [['meetings']];
const ENFORCEMENT: QueryKey[] = [['enforcement']];
const CASES: QueryKey[] = [['enforcement', 'cases']];
const CREDIT: QueryKey[] = [['credit']];

/** Typed by the shared entity list: a new audit entity does not compile until it is mapped here. */
export const INVALIDATES: Record<EntityName, readonly Target[]> = {
  office: [['system.status'], ['office'], ...FIGURES],
  // Business rules set deadlines across every module (reply days, publication days, report due dates…).
  settings: [ALL],
  user: [['users'], ['system.status']],
  // A sign-in or sign-out (tabs of one browser share the session) and the failed-attempt counts.
  session: [['system.status'], ['users']],
  backup: [['backup']],
  // The store chosen for the next start (系统设置); connecting to another store replaces everything (below).
  store: [['store'], ['system.status']],
  // Working days decide every deadline.
  calendar: [ALL],
  department: [['departments'], ...CHECKLIST, ...MEETINGS, ...ENFORCEMENT, ...FIGURES],
  checklist: [...CHECKLIST, ...FIGURES],
  checklist_item: [...CHECKLIST, ...FIGURES],
  checklist_progress: [...CHECKLIST, ...FIGURES],
  checklist_summary: [...CHECKLIST, ...FIGURES],
  // Regular joint meetings held count for checklist item 2 (“协商每年不少于1次”).
  meeting: [...MEETINGS, ...CHECKLIST, ...FIGURES],
  meeting_series: [...MEETINGS, ...CHECKLIST, ...FIGURES],
  decision: [...MEETINGS, ...FIGURES],
  // 催办 counts show in the 督办 list and its print; the figures do not count them.
  decision_urging: [...MEETINGS, ['print']],
  institution: [...ENFORCEMENT, ...CREDIT, ...FIGURES],
  practitioner: [...ENFORCEMENT, ...CREDIT, ...FIGURES],
  inspector: [...ENFORCEMENT, ...FIGURES],
  spot_item: [...ENFORCEMENT, ...FIGURES],
  expert: [...ENFORCEMENT, ...FIGURES],
  referral: [...CASES, ...FIGURES],
  // A complaint closed as 查实 is written into the institution's credit ledger in the same operation.
  complaint: [...CASES, ...CREDIT, ['enforcement', 'institutions'], ...FIGURES],
  // Completed joint actions count for checklist item 13.
  joint_action: [['enforcement', 'joint-actions'], ...CHECKLIST, ...FIGURES],
  inspection_plan: [...ENFORCEMENT, ...FIGURES],
  draw_seal: ENFORCEMENT,
  draw: [...ENFORCEMENT, ...FIGURES],
  // An inspection result goes into the credit ledger (and so the grade the directory and the draws use), and
  // its batch's publication table.
  inspection: [...ENFORCEMENT, ...CREDIT, ...FIGURES],
  inspection_publication: [['enforcement', 'inspections'], ...FIGURES],
  // Credit records change the grade shown in the directory and used by the draws.
  credit_entry: [...CREDIT, ...ENFORCEMENT, ...FIGURES],
  credit_behaviour: [...CREDIT, ...ENFORCEMENT, ...FIGURES],
  credit_rules: [...CREDIT, ...ENFORCEMENT, ...FIGURES],
  credit_warning: [...CREDIT, ...FIGURES],
  credit_notice: [...CREDIT, ...FIGURES],
  credit_listing: [...CREDIT, ...ENFORCEMENT, ...FIGURES],
  credit_repair: [...CREDIT, ...ENFORCEMENT, ...FIGURES],
  report: [...FIGURES],
  report_submission: [...FIGURES],
  signing_key: [['signing'], ['reports']],
  upstream_trusted_key: [['upstream']],
  upstream_package: [['upstream']],
  import_mapping: [['imports']],
  selfcheck_year: [['selfcheck'], ...FIGURES],
  selfcheck_campaign: [['selfcheck'], ...FIGURES],
  // Submissions on time, 登记未自查 and 不实 findings enter the credit ledger.
  selfcheck_submission: [['selfcheck'], ...CREDIT, ...ENFORCEMENT, ...FIGURES],
  selfcheck_pledge: [['selfcheck'], ...FIGURES],
  selfcheck_supervision: [['selfcheck'], ...CREDIT, ...ENFORCEMENT, ...FIGURES],
  warning_talk: [['selfcheck'], ...CREDIT, ...FIGURES],
};

/** Methods that replace the whole data file: everything loaded is stale. */
const REPLACES_EVERYTHING = new Set(['backup.restore', 'store.connect', 'store.unlock']);

/** The distinct query-key prefixes a change makes stale, or ALL. */
export function staleKeys(changed: Pick<DataChanged, 'method' | 'changes'>): QueryKey[] | typeof ALL {
  if (REPLACES_EVERYTHING.has(changed.method)) return ALL;
  const keys = new Map<string, QueryKey>();
  // The operation log lists every write.
  keys.set(JSON.stringify(['audit']), ['audit']);
  for (const { entity } of changed.changes) {
    for (const target of INVALIDATES[entity] ?? [ALL]) {
      if (target === ALL) return ALL;
      keys.set(JSON.stringify(target), target);
    }
  }
  // A prefix already covers its longer keys.
  const list = [...keys.values()];
  return list.filter(
    (k) => !list.some((p) => p !== k && p.length < k.length && p.every((part, i) => part === k[i])),
  );
}

/** Marks the affected queries stale and re-reads those on screen; resolves when they have been read again. */
export function applyChanges(
  qc: QueryClient,
  changed: Pick<DataChanged, 'method' | 'changes'>,
): Promise<void> {
  const keys = staleKeys(changed);
  if (keys === ALL) return qc.invalidateQueries();
  return Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey }))).then(() => undefined);
}

/** Subscribes once, at the app's root: other tabs' writes arrive as events, this tab's with their answers. Each
 *  write is applied once, whichever copy arrives first; the answer waits for the re-reading, so a dialog that
 *  closes after saving already shows what was saved. */
export function useLiveInvalidation(qc: QueryClient): void {
  useEffect(() => {
    const applied = new Map<string, Promise<void>>();
    const apply = (changed: DataChanged): Promise<void> => {
      const seen = applied.get(changed.id);
      if (seen) return seen;
      const done = applyChanges(qc, changed);
      applied.set(changed.id, done);
      // Only recent writes can arrive twice.
      if (applied.size > 200) applied.delete(applied.keys().next().value as string);
      return done;
    };
    onOwnChanges(apply);
    const off = api.on('data.changed', (changed) => void apply(changed));
    return () => {
      onOwnChanges(null);
      off();
    };
  }, [qc]);
}
