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
