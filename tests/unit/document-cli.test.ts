// The `document` command as IT staff script it (issue 20, item 11): `--list` prints one tab-separated line per
// document (kind, id, title) covering every kind, and `--kind K --id ID --out F` writes the file its extension
// names, read back by other programs (pdfinfo, the zip's parts); a wrong kind, id or extension is a Chinese message
// with the usage exit code and writes nothing.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { DOCUMENT_KINDS } from '../../shared/print/document-kinds';
import { cli } from './cli-run';

describe('document command', () => {
  it('lists every kind tab-separated and writes PDF, Word and OFD files; refuses bad arguments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-document-cli-'));
    const data = join(dir, 'data');
    try {
      // The demo without its signed reports (signing prints with Chromium); so every kind but 'report' is listed.
      const seeded = await cli([
        'seed-demo',
        '--data',
        data,
        '--now',
        '2026-11-22T09:00:00+08:00',
        '--no-reports',
      ]);
      expect(seeded.code, seeded.err).toBe(0);

      const list = await cli(['document', '--data', data, '--list']);
      expect(list.code, list.err).toBe(0);
      const lines = list.out.trimEnd().split('\n');
      for (const l of lines) expect(l, l).toMatch(/^[a-z-]+\t[^\t\s]+\t[^\t]*[\u4e00-\u9fff][^\t]*$/u);
      const entries = lines.map((l) => l.split('\t') as [string, string, string]);
      expect(new Set(entries.map((e) => e[0]))).toEqual(
        new Set(DOCUMENT_KINDS.filter((k) => k !== 'report')),
      );
      // No document is listed twice.
      expect(new Set(entries.map((e) => `${e[0]} ${e[1]}`)).size).toBe(entries.length);

      const [kind, id, title] = entries.find((e) => e[0] === 'meeting-notice')!;
      const pdf = join(dir, 'notice.pdf');
      const made = await cli(['document', '--data', data, '--kind', kind, '--id', id, '--out', pdf]);
      expect(made.code, made.err).toBe(0);
      expect(made.out).toContain(pdf);
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts/);
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      // The list names it by date, meeting and 发文字号 (2026-01-06医疗卫生行业综合监管联席会议通知（越卫健〔2026〕1号）).
      const docNumber = /（(.+号)）$/u.exec(title)?.[1];
      expect(docNumber, title).toBeDefined();
      expect(text).toContain(docNumber);
      expect(text).toContain('关于召开');

      const docx = join(dir, 'notice.docx');
      expect((await cli(['document', '--data', data, '--kind', kind, '--id', id, '--out', docx])).code).toBe(
        0,
      );
      expect(strFromU8(unzipSync(readFileSync(docx))['word/document.xml']!)).toContain('参会回执');

      const ofd = join(dir, 'notice.ofd');
      expect((await cli(['document', '--data', data, '--kind', kind, '--id', id, '--out', ofd])).code).toBe(
        0,
      );
      const parts = unzipSync(readFileSync(ofd));
      expect(strFromU8(parts['OFD.xml']!)).toContain('<ofd:DocRoot>');

      // Refusals: a Chinese message, the usage exit code (2), and no file.
      const refusals: [string[], RegExp][] = [
        [['--kind', 'memo', '--id', '1', '--out', join(dir, 'a.pdf')], /未知的种类：memo/],
        [['--kind', kind, '--id', id, '--out', join(dir, 'a.txt')], /应以 \.pdf、\.docx 或 \.ofd 结尾/],
        [['--kind', kind, '--out', join(dir, 'a.pdf')], /缺少 --id/],
      ];
      for (const [args, message] of refusals) {
        const r = await cli(['document', '--data', data, ...args]);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.err).toMatch(message);
      }
      const missing = await cli([
        'document',
        '--data',
        data,
        '--kind',
        kind,
        '--id',
        '99999',
        '--out',
        join(dir, 'b.pdf'),
      ]);
      expect(missing.code).not.toBe(0);
      expect(missing.err).toMatch(/[\u4e00-\u9fff]/u);
      for (const f of ['a.pdf', 'a.txt', 'b.pdf']) expect(existsSync(join(dir, f)), f).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000); // the demo district is seeded, then three files rendered (the PDF by Chromium)
});
