// What belongs to one sign-in in this window: the page views a person left (the checklist's year and quarter,
// kept while a print preview is open and after 返回), whether the sign-in reminder has been shown, and who was
// signed in last. Signing out forgets all of it, so the next person starts on the home page with their own
// reminder; after the idle lock the same person comes back to the page they were on, another person does not.
import { useCallback, useState } from 'react';
import { navigate } from './router';

const LAST_USER = 'zongjian:last-user';
const REMINDED = 'zongjian:reminded-sign-in';

const views = new Map<string, unknown>();

/** Like useState, but the value outlives the page (a print preview replaces the whole window) until sign-out. */
export function useRemembered<T>(key: string, initial: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => (views.has(key) ? (views.get(key) as T) : initial));
  const set = useCallback(
    (v: T) => {
      views.set(key, v);
      setValue(v);
    },
    [key],
  );
  return [value, set];
}

/** The Shell of `userId` is up: remember who, for the next sign-in in this window. */
export function signedIn(userId: number): void {
  sessionStorage.setItem(LAST_USER, String(userId));
}

/** Who was signed in last in this window: read it before signing in (the new session's first screen may already
 *  have recorded its own person by the time the sign-in call answers). */
export function lastSignedIn(): string | null {
  return sessionStorage.getItem(LAST_USER);
}

/** A sign-in succeeded: someone other than the last person (`last`, from lastSignedIn before the call) starts on
 *  the home page with nothing remembered. */
export function afterSignIn(userId: number, last: string | null): void {
  if (last !== null && last !== String(userId)) {
    views.clear();
    navigate('/dashboard');
  }
}

/** The person signed out: the next one starts on the home page. */
export function signedOut(): void {
  views.clear();
  sessionStorage.removeItem(LAST_USER);
  sessionStorage.removeItem(REMINDED);
  navigate('/dashboard');
}

/** The session ended (sign-out, idle lock): the next sign-in gets its reminder again. */
export function sessionEnded(): void {
  sessionStorage.removeItem(REMINDED);
}

/** True once per sign-in (and window): whether to show the sign-in reminder now. */
export function takeSignInReminder(userId: number): boolean {
  if (sessionStorage.getItem(REMINDED) === String(userId)) return false;
  sessionStorage.setItem(REMINDED, String(userId));
  return true;
}
