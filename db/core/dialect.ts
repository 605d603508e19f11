// SQL that differs between the stores, behind named helpers: SQLite is the embedded single-desk store and the
// only one that has to work today; PostgreSQL is the office server planned for several seats. Queries elsewhere
// stay in kysely's builder and call these where the builder has no portable form.
import { sql, type Kysely, type RawBuilder } from 'kysely';

/** The SQL dialects the app's queries are written for. */
export type SqlDialect = 'sqlite' | 'postgres';

// ------------------------------------------------------------------------------------------------------------
// Registrations block (dashboard due items and report sections, moved into the domain folders). Kept apart so
// that helpers another change adds to this file merge without overlap.

/** The tables that exist in the open data file (a report section is left out when one it reads is missing). */
export async function tableNames<T>(db: Kysely<T>, dialect: SqlDialect = 'sqlite'): Promise<Set<string>> {
  const q =
    dialect === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table'`;
  const r = await q.execute(db);
  return new Set(r.rows.map((x) => x.name));
}

/** The month ('01'…'12') of an ISO date held as text (YYYY-MM-DD), for grouping by month. */
export function isoDateMonth(column: string, dialect: SqlDialect = 'sqlite'): RawBuilder<string> {
  return dialect === 'postgres'
    ? sql<string>`substring(${sql.ref(column)} from 6 for 2)`
    : sql<string>`substr(${sql.ref(column)}, 6, 2)`;
}
// ------------------------------------------------------------------------------------- end registrations block
