// A subject's 信用报告 carries an inclusion proof for each of its entries against the latest signed tree root
// (the root in the latest signed package's manifest), printed in the report's technical appendix and exported as a
// proof file that `verify-inclusion` checks without the ledger. Hostile cases: an entry's content, its proof, the
// root or the subject changed in the file; a package that does not carry that root; a ledger changed after
// signing (no proof is offered then). Properties: any ledger size and any subject's entries verify; any changed
// byte of an encoding, a proof node or the root fails.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { unzipSync } from 'fflate';
import { checkInclusionFile, inclusionFileText } from '../../db/credit/inclusion';
import { canonicalEncoding, entryHash, GENESIS_HASH, type LedgerRow } from '../../db/credit/ledger';
import {
  arraySource,
  bytesToHex,
  hexToBytes,
  inclusionProof,
  leafHash,
  treeRoot,
} from '../../db/credit/merkle';
import { sm3Hex } from '../../db/credit/ledger';
import { INCLUSION_PROOF_FORMAT, type CreditInclusionFile, type CreditReport } from '../../shared/contract';
import { creditReportDoc } from '../../shared/print/credit-lists';
import { usccCheckChar } from '../../shared/domain/uscc';
import { newApp, ADMIN, type TestApp } from './helpers';
import { cli } from './cli-run';
import { TEST_STORE } from './test-store';

const PASSPHRASE = 'Correct horse 2026';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

async function institution(app: TestApp, name: string, serial: string): Promise<number> {
  const i17 = `91330602MA2B000${serial}`;
  const { id } = await app.call('institutions.create', {
    name,
    uscc: `${i17}1${usccCheckChar(`${i17}1`)}`,
    category: 'clinic',
    ownership: 'private',
  });
  return id;
}

async function record(app: TestApp, institutionId: number, text: string): Promise<void> {
  await app.call('credit.record', {
    subjectKind: 'institution',
    subjectId: institutionId,
    type: 'commendation',
    factDate: '2026-06-01',
    text,
  });
}

const mutate = (file: CreditInclusionFile, fn: (f: CreditInclusionFile) => void): string => {
  const copy = JSON.parse(JSON.stringify(file)) as CreditInclusionFile;
  fn(copy);
  return inclusionFileText(copy);
};

describe('信用报告 inclusion proofs', () => {
  it('proves a subject’s entries against the signed root; verify-inclusion passes it and refuses every change', async () => {
    const dataDir = tmp('zj-inclusion-');
    const app = await newApp({ dataDir, clock: () => new Date('2026-10-09T09:00:00+08:00') });
    await app.call('system.setup', {
      office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
      admin: ADMIN,
    });
    const base = '11330602MB123456';
    const uscc = `${base}7${usccCheckChar(`${base}7`)}`;
    await app.call('office.update', { name: '绍兴市越城区卫生健康局', docPrefix: '越卫健', uscc } as never);

    const a = await institution(app, '越城区甲诊所', '1');
    const b = await institution(app, '越城区乙诊所', '2');
    // Before any package is signed: the report says why there is no proof, and the export refuses in Chinese.
    await record(app, a, '表彰 0');
    const early = await app.call('credit.report', { kind: 'institution', id: a });
    expect(early.inclusion.file).toBeNull();
    expect(early.inclusion.note).toContain('尚无载有台账默克尔树的已签发上报数据包');
    await expect(app.call('credit.inclusionProof', { kind: 'institution', id: a })).rejects.toThrow(/尚无/);

    for (let i = 1; i < 5; i++) await record(app, i % 2 ? b : a, `表彰 ${i}`);
    await app.call('signing.generate', { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE });
    const draft = await app.call('reports.create', { type: 'quarterly', period: '2026Q3' });
    const signed = await app.call('reports.sign', { id: draft.id, passphrase: PASSPHRASE });
    const pkg = Buffer.from((await app.call('reports.package', { id: signed.id })).base64, 'base64');
    const manifest = JSON.parse(Buffer.from(unzipSync(pkg)['manifest.json']!).toString()) as {
      ledgerTree: { size: number; root: string };
    };
    await record(app, a, '签署之后的表彰');

    // The report: A's three entries inside the signed tree (seq 1, 3, 5), the later one pending.
    const report: CreditReport = await app.call('credit.report', { kind: 'institution', id: a });
    const file = report.inclusion.file!;
    expect(file.format).toBe(INCLUSION_PROOF_FORMAT);
    expect(file.tree).toEqual({ size: manifest.ledgerTree.size, root: manifest.ledgerTree.root });
    expect(file.entries.map((e) => e.seq)).toEqual([1, 3, 5]);
    expect(file.pending).toEqual([6]);
    expect(file.package.label).toContain('2026Q3');
    // The export is the same bytes whose SM3 the printed report carries.
    const exported = await app.call('credit.inclusionProof', { kind: 'institution', id: a });
    expect(exported.mimeType).toBe('application/json');
    expect(exported.fileName).toMatch(/越城区甲诊所.*\.json$/);
    const bytes = Buffer.from(exported.base64, 'base64');
    expect(sm3Hex(bytes.toString('utf8'))).toBe(report.inclusion.fileSm3);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(file);

    // Printed compactly in the technical appendix.
    const doc = creditReportDoc(report);
    const annex = doc.annexes?.[0];
    expect(annex?.title).toBe('技术附录：台账包含证明');
    const text = JSON.stringify(annex);
    expect(text).toContain(`${file.tree.size} 条`);
    expect(text).toContain(file.tree.root.slice(0, 16));
    expect(text).toContain(report.inclusion.fileSm3!.slice(0, 16));
    expect(text).toContain('第 6 条登记于该数据包签署之后');
    const table = annex!.blocks.filter((x) => x.type === 'table')[1] as { rows: string[][] };
    expect(table.rows.map((r) => r[0])).toEqual(['1', '3', '5']);

    // verify-inclusion: 通过 with the package, and on its own.
    const d = tmp('zj-proofs-');
    const proofPath = join(d, 'proof.json');
    const pkgPath = join(d, 'p.zip');
    writeFileSync(proofPath, bytes);
    writeFileSync(pkgPath, pkg);
    const good = await cli(['verify-inclusion', '--proof', proofPath, '--package', pkgPath]);
    expect(good.code).toBe(0);
    expect(good.out).toContain('结论：通过');
    expect(good.out).toContain('树的大小与根与上报数据包 manifest.json 中签署的 ledgerTree 相同');
    expect((await cli(['verify-inclusion', '--proof', proofPath])).code).toBe(0);
    const json = await cli(['verify-inclusion', '--proof', proofPath, '--package', pkgPath, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, entries: [1, 3, 5], pending: [6] });

    // Every change to the file is refused (exit 3, 不通过, the reason in Chinese).
    const refuse = async (name: string, content: string, reason: RegExp) => {
      const p = join(d, `${name}.json`);
      writeFileSync(p, content);
      const r = await cli(['verify-inclusion', '--proof', p, '--package', pkgPath]);
      expect(r.code, name).toBe(3);
      expect(r.out, name).toContain('结论：不通过');
      expect(r.out, name).toMatch(reason);
    };
    await refuse(
      'content',
      mutate(file, (f) => (f.entries[1]!.encoding = f.entries[1]!.encoding.replace('表彰 2', '表彰 9'))),
      /第 3 条：记录内容的 SM3 与记录哈希不符/,
    );
    // Content and hash changed together: the proof no longer reaches the signed root.
    await refuse(
      'content-and-hash',
      mutate(file, (f) => {
        const e = f.entries[1]!;
        e.encoding = e.encoding.replace('表彰 2', '表彰 9');
        e.hash = sm3Hex(e.encoding);
      }),
      /第 3 条：包含证明不能从该记录推出树根/,
    );
    await refuse(
      'proof',
      mutate(file, (f) => (f.entries[0]!.proof[0] = 'f'.repeat(64))),
      /第 1 条：包含证明不能从该记录推出树根/,
    );
    await refuse(
      'root',
      mutate(file, (f) => (f.tree.root = '0'.repeat(64))),
      /与上报数据包签署的树.*不符/,
    );
    await refuse(
      'subject',
      mutate(file, (f) => (f.subject.id = b)),
      /记录不属于证明文件所述的主体/,
    );
    await refuse(
      'format',
      mutate(file, (f) => ((f as { format: string }).format = 'x')),
      /格式不符/,
    );
    await refuse('not-json', '{', /不是有效的 JSON/);
    // B's genuine entry presented as A's: its encoding names B.
    const bReport = await app.call('credit.report', { kind: 'institution', id: b });
    await refuse(
      'borrowed',
      mutate(file, (f) => f.entries.push(bReport.inclusion.file!.entries[0]!)),
      /第 2 条：记录不属于证明文件所述的主体/,
    );
    // A package whose signed tree is not the proof's (a tampered manifest breaks its signature too).
    const other = { ...unzipSync(pkg) };
    other['manifest.json'] = Buffer.from(
      Buffer.from(other['manifest.json']!).toString().replace(file.tree.root, '1'.repeat(64)),
    );
    const { zipSync } = await import('fflate');
    const otherPath = join(d, 'other.zip');
    writeFileSync(otherPath, zipSync(other));
    const wrongPkg = await cli(['verify-inclusion', '--proof', proofPath, '--package', otherPath]);
    expect(wrongPkg.code).toBe(3);
    expect(wrongPkg.out).toContain('上报数据包未通过核验');
    expect(wrongPkg.out).toContain('不符');
    // Usage: the proof file is required.
    const usage = await cli(['verify-inclusion']);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('缺少 --proof');

    // The ledger changed after signing (its triggers dropped): an entry of A rewritten in place, then rewritten and
    // rehashed. No proof is offered, and the report says why.
    if (TEST_STORE === 'postgres') {
      await sql`alter table credit_ledger disable trigger user`.execute(app.db);
    } else {
      const triggers = await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'trigger' and tbl_name = 'credit_ledger'`.execute(
        app.db,
      );
      for (const t of triggers.rows) await sql.raw(`drop trigger "${t.name}"`).execute(app.db);
    }
    await sql`update credit_ledger set text = '改动后的表彰' where seq = 3`.execute(app.db);
    const edited = await app.call('credit.report', { kind: 'institution', id: a });
    expect(edited.inclusion.file).toBeNull();
    expect(edited.inclusion.note).toContain('第 3 条记录的内容与其哈希不符');
    const row3 = await app.db
      .selectFrom('credit_ledger')
      .selectAll()
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    await sql`update credit_ledger set hash = ${entryHash(row3)} where seq = 3`.execute(app.db);
    const rehashed = await app.call('credit.report', { kind: 'institution', id: a });
    expect(rehashed.inclusion.file).toBeNull();
    expect(rehashed.inclusion.note).toContain('台账在签署后被改动或截短');
    await expect(app.call('credit.inclusionProof', { kind: 'institution', id: a })).rejects.toThrow(/被改动/);
    await app.close();
  }, 180_000);

  it('property: any ledger, any subject’s entries verify; a changed byte of an encoding, a proof node or the root fails', () => {
    const row = (seq: number, prev: string, subjectId: number): LedgerRow => {
      const r = {
        seq,
        prev_hash: prev,
        recorded_at: '2026-03-05T01:02:03.000Z',
        recorder_id: 1,
        recorder_name: '李科员（keyuan）',
        subject_kind: 'institution',
        subject_id: subjectId,
        subject_name: `机构${subjectId}`,
        subject_code: '91330602MA2CR00013',
        type: 'commendation',
        fact_date: '2026-03-04',
        outcome: null,
        behaviour_code: null,
        behaviour_name: null,
        points: null,
        basis: '',
        source_kind: null,
        source_id: null,
        amends_seq: null,
        text: `第 ${seq} 条`,
        attachments: '[]',
      } as unknown as LedgerRow;
      return { ...r, hash: entryHash(r) };
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 70 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(),
        fc.nat({ max: 63 }),
        (subjects, who, pick, at) => {
          const rows: LedgerRow[] = [];
          let prev = GENESIS_HASH;
          subjects.forEach((s, i) => {
            const r = row(i + 1, prev, s);
            rows.push(r);
            prev = r.hash;
          });
          const source = arraySource(rows.map((r) => hexToBytes(r.hash)));
          const size = rows.length;
          const file: CreditInclusionFile = {
            format: INCLUSION_PROOF_FORMAT,
            hash: 'SM3',
            office: { name: '越城区卫生健康局', uscc: null },
            subject: { kind: 'institution', id: who, name: `机构${who}`, code: '91330602MA2CR00013' },
            package: { sha256: 'a'.repeat(64), label: '2026Q3', signedAt: '2026-10-09T01:00:00.000Z' },
            tree: { size, root: bytesToHex(treeRoot(source, size)) },
            entries: rows
              .filter((r) => r.subject_id === who)
              .map((r) => ({
                seq: r.seq,
                hash: r.hash,
                encoding: canonicalEncoding(r),
                proof: inclusionProof(source, r.seq - 1, size).map(bytesToHex),
              })),
            pending: [],
          };
          expect(checkInclusionFile(inclusionFileText(file)).ok).toBe(true);
          // The leaf hashes are as the spec says: SM3(0x00 || entry hash).
          expect(bytesToHex(leafHash(hexToBytes(rows[0]!.hash)))).toHaveLength(64);
          const flip = (hex: string) => {
            const c = hex[at % hex.length]!;
            return hex.slice(0, at % hex.length) + (c === '0' ? '1' : '0') + hex.slice((at % hex.length) + 1);
          };
          if (file.entries.length) {
            expect(checkInclusionFile(mutate(file, (f) => (f.tree.root = flip(f.tree.root)))).ok).toBe(false);
            const e = pick % file.entries.length;
            expect(
              checkInclusionFile(
                mutate(file, (f) => {
                  const x = f.entries[e]!;
                  x.encoding = x.encoding.replace(`"第 ${x.seq} 条"`, `"第 ${x.seq} 条。"`);
                }),
              ).ok,
            ).toBe(false);
            const withPath = file.entries.findIndex((x) => x.proof.length > 0);
            if (withPath >= 0) {
              const n = pick % file.entries[withPath]!.proof.length;
              expect(
                checkInclusionFile(
                  mutate(file, (f) => (f.entries[withPath]!.proof[n] = flip(f.entries[withPath]!.proof[n]!))),
                ).ok,
              ).toBe(false);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
