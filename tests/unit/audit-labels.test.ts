// The operation log shows Chinese names: every method of the contract and every audit entity has one.
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { ENTITY_LABELS, ENTITY_NAMES } from '../../shared/contract/changes';
import { METHOD_LABELS, auditActionLabel, auditEntityLabel } from '../../shared/domain/audit-labels';

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);
const internal = /[a-z]+[._][a-zA-Z]/; // reports.sign, credit_entry

describe('Chinese names in the operation log', () => {
  it('names every method of the contract', () => {
    const methods = Object.keys(contract);
    expect(methods.length).toBeGreaterThan(200);
    const missing = methods.filter((m) => !Object.prototype.hasOwnProperty.call(METHOD_LABELS, m));
    expect(missing, `no Chinese name in shared/domain/audit-labels.ts for: ${missing.join(', ')}`).toEqual([]);
    for (const m of methods) {
      const label = auditActionLabel(m);
      expect(hasChinese(label), `${m} → ${label}`).toBe(true);
      expect(label).not.toMatch(internal);
    }
  });

  it('names nothing that is not a method (no stale names)', () => {
    const stale = Object.keys(METHOD_LABELS).filter((m) => !(m in contract));
    expect(stale).toEqual([]);
  });

  it('names every mutation distinctly, so the log tells writes apart', () => {
    const writes = Object.entries(contract as Record<string, { kind: string }>)
      .filter(([, d]) => d.kind !== 'query')
      .map(([m]) => auditActionLabel(m));
    const seen = new Map<string, number>();
    for (const l of writes) seen.set(l, (seen.get(l) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('names every audit entity', () => {
    expect(ENTITY_NAMES.length).toBe(Object.keys(ENTITY_LABELS).length);
    for (const e of ENTITY_NAMES) {
      const label = auditEntityLabel(e);
      expect(hasChinese(label), `${e} → ${label}`).toBe(true);
      expect(label).not.toMatch(internal);
    }
    expect(auditEntityLabel('credit_entry')).toBe('信用记录');
    expect(auditActionLabel('reports.sign')).toBe('签发报告');
  });

  it('shows an unknown name from an older version as it is rather than nothing', () => {
    expect(auditActionLabel('legacy.thing')).toBe('legacy.thing');
    expect(auditEntityLabel('old_entity')).toBe('old_entity');
    expect(auditEntityLabel(null)).toBe('');
  });
});
