// Progress of long calls (校验台账, a backup, a restore, an import): the window makes an id, passes it with the
// call as `progressId`, and polls system.progress with it; the handler reports through ctx.progress what it is
// doing and how far it has got, and may watch ctx.progress.signal for 取消. Entries are keyed by the caller's
// session key as well as the id, so nobody else's window can read or stop them; a minute after the call ends they go.
import type { OperationProgress } from '../../shared/contract';
import { AppError } from '../../shared/errors';

export interface ProgressReport {
  what: string;
  done: number;
  total: number;
  unit?: OperationProgress['unit'];
  /** Stopping now is safe (it changes nothing): the window offers 取消. */
  cancellable?: boolean;
}

export interface ProgressControl {
  /** What this call is doing now (nothing happens when the caller passed no progressId). */
  report(progress: ProgressReport): void;
  /** Aborted when the caller asked system.progress to cancel (only while it reported itself cancellable). */
  readonly signal: AbortSignal;
  /** Throws CANCELLED once the caller has asked to stop. */
  throwIfCancelled(): void;
  /** Another call of the same session, by its id (system.progress). */
  poll(id: string, cancel: boolean): OperationProgress | null;
}

interface Entry {
  state: OperationProgress;
  abort: AbortController;
}

export const CANCELLED_MESSAGE = '已取消，未做任何改动';

/** The signal of a call nobody can stop. */
const NEVER_ABORTED = new AbortController().signal;

export class ProgressBoard {
  private readonly entries = new Map<string, Entry>();

  /** `keepMs`: how long a finished call's last state stays readable, so the window's last poll after the answer
   *  shows its final count (第 5 / 5 步) even when the call ended before the first poll. */
  constructor(private readonly keepMs = 60_000) {}

  private static key(sessionKey: string, id: string): string {
    return `${sessionKey}\u0000${id}`;
  }

  /** A call begins (with an id: it is on the board until `end`). */
  begin(sessionKey: string, id: string | null): { control: ProgressControl; end: () => void } {
    if (id === null) return this.unlisted(sessionKey);
    const abort = new AbortController();
    const entry: Entry = {
      state: { what: '正在准备…', done: 0, total: 0, unit: '条', cancellable: false, cancelled: false },
      abort,
    };
    const key = id ? ProgressBoard.key(sessionKey, id) : null;
    // A second call with an id still in use keeps its own progress to itself.
    const listed = key !== null && !this.entries.has(key);
    if (listed) this.entries.set(key, entry);
    const control: ProgressControl = {
      report: (p) => {
        entry.state = {
          what: p.what,
          done: Math.max(0, Math.floor(p.done)),
          total: Math.max(0, Math.floor(p.total)),
          unit: p.unit ?? '条',
          cancellable: p.cancellable ?? false,
          cancelled: entry.state.cancelled,
        };
      },
      signal: abort.signal,
      throwIfCancelled: () => {
        if (abort.signal.aborted) throw new AppError('CANCELLED', CANCELLED_MESSAGE);
      },
      poll: (other, cancel) => this.poll(sessionKey, other, cancel),
    };
    return {
      control,
      end: () => {
        if (!listed) return;
        entry.state = { ...entry.state, cancellable: false };
        const forget = () => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
        };
        if (this.keepMs <= 0) forget();
        else setTimeout(forget, this.keepMs).unref?.();
      },
    };
  }

  /** Calls without an id (nearly all of them): nothing they report can be read, nobody can stop them, so each
   *  session has one control for all of them rather than a new one (and an AbortController) per call. */
  private readonly quiet = new Map<string, { control: ProgressControl; end: () => void }>();
  private unlisted(sessionKey: string): { control: ProgressControl; end: () => void } {
    let q = this.quiet.get(sessionKey);
    if (!q) {
      if (this.quiet.size > 1000) this.quiet.clear();
      q = {
        control: {
          report: () => {},
          signal: NEVER_ABORTED,
          throwIfCancelled: () => {},
          poll: (other, cancel) => this.poll(sessionKey, other, cancel),
        },
        end: () => {},
      };
      this.quiet.set(sessionKey, q);
    }
    return q;
  }

  poll(sessionKey: string, id: string, cancel: boolean): OperationProgress | null {
    const entry = this.entries.get(ProgressBoard.key(sessionKey, id));
    if (!entry) return null;
    if (cancel && entry.state.cancellable && !entry.state.cancelled) {
      entry.state = { ...entry.state, cancelled: true };
      entry.abort.abort();
    }
    return { ...entry.state };
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Lets the event loop run once (a window's progress poll over IPC or HTTP, its other calls) between the steps of
 *  a long call whose own work — hashing, signing, SQLite reads and writes — holds the thread while it runs. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((r) => setImmediate(r));
}

/** For callers outside the dispatcher (the CLI's own calls, unit tests of handlers): reports go nowhere. */
export function noProgress(): ProgressControl {
  return new ProgressBoard().begin('', null).control;
}
