// A save refused because someone else saved the record first (CONFLICT with StaleDetails): the message names who
// and when; this lists what they saved beside what the person typed, which stays in the form. Saving again then
// overwrites their version on purpose.
import { useCallback, useEffect, useRef, useState } from 'react';
import { staleDetails, type StaleDetails } from '../../../shared/errors';

export interface ComparedField {
  label: string;
  mine: string;
  theirs: string;
}

export function StaleComparison({ stale, fields }: { stale: StaleDetails; fields: ComparedField[] }) {
  const differing = fields.filter((f) => f.mine !== f.theirs);
  const ref = useRef<HTMLDivElement>(null);
  // Brought into view with the message above it (who and when): the save button is at the foot of a long form.
  useEffect(() => {
    const el = ref.current;
    const message = el?.previousElementSibling;
    (message?.getAttribute('role') === 'alert' ? message : el)?.scrollIntoView?.({ block: 'start' });
  }, [stale]);
  return (
    <div className="stale-comparison" data-testid="stale-comparison" ref={ref}>
      <p>
        对方（{stale.changedBy}
        {stale.seat ? `，计算机 ${stale.seat}` : ''}）保存的内容与您填写的不同之处：
      </p>
      {differing.length ? (
        <table className="table">
          <thead>
            <tr>
              <th>项目</th>
              <th>对方保存的</th>
              <th>您填写的（未保存）</th>
            </tr>
          </thead>
          <tbody>
            {differing.map((f) => (
              <tr key={f.label}>
                <th scope="row">{f.label}</th>
                <td>{f.theirs || '（空）'}</td>
                <td>{f.mine || '（空）'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">各项内容相同。</p>
      )}
      <p className="muted">核对后，可修改上面的内容，或直接点“仍以我的内容保存”覆盖对方的修改。</p>
    </div>
  );
}

/** The version an edit dialog saves against: the loaded record's, then — after a stale save was refused and the
 *  person has seen who saved first — the newer one, so that saving again overwrites knowingly. `stale` is the
 *  refused save's details (who, when, their values) for the dialog to show beside what was typed. */
export function useEditVersion(initial: number | undefined): {
  current(): number | undefined;
  /** Rethrows `e` after adopting a stale save's newer version. */
  adopt(e: unknown): never;
  /** A form that stays open after saving goes on from the version its save made. */
  saved(version: number): void;
  stale: StaleDetails | null;
} {
  const ref = useRef(initial);
  const [stale, setStale] = useState<StaleDetails | null>(null);
  return {
    current: () => ref.current,
    adopt: (e: unknown): never => {
      const s = staleDetails(e);
      if (s) {
        ref.current = s.version;
        setStale(s);
      }
      throw e;
    },
    saved: (version: number) => {
      ref.current = version;
      setStale(null);
    },
    stale,
  };
}

/** How one value of a form reads in the comparison: lists joined with 、, yes/no as 是/否. */
export function shown(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(shown).join('、');
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** The labelled fields of a form, as typed (`mine`) and as the newer record has them (`theirs`, the same form
 *  filled from `stale.current`). */
export function compareForms<F extends object>(
  labels: Partial<Record<keyof F & string, string>>,
  mine: F,
  theirs: F,
  show: Partial<Record<keyof F & string, (v: never) => string>> = {},
): ComparedField[] {
  return (Object.keys(labels) as (keyof F & string)[]).map((k) => {
    const fmt = (show[k] as ((v: unknown) => string) | undefined) ?? shown;
    return { label: labels[k]!, mine: fmt(mine[k]), theirs: fmt(theirs[k]) };
  });
}

/** The comparison for a dialog whose save was refused as stale (nothing when it was not). */
export function StaleNotice<F extends object, R>(props: {
  stale: StaleDetails | null;
  labels: Partial<Record<keyof F & string, string>>;
  mine: F;
  /** The form as the newer record fills it. */
  formOf: (record: R) => F;
  show?: Partial<Record<keyof F & string, (v: never) => string>>;
}) {
  if (!props.stale?.current) return null;
  const theirs = props.formOf(props.stale.current as R);
  return (
    <StaleComparison
      stale={props.stale}
      fields={compareForms(props.labels, props.mine, theirs, props.show)}
    />
  );
}

/** The save button's words once a stale save was refused: saving again overwrites on purpose. */
export const saveLabel = (stale: StaleDetails | null, normal = '保存') =>
  stale ? '仍以我的内容保存' : normal;

/** The values a compare-and-set editor (settings, rules, a calendar day, a 承诺书 — what has no version) saves
 *  against, sent as `expected`: those it was opened with, then — after a save was refused because someone else
 *  saved first — the newer ones the refusal carried (`stale.current`, read through `pick`), so that saving again
 *  overwrites knowingly. */
export function useStartedFrom<T>(
  initial: T,
  pick: (current: unknown) => T,
): {
  expected(): T;
  /** Rethrows `e` after adopting a stale save's newer values. */
  adopt(e: unknown): never;
  /** A form that stays open after saving goes on from what it saved. */
  saved(values: T): void;
  stale: StaleDetails | null;
} {
  const ref = useRef(initial);
  const [stale, setStale] = useState<StaleDetails | null>(null);
  // Stable: an editor that loads what it starts from later (the 承诺书 of the chosen institution) calls it from
  // an effect.
  const saved = useCallback((values: T) => {
    ref.current = values;
    setStale(null);
  }, []);
  return {
    expected: () => ref.current,
    adopt: (e: unknown): never => {
      const s = staleDetails(e);
      if (s && s.current !== undefined) {
        ref.current = pick(s.current);
        setStale(s);
      }
      throw e;
    },
    saved,
    stale,
  };
}
