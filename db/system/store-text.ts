// How a server is named in messages and the operation log: never with its password.
import type { ServerSettings } from '../../shared/contract';
import { TLS_MODE_LABELS } from '../../shared/contract/store';

export function redactedTarget(s: ServerSettings): string {
  return `${s.user}@${s.host}:${s.port}/${s.database}（${TLS_MODE_LABELS[s.tls]}）`;
}
