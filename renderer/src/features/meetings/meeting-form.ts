// A meeting tab's form (议程, 出席情况, 会议纪要) and the version of the meeting it started from. The page refreshes
// by itself when the meeting changes (another window or seat): an untouched form follows the newer meeting, a form
// with typed changes keeps them, and its save — made against the version it started from — is refused with who
// saved first (db/core/versions.ts). The two are then shown side by side and saving again overwrites on purpose.
import { useEffect, useRef, useState } from 'react';
import type { MeetingDetail } from '../../../../shared/contract';
import { staleDetails, type StaleDetails } from '../../../../shared/errors';
import { useLeaveGuard } from '../../app/router';

interface State<F> {
  form: F;
  /** The version the form's save names, and the form as it stood at that version (to tell typed changes). */
  origin: { version: number; form: F };
}

const isMeeting = (x: unknown): x is MeetingDetail =>
  typeof x === 'object' && x !== null && 'agenda' in x && 'departments' in x;

export function useMeetingForm<F>(
  m: MeetingDetail,
  formOf: (m: MeetingDetail) => F,
  /** What counts as a typed change (default: the whole form). */
  comparable: (f: F) => unknown = (f) => f,
) {
  const formOfRef = useRef(formOf);
  formOfRef.current = formOf;
  const comparableRef = useRef(comparable);
  comparableRef.current = comparable;
  const [state, setState] = useState<State<F>>(() => {
    const form = formOf(m);
    return { form, origin: { version: m.version, form } };
  });
  const [stale, setStale] = useState<StaleDetails | null>(null);
  /** Whether two states of the form are the same as far as typed changes go. */
  const same = (a: F, b: F) =>
    JSON.stringify(comparableRef.current(a)) === JSON.stringify(comparableRef.current(b));
  const dirty = !same(state.form, state.origin.form);
  // Leaving the tab or the page with typed changes asks first (放弃未保存的修改？).
  useLeaveGuard(dirty);
  const fresh = (meeting: MeetingDetail): State<F> => {
    const form = formOfRef.current(meeting);
    return { form, origin: { version: meeting.version, form } };
  };
  useEffect(() => {
    // A newer meeting arrived: an untouched form shows it; typed changes stay (the save will say who was first).
    if (m.version === state.origin.version || dirty) return;
    setState(fresh(m));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `fresh` reads the latest formOf through a ref
  }, [m, dirty, state.origin.version]);
  return {
    form: state.form,
    setForm: (next: F | ((f: F) => F)) =>
      setState((s) => ({ ...s, form: typeof next === 'function' ? (next as (f: F) => F)(s.form) : next })),
    /** The version a save names. */
    version: state.origin.version,
    dirty,
    stale,
    /** The meeting as the other person saved it, after a refused save. */
    theirs: stale && isMeeting(stale.current) ? stale.current : null,
    /** After this form's own save: the form starts again from what was stored. */
    saved(meeting: MeetingDetail) {
      setStale(null);
      setState(fresh(meeting));
    },
    /** After another save made from this tab (a material added or removed): typed changes stay, and the next save
     *  names the version that save produced (it is this person's own change, not someone else's). */
    ownChange(meeting: MeetingDetail) {
      setState((s) => {
        return same(s.form, s.origin.form)
          ? fresh(meeting)
          : { form: s.form, origin: { version: meeting.version, form: s.origin.form } };
      });
    },
    /** A refused save: true when the meeting was saved by someone else meanwhile. What was typed stays, and the
     *  next save overwrites knowingly from the version now stored. */
    refused(e: unknown): boolean {
      const s = staleDetails(e);
      if (!s || !isMeeting(s.current)) return false;
      setStale(s);
      setState((st) => ({ form: st.form, origin: { version: s.version, form: st.origin.form } }));
      return true;
    },
  };
}
