// Every kind of printable document, by the name the `document` command (electron/cli/document.ts) and its
// measurements (tests/e2e/documents.spec.ts) use.
export const DOCUMENT_KINDS = [
  'meeting-notice',
  'meeting-agenda',
  'sign-in-sheet',
  'minutes',
  'checklist',
  'checklist-department',
  'checklist-quarter',
  'points-notice',
  'plan-announcement',
  'draw-record',
  'publication',
  'public-list',
  'credit-report',
  'warning-talk',
  'selfcheck-publicity',
  'leader-page',
  'report',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
