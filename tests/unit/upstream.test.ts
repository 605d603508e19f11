// 市级汇总: the roll-up arithmetic, and the city's flow through the dispatcher — trust list, importing packages
// (accepted, tampered, unknown signer, duplicate, 更正版 superseding, a silent duplicate refused), the roll-up of
// the accepted districts, and its xlsx read back.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { computeRollup, type RollupInput } from '../../db/upstream/upstream';
import type { ReportData, ReportIndicator } from '../../shared/domain/report-package';
import type { AppError } from '../../shared/errors';
import { DISTRICTS, makeKey, makePackage, quarterlyIndicators } from '../fixtures/packages';
import { newSetupApp, type TestApp } from './helpers';

let app: TestApp | null = null;
let dir: string | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const upload = (zip: Uint8Array, fileName: string) => ({
  fileName,
  base64: Buffer.from(zip).toString('base64'),
});

function input(district: string, id: number, indicators: ReportIndicator[]): RollupInput {
  const data: ReportData = {
    format: 'zongjian-report-data/1',
    reportType: 'quarterly',
    period: '2026Q3',
    periodStart: '2026-07-01',
    periodEnd: '2026-09-30',
    office: { name: `${district}卫生健康局`, uscc: '' },
    indicators,
    tables: [],
  };
  return { packageId: id, district, officeName: data.office.name, version: 1, signedAt: '2026-09-30', data };
}

describe('roll-up', () => {
  it('adds up the sum indicators across districts, leaves rates per district, and reports inconsistencies', () => {
    const r = computeRollup('quarterly', '2026Q3', [
      input('越城区', 1, quarterlyIndicators(1)),
      input('柯桥区', 2, quarterlyIndicators(2)),
      input('上虞区', 3, [
        ...quarterlyIndicators(3).filter((i) => i.key !== 'complaints.received'),
        { key: 'fines', label: '罚没款', value: 0.1, unit: '万元', rollup: 'sum' },
      ]),
    ]);
    expect(r.reportTypeLabel).toBe('季度阶段性工作总结');
    expect(r.rows.map((x) => x.district)).toEqual(['柯桥区', '上虞区', '越城区']); // by name, pinyin order
    expect(r.indicators.map((i) => i.key)).toEqual([
      'meetings.held',
      'inspections.fromDraws',
      'complaints.received',
      'checklist.reportRate',
      'fines',
    ]);
    // meetings 1+(s%3): 2 + 3 + 1; inspections 40+7s: 47 + 54 + 61; complaints 10+3s over two districts: 13 + 16.
    expect(r.totals).toEqual({
      'meetings.held': 6,
      'inspections.fromDraws': 162,
      'complaints.received': 29,
      'checklist.reportRate': null,
      fines: 0.1,
    });
    expect(r.rows.find((x) => x.district === '上虞区')!.values['complaints.received']).toBeNull();
    expect(r.warnings).toEqual([
      '“受理12345投诉”：上虞区 的数据中没有此项',
      '“罚没款”：柯桥区、越城区 的数据中没有此项',
    ]);

    const units = computeRollup('quarterly', '2026Q3', [
      input('越城区', 1, [{ key: 'fines', label: '罚没款', value: 3, unit: '万元', rollup: 'sum' }]),
      input('柯桥区', 2, [{ key: 'fines', label: '罚没款', value: 30000, unit: '元', rollup: 'sum' }]),
    ]);
    expect(units.totals.fines).toBeNull();
    expect(units.warnings[0]).toContain('“罚没款”的单位不一致');
    expect(computeRollup('annual', '2026', []).rows).toEqual([]);
    // Floating-point sums are rounded, not 0.30000000000000004.
    const tenths = computeRollup('quarterly', '2026Q3', [
      input('甲', 1, [{ key: 'x', label: 'x', value: 0.1, unit: '', rollup: 'sum' }]),
      input('乙', 2, [{ key: 'x', label: 'x', value: 0.2, unit: '', rollup: 'sum' }]),
    ]);
    expect(tenths.totals.x).toBe(0.3);
  });
});

describe('upstream mode', () => {
  it('trust list, import and verify, 更正版, duplicates, roll-up and its xlsx', async () => {
    dir = mkdtempSync(join(tmpdir(), 'zj-upstream-'));
    app = await newSetupApp({ now: '2026-10-20T02:00:00Z', dataDir: dir });
    const [yc, kq, sy] = DISTRICTS as [(typeof DISTRICTS)[0], (typeof DISTRICTS)[0], (typeof DISTRICTS)[0]];
    const keys = [makeKey(1), makeKey(2), makeKey(3)];

    // Trust list: a PEM with the district's name; junk and duplicates refused in Chinese.
    const bad = await app
      .call('upstream.addTrustedKey', { districtName: '越城区', pem: 'hello', note: '' })
      .catch((e: unknown) => e);
    expect((bad as AppError).code).toBe('VALIDATION');
    expect((bad as AppError).message).toMatch(/^不是有效的 SM2 公钥/);
    for (const [i, d] of [yc, kq].entries())
      await app.call('upstream.addTrustedKey', {
        districtName: d.name,
        pem: keys[i]!.publicPem,
        note: '2026年登记',
      });
    const dup = await app
      .call('upstream.addTrustedKey', { districtName: '别名', pem: `备注\n${keys[0]!.publicPem}`, note: '' })
      .catch((e: unknown) => e);
    expect((dup as AppError).message).toContain('该公钥已在信任列表中（越城区');
    const trusted = await app.call('upstream.trustedKeys', {});
    expect(trusted.map((t) => [t.districtName, t.fingerprint])).toEqual([
      ['柯桥区', keys[1]!.fingerprint],
      ['越城区', keys[0]!.fingerprint],
    ]);

    // Three packages: two good, one whose report.pdf was changed after signing.
    const ycPkg = makePackage({ district: yc, key: keys[0]!, indicators: quarterlyIndicators(1) });
    const kqPkg = makePackage({ district: kq, key: keys[1]!, indicators: quarterlyIndicators(2) });
    const syPkg = makePackage({ district: sy, key: keys[2]!, indicators: quarterlyIndicators(3) });
    const files = unzipSync(kqPkg.zip);
    files['report.pdf']![200] = files['report.pdf']![200]! ^ 0xff;
    const kqTampered = zipSync(files);

    const a = await app.call('upstream.importPackage', upload(ycPkg.zip, '越城区2026Q3.zip'));
    expect(a.package).toMatchObject({ status: 'accepted', reasons: [], districtName: '越城区', version: 1 });
    const b = await app.call('upstream.importPackage', upload(kqTampered, '柯桥区2026Q3.zip'));
    expect(b.package).toMatchObject({
      status: 'rejected',
      reasons: ['report.pdf 的摘要与清单不符（文件被改动）'],
      districtName: '柯桥区',
    });
    const c = await app.call('upstream.importPackage', upload(syPkg.zip, '上虞区2026Q3.zip'));
    expect(c.package.status).toBe('rejected');
    expect(c.package.reasons).toEqual([`签名者不在信任列表中（公钥指纹 ${keys[2]!.fingerprint}）`]);
    const junk = await app.call(
      'upstream.importPackage',
      upload(new TextEncoder().encode('hello'), '说明.txt'),
    );
    expect(junk.package.status).toBe('rejected');
    expect(junk.package.reasons[0]).toMatch(/^不是有效的数据包/);
    expect(junk.package.year).toBe(2026);

    // The same accepted file again: refused, not stored twice. The rejected one, after its key is trusted: accepted.
    const again = await app
      .call('upstream.importPackage', upload(ycPkg.zip, '越城区2026Q3(1).zip'))
      .catch((e: unknown) => e);
    expect((again as AppError).code).toBe('CONFLICT');
    expect((again as AppError).message).toContain(`已于 2026-10-20 导入（第 ${a.package.id} 号，已接收）`);
    await app.call('upstream.addTrustedKey', { districtName: sy.name, pem: keys[2]!.publicPem, note: '' });
    const c2 = await app.call('upstream.importPackage', upload(syPkg.zip, '上虞区2026Q3.zip'));
    expect(c2).toMatchObject({
      rechecked: true,
      package: { id: c.package.id, status: 'accepted', districtName: '上虞区' },
    });
    await app.call('upstream.importPackage', upload(kqPkg.zip, '柯桥区2026Q3-重发.zip'));

    let rollup = await app.call('upstream.rollup', { reportType: 'quarterly', period: '2026Q3' });
    expect(rollup.rows.map((r) => r.district)).toEqual(['柯桥区', '上虞区', '越城区']);
    expect(rollup.totals['inspections.fromDraws']).toBe(47 + 54 + 61);
    expect(await app.call('upstream.rollupOptions', { year: 2026 })).toEqual([
      { reportType: 'quarterly', reportTypeLabel: '季度阶段性工作总结', period: '2026Q3', accepted: 3 },
    ]);

    // 越城区 sends an 更正版 naming the first package: accepted, and the first is superseded.
    const corrected = makePackage({
      district: yc,
      key: keys[0]!,
      version: 2,
      supersedes: ycPkg.sha256,
      indicators: quarterlyIndicators(1).map((i) => (i.key === 'meetings.held' ? { ...i, value: 5 } : i)),
    });
    const d = await app.call('upstream.importPackage', upload(corrected.zip, '越城区2026Q3-更正版.zip'));
    expect(d.package).toMatchObject({ status: 'accepted', version: 2, supersedes: ycPkg.sha256 });
    expect(d.superseded).toMatchObject({
      id: a.package.id,
      status: 'superseded',
      supersededBy: d.package.id,
    });
    rollup = await app.call('upstream.rollup', { reportType: 'quarterly', period: '2026Q3' });
    expect(rollup.rows.find((r) => r.district === '越城区')).toMatchObject({
      version: 2,
      values: { 'meetings.held': 5 },
    });
    expect(rollup.totals['meetings.held']).toBe(5 + 3 + 1);

    // A third 越城区 package that names nothing: refused, it would count the district twice.
    const silent = makePackage({
      district: yc,
      key: keys[0]!,
      version: 3,
      createdAt: '2026-10-10T09:00:00+08:00',
    });
    const e = await app.call('upstream.importPackage', upload(silent.zip, '越城区-又一版.zip'));
    expect(e.package.status).toBe('rejected');
    expect(e.package.reasons[0]).toMatch(
      /^已接收越城区的同一报告（第 \d+ 号，第2版）；本数据包没有声明取代它/,
    );
    // A package claiming to replace another district's: refused.
    const hijack = makePackage({ district: sy, key: keys[2]!, version: 2, supersedes: kqPkg.sha256 });
    const f = await app.call('upstream.importPackage', upload(hijack.zip, '上虞区-更正.zip'));
    expect(f.package.reasons[0]).toContain('属于其他单位');

    // An earlier version arriving after its 更正版 is refused as superseded (here: a fresh city database).
    const city2 = await newSetupApp({ now: '2026-10-20T02:00:00Z' });
    try {
      await city2.call('upstream.addTrustedKey', {
        districtName: '越城区',
        pem: keys[0]!.publicPem,
        note: '',
      });
      expect(
        (await city2.call('upstream.importPackage', upload(corrected.zip, 'v2.zip'))).package.status,
      ).toBe('accepted');
      const late = await city2.call('upstream.importPackage', upload(ycPkg.zip, 'v1.zip'));
      expect(late.package.reasons).toEqual(['该数据包已被更正版取代（不是最新版本）']);
    } finally {
      await city2.close();
    }

    // The list for the year, newest first; the stored zip comes back byte for byte.
    const list = await app.call('upstream.packages', { year: 2026 });
    expect(list.map((p) => p.status)).toEqual([
      'rejected',
      'rejected',
      'accepted',
      'accepted',
      'rejected',
      'accepted',
      'rejected',
      'superseded',
    ]);
    const back = await app.call('upstream.packageFile', { id: d.package.id });
    expect(Buffer.from(back.base64, 'base64').equals(Buffer.from(corrected.zip))).toBe(true);

    // The roll-up as xlsx, read back with another reader.
    const xlsx = await app.call('upstream.rollupXlsx', { reportType: 'quarterly', period: '2026Q3' });
    expect(xlsx.fileName).toBe('2026年第三季度季度阶段性工作总结汇总表.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '区县',
      '报送单位',
      '版本',
      '签署日期',
      '召开联席会议（次）',
      '双随机抽查户次（户次）',
      '受理12345投诉（件）',
      '任务清单完成率（%）',
    ]);
    const rows = [2, 3, 4, 5].map((n) => (ws.getRow(n).values as unknown[]).slice(1));
    // 签署日期 as a real date (2026年9月30日 in Excel).
    const sept30 = new Date(Date.UTC(2026, 8, 30));
    expect(rows[0]).toEqual(['柯桥区', '绍兴市柯桥区卫生健康局', '第1版', sept30, 3, 54, 16, 82]);
    expect(rows[2]!.slice(0, 5)).toEqual(['越城区', '绍兴市越城区卫生健康局', '第2版', sept30, 5]);
    expect(rows[3]).toEqual(['合计', '3 个区县', '', '', 9, 162, 13 + 16 + 19, '—']);
    const none = await app
      .call('upstream.rollupXlsx', { reportType: 'annual', period: '2026' })
      .catch((x: unknown) => x);
    expect((none as AppError).message).toBe('2026年度年度工作总结还没有已接收的数据包');

    // Removing a key stops its future packages, and is audited like every change here.
    await app.call('upstream.removeTrustedKey', { id: trusted.find((t) => t.districtName === '柯桥区')!.id });
    const later = makePackage({ district: kq, key: keys[1]!, reportType: 'annual', period: '2026' });
    expect(
      (await app.call('upstream.importPackage', upload(later.zip, 'kq-annual.zip'))).package.reasons[0],
    ).toMatch(/^签名者不在信任列表中/);
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('action', 'like', 'upstream.%')
      .execute();
    expect(audit.filter((x) => x.action === 'upstream.importPackage')).toHaveLength(10);
    expect(audit.find((x) => x.action === 'upstream.removeTrustedKey')!.summary).toContain(
      '移除 柯桥区 的公钥',
    );
  });
});
