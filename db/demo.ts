// The demo district: a realistic, reproducible 越城区 office for trying the app and for tests. It goes
// through the dispatcher like any user would, so every record has its audit row. Each module adds its own
// records in its own folder (checklist/demo.ts, meetings/demo.ts, enforcement/demo-*.ts, credit/demo.ts); this
// file sets up the office, its users and departments and runs them in order.
import { seedEnforcementDirectories, type EnforcementSeedSummary } from './enforcement/demo-directories';
import { seedReferralsAndComplaints, type ReferralSeedSummary } from './enforcement/demo-referrals';
import { seedCredit, type CreditSeedSummary } from './credit/demo';
import { seedJointActions, type JointActionSeedSummary } from './enforcement/demo-joint-actions';
import { seedInspections, type InspectionSeedSummary } from './enforcement/demo-inspections';
import type { Input, MethodName, Output } from '../shared/contract';
import { usccCheckChar } from '../shared/domain/uscc';
import { SeededRandom, chineseName, officePhone } from './core/demo-random';
import type { Travel } from './core/clock';
import { seedChecklist } from './checklist/demo';
import { seedReports, type ReportSeedSummary } from './reports/demo';
import { presetsForProvince } from '../shared/domain/rule-presets';
import { seedMeetings } from './meetings/demo';
import { seedSelfcheck, type SelfcheckSeedSummary } from './selfcheck/demo';

export const DEMO_PASSWORD = 'Demo@2026';
export const DEMO_USERS = [
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
  { username: 'mishu', displayName: '王丽', role: 'secretary' },
  { username: 'keyuan', displayName: '张强', role: 'clerk' },
  { username: 'lingdao', displayName: '李明', role: 'leader' },
  { username: 'shenji', displayName: '陈静', role: 'auditor' },
] as const;

export interface DemoSummary {
  office: string;
  users: { username: string; displayName: string; role: string }[];
  password: string;
  departments: number;
  checklistReports: number;
  /** 联席会议 of last year and this year (held, ahead, upcoming and cancelled) and the decisions still open. */
  meetings: number;
  openDecisions: number;
  /** 监管对象, 从业人员 and 执法人员 directories. */
  enforcement: EnforcementSeedSummary;
  /** 转报 and 12345 complaints of the last twelve months. */
  cases: ReferralSeedSummary;
  /** Credit-ledger entries, and the institution whose points crossed a threshold. */
  credit: CreditSeedSummary;
  /** 联合执法行动 / 专项整治 of last year and this year. */
  jointActions: JointActionSeedSummary;
  /** This year's 双随机 plan: a drawn batch fully inspected and published, and a few 日常监督检查. */
  inspections: InspectionSeedSummary;
  /** This year's 依法执业自查: submissions, 承诺书, 登记未自查, 督导 and warning talks. */
  selfcheck: SelfcheckSeedSummary;
  /** 报告上报: the reports owed before today signed and sent, this quarter's in draft. */
  reports: ReportSeedSummary;
}

/** How the demo acts: a dispatcher call bound to one session (the CLI's, or a test's). */
export type Call = <N extends MethodName>(name: N, args: Input<N>) => Promise<Output<N>>;

/**
 * `travel` moves the app's clock (db/core/clock.ts): the demo's drawn batch was sealed and drawn on days of its own,
 * and seals and draws carry the app's time, not one the caller chooses.
 */
export async function seedDemo(
  call: Call,
  travel: Travel,
  seed = 2026,
  /** `reports: false` leaves 报告上报 empty (no signing key, no reports): to go through it from the start. */
  options: { reports?: boolean } = {},
): Promise<DemoSummary> {
  const rng = new SeededRandom(seed);
  const uscc17 = '12330602MB1234567';
  await call('system.setup', {
    office: {
      name: '绍兴市越城区卫生健康局',
      docPrefix: '越卫健',
      uscc: uscc17 + usccCheckChar(uscc17),
      address: '浙江省绍兴市越城区解放北路 1 号',
      contactPerson: '王丽',
      contactPhone: '0575-85100000',
    },
    admin: { username: 'admin', displayName: '系统管理员', password: DEMO_PASSWORD },
  });
  // The demo office has used the app since the start of this year (last year's meetings were prepared on paper;
  // in the first quarter, since last year's fourth), in 浙江 (越城区 is its document's district).
  const { year, quarter } = await call('calendar.status', {});
  await call('settings.update', {
    startQuarter: quarter === 1 ? `${year - 1}Q4` : `${year}Q1`,
    province: '浙江省',
    rulePresets: presetsForProvince('浙江省'),
  });
  for (const u of DEMO_USERS.slice(1)) {
    await call('users.create', { ...u, password: DEMO_PASSWORD });
  }
  const departments = await call('departments.list', { includeInactive: true });
  for (const d of departments) {
    if (d.kind !== 'department') continue;
    const { id, updatedAt: _u, active: _a, ...rest } = d;
    await call('departments.update', {
      ...rest,
      id,
      contactPerson: chineseName(rng),
      contactPhone: officePhone(rng),
    });
  }
  const checklistReports = await seedChecklist(call, new SeededRandom(seed + 7));
  const meetings = await seedMeetings(call, rng);
  // The directories are kept by the 科员, with their own random stream so each part stays as it was.
  await call('auth.logout', {});
  await call('auth.login', { username: 'keyuan', password: DEMO_PASSWORD });
  const enforcement = await seedEnforcementDirectories(call, new SeededRandom(seed + 1));
  const cases = await seedReferralsAndComplaints(call, new SeededRandom(seed + 2));
  const credit = await seedCredit(call, new SeededRandom(seed + 3));
  const jointActions = await seedJointActions(call, new SeededRandom(seed + 4));
  // The 科员 signs in again after each move of the clock: a session idle for days is locked.
  const at = async (when: Date | null) => {
    travel(when);
    await call('auth.login', { username: 'keyuan', password: DEMO_PASSWORD });
  };
  const inspections = await seedInspections(call, new SeededRandom(seed + 5), at, async (username) => {
    await call('auth.login', { username, password: DEMO_PASSWORD });
  });
  const selfcheck = await seedSelfcheck(call, new SeededRandom(seed + 6));
  // The ledger also holds what other modules wrote (投诉查实 of substantiated complaints, inspection results):
  // count every entry. Keep this after the last seed that records credit facts.
  credit.entries = (await call('credit.chainHead', {})).seq;
  // Reports last: they are computed from every module's records.
  const reports =
    options.reports === false
      ? { signed: 0, drafts: 0 }
      : await seedReports(call, async (username, when) => {
          travel(when);
          await call('auth.login', { username, password: DEMO_PASSWORD });
        });
  await call('auth.logout', {});
  return {
    office: '绍兴市越城区卫生健康局',
    users: DEMO_USERS.map((u) => ({ ...u })),
    password: DEMO_PASSWORD,
    departments: departments.length,
    checklistReports,
    meetings: meetings.meetings,
    openDecisions: meetings.openDecisions,
    enforcement,
    cases,
    credit,
    jointActions,
    inspections,
    selfcheck,
    reports,
  };
}
