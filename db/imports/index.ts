// 数据迁入: the import wizard for every register (engine in db/core/import; each register declares its fields
// next to its own planner) and the mappings it remembers.
import { defineDomain } from '../core/registry';
import { importHandlers } from './handlers';

export const importsDomain = defineDomain({ name: 'imports', handlers: importHandlers });
