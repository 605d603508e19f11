// Facts that must stay in step across files.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONTENT_SECURITY_POLICY, DOCUMENT_CSP } from '../../electron/server/csp';
import { APP_VERSION } from '../../electron/server/version';
import { contract } from '../../shared/contract';
import { can, mergeContracts, query, result } from '../../shared/contract/define';
import { buildHandlers } from '../../db/app';
import { isValidUscc, usccCheckChar } from '../../shared/domain/uscc';
import { z } from 'zod';

describe('project', () => {
  it('the Electron CSP meta tag is the browser host header less frame-ancestors (which a meta tag cannot carry)', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(DOCUMENT_CSP);
    expect(meta).not.toContain('frame-ancestors');
    expect(CONTENT_SECURITY_POLICY).toBe(`${DOCUMENT_CSP}; frame-ancestors 'none'`);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it("the version shown in the app is package.json's", () => {
    expect(APP_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('every contract method has exactly one handler, and duplicate names throw', () => {
    const handlers = buildHandlers();
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract).sort());
    const a = { 'x.y': query(z.object({}), result<null>(), can('read')) };
    expect(() => mergeContracts(a, a)).toThrow('handler name defined twice: x.y');
  });

  it('validates 统一社会信用代码 check characters (GB 32100-2015)', () => {
    expect(isValidUscc('91110000100000000' + usccCheckChar('91110000100000000'))).toBe(true);
    expect(isValidUscc('91350100M000100Y43')).toBe(true); // a published example code
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M0001O0Y43')).toBe(false); // O is not in the alphabet
  });
});
