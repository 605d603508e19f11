// What a domain folder registers: its handler map (method name → named function). Each domain's index.ts
// exports one `defineDomain({...})`; db/app.ts combines them, the way Actual Budget's `app.combine` joins its
// per-domain apps. A method registered twice, one missing from the contract or one the contract lacks throws
// when the dispatcher is built, i.e. at start, not at first use.
import { contract, type MethodName } from '../../shared/contract';
import { PERMISSIONS } from '../../shared/domain/roles';
import type { HandlerFn, Handlers } from './context';

export interface Domain<K extends MethodName = MethodName> {
  /** The folder's name, for messages. */
  name: string;
  handlers: { [N in K]: HandlerFn<N> };
}

export function defineDomain<K extends MethodName>(domain: Domain<K>): Domain<K> {
  return domain;
}

/** Joins the handler maps of several files of one domain; a name given twice throws. */
export function mergeHandlerMaps<M extends Record<string, unknown>[]>(
  ...maps: M
): UnionToIntersection<M[number]> {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, fn] of Object.entries(map)) {
      if (name in merged) throw new Error(`handler registered twice: ${name}`);
      merged[name] = fn;
    }
  }
  return merged as UnionToIntersection<M[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void
  ? I
  : never;

/** Every domain's handlers as one map, checked against the contract. */
export function combineDomains(
  domains: readonly { name: string; handlers: Record<string, unknown> }[],
): Handlers {
  const merged: Record<string, unknown> = {};
  for (const domain of domains) {
    for (const [name, fn] of Object.entries(domain.handlers)) {
      if (name in merged) throw new Error(`handler registered twice: ${name} (${domain.name})`);
      merged[name] = fn;
    }
  }
  // Every method declares who may call it: a permission from the role matrix, or public. Nothing defaults.
  const undeclared = Object.entries(contract)
    .filter(
      ([, m]) =>
        !(
          m.access?.kind === 'public' ||
          (m.access?.kind === 'permission' && m.access.permission in PERMISSIONS)
        ),
    )
    .map(([n]) => n);
  if (undeclared.length) throw new Error(`methods without a declared permission: [${undeclared}]`);
  const missing = Object.keys(contract).filter((n) => !(n in merged));
  const extra = Object.keys(merged).filter((n) => !(n in contract));
  if (missing.length || extra.length) {
    throw new Error(`handler map does not match the contract; missing: [${missing}] unknown: [${extra}]`);
  }
  return merged as unknown as Handlers;
}
