// A Merkle tree over the credit ledger, in RFC 9162's shape (Certificate Transparency 2.0, §2.1) with SM3 as the
// hash, so that someone upstream can check that a district's ledger only ever grew — without seeing it — and that
// an entry is in it. The leaves are the ledger's entry hashes in seq order (32 bytes each):
//   leaf hash   SM3(0x00 || entry hash)
//   node hash   SM3(0x01 || left || right)
//   MTH(D[n])   for n > 1 split at k, the largest power of two smaller than n
// Inclusion proofs (PATH) and consistency proofs (PROOF/SUBPROOF) and their verification follow RFC 9162
// §2.1.3 and §2.1.4 exactly; docs/credit-ledger.md gives the encoding. Pure: the leaves come from a source, and
// complete subtrees can be cached by that source (the ledger's cache keeps one node per 256 leaves).
import { sm3Hex } from '../core/sm2';

export type Hash = Uint8Array;

/** SM3 as bytes (OpenSSL's where the runtime has it, else sm-crypto-v2: db/core/sm2.ts). */
export function sm3Bytes(data: Uint8Array): Hash {
  return hexToBytes(sm3Hex(data));
}

export function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new Error('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** The hash the tree is built with: SM3 here; the tests also run the same code with SHA-256 against RFC 6962's
 *  published test vectors. */
let digest: (data: Uint8Array) => Hash = sm3Bytes;

/** For tests only: build trees with another hash (returns a function that restores SM3). */
export function useHashForTesting(fn: (data: Uint8Array) => Hash): () => void {
  digest = fn;
  return () => {
    digest = sm3Bytes;
  };
}

export function leafHash(leaf: Uint8Array): Hash {
  const buf = new Uint8Array(leaf.length + 1);
  buf[0] = 0x00;
  buf.set(leaf, 1);
  return digest(buf);
}

export function nodeHash(left: Hash, right: Hash): Hash {
  const buf = new Uint8Array(1 + left.length + right.length);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return digest(buf);
}

/** The largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Where the leaf hashes come from; `subtree` may answer from a cache and return null to have it computed. */
export interface LeafSource {
  /** Leaf hashes of leaves [start, end). */
  leafHashes(start: number, end: number): Hash[];
  /** The hash of a complete, aligned subtree [start, end) if known. */
  cached?(start: number, end: number): Hash | null;
}

/** MTH(D[start:end]) for end > start. */
export function subtreeHash(source: LeafSource, start: number, end: number): Hash {
  const n = end - start;
  if (n <= 0) throw new Error('empty subtree');
  const hit = source.cached?.(start, end);
  if (hit) return hit;
  if (n === 1) return source.leafHashes(start, end)[0]!;
  // Below 64 leaves read them in one go and fold; above, split (and let the cache answer whole halves).
  if (n <= 64) return fold(source.leafHashes(start, end));
  const k = splitPoint(n);
  return nodeHash(subtreeHash(source, start, start + k), subtreeHash(source, start + k, end));
}

function fold(leaves: Hash[]): Hash {
  if (leaves.length === 1) return leaves[0]!;
  const k = splitPoint(leaves.length);
  return nodeHash(fold(leaves.slice(0, k)), fold(leaves.slice(k)));
}

/** The root of a tree of `size` leaves; the empty tree's root is SM3 of nothing. */
export function treeRoot(source: LeafSource, size: number): Hash {
  if (size === 0) return digest(new Uint8Array(0));
  return subtreeHash(source, 0, size);
}

/** PATH(m, D[n]): the audit path of leaf `index` in a tree of `size` leaves. */
export function inclusionProof(source: LeafSource, index: number, size: number): Hash[] {
  if (!(index >= 0 && index < size)) throw new Error('leaf index outside the tree');
  const path: Hash[] = [];
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push(subtreeHash(source, start + k, end));
    } else {
      walk(m - k, start + k, end);
      path.push(subtreeHash(source, start, start + k));
    }
  };
  walk(index, 0, size);
  return path;
}

/** PROOF(m, D[n]): that the tree of `oldSize` leaves is a prefix of the tree of `newSize` leaves. */
export function consistencyProof(source: LeafSource, oldSize: number, newSize: number): Hash[] {
  if (!(oldSize >= 0 && oldSize <= newSize)) throw new Error('sizes out of order');
  if (oldSize === 0 || oldSize === newSize) return [];
  const proof: Hash[] = [];
  const sub = (m: number, start: number, end: number, complete: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!complete) proof.push(subtreeHash(source, start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, complete);
      proof.push(subtreeHash(source, start + k, end));
    } else {
      sub(m - k, start + k, end, false);
      proof.push(subtreeHash(source, start, start + k));
    }
  };
  sub(oldSize, 0, newSize, true);
  return proof;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** RFC 9162 §2.1.3.2: does `leaf` (its leaf hash) sit at `index` of the tree of `size` leaves with `root`? */
export function verifyInclusion(
  leaf: Hash,
  index: number,
  size: number,
  path: readonly Hash[],
  root: Hash,
): boolean {
  if (!(Number.isInteger(index) && Number.isInteger(size) && index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** RFC 9162 §2.1.4.2: is the tree (`oldSize`, `oldRoot`) a prefix of the tree (`newSize`, `newRoot`)? */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  proof: readonly Hash[],
  oldRoot: Hash,
  newRoot: Hash,
): boolean {
  if (!(Number.isInteger(oldSize) && Number.isInteger(newSize) && oldSize >= 0 && oldSize <= newSize)) {
    return false;
  }
  if (oldSize === newSize) return proof.length === 0 && equal(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (proof.length === 0) return false;
  let path = [...proof];
  // If oldSize is a power of two, the old root is the first node of the path.
  if ((oldSize & (oldSize - 1)) === 0) path = [oldRoot, ...path];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, oldRoot) && equal(sr, newRoot);
}

/** A source over leaves held in memory (tests, small ledgers). */
export function arraySource(leaves: readonly Uint8Array[]): LeafSource {
  const hashes = leaves.map(leafHash);
  return { leafHashes: (start, end) => hashes.slice(start, end) };
}
