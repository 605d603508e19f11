// Rule presets by source, and what records cite: every preset names a document the project holds (the seeds or the
// domain guide), a rule with more than one source offers each, the province picks its own, and the citation on a
// record (a 转报's reply deadline, a complaint's feedback deadline, the 记分 rules, the report deadline) follows the
// preset in force for the office — switched in 系统设置 → 业务规则, the records say so at once.
import { afterEach, describe, expect, it } from 'vitest';
import {
  RULE_KINDS,
  RULE_PRESETS,
  chosenPreset,
  complaintRuleText,
  presetsForProvince,
  presetsOf,
  publicationRuleText,
  referralRuleText,
  ruleCitation,
  ruleSourceText,
  type PROVINCES,
} from '../../shared/contract';
import { ADMIN, newApp, type TestApp } from './helpers';

type ProvinceName = (typeof PROVINCES)[number];
const NOW = '2026-11-22T10:00:00+08:00';
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

/** The documents the project's sources give for these rules (../shared/seeds/README.md and DOMAIN.md), and nothing
 *  else: a preset citing any other document number would be one the project made up. */
const KNOWN_SOURCES = [
  '京卫监督〔2019〕37号', // seed 000
  '越政办发〔2020〕64号', // seed 003
  '冀政办发〔2015〕22号', // DOMAIN: 河北, publication
  '浙江省卫生健康系统通行做法', // DOMAIN: "Zhejiang health practice", no number
  '《贵州省医疗机构不良执业行为记分管理办法》（2019）', // DOMAIN: 贵州 2019
  '《泰州市医务人员不良执业行为记分管理办法》（2024）', // DOMAIN: 泰州 2024
];

describe('presets by source', () => {
  it('cite only documents the project holds, each preset of one kind from a different source', () => {
    for (const p of RULE_PRESETS) expect(KNOWN_SOURCES, p.id).toContain(p.document);
    for (const k of RULE_KINDS) {
      const all = presetsOf(k);
      expect(all.length, k).toBeGreaterThan(0);
      expect(new Set(all.map((p) => `${p.province}${p.locality ?? ''} ${p.document}`)).size).toBe(all.length);
    }
    // The publication deadline has two sources: 河北's document and 浙江's practice (DOMAIN), both 20 working days.
    expect(presetsOf('publication').map((p) => p.province)).toEqual(['河北省', '浙江省']);
    for (const p of presetsOf('publication')) expect(p.deadline).toEqual({ days: 20, unit: 'working' });
  });

  it('the province picks its own preset where there is one, the first held otherwise', () => {
    expect(chosenPreset(presetsForProvince('浙江省'), 'publication').id).toBe(
      'zhejiang-practice-publication',
    );
    expect(chosenPreset(presetsForProvince('河北省'), 'publication').id).toBe('hebei-jzbf-2015-22');
    expect(chosenPreset(presetsForProvince('四川省'), 'publication').id).toBe('hebei-jzbf-2015-22');
    expect(chosenPreset(presetsForProvince(null), 'publication').id).toBe('hebei-jzbf-2015-22');
  });

  it('records cite the preset in force, with 参照 for another province’s and 本单位设置 for the office’s own days', () => {
    const zhejiang = { province: '浙江省', rulePresets: presetsForProvince('浙江省') };
    const rule = { days: 20, unit: 'working' } as const;
    expect(publicationRuleText(rule, ruleCitation(zhejiang, 'publication'))).toBe(
      '检查结束后 20 个工作日内公开（依据浙江省卫生健康系统通行做法）',
    );
    // The same office switches the publication rule to 河北's document: the citation follows, as a reference.
    const switched = {
      ...zhejiang,
      rulePresets: { ...zhejiang.rulePresets, publication: 'hebei-jzbf-2015-22' },
    };
    expect(publicationRuleText(rule, ruleCitation(switched, 'publication'))).toBe(
      '检查结束后 20 个工作日内公开（参照冀政办发〔2015〕22号）',
    );
    expect(publicationRuleText({ days: 10, unit: 'working' }, ruleCitation(switched, 'publication'))).toBe(
      '检查结束后 10 个工作日内公开（本单位设置；冀政办发〔2015〕22号规定为 20 个工作日）',
    );
    // A 北京 office has no referral or 12345 document of its own here: 越城区's is cited as a reference.
    const beijing = { province: '北京市', rulePresets: presetsForProvince('北京市') };
    expect(referralRuleText({ days: 15, unit: 'calendar' }, ruleCitation(beijing, 'referralReply'))).toBe(
      '收到后 15 日内书面回复（参照越政办发〔2020〕64号）',
    );
    expect(
      complaintRuleText({ days: 7, unit: 'calendar' }, ruleCitation(zhejiang, 'complaintFeedback')),
    ).toBe('办结后 7 日内反馈区卫生健康局（越政办发〔2020〕64号）');
    expect(ruleSourceText(zhejiang, 'institutionScoring')).toBe(
      '参照《贵州省医疗机构不良执业行为记分管理办法》（2019）',
    );
    expect(ruleSourceText({ province: '贵州省' }, 'institutionScoring')).toBe(
      '依据《贵州省医疗机构不良执业行为记分管理办法》（2019）',
    );
  });
});

async function office(province: ProvinceName) {
  const app = await newApp({ now: NOW });
  apps.push(app);
  await app.call('system.setup', {
    office: { name: '绍兴市越城区卫生健康局', docPrefix: '越卫健' },
    admin: ADMIN,
    start: { quarter: '2026Q1', province },
  });
  return app;
}

describe('the records of an office follow its presets', () => {
  it('a referral, a complaint, the 记分 rules and the report deadline cite what the office chose', async () => {
    const app = await office('浙江省');
    const departments = await app.call('departments.list', { includeInactive: true });
    const dept = (n: string) => departments.find((d) => d.shortName === n)!.id;
    const [referral] = await app.call('referrals.create', {
      fromDepartmentId: dept('区市场监管局'),
      toDepartmentIds: [dept('区卫生健康局')],
      matter: '检查中发现某诊所超范围开展医疗美容项目',
      receivedOn: '2026-11-20',
    });
    expect(referral!.ruleText).toBe('收到后 15 日内书面回复（越政办发〔2020〕64号）');
    const complaint = await app.call('complaints.create', {
      ticketNo: 'GD20261120001',
      receivedOn: '2026-11-10',
      content: '某诊所收费不透明',
      category: 'charges',
      departmentId: dept('区卫生健康局'),
    });
    const handled = await app.call('complaints.closeHandling', {
      id: complaint.id,
      version: complaint.version,
      handlingResult: '已责令整改并退费',
      handledOn: '2026-11-18',
      substantiated: false,
    });
    expect(handled.ruleText).toBe('办结后 7 日内反馈区卫生健康局（越政办发〔2020〕64号）');
    const credit = await app.call('credit.rules', {});
    expect(credit.rules.institution.source).toBe('参照《贵州省医疗机构不良执业行为记分管理办法》（2019）');
    expect(credit.rules.practitioner.source).toBe('参照《泰州市医务人员不良执业行为记分管理办法》（2024）');
    expect((await app.call('reports.overview', {})).rulesProvision).toMatch(
      /^参照京卫监督〔2019〕37号 三：每季度进行一次阶段性总结/,
    );

    // The office says it is in 贵州 (its own 记分 rule) and keeps 越城区's referral rule: the same records now cite
    // the rule as a reference, the 记分 rule as its own.
    const s = await app.call('settings.get', {});
    await app.call('settings.update', {
      province: '贵州省',
      rulePresets: { ...s.rulePresets, ...presetsForProvince('贵州省') },
    });
    expect((await app.call('referrals.get', { id: referral!.id })).ruleText).toBe(
      '收到后 15 日内书面回复（参照越政办发〔2020〕64号）',
    );
    expect((await app.call('complaints.get', { id: complaint.id })).ruleText).toBe(
      '办结后 7 日内反馈区卫生健康局（参照越政办发〔2020〕64号）',
    );
    const after = await app.call('credit.rules', {});
    expect(after.rules.institution.source).toBe('依据《贵州省医疗机构不良执业行为记分管理办法》（2019）');
    const preview = await app.call('referrals.deadlines', { referralReceivedOn: '2026-11-20' });
    expect(preview.referralReply.text).toBe('收到后 15 日内书面回复（参照越政办发〔2020〕64号）');
    expect(preview.referralReply.source).toMatch(/^参照越政办发〔2020〕64号 四（五）：/);
  });
});
