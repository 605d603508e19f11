// A brand-new office's first day: setup asks 从哪个季度开始使用本系统 and the province. Nothing is due before the
// start quarter (reports, referrals, complaints, every source of the 工作台), an office without a start keeps the
// old behaviour (so the check can fail), the rules come from the province's own documents where the project has
// them and are shown as another province's reference otherwise.
import { afterEach, describe, expect, it } from 'vitest';
import {
  RULE_KINDS,
  chosenPreset,
  isOwnProvince,
  presetStanding,
  presetsForProvince,
  type PROVINCES,
} from '../../shared/contract';
import { ADMIN, newApp, type TestApp } from './helpers';

type ProvinceName = (typeof PROVINCES)[number];
const NOW = '2026-12-05T10:00:00+08:00';
const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function office(start?: { quarter: string; province: ProvinceName | null }) {
  const app = await newApp({ now: NOW });
  apps.push(app);
  await app.call('system.setup', {
    office: { name: '绍兴市越城区卫生健康局', docPrefix: '越卫健' },
    admin: ADMIN,
    ...(start ? { start } : {}),
  });
  return app;
}

describe('the start quarter', () => {
  it('an office set up without a start owes every report since last year (the old first day)', async () => {
    const app = await office();
    const dash = await app.call('dashboard.data', {});
    // 2025Q4, 2026Q1–Q3 quarterly, 2025 annual and assessment.
    expect(dash.totals.overdue).toBe(6);
  });

  it('nothing is due before the quarter the office starts in', async () => {
    const app = await office({ quarter: '2026Q4', province: '浙江省' });
    const settings = await app.call('settings.get', {});
    expect(settings).toMatchObject({ startQuarter: '2026Q4', province: '浙江省' });
    expect((await app.call('dashboard.data', {})).totals.overdue).toBe(0);

    // A referral received and a complaint handled before the start, never answered: not due on the 工作台.
    const departments = await app.call('departments.list', { includeInactive: false });
    const [a, b] = departments.filter((d) => d.kind === 'department');
    await app.call('referrals.create', {
      fromDepartmentId: a!.id,
      toDepartmentIds: [b!.id],
      matter: '启用前收到的转报',
      receivedOn: '2026-08-03',
    });
    await app.call('referrals.create', {
      fromDepartmentId: a!.id,
      toDepartmentIds: [b!.id],
      matter: '启用后收到的转报',
      receivedOn: '2026-11-02',
    });

    const dash = await app.call('dashboard.data', {});
    expect(dash.totals.overdue).toBe(1);
    const due = await app.call('dashboard.due', {
      scope: 'all',
      startRow: 0,
      endRow: 100,
      sort: [],
    } as never);
    expect(due.rows.every((i) => i.dueOn >= '2026-10-01')).toBe(true);
    // The referral received after the start is owed (and late: 15 days from 11-02); the earlier one is not.
    const referrals = due.rows.filter((i) => i.kind === 'referral_reply');
    expect(referrals).toHaveLength(1);
    expect(referrals[0]!.urgency).toBe('overdue');

    // The reports owed: this quarter's summary and this year's yearly reports, none of 2025 or 2026Q1–Q3.
    const overview = await app.call('reports.overview', {});
    const owed = overview.obligations.map((o) => `${o.type}:${o.period}`).sort();
    expect(owed).toEqual(['annual:2026', 'assessment:2026', 'quarterly:2026Q4']);
    expect(overview.obligations.every((o) => o.due.status !== 'overdue')).toBe(true);
    const quarterly = dash.obligations.find((o) => o.key === 'quarterly_on_time');
    expect(quarterly).toMatchObject({ required: 0, status: 'met' });
  });

  it('an administrator changes the start quarter, audited; bad input writes nothing', async () => {
    const app = await office({ quarter: '2026Q4', province: '浙江省' });
    await expect(app.call('settings.update', { startQuarter: '2026Q5' })).rejects.toThrow(
      /开始使用的季度应为/,
    );
    expect((await app.call('settings.get', {})).startQuarter).toBe('2026Q4');
    await app.call('settings.update', { startQuarter: '2026Q1' });
    expect((await app.call('dashboard.data', {})).totals.overdue).toBe(3); // 2026Q1–Q3 summaries
    const audit = await app.call('audit.list', { entity: 'settings' } as never);
    const rows = (Array.isArray(audit) ? audit : (audit as { rows: { summary: string }[] }).rows) as {
      summary: string;
    }[];
    expect(rows.some((r) => r.summary.includes('startQuarter'))).toBe(true);
    expect(rows.some((r) => r.summary.includes('自2026年第四季度起使用本系统'))).toBe(true);
  });

  it('setup refuses an unknown province with a Chinese message and creates nothing', async () => {
    const app = await newApp({ now: NOW });
    apps.push(app);
    await expect(
      app.call('system.setup', {
        office: { name: '某区卫生健康局', docPrefix: '某卫健' },
        admin: ADMIN,
        start: { quarter: '2026Q4', province: '火星省' as never },
      }),
    ).rejects.toThrow(/请选择本单位所在省份/);
    expect((await app.call('system.status', {})).initialized).toBe(false);
  });
});

describe('rule presets by province', () => {
  it('浙江 takes its own publication, 12345 and referral rules and refers to others for the rest', () => {
    const choice = presetsForProvince('浙江省');
    const own = RULE_KINDS.filter((k) => isOwnProvince(chosenPreset(choice, k), '浙江省'));
    expect(own).toEqual(['publication', 'complaintFeedback', 'referralReply']);
    const feedback = chosenPreset(choice, 'complaintFeedback');
    expect(feedback.deadline).toEqual({ days: 7, unit: 'calendar' });
    expect(feedback.provision).toContain('一周内');
    const referral = chosenPreset(choice, 'referralReply');
    expect(referral.deadline).toEqual({ days: 15, unit: 'calendar' });
    expect(presetStanding(referral, '浙江省')).toBe('本省规定：浙江省绍兴市越城区 越政办发〔2020〕64号');
    expect(presetStanding(chosenPreset(choice, 'reportDue'), '浙江省')).toBe(
      '浙江省暂无收录的规定，参照北京市 京卫监督〔2019〕37号',
    );
  });

  it('北京 takes its own report deadline; 西藏 has none of its own and sees every rule as a reference', () => {
    expect(isOwnProvince(chosenPreset(presetsForProvince('北京市'), 'reportDue'), '北京市')).toBe(true);
    const xizang = presetsForProvince('西藏自治区');
    for (const k of RULE_KINDS) {
      expect(isOwnProvince(chosenPreset(xizang, k), '西藏自治区')).toBe(false);
      expect(presetStanding(chosenPreset(xizang, k), '西藏自治区')).toMatch(
        /^西藏自治区暂无收录的规定，参照/,
      );
    }
  });

  it('setup stores the province presets, and the settings refuse a preset of another kind', async () => {
    const app = await office({ quarter: '2026Q4', province: '浙江省' });
    const s = await app.call('settings.get', {});
    expect(s.rulePresets).toEqual(presetsForProvince('浙江省'));
    await expect(
      app.call('settings.update', { rulePresets: { reportDue: 'hebei-jzbf-2015-22' } }),
    ).rejects.toThrow(/规则预设/);
  });
});
