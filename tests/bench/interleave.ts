// Two things timed alternately in one loop, so both meet the same machine (npm run bench's paired rows, and
// npm run bench:growth's two districts).

/** Collects the garbage earlier work left before a measurement (npm run bench runs Node with --expose-gc), so each
 *  measurement pays for its own: in one full 3× run, rows measured after the query-layer rows' thousands of
 *  15,000-row lists took up to 1.6× their time in a run of their own (--only). */
export function collectEarlierGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * A and B alternately: each side's times, the per-pair ratios A/B, and the per-pair differences A − B (per call).
 * Every other pair runs B first (A B B A A B …): the second of a pair finds the rows the first one just read in the
 * CPU's caches. `batch`: each side of a pair is that many calls in a row, for a query of tens of microseconds, whose
 * single calls are as much timer and scheduling noise as work. `warm`: pairs run first and not timed. `gcEach`: the
 * garbage collected before every timed call, for calls that allocate tens of megabytes (a draw, the dashboard): each
 * then pays for its own collections, not for the other side's garbage.
 */
export async function interleaved(
  a: () => Promise<unknown> | unknown,
  b: () => Promise<unknown> | unknown,
  pairs: number,
  options: { batch?: number; warm?: number; gcEach?: boolean } = {},
): Promise<{ a: number[]; b: number[]; ratios: number[]; diffs: number[] }> {
  const batch = options.batch ?? 1;
  const timed = async (f: () => Promise<unknown> | unknown) => {
    if (options.gcEach) collectEarlierGarbage();
    const t0 = performance.now();
    for (let k = 0; k < batch; k++) await f();
    return performance.now() - t0;
  };
  for (let i = 0; i < (options.warm ?? 20); i++) {
    await timed(a);
    await timed(b);
  }
  collectEarlierGarbage();
  const out = { a: [] as number[], b: [] as number[], ratios: [] as number[], diffs: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    let ta: number;
    let tb: number;
    if (i % 2 === 0) {
      ta = await timed(a);
      tb = await timed(b);
    } else {
      tb = await timed(b);
      ta = await timed(a);
    }
    out.a.push(ta);
    out.b.push(tb);
    out.ratios.push(ta / tb);
    out.diffs.push((ta - tb) / batch);
  }
  return out;
}
