// SM3 three ways — OpenSSL (node:crypto), WebAssembly (hash-wasm: the desktop shell, whose BoringSSL has no SM3) and
// pure JavaScript (sm-crypto-v2) — give the same digests on random bytes and text, and the ledger workers' plain
// JavaScript encoding of an entry is the reference canonical encoding, byte for byte.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OPENSSL_SM3, sm3Of, sm3Ready } from '../../db/core/sm3';
import { canonicalEncoding, LEDGER_FIELDS, LEDGER_FORMAT, type LedgerRow } from '../../db/credit/ledger';
import { ENCODE_SOURCE } from '../../db/credit/ledger-workers';

describe('SM3 implementations', () => {
  it('OpenSSL, WebAssembly and JS agree on the standard vectors and on random inputs', async () => {
    await sm3Ready();
    expect(OPENSSL_SM3).toBe(true); // Node's OpenSSL has SM3: the reference here
    // GB/T 32905 example 1.
    for (const impl of ['openssl', 'wasm', 'js'] as const)
      expect(sm3Of('abc', impl)).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const ref = sm3Of(bytes, 'openssl');
        expect(sm3Of(bytes, 'wasm')).toBe(ref);
        expect(sm3Of(bytes, 'js')).toBe(ref);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const ref = sm3Of(text, 'openssl');
        expect(sm3Of(text, 'wasm')).toBe(ref);
        expect(sm3Of(text, 'js')).toBe(ref);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the ledger workers encode an entry as the reference does', () => {
  const makeEncoder = new Function(`${ENCODE_SOURCE}; return makeEncoder;`)() as (
    types: string[],
    format: string,
  ) => (row: unknown[]) => string | null;
  const encode = makeEncoder(
    LEDGER_FIELDS.map(([, t]) => t),
    LEDGER_FORMAT,
  );
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  const int = fc.integer({ min: -5, max: 2 ** 40 });
  const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
  const attachment = fc.record({ name: text, sha256: hex, size: fc.nat() });
  const value = (type: string): fc.Arbitrary<unknown> =>
    type === 'int'
      ? int
      : type === 'int?'
        ? fc.option(int, { nil: null })
        : type === 'text'
          ? text
          : type === 'text?'
            ? fc.option(text, { nil: null })
            : fc.array(attachment, { maxLength: 3 }).map((a) => JSON.stringify(a));
  // Now and then a value of the wrong kind, or an attachments column that is not canonical.
  const odd = fc.constantFrom<unknown>(
    1.5,
    '7',
    7,
    null,
    '[ ]',
    '[{"sha256":"x","name":"a","size":1}]',
    '{}',
  );
  const row = fc.tuple(
    ...LEDGER_FIELDS.map(([, type]) =>
      fc.oneof({ weight: 12, arbitrary: value(type) }, { weight: 1, arbitrary: odd }),
    ),
  );

  it('the same text, or a refusal exactly where the reference refuses', () => {
    let refused = 0;
    fc.assert(
      fc.property(row, (values) => {
        const obj = Object.fromEntries(LEDGER_FIELDS.map(([name], i) => [name, values[i]])) as Omit<
          LedgerRow,
          'hash'
        >;
        let ref: string | null;
        try {
          ref = canonicalEncoding(obj);
        } catch {
          ref = null;
          refused++;
        }
        expect(encode(values)).toBe(ref);
      }),
      { numRuns: 2000 },
    );
    expect(refused).toBeGreaterThan(50);
  });
});
