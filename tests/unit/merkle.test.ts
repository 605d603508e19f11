// The ledger's Merkle tree (RFC 9162 shape, SM3). The same code run with SHA-256 must reproduce RFC 6962's
// published test vectors (the Certificate Transparency reference tree of 8 leaves); fast-check properties then
// cover random sizes: every inclusion proof and every consistency proof between two sizes verifies, and any
// changed leaf, root or proof element makes verification fail.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  arraySource,
  bytesToHex,
  consistencyProof,
  hexToBytes,
  inclusionProof,
  leafHash,
  treeRoot,
  useHashForTesting,
  verifyConsistency,
  verifyInclusion,
} from '../../db/credit/merkle';

const sha256 = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());

// RFC 6962 test data (certificate-transparency's merkle_tree_test): leaves and the roots of their prefixes.
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function leaves(n: number, seed = 0): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    const b = new Uint8Array(32);
    new DataView(b.buffer).setUint32(0, i);
    new DataView(b.buffer).setUint32(4, seed);
    return b;
  });
}

describe('ledger Merkle tree', () => {
  it('reproduces the RFC 6962 reference roots when built with SHA-256', () => {
    const restore = useHashForTesting(sha256);
    try {
      const data = CT_LEAVES.map((h) => hexToBytes(h));
      for (let n = 1; n <= data.length; n++) {
        expect(bytesToHex(treeRoot(arraySource(data), n)), `size ${n}`).toBe(CT_ROOTS[n - 1]);
      }
      expect(bytesToHex(treeRoot(arraySource([]), 0))).toBe(
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      );
    } finally {
      restore();
    }
  });

  it('property: every leaf has an inclusion proof that verifies, and a changed leaf or path fails', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.constant(n), fc.nat({ max: n - 1 }))),
        ([n, i]) => {
          const data = leaves(n);
          const source = arraySource(data);
          const root = treeRoot(source, n);
          const path = inclusionProof(source, i, n);
          expect(verifyInclusion(leafHash(data[i]!), i, n, path, root)).toBe(true);
          const other = leaves(1, 99)[0]!;
          expect(verifyInclusion(leafHash(other), i, n, path, root)).toBe(false);
          if (path.length > 0) {
            const bad = path.map((p, j) => (j === 0 ? flip(p) : p));
            expect(verifyInclusion(leafHash(data[i]!), i, n, bad, root)).toBe(false);
          }
          if (n > 1) expect(verifyInclusion(leafHash(data[i]!), (i + 1) % n, n, path, root)).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('consistency verifies for every pair of sizes up to 40', () => {
    const data = leaves(40);
    const source = arraySource(data);
    const roots = Array.from({ length: 41 }, (_, n) => treeRoot(source, n));
    for (let n = 0; n <= 40; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(source, m, n);
        expect(verifyConsistency(m, n, proof, roots[m]!, roots[n]!), `${m} → ${n}`).toBe(true);
      }
    }
  });

  it('property: consistency holds between random sizes and fails when any old leaf changed', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 400 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.nat({ max: n - 1 }))),
        ([n, m, changed]) => {
          const data = leaves(n);
          const source = arraySource(data);
          const oldRoot = treeRoot(source, m);
          const newRoot = treeRoot(source, n);
          const proof = consistencyProof(source, m, n);
          expect(verifyConsistency(m, n, proof, oldRoot, newRoot)).toBe(true);
          // A ledger rewritten below the old size (a restored old backup signed again) cannot prove consistency.
          if (changed < m) {
            const rewritten = data.map((l, i) => (i === changed ? leaves(1, 7)[0]! : l));
            const other = arraySource(rewritten);
            const forged = consistencyProof(other, m, n);
            expect(verifyConsistency(m, n, forged, oldRoot, treeRoot(other, n))).toBe(false);
          }
          if (m < n && proof.length > 0) {
            const bad = proof.map((p, j) => (j === proof.length - 1 ? flip(p) : p));
            expect(verifyConsistency(m, n, bad, oldRoot, newRoot)).toBe(false);
          }
          expect(verifyConsistency(m, n, proof, flip(oldRoot), newRoot)).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});

function flip(h: Uint8Array): Uint8Array {
  const out = new Uint8Array(h);
  out[0] = out[0]! ^ 0x01;
  return out;
}
