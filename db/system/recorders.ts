// 经办人: who first recorded a record, read from the audit trail (indexed by entity and id). The dashboard's due
// items show it beside each deadline; the audit log is the system domain's, so the lookup lives here.
import type { Kysely } from 'kysely';
import type { DB } from '../core/schema';

/** The account that first recorded each of `ids` of `entity` (e.g. 'referral'), where the audit trail has it. */
export async function recorders(db: Kysely<DB>, entity: string, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500).map(String);
    const rows = await db
      .selectFrom('audit_log')
      .select(['entity_id', 'actor_name'])
      .where('entity', '=', entity)
      .where('entity_id', 'in', chunk)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const id = Number(r.entity_id);
      if (!out.has(id)) out.set(id, r.actor_name);
    }
  }
  return out;
}
