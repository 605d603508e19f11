// What every handler receives. For a mutation `db` is the open transaction and `audit` writes into it, so
// the change and its audit row commit or roll back together; the dispatcher refuses to commit a mutation
// that wrote no audit row.
import type { Kysely } from 'kysely';
import type {
  Actor,
  BackupPreview,
  BackupSummary,
  ConnectionTest,
  EntityName,
  IntegrityState,
  MethodName,
  Output,
  ParsedInput,
  ServerSettings,
  StoreInfo,
  StorePending,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { DB } from './schema';
import type { ProgressControl } from './progress';
import type { StepProgress } from '../system/backup-engine';

export interface AuditEntry {
  /** One of a closed set (shared/contract/changes.ts): the dispatcher reports it as what the write touched. */
  entity: EntityName;
  entityId?: string | number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

export interface SessionControl {
  signIn(actor: Actor): void;
  signOut(): void;
}

/** What only the desktop shell can do; absent in browser mode and the CLI. */
export interface PlatformServices {
  /** Renders the calling window's current page to PDF (A4, CSS page size and margin boxes honoured). */
  printToPdf?: (sessionKey: string) => Promise<Buffer>;
  /** The system folder picker; null when the user cancels. */
  chooseFolder?: (sessionKey: string, title: string) => Promise<string | null>;
  /** The system file picker (one existing file, of the types `filters` names); null when the user cancels. */
  chooseFile?: (
    sessionKey: string,
    title: string,
    filters: readonly { name: string; extensions: string[] }[],
  ) => Promise<string | null>;
}

/** Renders a complete HTML page to PDF with Chromium (A4, CSS @page sizes and margin boxes honoured): the same
 *  engine as the print preview. Electron uses a hidden window; the browser host and the CLI a system Chromium or
 *  Edge through playwright-core (electron/server/pdf-renderer.ts). */
export interface PdfRenderer {
  /** What renders, for messages (e.g. 'Chromium /usr/bin/chromium'). */
  readonly engine: string;
  render(html: string): Promise<Buffer>;
  /**
   * Where this renderer reads a bundled font file (an absolute path) by itself: a file: URL its page may load, or
   * null where it cannot (a file inside the packaged app's archive). Absent: every font goes inline as a data: URL
   * (db/core/print-fonts.ts withEmbeddedFonts). Inline, a report's HTML is 4 MB for Chromium to take in.
   */
  fontUrl?(file: string): string | null;
}

/** Backup, restore and the data file's health, provided by the app core that owns the open database. Absent
 *  where there is no data folder (some unit tests): the handlers then answer UNSUPPORTED. */
export interface MaintenanceServices {
  automaticDir: string;
  /** Server mode: the database server's address without its password (the backups copy its data). */
  server?: string | null;
  integrity(): IntegrityState;
  lastManualDir(): string | null;
  /** `progress`: each step as it begins (第 k / n 步), for the window's progress bar. */
  backup(
    destination: string | null,
    includeAttachments: boolean,
    progress?: StepProgress,
  ): Promise<BackupSummary>;
  /** Checks the backup, takes a safety backup of the current file, swaps the data file and ends every session. */
  restore(
    path: string,
    progress?: StepProgress,
  ): Promise<{ restored: BackupPreview; safety: BackupSummary | null }>;
}

/** 数据存储: which store this desk uses and how to change it, provided by the app core that owns it. Absent where
 *  nothing owns the store (some unit tests, the CLI's one-shot commands): the handlers then answer UNSUPPORTED. */
export interface StoreServices {
  info(): StoreInfo;
  pending(): StorePending | null;
  /** Connects once and looks at the server's database; throws a Chinese AppError saying what is wrong. */
  test(server: ServerSettings, password: string): Promise<ConnectionTest>;
  /** Switches the running desk to the server now and remembers it (first-run setup). */
  connect(server: ServerSettings, password: string): Promise<ConnectionTest>;
  /** Remembers another store for the next start. */
  save(choice: { kind: 'local' } | { kind: 'server'; server: ServerSettings; password: string }): Promise<{
    message: string;
  }>;
  /** Connects to the saved server with this password (asked at start when none is stored). */
  unlock(password: string): Promise<ConnectionTest>;
}

export interface HandlerContext {
  db: Kysely<DB>;
  actor: Actor | null;
  method: MethodName;
  now(): Date;
  appVersion: string;
  dataDir: string | null;
  session: SessionControl;
  sessionKey: string;
  platform: PlatformServices;
  maintenance: MaintenanceServices | null;
  store: StoreServices | null;
  /** Server-side PDF rendering (reports.sign); null where none was provided (some unit tests). */
  pdf: PdfRenderer | null;
  /** In a mutation, writes into its transaction; in an operation, commits at once; throws in queries. */
  audit(entry: AuditEntry): Promise<void>;
  /** Keep what was written (e.g. a failed-login count and its audit row), then answer with this error. */
  failAfterCommit(error: AppError): void;
  /** This call's progress bar (db/core/progress.ts): report what is being done; watch the signal for 取消. */
  progress: ProgressControl;
}

export type HandlerFn<N extends MethodName> = (
  input: ParsedInput<N>,
  ctx: HandlerContext,
) => Promise<Output<N>>;
export type Handlers = { [N in MethodName]: HandlerFn<N> };

export function defineHandlers<K extends MethodName>(handlers: { [N in K]: HandlerFn<N> }): {
  [N in K]: HandlerFn<N>;
} {
  return handlers;
}

export function requireActor(ctx: HandlerContext): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return ctx.actor;
}

export const nowIso = (ctx: HandlerContext): string => ctx.now().toISOString();
