// 市级汇总: the trust list, verified imports of districts' packages and the roll-up.
import { defineDomain } from '../core/registry';
import { upstreamHandlers } from './upstream';

export const upstreamDomain = defineDomain({ name: 'upstream', handlers: upstreamHandlers });
