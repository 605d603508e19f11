// 签发's progress bar (issue 18 item 14): reports.sign with a progressId reports its real steps — the checks, the
// figures, the documents, the ledger's Merkle root, each file's SM3 (第 k / n 个), the SM2 signature, storing — in
// order, never backwards, ending at n / n; it never offers 取消 (signing is not safe to stop part-way) and a request
// to stop it changes nothing: the package is signed and verifies.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPackage } from '../../db/reports/package';
import { PACKAGE_CONTENT_FILES, SIGN_STEPS } from '../../shared/domain/report-package';
import { usccCheckChar } from '../../shared/domain/uscc';
import { newApp, ADMIN } from './helpers';

const PASSPHRASE = 'Correct horse 2026';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('signing a report shows its steps', () => {
  it('reports each step with counts, in order, to n / n; 取消 is neither offered nor taken', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zj-sign-progress-'));
    dirs.push(dataDir);
    const app = await newApp({ dataDir, clock: () => new Date('2026-10-09T09:00:00+08:00') });
    try {
      await app.call('system.setup', {
        office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
        admin: ADMIN,
      });
      const base = '11330602MB123456';
      const uscc = `${base}7${usccCheckChar(`${base}7`)}`;
      await app.call('office.update', { name: '绍兴市越城区卫生健康局', docPrefix: '越卫健', uscc } as never);
      await app.call('signing.generate', { passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE });
      const draft = await app.call('reports.create', { type: 'quarterly', period: '2026Q3' });

      const id = 'sign-progress-1';
      const seen: string[] = [];
      let offered = false;
      let stopAsked = false;
      let over = false;
      const watching = (async () => {
        while (!over) {
          const p = await app.call('system.progress', { id, cancel: seen.length === 3 });
          if (p) {
            if (seen.length === 3) stopAsked = true;
            offered ||= p.cancellable || p.cancelled;
            const line = `${p.done}/${p.total} ${p.unit} ${p.what}`;
            if (seen.at(-1) !== line) seen.push(line);
          }
          await new Promise((r) => setImmediate(r));
        }
      })();
      const signed = await app.call('reports.sign', { id: draft.id, passphrase: PASSPHRASE, progressId: id });
      over = true;
      await watching;
      const last = await app.call('system.progress', { id });

      expect(signed.status).toBe('signed');
      expect(last).toEqual({
        what: '签发完成',
        done: SIGN_STEPS,
        total: SIGN_STEPS,
        unit: '步',
        cancellable: false,
        cancelled: false,
      });
      expect(offered).toBe(false);
      expect(stopAsked).toBe(true);
      // Every step was seen by the poll (the handler lets the event loop run between them), in order.
      const steps = seen.filter((l) => !l.startsWith('0/0'));
      const dones = steps.map((l) => Number(l.split('/')[0]));
      expect(dones).toEqual([...dones].sort((a, b) => a - b));
      expect(steps.every((l) => l.includes(`/${SIGN_STEPS} 步 `))).toBe(true);
      expect(steps).toContain(`0/${SIGN_STEPS} 步 正在核对签名口令与已上报的台账锚点`);
      expect(steps).toContain(`1/${SIGN_STEPS} 步 正在汇总报告数据`);
      expect(steps).toContain(`2/${SIGN_STEPS} 步 正在生成 PDF、Word、Excel 和 OFD 文件`);
      expect(steps.some((l) => l.startsWith(`3/${SIGN_STEPS} 步 正在计算信用台账默克尔根`))).toBe(true);
      const n = PACKAGE_CONTENT_FILES.length;
      PACKAGE_CONTENT_FILES.forEach((name, i) =>
        expect(steps).toContain(
          `${4 + i}/${SIGN_STEPS} 步 正在计算文件摘要（SM3）：第 ${i + 1} / ${n} 个 ${name}`,
        ),
      );
      expect(steps).toContain(`${4 + n}/${SIGN_STEPS} 步 正在用本单位密钥签名（SM2）并打包`);
      expect(steps).toContain(`${5 + n}/${SIGN_STEPS} 步 正在保存数据包并冻结报告`);

      // The package made step by step is a whole, valid one.
      const file = await app.call('reports.package', { id: signed.id });
      expect(verifyPackage(Buffer.from(file.base64, 'base64')).ok).toBe(true);
    } finally {
      await app.close();
    }
  }, 120_000);
});
