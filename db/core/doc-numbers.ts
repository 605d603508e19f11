// The office's register of 发文字号 (越卫健〔2026〕12号): one number per document, unique per year across every kind
// of document the office issues (meeting notices, 记分通知书, …). Each module says what kind of document it issues.
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { todayIso } from '../../shared/dates';
import { nowIso, type HandlerContext } from './context';
import { serializeOn } from './dialect';
import type { DB } from './schema';
import { getOffice } from '../system/users';

export interface IssuedNumber {
  /** 越卫健〔2026〕12号: full year in 〔〕, no leading zeros, no 第. */
  docNumber: string;
  /** The 成文日期: the day the number was taken. */
  issuedOn: string;
}

/** The numbers already issued to these records of one kind. */
export async function issuedNumbers(
  db: Kysely<DB>,
  kind: string,
  /** The records, or a query of their ids (read with the numbers, in the same round trip). */
  refIds: readonly number[] | SelectQueryBuilder<DB, keyof DB, { id: number }>,
): Promise<Map<number, IssuedNumber>> {
  const out = new Map<number, IssuedNumber>();
  if (Array.isArray(refIds) && refIds.length === 0) return out;
  // The numbers and the office's prefix at once (two round trips on the office server, not one after the other).
  const [rows, office] = await Promise.all([
    db
      .selectFrom('doc_numbers')
      .select(['ref_id', 'year', 'number', 'issued_at'])
      .where('kind', '=', kind)
      .where('ref_id', 'in', refIds)
      .execute(),
    getOffice(db),
  ]);
  if (rows.length === 0) return out;
  const prefix = office?.docPrefix ?? '';
  for (const r of rows) {
    out.set(r.ref_id, {
      docNumber: `${prefix}〔${r.year}〕${r.number}号`,
      issuedOn: todayIso(new Date(r.issued_at)),
    });
  }
  return out;
}

/** Takes the next free number of the current year for one record (inside the caller's transaction). */
export async function issueNumber(
  ctx: HandlerContext,
  doc: { kind: string; refId: number; title: string },
): Promise<IssuedNumber> {
  const year = ctx.now().getFullYear();
  // Two seats taking a number at once: one after the other, so the year's numbers stay unique and gap-free.
  await serializeOn(ctx.db, `doc_numbers:${year}`);
  const last = await ctx.db
    .selectFrom('doc_numbers')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('year', '=', year)
    .executeTakeFirst();
  await ctx.db
    .insertInto('doc_numbers')
    .values({
      year,
      number: Number(last?.n ?? 0) + 1,
      kind: doc.kind,
      ref_id: doc.refId,
      title: doc.title,
      issued_at: nowIso(ctx),
    })
    .execute();
  return (await issuedNumbers(ctx.db, doc.kind, [doc.refId])).get(doc.refId)!;
}
