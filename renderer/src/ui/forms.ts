// Turns a VALIDATION AppError's issues into per-field messages keyed by path ("office.name").
import { AppError } from '../../../shared/errors';

export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof AppError) || e.code !== 'VALIDATION') return {};
  const issues = (e.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) if (!(i.path in out)) out[i.path] = i.message;
  return out;
}
