// 红黑名单 and 信用修复: listing decisions for a subject (each one an entry of the credit ledger), the disclosure
// period within the legal bounds and its automatic end, applications for credit repair with their conditions
// checked, the leader's approval or rejection, the public list (xlsx and a GB/T 9704 printed list, natural persons
// masked, tiers never shown) and the credit report of one subject. The rules: ../domain/credit-lists.ts.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { fileUpload, id, isoDate, optionalText, requiredText, type FileDownload } from './common';
import {
  CREDIT_LIST_KINDS,
  LISTING_SEVERITIES,
  type CreditListKind,
  type ListingSeverity,
  type ListingStatus,
} from '../domain/credit-lists';
import {
  CREDIT_SUBJECT_KINDS,
  type CreditAttachment,
  type CreditSubjectKind,
  type CreditProfile,
  type CreditRecordResult,
  type CreditSubjectRef,
  type LedgerHead,
} from './credit';

export * from '../domain/credit-lists';

export interface CreditRepair {
  id: number;
  listingId: number;
  appliedOn: string;
  appliedAt: string;
  appliedBy: string;
  rectificationText: string;
  attachments: CreditAttachment[];
  /** The 信用承诺 entry on file for the application. */
  commitmentSeq: number;
  status: 'pending' | 'approved' | 'rejected';
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNumber: string;
  /** The approval opinion, or the reason for rejecting. */
  decisionNote: string;
  /** The 信用修复 entry an approval appended. */
  repairSeq: number | null;
}

export interface CreditListing {
  id: number;
  subject: CreditSubjectRef;
  list: CreditListKind;
  severity: ListingSeverity | null;
  basisNumber: string;
  basisText: string;
  decisionDate: string;
  disclosureStart: string | null;
  disclosureEnd: string | null;
  status: ListingStatus;
  /** The listing's ledger entry (信用评价结果). */
  ledgerSeq: number;
  /** The 更正 that revoked it. */
  revokedBySeq: number | null;
  /** The approved repair that took it off the public list. */
  repairedOn: string | null;
  repairSeq: number | null;
  /** Black 一般/严重: the last day of the minimum period; repair may be applied for after it. */
  minimumPeriodEnd: string | null;
  recordedAt: string;
  recordedBy: string;
  repairs: CreditRepair[];
}

/** One line of the public list: what may be published, natural persons masked; never the tier. */
export interface PublicListRow {
  no: number;
  kindLabel: string;
  /** Institution: its name; practitioner: masked (张**). */
  name: string;
  /** 统一社会信用代码, or a masked 证书编号. */
  code: string;
  /** 机构类别, or the practitioner's 执业机构. */
  detail: string;
  severity: string;
  basisNumber: string;
  basisText: string;
  decisionDate: string;
  disclosureStart: string;
  disclosureEnd: string;
}

export interface PublicList {
  list: CreditListKind;
  /** Disclosed on this day. */
  asOf: string;
  officeName: string;
  rows: PublicListRow[];
}

export interface CreditReport {
  profile: CreditProfile;
  listings: CreditListing[];
  /** The chain head when the report was made. */
  head: LedgerHead;
  officeName: string;
  /** ISO instant. */
  printedAt: string;
  /** The subject's entries proven against the latest signed tree root (docs/credit-ledger.md §3b). */
  inclusion: CreditInclusion;
}

export const INCLUSION_PROOF_FORMAT = 'zongjian-credit-inclusion/1';

/** The proof file (docs/credit-ledger.md §3b): its bytes are JSON.stringify(file, null, 2) followed by a newline. */
export interface CreditInclusionFile {
  format: typeof INCLUSION_PROOF_FORMAT;
  hash: 'SM3';
  office: { name: string; uscc: string | null };
  subject: { kind: CreditSubjectKind; id: number; name: string; code: string };
  /** The signed package whose manifest.json carries the tree (ledgerTree.size and root). */
  package: { sha256: string; label: string; signedAt: string };
  tree: { size: number; root: string };
  /** Each of the subject's entries inside that tree: its canonical encoding E (SM3(E) = hash) and its RFC 9162
   *  inclusion proof (leaf index = seq − 1). */
  entries: { seq: number; hash: string; encoding: string; proof: string[] }[];
  /** The subject's entries recorded after that package was signed: provable once the next package is signed. */
  pending: number[];
}

export interface CreditInclusion {
  file: CreditInclusionFile | null;
  /** SM3 of the proof file's bytes, printed in the report so paper and file belong together. */
  fileSm3: string | null;
  /** Why there is no proof file (no signed package with a tree yet; the ledger no longer matches it). */
  note: string | null;
}

export interface CreditListingResult {
  listing: CreditListing;
  entry: CreditRecordResult;
}

const subjectKind = z.enum(CREDIT_SUBJECT_KINDS, { error: '请选择信用主体类别（医疗机构或医务人员）' });
const nullableDate = isoDate.nullable().default(null);

export const creditListingInput = z.object({
  subjectKind,
  subjectId: id,
  list: z.enum(CREDIT_LIST_KINDS, { error: '请选择红名单或黑名单' }),
  severity: z.enum(LISTING_SEVERITIES, { error: '请选择失信程度' }).nullable().default(null),
  basisNumber: requiredText(60, '依据文号'),
  basisText: requiredText(2000, '列入依据（主要事实）'),
  decisionDate: isoDate,
  disclosureStart: nullableDate,
  disclosureEnd: nullableDate,
});
export type CreditListingInput = z.input<typeof creditListingInput>;

export const creditRepairInput = z.object({
  listingId: id,
  rectificationConfirmed: z.boolean().default(false),
  rectificationText: optionalText(2000, '整改情况'),
  attachments: z.array(fileUpload).max(10, { error: '附件最多 10 个' }).default([]),
  /** A 信用承诺 made with the application (recorded in the ledger when the application is accepted). */
  commitmentText: optionalText(2000, '信用承诺'),
});
export type CreditRepairInput = z.input<typeof creditRepairInput>;

export const creditListsContract = {
  'credit.listings': query(
    z.object({ subjectKind: subjectKind.optional(), subjectId: id.optional() }),
    result<CreditListing[]>(),
    can('read'),
  ),
  'credit.createListing': mutation(creditListingInput, result<CreditListingResult>(), can('records.write')),
  'credit.applyRepair': mutation(creditRepairInput, result<CreditListing>(), can('records.write')),
  'credit.approveRepair': mutation(
    z.object({
      id,
      decisionNumber: optionalText(60, '修复决定文号'),
      opinion: optionalText(1000, '审批意见'),
    }),
    result<CreditListing>(),
    can('approve'),
  ),
  'credit.rejectRepair': mutation(
    z.object({ id, reason: requiredText(1000, '不予修复的理由') }),
    result<CreditListing>(),
    can('approve'),
  ),
  'credit.publicList': query(
    z.object({ list: z.enum(CREDIT_LIST_KINDS) }),
    result<PublicList>(),
    can('print'),
  ),
  'credit.publicListXlsx': query(
    z.object({ list: z.enum(CREDIT_LIST_KINDS) }),
    result<FileDownload>(),
    can('print'),
  ),
  'credit.report': query(z.object({ kind: subjectKind, id }), result<CreditReport>(), can('print')),
  'credit.inclusionProof': query(z.object({ kind: subjectKind, id }), result<FileDownload>(), can('print')),
};
