// 信用台账 benchmarks: a chain of 200,000 entries (three times as many in the 3× district) written straight into the data file with the app's own hashing
// code (through the dispatcher it would take minutes; the chain is the same), one institution among them with 500
// entries. Measured: the full-chain verification (streamed, hashed one by one) and that institution's profile.
// Written in the generation phase (the `ledger` generator, before the signed reports), so every row — the
// dashboard's, the reports' — sees the whole district with its ledger. The same 200,000 at every scale but 3×.
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/core/schema';
import { checkAnchors, ledgerConsistency, ledgerTreeHead } from '../../db/credit/ledger-tree';
import { hexToBytes, verifyConsistency } from '../../db/credit/merkle';
import { entryHash, GENESIS_HASH, type LedgerRow } from '../../db/credit/ledger';
import { DEFAULT_BEHAVIOURS } from '../../shared/domain/credit-rules-data';
import { addCalendarDays } from '../../shared/dates';
import { SeededRandom } from '../../db/core/demo-random';
import type { Generator } from './district';

export const LEDGER_ENTRIES = 200_000;
export const PROFILE_ENTRIES = 500;

const TEXTS = [
  '双随机抽查发现医疗废物暂存点未按规定分类存放，已当场责令整改。',
  '12345 投诉：收费项目未事先告知，经调查核实属实。',
  '未按规定公示医疗服务价格，给予警告并处罚款人民币 3000 元。',
  '依法执业自查报告已提交，发现的问题已列出整改清单。',
  '年度校验材料齐全，校验合格。',
  '在网络平台发布未经审查的医疗广告，经调查核实。',
];

export const ledger: Generator = {
  name: '信用台账',
  outsideTransaction: true,
  async run({ file, scale }) {
    return writeLedger(file, new SeededRandom(20261125), LEDGER_ENTRIES * scale.factor).entries;
  },
};

/** The institution with PROFILE_ENTRIES entries: the subject of every (entries / PROFILE_ENTRIES)th entry. */
export function profileInstitution(file: string, entries = LEDGER_ENTRIES): number {
  const db = new Database(file, { readonly: true });
  try {
    const r = db
      .prepare('select subject_id from credit_ledger where seq = ?')
      .get(entries / PROFILE_ENTRIES) as { subject_id: number } | undefined;
    if (!r) throw new Error('信用台账尚未写入');
    return r.subject_id;
  } finally {
    db.close();
  }
}

/** Writes the chain into the data file; returns the id of the institution with PROFILE_ENTRIES entries. */
export function writeLedger(
  file: string,
  rng: SeededRandom,
  entries = LEDGER_ENTRIES,
): { profileInstitution: number; entries: number } {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    const institutions = db.prepare('select id, name, uscc from institutions order by id').all() as {
      id: number;
      name: string;
      uscc: string;
    }[];
    if (institutions.length < 2) throw new Error('基准区县没有监管对象');
    const profile = institutions[0]!;
    const others = institutions.slice(1);
    const demerits = DEFAULT_BEHAVIOURS.filter((b) => b.kind === 'institution');
    const cols = [
      'seq',
      'recorded_at',
      'recorder_id',
      'recorder_name',
      'subject_kind',
      'subject_id',
      'subject_name',
      'subject_code',
      'type',
      'fact_date',
      'outcome',
      'behaviour_code',
      'behaviour_name',
      'points',
      'basis',
      'source_kind',
      'source_id',
      'amends_seq',
      'text',
      'attachments',
      'prev_hash',
      'hash',
    ] as const;
    const insert = db.prepare(
      `insert into credit_ledger (${cols.join(',')}) values (${cols.map((c) => `@${c}`).join(',')})`,
    );
    // Ten years of entries; one in every 400 is the profile institution's (500 in all).
    const start = Date.parse('2016-11-22T01:00:00Z');
    const step = (10 * 365 * 86_400_000) / entries;
    let prev = GENESIS_HASH;
    const write = db.transaction(() => {
      for (let seq = 1; seq <= entries; seq++) {
        const subject = seq % (entries / PROFILE_ENTRIES) === 0 ? profile : rng.pick(others);
        const recordedAt = new Date(start + seq * step);
        const roll = rng.next();
        const type =
          roll < 0.35
            ? 'inspection'
            : roll < 0.55
              ? 'demerit'
              : roll < 0.65
                ? 'complaint'
                : roll < 0.72
                  ? 'penalty'
                  : roll < 0.82
                    ? 'self_inspection'
                    : roll < 0.9
                      ? 'verification'
                      : roll < 0.95
                        ? 'commendation'
                        : 'commitment';
        const b = type === 'demerit' ? rng.pick(demerits) : null;
        const outcome =
          type === 'inspection'
            ? rng.pick(['qualified', 'rectify', 'unqualified'])
            : type === 'penalty'
              ? rng.pick(['general', 'serious'])
              : type === 'self_inspection'
                ? rng.pick(['compliant', 'issues'])
                : type === 'verification'
                  ? 'passed'
                  : null;
        const row: Omit<LedgerRow, 'hash'> = {
          seq,
          recorded_at: recordedAt.toISOString(),
          recorder_id: 1,
          recorder_name: '基准科员（user0）',
          subject_kind: 'institution',
          subject_id: subject.id,
          subject_name: subject.name,
          subject_code: subject.uscc,
          type,
          fact_date: addCalendarDays(recordedAt.toISOString().slice(0, 10), -rng.int(0, 20)),
          outcome,
          behaviour_code: b?.code ?? null,
          behaviour_name: b?.name ?? null,
          points: b?.points ?? null,
          basis: type === 'penalty' ? `越卫医罚〔${recordedAt.getUTCFullYear()}〕${seq % 997}号` : '',
          source_kind: type === 'complaint' ? 'complaint' : type === 'inspection' ? 'inspection' : null,
          source_id: type === 'complaint' || type === 'inspection' ? seq : null,
          amends_seq: null,
          text: rng.pick(TEXTS),
          attachments:
            rng.next() < 0.1
              ? JSON.stringify([
                  { name: '现场检查笔录.pdf', sha256: entryHash({ ...placeholder, seq }), size: 48_213 },
                ])
              : '[]',
          prev_hash: prev,
        };
        const hash = entryHash(row);
        insert.run({ ...row, hash });
        prev = hash;
      }
    });
    write();
    return { profileInstitution: profile.id, entries };
  } finally {
    db.close();
  }
}

/** A fixed row whose hash stands in for an attachment's SHA-256 (64 hex digits, different per entry). */
const placeholder: Omit<LedgerRow, 'hash'> = {
  seq: 0,
  recorded_at: '',
  recorder_id: null,
  recorder_name: '',
  subject_kind: '',
  subject_id: 0,
  subject_name: '',
  subject_code: '',
  type: '',
  fact_date: '',
  outcome: null,
  behaviour_code: null,
  behaviour_name: null,
  points: null,
  basis: '',
  source_kind: null,
  source_id: null,
  amends_seq: null,
  text: '',
  attachments: '[]',
  prev_hash: '',
};

/** What signing adds for the ledger (#15 item 8, "keep it incremental"): the anchors checked, the tree head of the
 *  whole ledger (persisted, as reports.sign does) and a consistency proof from a package 1,000 entries earlier. */
export async function ledgerSigningPart(db: Kysely<DB>, entries: number): Promise<void> {
  const anchors = await checkAnchors(db);
  if (anchors.losses.length) throw new Error(anchors.losses[0]!.message);
  const head = await ledgerTreeHead(db, { persist: true });
  if (head.size !== entries) throw new Error(`台账应有 ${entries} 条，树覆盖 ${head.size} 条`);
  const old = head.size - 1000;
  const then = await ledgerTreeHead(db, { size: old });
  const proof = await ledgerConsistency(db, old, head.size);
  if (!verifyConsistency(old, head.size, proof.map(hexToBytes), hexToBytes(then.root), hexToBytes(head.root)))
    throw new Error('一致性证明未通过');
}
