// Queries compiled once per database handle. Kysely builds and compiles a query each time it runs: about 2.5 µs,
// as much as SQLite takes to read a small table, so for the few small queries nearly every screen runs (the 成员单位
// list every department picker reads) the compiling is kept. Only queries whose SQL and parameters never change;
// a handle is a store (a restore or a switch of store opens a new one, compiled anew).
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema';

const compiled = new WeakMap<Kysely<DB>, Map<string, CompiledQuery>>();

/** `build()`'s query compiled for `db` the first time `name` is asked for, the same compiled query after. */
export function compiledOnce<R>(db: Kysely<DB>, name: string, build: () => Compilable<R>): CompiledQuery<R> {
  let byName = compiled.get(db);
  if (!byName) compiled.set(db, (byName = new Map()));
  let q = byName.get(name);
  if (!q) byName.set(name, (q = build().compile()));
  return q as CompiledQuery<R>;
}
