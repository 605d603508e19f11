// 工作台: the due list across modules, the year's obligations, charts and the leader's page.
import { defineDomain } from '../core/registry';
import { dashboardHandlers } from './dashboard';

export const dashboardDomain = defineDomain({ name: 'dashboard', handlers: dashboardHandlers });
