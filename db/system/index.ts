// 系统: users and sign-in, settings, the audit log, member departments, the working-day calendar, backups.
import { defineDomain, mergeHandlerMaps } from '../core/registry';
import { systemHandlers } from './users';
import { departmentHandlers } from './departments';
import { departmentFileHandlers } from './departments-import';
import { calendarHandlers } from './calendar';
import { platformHandlers } from './platform';
import { settingsHandlers } from './settings';
import { backupHandlers } from './backup';
import { storeHandlers } from './store';

export const systemDomain = defineDomain({
  name: 'system',
  handlers: mergeHandlerMaps(
    systemHandlers,
    departmentHandlers,
    departmentFileHandlers,
    calendarHandlers,
    platformHandlers,
    settingsHandlers,
    backupHandlers,
    storeHandlers,
  ),
});
