// Building blocks of the handler map. A method is: its argument schema (zod, parsed once by the dispatcher),
// a phantom result type, whether it changes data (mutations run in one transaction with an audit row), and
// who may call it. The renderer's api.invoke is typed from these definitions, end to end.
import type { z } from 'zod';
import type { Permission } from '../domain/roles';

export type Access =
  | { kind: 'public' } // no session needed: status, first-run setup, login
  | { kind: 'permission'; permission: Permission }; // signed in, with a role that has this permission

export interface Method<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  /** Phantom: only its type is used. */
  readonly output: O;
  /** query: reads; mutation: one transaction with its audit row; operation: work on files as well as the
   *  database (backup, restore) that cannot run inside one transaction; it writes its own audit rows. */
  readonly kind: 'query' | 'mutation' | 'operation';
  readonly access: Access;
}

/** `result<T>()` marks a method's result type without a runtime value. */
export const result = <T>(): T => undefined as T;

export const publicAccess: Access = { kind: 'public' };
/** The permission a method needs (see ROLE_PERMISSIONS): declared on every method, never defaulted. */
export const can = (permission: Permission): Access => ({ kind: 'permission', permission });

export function query<I extends z.ZodType, O>(input: I, output: O, access: Access): Method<I, O> {
  return { input, output, kind: 'query', access };
}

export function mutation<I extends z.ZodType, O>(input: I, output: O, access: Access): Method<I, O> {
  return { input, output, kind: 'mutation', access };
}

export function operation<I extends z.ZodType, O>(input: I, output: O, access: Access): Method<I, O> {
  return { input, output, kind: 'operation', access };
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

/** Merges domain maps into one; a name defined twice is a programming error and throws at start. */
export function mergeContracts<T extends Record<string, Method>[]>(
  ...maps: T
): UnionToIntersection<T[number]> {
  const out: Record<string, Method> = {};
  for (const map of maps) {
    for (const [name, def] of Object.entries(map)) {
      if (name in out) throw new Error(`handler name defined twice: ${name}`);
      out[name] = def;
    }
  }
  return out as UnionToIntersection<T[number]>;
}
