// The idle lock counts only what a person does. While someone is signed in, typing, clicking, scrolling or
// moving the mouse in this window is reported to the app at most every 20 seconds; the window's own timers and
// background refreshes are not, so an open dashboard left alone still locks after the set minutes.
import { useEffect } from 'react';
import { api } from '../api';

const REPORT_EVERY_MS = 20_000;
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;

export function useActivityReports(): void {
  useEffect(() => {
    let last = Date.now(); // signing in was activity too
    const onInput = () => {
      const now = Date.now();
      if (now - last < REPORT_EVERY_MS) return;
      last = now;
      api.invoke('session.activity', {}).catch(() => undefined); // a locked session shows the sign-in anyway
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true });
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
    };
  }, []);
}
