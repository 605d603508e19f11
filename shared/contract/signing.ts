// 单位签名密钥: the office's SM2 key for signing submission packages. The private key never leaves the database
// unencrypted and never crosses the transport; the passphrase is neither logged nor audited.
import { z } from 'zod';
import { can, mutation, query, result } from './define';
import { id, type FileDownload } from './common';

export interface SigningKeyView {
  id: number;
  /** SM3 of the DER SubjectPublicKeyInfo, 16 groups of 4 hex digits. */
  fingerprint: string;
  status: 'active' | 'retired';
  createdAt: string;
  createdBy: string;
  retiredAt: string | null;
  publicPem: string;
}

/** The public key as a .pem file to hand to the city commission, with its fingerprint to read out over the phone. */
export interface PublicKeyExport extends FileDownload {
  fingerprint: string;
  pem: string;
}

const passphrase = z.string({ error: '请填写签名口令' }).max(1000, { error: '签名口令过长' });

export const newPassphraseInput = z.object({
  passphrase,
  passphraseConfirm: z.string({ error: '请再次输入签名口令' }).max(1000, { error: '签名口令过长' }),
});

export const signingContract = {
  'signing.keys': query(z.object({}), result<SigningKeyView[]>(), can('read')),
  'signing.generate': mutation(newPassphraseInput, result<SigningKeyView>(), can('keys.manage')),
  /** A new active key; the old one is kept, retired, to verify what it signed. */
  'signing.rotate': mutation(
    newPassphraseInput,
    result<{ key: SigningKeyView; retired: SigningKeyView }>(),
    can('keys.manage'),
  ),
  /** The active key, or the one named. */
  'signing.exportPublicKey': query(z.object({ id: id.optional() }), result<PublicKeyExport>(), can('print')),
};
