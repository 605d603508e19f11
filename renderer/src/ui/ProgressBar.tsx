// A long call's progress bar: what is being done and how far (第 120,000 / 200,000 条), with 取消 where stopping
// is safe. useTrackedCall makes the call's progressId, polls system.progress while the call runs (the server
// answers that poll at once, whatever the call holds), polls once more when the call has answered (the server
// keeps a finished call's last state a minute) and keeps the bar on screen at that final count until the next call
// starts, so even a check that ends within a second says how much it did.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OperationProgress } from '../../../shared/contract';
import { api } from '../api';
import { Button } from './index';

const POLL_MS = 250;

function count(n: number): string {
  return n.toLocaleString('zh-CN');
}

export function ProgressBar(props: {
  progress: OperationProgress;
  /** The call is over: the bar shows its final state (no 取消). */
  finished?: boolean;
  onCancel?: () => void;
}) {
  const { what, done, total, unit, cancellable, cancelled } = props.progress;
  // Seen where it appears: a dialog scrolled down to its confirm field (从备份恢复) brings the bar into view.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);
  const known = total > 0 || Boolean(props.finished);
  const share = total > 0 ? Math.min(1, done / total) : known ? 1 : 0;
  return (
    <div className="progress" data-testid="progress" ref={box}>
      <div className="progress-line">
        <span className="progress-what">{what}</span>
        <span className="progress-count" data-testid="progress-count">
          {known ? `第 ${count(done)} / ${count(total)} ${unit}` : '正在准备…'}
          {known ? `（${Math.floor(share * 100)}%）` : ''}
        </span>
        {!props.finished && cancellable && props.onCancel ? (
          <Button disabled={cancelled} onClick={props.onCancel}>
            {cancelled ? '正在取消…' : '取消'}
          </Button>
        ) : null}
      </div>
      <div
        className={`progress-track${known ? '' : ' progress-track-unknown'}`}
        role="progressbar"
        aria-label={what}
        aria-valuemin={0}
        aria-valuemax={known ? total : undefined}
        aria-valuenow={known ? done : undefined}
        aria-valuetext={known ? `第 ${count(done)} / ${count(total)} ${unit}` : '正在准备'}
      >
        <div
          className="progress-fill"
          style={{ width: known ? `${(share * 100).toFixed(1)}%` : undefined }}
        />
      </div>
    </div>
  );
}

function newProgressId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * run(call): starts `call(progressId)` and keeps `progress` up to date while it runs. `settle(p)` sets the bar's
 * final state (the call's own answer knows the true count); `cancel()` asks the server to stop the call.
 */
export function useTrackedCall() {
  const [progress, setProgress] = useState<OperationProgress | null>(null);
  const [running, setRunning] = useState(false);
  const current = useRef<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      current.current = null;
    };
  }, []);

  const run = useCallback(async <T,>(call: (progressId: string) => Promise<T>): Promise<T> => {
    const id = newProgressId();
    current.current = id;
    setProgress(null);
    setRunning(true);
    let over = false;
    const poll = async () => {
      while (!over && current.current === id) {
        try {
          const p = await api.invoke('system.progress', { id });
          if (!over && p && mounted.current && current.current === id) setProgress(p);
        } catch {
          // a missed poll: the next one tries again
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    void poll();
    try {
      return await call(id);
    } finally {
      over = true;
      // The call's final state (the server keeps it a minute): the bar ends at its true count.
      const last = await api.invoke('system.progress', { id }).catch(() => null);
      if (mounted.current && current.current === id) {
        if (last) setProgress(last);
        setRunning(false);
      }
    }
  }, []);

  const cancel = useCallback(async () => {
    const id = current.current;
    if (!id) return;
    const p = await api.invoke('system.progress', { id, cancel: true }).catch(() => null);
    if (p && mounted.current && current.current === id) setProgress(p);
  }, []);

  /** The bar's final state, from what the call answered (or from the last state polled). */
  const settle = setProgress;
  return { progress, running, run, cancel, settle };
}
