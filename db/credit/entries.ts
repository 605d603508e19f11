// 台账记录: the whole credit ledger as a list, a block at a time (newest entry first), filtered by year of the fact,
// kind of subject, type of entry and words, each entry with the 更正 that neutralised it. The chain check reads the
// ledger on its own (ledger.ts); this is what a person scrolls.
import type { Kysely } from 'kysely';
import type {
  CREDIT_ENTRY_FILTER_KEYS,
  CREDIT_ENTRY_SORT_KEYS,
  CreditEntry,
  CreditEntryCounts,
  PageOf,
  ParsedInput,
} from '../../shared/contract';
import { defineHandlers } from '../core/context';
import { containsText } from '../core/dialect';
import { pageOf, splitPageInput, type PageColumns } from '../core/paging';
import type { DB } from '../core/schema';
import { toEntry } from './state';

const ENTRY_COLUMNS = {
  seq: 'l.seq',
  factDate: { column: 'l.fact_date', kind: 'date' },
  subjectName: 'l.subject_name',
  subjectCode: 'l.subject_code',
  type: 'l.type',
  behaviourName: { column: 'l.behaviour_name', nullable: true },
  points: { column: 'l.points', nullable: true, kind: 'number' },
  recorderName: 'l.recorder_name',
} as const satisfies PageColumns<(typeof CREDIT_ENTRY_SORT_KEYS | typeof CREDIT_ENTRY_FILTER_KEYS)[number]>;

export async function creditEntriesPage(
  db: Kysely<DB>,
  input: ParsedInput<'credit.entries'>,
): Promise<PageOf<CreditEntry, CreditEntryCounts>> {
  const {
    view,
    filters: { year, subjectKind, type, search },
  } = splitPageInput(input);
  let filtered = db.selectFrom('credit_ledger as l');
  if (year !== undefined)
    filtered = filtered
      .where('l.fact_date', '>=', `${year}-01-01`)
      .where('l.fact_date', '<=', `${year}-12-31`);
  if (subjectKind !== undefined) filtered = filtered.where('l.subject_kind', '=', subjectKind);
  if (type !== undefined) filtered = filtered.where('l.type', '=', type);
  if (search)
    filtered = filtered.where((eb) =>
      eb.or([
        containsText(db, 'l.subject_name', search),
        containsText(db, 'l.subject_code', search),
        containsText(db, 'l.behaviour_name', search),
        containsText(db, 'l.text', search),
      ]),
    );
  return pageOf({
    db,
    filtered,
    select: (q) =>
      (q as typeof filtered).selectAll('l').select((eb) =>
        eb
          .selectFrom('credit_ledger as c')
          .select((c) => c.fn.min('c.seq').as('s'))
          .whereRef('c.amends_seq', '=', 'l.seq')
          .as('corrected_by'),
      ),
    sortColumns: ENTRY_COLUMNS,
    filterColumns: ENTRY_COLUMNS,
    order: { dir: 'desc' },
    id: 'l.seq',
    input: view,
    counts: (eb) => ({
      scored: eb('l.points', '>', 0),
      corrections: eb('l.type', '=', 'correction'),
    }),
    toRows: (rows) =>
      rows.map(({ corrected_by, ...r }) => toEntry(r, corrected_by === null ? null : Number(corrected_by))),
  });
}

export const creditEntryHandlers = defineHandlers({
  'credit.entries': async (input, ctx) => creditEntriesPage(ctx.db, input),
});
