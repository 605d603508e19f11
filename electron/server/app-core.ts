// The app without any window: a data folder, its database opened and migrated, and the dispatcher over it.
// Electron main, the browser host and the CLI all start from here, so they cannot drift apart.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type OpenDatabase } from '../../db/open';
import { Dispatcher } from './dispatcher';
import type { PlatformServices } from '../../db/context';
import { APP_VERSION } from './version';

export const DB_FILE_NAME = 'zongjian.db';

export interface AppCore {
  dataDir: string;
  database: OpenDatabase;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

export interface AppCoreOptions {
  dataDir: string;
  clock?: () => Date;
  log?: (message: string, error?: unknown) => void;
  platform?: PlatformServices;
}

export async function startAppCore(options: AppCoreOptions): Promise<AppCore> {
  mkdirSync(options.dataDir, { recursive: true });
  mkdirSync(join(options.dataDir, 'attachments'), { recursive: true });
  const database = await openDatabase(join(options.dataDir, DB_FILE_NAME));
  const dispatcher = new Dispatcher({
    db: database.db,
    appVersion: APP_VERSION,
    dataDir: options.dataDir,
    ...(options.clock ? { clock: options.clock } : {}),
    log: options.log ?? ((m, e) => console.error(m, e)),
    ...(options.platform ? { platform: options.platform } : {}),
  });
  return { dataDir: options.dataDir, database, dispatcher, close: () => database.close() };
}
