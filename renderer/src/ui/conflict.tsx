// A save refused because someone else saved the record first (CONFLICT with StaleDetails): the message names who
// and when; this lists what they saved beside what the person typed, which stays in the form. Saving again then
// overwrites their version on purpose.
import { useRef } from 'react';
import { staleDetails, type StaleDetails } from '../../../shared/errors';

export interface ComparedField {
  label: string;
  mine: string;
  theirs: string;
}

export function StaleComparison({ stale, fields }: { stale: StaleDetails; fields: ComparedField[] }) {
  const differing = fields.filter((f) => f.mine !== f.theirs);
  return (
    <div className="stale-comparison" data-testid="stale-comparison">
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
 *  person has seen who saved first — the newer one, so that saving again overwrites knowingly. */
export function useEditVersion(initial: number | undefined): {
  current(): number | undefined;
  /** Rethrows `e` after adopting a stale save's newer version. */
  adopt(e: unknown): never;
} {
  const ref = useRef(initial);
  return {
    current: () => ref.current,
    adopt: (e: unknown): never => {
      const s = staleDetails(e);
      if (s) ref.current = s.version;
      throw e;
    },
  };
}
