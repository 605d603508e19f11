// The one error convention (after Signal's wrapResult): handlers throw AppError; the dispatcher turns any
// throw into {ok:false, error}; the api client rethrows an AppError in the renderer. Messages are shown to
// users as they are, so they are written in Chinese; `code` is for programs.
import type { DataChanged } from './contract/changes';

export const ERROR_CODES = [
  'VALIDATION', // arguments failed the schema, or a business rule on them
  'NOT_FOUND',
  'CONFLICT', // unique name taken, record changed meanwhile
  'UNAUTHENTICATED', // no session, or it has ended
  'FORBIDDEN', // signed in, but the role may not do this
  'NOT_INITIALIZED', // first-run setup has not been done
  'ALREADY_INITIALIZED',
  'BAD_CREDENTIALS',
  'DB_FROM_FUTURE', // the data file was written by a newer version of the app
  'DB_NOT_EMPTY', // the server's database holds another program's tables
  'DB_MIGRATION_FAILED',
  'DB_UNREADABLE', // not a database, or damaged beyond opening
  'DB_UNAVAILABLE', // the office's database server cannot be reached, refused the login, or went away
  'DB_DAMAGED', // the start-up check found damage: read-only until a backup is restored
  'UNKNOWN_METHOD',
  'UNSUPPORTED', // this transport cannot do it (e.g. save-as-PDF in browser mode)
  'IMPORT_INVALID',
  'CANCELLED', // the person stopped a long operation (校验台账 …) before it finished; nothing was changed
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  path: string;
  message: string;
}

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toJSON(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static from(shape: AppErrorShape): AppError {
    return new AppError(shape.code, shape.message, shape.details);
  }
}

/** What a CONFLICT for a stale save carries (db/core/versions.ts): who saved the newer copy, when, from which
 *  computer, the version now stored (saving again with it overwrites on purpose) and the record as it now is. */
export interface StaleDetails {
  stale: true;
  /** 张三（zhangsan） */
  changedBy: string;
  changedAt: string | null;
  seat: string;
  version: number;
  current?: unknown;
}

/** The StaleDetails of an error, or null when it is not a stale save. */
export function staleDetails(e: unknown): StaleDetails | null {
  if (!(e instanceof AppError) || e.code !== 'CONFLICT') return null;
  const d = e.details as Partial<StaleDetails> | undefined;
  return d && d.stale === true && typeof d.version === 'number' ? (d as StaleDetails) : null;
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** What every transport carries back: never a bare throw, because Electron's invoke keeps only `message`.
 *  A committed write also says what it touched (`changed`, the same record the 'data.changed' event pushes), so
 *  the caller's tab can re-read at once without waiting for the event. */
export type Envelope<T> = { ok: true; value: T; changed?: DataChanged } | { ok: false; error: AppErrorShape };
