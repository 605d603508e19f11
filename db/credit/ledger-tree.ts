// The credit ledger as a Merkle tree (merkle.ts) and the anchors that pin it. Leaves are the entries' SM3 hashes
// in seq order (leaf index = seq − 1). Complete runs of 256 entries are cached as one node each
// (credit_merkle_chunks): a root, an inclusion proof or a consistency proof then reads the cached nodes plus at
// most a few runs of entries, so signing over a 200,000-entry ledger stays quick after the first time.
//
// Anchors: every signed package's manifest records the ledger head (seq and hash) it was signed over, and the
// signed reports are frozen. verify-ledger, signing, backup and restore check that the chain still holds every
// anchored entry, and name the package that proves a loss.
import type { Kysely } from 'kysely';
import type { DB } from '../core/schema';
import { REPORT_TYPE_LABELS, type ReportType } from '../../shared/domain/report-package';
import {
  bytesToHex,
  consistencyProof,
  hexToBytes,
  inclusionProof,
  leafHash,
  nodeHash,
  treeRoot,
  type Hash,
  type LeafSource,
} from './merkle';

export const CHUNK_LEAVES = 256;

export interface TreeHead {
  size: number;
  /** Lower-case hex. */
  root: string;
}

export async function ledgerSize(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('credit_ledger')
    .select('seq')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.seq ?? 0;
}

/** Leaf hashes of one run of entries (chunk n = seq 256n+1 … 256n+256), as far as the ledger goes. */
async function chunkLeaves(db: Kysely<DB>, chunk: number): Promise<Hash[]> {
  const rows = await db
    .selectFrom('credit_ledger')
    .select('hash')
    .where('seq', '>', chunk * CHUNK_LEAVES)
    .where('seq', '<=', (chunk + 1) * CHUNK_LEAVES)
    .orderBy('seq')
    .execute();
  return rows.map((r) => leafHash(hexToBytes(r.hash)));
}

function fold(leaves: Hash[]): Hash {
  return treeRoot({ leafHashes: (s, e) => leaves.slice(s, e) }, leaves.length);
}

/**
 * A LeafSource over the ledger's first `size` entries. `near` are leaf indexes (or sizes) whose run of entries must
 * be read (for proofs reaching inside a cached run). With `persist`, runs found missing from the cache are stored
 * (only inside a write transaction); otherwise they are computed for this use alone.
 */
export async function ledgerTreeSource(
  db: Kysely<DB>,
  size: number,
  options: { near?: number[]; persist?: boolean } = {},
): Promise<LeafSource> {
  const complete = Math.floor(size / CHUNK_LEAVES);
  const cached = new Map<number, Hash>();
  for (const r of await db
    .selectFrom('credit_merkle_chunks')
    .selectAll()
    .where('chunk', '<', complete)
    .execute()) {
    cached.set(r.chunk, hexToBytes(r.hash));
  }
  const missing: number[] = [];
  for (let c = 0; c < complete; c++) if (!cached.has(c)) missing.push(c);
  if (missing.length) {
    // One pass over the entries the cache lacks, run by run.
    for (const c of missing) {
      const hash = fold(await chunkLeaves(db, c));
      cached.set(c, hash);
      if (options.persist) {
        await db
          .insertInto('credit_merkle_chunks')
          .values({ chunk: c, hash: bytesToHex(hash) })
          // Another seat may have cached the same run meanwhile (the same hash: it is derived from the ledger).
          .onConflict((oc) => oc.column('chunk').doNothing())
          .execute();
      }
    }
  }
  const leaves = new Map<number, Hash[]>();
  const wanted = new Set<number>();
  for (const x of [...(options.near ?? []), size - 1, size]) {
    if (x >= 0 && x < size) wanted.add(Math.floor(x / CHUNK_LEAVES));
    if (x > 0 && x <= size) wanted.add(Math.floor((x - 1) / CHUNK_LEAVES));
  }
  for (const c of wanted) leaves.set(c, await chunkLeaves(db, c));
  const memo = new Map<string, Hash>();
  const source: LeafSource = {
    leafHashes(start, end) {
      const out: Hash[] = [];
      for (let i = start; i < end; i++) {
        const run = leaves.get(Math.floor(i / CHUNK_LEAVES));
        const h = run?.[i % CHUNK_LEAVES];
        if (!h) throw new Error(`ledger tree: leaf ${i} was not read`);
        out.push(h);
      }
      return out;
    },
    cached(start, end) {
      const n = end - start;
      // Only complete, aligned runs of whole chunks: 256, 512, … leaves starting at a multiple of their length.
      if (n < CHUNK_LEAVES || n & (n - 1) || start % n !== 0 || end > complete * CHUNK_LEAVES) return null;
      if (n === CHUNK_LEAVES) return cached.get(start / CHUNK_LEAVES) ?? null;
      const key = `${start}:${end}`;
      let hit = memo.get(key);
      if (!hit) {
        const half = n / 2;
        hit = nodeHash(source.cached!(start, start + half)!, source.cached!(start + half, end)!);
        memo.set(key, hit);
      }
      return hit;
    },
  };
  return source;
}

/** The tree head over the first `size` entries (default: the whole ledger). */
export async function ledgerTreeHead(
  db: Kysely<DB>,
  options: { size?: number; persist?: boolean } = {},
): Promise<TreeHead> {
  const size = options.size ?? (await ledgerSize(db));
  const source = await ledgerTreeSource(db, size, { persist: options.persist ?? false });
  return { size, root: bytesToHex(treeRoot(source, size)) };
}

/** RFC 9162 consistency proof from the first `oldSize` entries to the first `newSize`, hex-encoded. */
export async function ledgerConsistency(db: Kysely<DB>, oldSize: number, newSize: number): Promise<string[]> {
  const source = await ledgerTreeSource(db, newSize, { near: [oldSize] });
  return consistencyProof(source, oldSize, newSize).map(bytesToHex);
}

/** RFC 9162 inclusion proof of entry `seq` in the tree of the first `size` entries, hex-encoded. */
export async function ledgerInclusion(db: Kysely<DB>, seq: number, size: number): Promise<string[]> {
  const source = await ledgerTreeSource(db, size, { near: [seq - 1] });
  return inclusionProof(source, seq - 1, size).map(bytesToHex);
}

export interface AnchorLoss {
  /** The report's package, e.g. '2026Q3 季度阶段性工作总结（第1版）'. */
  package: string;
  packageSha256: string;
  anchoredSeq: number;
  anchoredHash: string;
  /** In words, for the person at the screen. */
  message: string;
}

/** Every signed package's ledger head that the chain no longer holds (an empty list: all anchors hold). */
export async function anchorLosses(db: Kysely<DB>): Promise<AnchorLoss[]> {
  return (await checkAnchors(db)).losses;
}

/** The anchors checked (signed packages with a ledger head) and those the chain no longer holds. The packages
 *  are read from `db`; the chain from `ledger` (another database: a backup about to replace `db`'s data), whose
 *  size the messages call `sizeWord` (“现为” the live chain, “备份中为” a backup's). */
export async function checkAnchors(
  db: Kysely<DB>,
  ledger: Kysely<DB> = db,
  sizeWord = '现为',
): Promise<{ checked: number; losses: AnchorLoss[] }> {
  const signed = await db
    .selectFrom('reports')
    .select(['type', 'period', 'version', 'manifest_json', 'package_sha256'])
    .where('status', '=', 'signed')
    .where('manifest_json', 'is not', null)
    .orderBy('signed_at')
    .execute();
  if (signed.length === 0) return { checked: 0, losses: [] };
  const anchored = signed.flatMap((r) => {
    let head: { seq: number; hash: string } | undefined;
    try {
      head = (JSON.parse(r.manifest_json!) as { ledgerHead?: { seq: number; hash: string } }).ledgerHead;
    } catch {
      head = undefined;
    }
    return head && head.seq > 0 ? [{ r, head }] : [];
  });
  // Every anchored entry in one read (one round trip on the office server, not one per signed package), beside
  // the ledger's size.
  const seqs = [...new Set(anchored.map((a) => a.head.seq))];
  const [size, hashes] = await Promise.all([
    ledgerSize(ledger),
    (async () => {
      const out = new Map<number, string>();
      for (let i = 0; i < seqs.length; i += 500) {
        const rows = await ledger
          .selectFrom('credit_ledger')
          .select(['seq', 'hash'])
          .where('seq', 'in', seqs.slice(i, i + 500))
          .execute();
        for (const row of rows) out.set(row.seq, row.hash);
      }
      return out;
    })(),
  ]);
  let checked = 0;
  const losses: AnchorLoss[] = [];
  for (const { r, head } of anchored) {
    checked++;
    const label = `${r.period} ${REPORT_TYPE_LABELS[r.type as ReportType] ?? r.type}（第${r.version}版）`;
    const at = hashes.get(head.seq);
    if (at === undefined) {
      losses.push({
        package: label,
        packageSha256: r.package_sha256 ?? '',
        anchoredSeq: head.seq,
        anchoredHash: head.hash,
        message: `${label}上报数据包签署时台账为 ${head.seq} 条，${sizeWord} ${size} 条：已签署上报的记录缺失`,
      });
    } else if (at !== head.hash) {
      losses.push({
        package: label,
        packageSha256: r.package_sha256 ?? '',
        anchoredSeq: head.seq,
        anchoredHash: head.hash,
        message: `${label}上报数据包签署时第 ${head.seq} 条的哈希为 ${head.hash.slice(0, 12)}…，${sizeWord} ${at.slice(0, 12)}…：已签署上报的记录被改动`,
      });
    }
  }
  return { checked, losses };
}
