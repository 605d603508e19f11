// 数据备份与恢复: backups of the data file (automatic daily ones in the data folder, manual ones to any folder such
// as a USB stick, with the attachments), and restore from one after a preview and an integrity check.
import { z } from 'zod';
import { can, operation, query, result } from './define';
import { empty, progressIdSchema } from './common';

export type BackupReason = 'daily' | 'manual' | 'safety';

export const BACKUP_REASON_LABELS: Record<BackupReason, string> = {
  daily: '每日自动备份',
  manual: '手动备份',
  safety: '恢复前安全备份',
};

export interface TableCount {
  table: string;
  label: string;
  rows: number;
}

export interface BackupManifest {
  format: 'zongjian-backup';
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  reason: BackupReason;
  office: string | null;
  migrations: string[];
  counts: TableCount[];
  /** The database: size and SHA-256 of the SQLite file itself. `file` is the name in the folder; when it is stored
   *  compressed (automatic daily backups, format version 2), `stored` gives the encoding and the size and SHA-256
   *  of the compressed file. */
  database: {
    file: string;
    size: number;
    sha256: string;
    stored?: { encoding: 'zstd'; size: number; sha256: string };
  };
  attachments: { included: boolean; count: number; bytes: number };
  /** The credit ledger as the backup found it: its size, how many signed packages' ledger heads (anchors) were
   *  checked, and each anchor the chain no longer held, in words naming the package (none in older backups). */
  ledger?: { size: number; anchors: number; losses: string[] };
}

export interface BackupSummary {
  name: string;
  path: string;
  manifest: BackupManifest;
}

export interface BackupPreview extends BackupSummary {
  /** Every check passed: the file matches its SHA-256, integrity_check says ok, its schema is not from the future. */
  ok: boolean;
  integrity: string[];
  counts: TableCount[];
  problems: string[];
}

/** The start-up check of the data file (PRAGMA quick_check, run beside the first screen, not before it). */
export interface IntegrityState {
  state: 'checking' | 'ok' | 'damaged';
  checkedAt: string | null;
  detail: string[];
}

export interface BackupOverview {
  automaticDir: string;
  /** Server mode: the office's database server (without its password), whose data the backups copy; null on a desk. */
  server: string | null;
  /** Automatic backups (daily, and the safety ones taken before a restore), newest first. */
  backups: BackupSummary[];
  integrity: IntegrityState;
  /** Where the last manual backup went, to offer it again. */
  lastManualDir: string | null;
  /** When the data file is damaged: the newest automatic backup that passes every check, to restore. */
  latestGood: BackupPreview | null;
}

const folderPath = z
  .string({ error: '请填写文件夹路径' })
  .trim()
  .min(1, { error: '请填写文件夹路径' })
  .max(1000, { error: '路径过长' })
  .refine((p) => !p.includes('\0'), { error: '路径含有非法字符' })
  // A full path (E:\备份, \\server\share, /media/usb): a relative one would depend on where the app was started.
  .refine((p) => /^([A-Za-z]:[\\/]|\\\\|\/)/.test(p), { error: '请填写完整路径，例如 E:\\综合监管备份' });

export const backupContract = {
  'backup.overview': query(empty, result<BackupOverview>(), can('backup.restore')),
  /** Without a destination: into the data folder's automatic backups. With one: a folder there, with attachments. */
  'backup.create': operation(
    z.object({
      destination: folderPath.optional(),
      includeAttachments: z.boolean().default(true),
      progressId: progressIdSchema,
    }),
    result<BackupSummary>(),
    can('backup.restore'),
  ),
  'backup.inspect': query(z.object({ path: folderPath }), result<BackupPreview>(), can('backup.restore')),
  'backup.restore': operation(
    z.object({ path: folderPath, progressId: progressIdSchema }),
    result<{ restored: BackupPreview; safety: BackupSummary | null }>(),
    can('backup.restore'),
  ),
};
