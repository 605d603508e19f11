// The office's calendar id: a random value created once, in the ICS UIDs of its meetings
// (meeting-42@<id>.zongjian-desk.local) so that two districts' calendars never share an event.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

export const CALENDAR_ID_KEY = 'calendar.officeId';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto('settings')
    .values({
      key: CALENDAR_ID_KEY,
      value_json: JSON.stringify(randomUUID()),
      updated_at: new Date().toISOString(),
      updated_by: '系统',
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
