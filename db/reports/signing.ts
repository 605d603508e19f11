// 单位签名密钥: list, generate, rotate and export the public key. The key material is db/reports/signing-keys.ts; the
// passphrase is checked there and never written to the audit log.
import type { PublicKeyExport, SigningKeyView } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { defineHandlers, requireActor, type HandlerContext } from '../core/context';
import { createSigningKey, listSigningKeys, NO_KEY_MESSAGE, type SigningKeyRow } from './signing-keys';
import { downloadName } from '../core/files';
import { getOffice } from '../system/users';

export function keyView(k: SigningKeyRow): SigningKeyView {
  return {
    id: k.id,
    fingerprint: k.fingerprint,
    status: k.status,
    createdAt: k.createdAt,
    createdBy: k.createdBy,
    retiredAt: k.retiredAt,
    publicPem: k.publicPem,
  };
}

/** What the audit log keeps of a key: its public half only. */
const audited = (k: SigningKeyRow) => ({ id: k.id, fingerprint: k.fingerprint, status: k.status });

function confirmMatches(input: { passphrase: string; passphraseConfirm: string }): void {
  if (input.passphrase !== input.passphraseConfirm)
    throw new AppError('VALIDATION', '两次输入的签名口令不一致', {
      issues: [{ path: 'passphraseConfirm', message: '两次输入的签名口令不一致' }],
    });
}

const actorName = (ctx: HandlerContext) => {
  const a = requireActor(ctx);
  return `${a.displayName}（${a.username}）`;
};

export const signingHandlers = defineHandlers({
  'signing.keys': async (_input, ctx) => (await listSigningKeys(ctx.db)).map(keyView),

  'signing.generate': async (input, ctx) => {
    confirmMatches(input);
    const { key } = await createSigningKey(ctx.db, {
      passphrase: input.passphrase,
      createdBy: actorName(ctx),
      now: ctx.now(),
      rotate: false,
    });
    await ctx.audit({
      entity: 'signing_key',
      entityId: key.id,
      summary: `生成单位签名密钥（SM2），指纹 ${key.fingerprint}`,
      after: audited(key),
    });
    return keyView(key);
  },

  'signing.rotate': async (input, ctx) => {
    confirmMatches(input);
    const { key, retired } = await createSigningKey(ctx.db, {
      passphrase: input.passphrase,
      createdBy: actorName(ctx),
      now: ctx.now(),
      rotate: true,
    });
    await ctx.audit({
      entity: 'signing_key',
      entityId: key.id,
      summary: `更换单位签名密钥：新指纹 ${key.fingerprint}；原密钥 ${retired!.fingerprint} 已停用（保留用于核验其签署的数据包）`,
      before: audited(retired!),
      after: audited(key),
    });
    return { key: keyView(key), retired: keyView(retired!) };
  },

  'signing.exportPublicKey': async (input, ctx) => {
    const keys = await listSigningKeys(ctx.db);
    const key = input.id ? keys.find((k) => k.id === input.id) : keys.find((k) => k.status === 'active');
    if (!key) throw new AppError('NOT_FOUND', input.id ? '签名密钥不存在' : NO_KEY_MESSAGE);
    const office = await getOffice(ctx.db);
    const short = key.fingerprint.replace(/\s+/g, '').slice(0, 8);
    const result: PublicKeyExport = {
      fileName: downloadName(`${office?.name ?? '本单位'}签名公钥-${short}.pem`, 'signer.pub.pem'),
      mimeType: 'application/x-pem-file',
      base64: Buffer.from(key.publicPem, 'utf8').toString('base64'),
      fingerprint: key.fingerprint,
      pem: key.publicPem,
    };
    return result;
  },
});
