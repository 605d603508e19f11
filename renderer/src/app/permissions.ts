// What the signed-in person may do, from the same role matrix the dispatcher enforces: the UI hides what
// would be refused anyway.
import { createContext, useContext } from 'react';
import type { Actor } from '../../../shared/contract';
import { roleCan, type Permission } from '../../../shared/domain/roles';

export const UserContext = createContext<Actor | null>(null);

export function useCan(): (permission: Permission) => boolean {
  const user = useContext(UserContext);
  return (permission) => (user ? roleCan(user.role, permission) : false);
}

/** The same for a given person, where the context is not yet provided (the shell that provides it); not a hook. */
export function canFor(user: Actor | null): (permission: Permission) => boolean {
  return (permission) => (user ? roleCan(user.role, permission) : false);
}
