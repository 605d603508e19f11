import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors';
import { contract } from '../../shared/contract';
import { buildHandlers } from '../../db/app';
import { insertDepartment } from '../../db/system/departments';
import { departmentInput } from '../../shared/contract';
import { ADMIN, count, newApp, newSetupApp, type TestApp } from './helpers';
import { DISTRICTS, makeKey, makePackage } from '../fixtures/packages';
import { usccCheckChar } from '../../shared/domain/uscc';

let app: TestApp;
afterEach(async () => app?.close());

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  return e as AppError;
}

describe('dispatcher', () => {
  it('rejects invalid arguments with a VALIDATION AppError in Chinese and changes nothing', async () => {
    app = await newSetupApp();
    const before = { d: await count(app.db, 'departments'), a: await count(app.db, 'audit_log') };
    const e = await expectAppError(
      app.call('departments.create', {
        fullName: '',
        shortName: 'x'.repeat(31),
        contactPhone: 'abc',
      } as never),
      'VALIDATION',
    );
    expect(e.message).toContain('请填写单位全称');
    expect(e.message).toContain('联系电话只能包含数字');
    const issues = (e.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining(['fullName', 'shortName', 'contactPhone']));
    expect(await count(app.db, 'departments')).toBe(before.d);
    expect(await count(app.db, 'audit_log')).toBe(before.a);
    // wrong types altogether, and a method that does not exist
    await expectAppError(app.call('departments.list', { includeInactive: 'yes' } as never), 'VALIDATION');
    await expectAppError(app.dispatcher.call('no.such' as never, {} as never, 'test'), 'UNKNOWN_METHOD');
  });

  it('requires a session and the right role', async () => {
    app = await newSetupApp();
    await expectAppError(
      app.call('departments.list', { includeInactive: true }, 'stranger'),
      'UNAUTHENTICATED',
    );
    await app.call('users.create', {
      username: 'clerk',
      displayName: '科员甲',
      role: 'clerk',
      password: 'Clerk#2026',
    });
    await app.call('auth.login', { username: 'clerk', password: 'Clerk#2026' }, 'clerk-session');
    const e = await expectAppError(app.call('users.list', {}, 'clerk-session'), 'FORBIDDEN');
    expect(e.message).toBe('当前角色（科员）无权执行此操作（需要“管理用户”权限）');
    // a deactivated account's session ends at its next call
    const clerk = (await app.call('users.list', {})).find((u) => u.username === 'clerk')!;
    await app.call('users.update', { id: clerk.id, displayName: '科员甲', role: 'clerk', active: false });
    await expectAppError(
      app.call('departments.list', { includeInactive: true }, 'clerk-session'),
      'UNAUTHENTICATED',
    );
  });

  it('a multi-row write that fails half-way leaves no trace', async () => {
    const handlers = buildHandlers();
    handlers['departments.create'] = async (input, ctx) => {
      await insertDepartment(ctx, input);
      await insertDepartment(
        ctx,
        departmentInput.parse({ fullName: `${input.fullName}二`, shortName: `${input.shortName}二` }),
      );
      throw new AppError('INTERNAL', '模拟故障');
    };
    app = await newSetupApp({ handlers });
    const before = {
      d: await count(app.db, 'departments'),
      al: await count(app.db, 'department_aliases'),
      a: await count(app.db, 'audit_log'),
    };
    await expectAppError(
      app.call('departments.create', { fullName: '甲单位', shortName: '甲', aliases: ['甲甲'] }),
      'INTERNAL',
    );
    expect(await count(app.db, 'departments')).toBe(before.d);
    expect(await count(app.db, 'department_aliases')).toBe(before.al);
    expect(await count(app.db, 'audit_log')).toBe(before.a);
  });

  it('a mutation that writes no audit row is refused and rolled back', async () => {
    const handlers = buildHandlers();
    handlers['calendar.setOverride'] = async (input, ctx) => {
      await ctx.db
        .insertInto('calendar_overrides')
        .values({ ...input, updated_at: 'x', updated_by: 'x' })
        .execute();
      return { ...input, updatedAt: 'x', updatedBy: 'x' };
    };
    app = await newSetupApp({ handlers });
    await expectAppError(
      app.call('calendar.setOverride', { date: '2026-12-31', kind: 'holiday', name: '测试' }),
      'INTERNAL',
    );
    expect(await count(app.db, 'calendar_overrides')).toBe(0);
  });

  it('every mutation writes its audit row, with the acting user, in the same transaction', async () => {
    app = await newApp({ now: '2026-11-22T01:00:00Z', dataDir: mkdtempSync(join(tmpdir(), 'zj-disp-')) });
    const seen = new Map<string, { actor_id: number | null; actor_name: string }[]>();
    const run = async (fn: () => Promise<unknown>) => {
      const last =
        (
          await app.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.max('id').as('m'))
            .executeTakeFirst()
        )?.m ?? 0;
      await fn();
      const rows = await app.db.selectFrom('audit_log').selectAll().where('id', '>', Number(last)).execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) seen.set(r.action, [...(seen.get(r.action) ?? []), r]);
    };
    await run(() =>
      app.call('system.setup', { office: { name: '越城区卫生健康局', docPrefix: '越卫健' }, admin: ADMIN }),
    );
    await run(() => app.call('auth.logout', {}));
    await run(() => app.call('auth.login', { username: 'admin', password: ADMIN.password }));
    await run(() =>
      app.call('auth.changePassword', { currentPassword: ADMIN.password, newPassword: 'Changed#2026' }),
    );
    await run(() => app.call('office.update', { name: '越城区卫生健康局', docPrefix: '越卫', uscc: '' }));
    await run(() =>
      app.call('users.create', {
        username: 'mishu',
        displayName: '秘书',
        role: 'secretary',
        password: 'Mishu#2026',
      }),
    );
    const mishu = (await app.call('users.list', {})).find((u) => u.username === 'mishu')!;
    await run(() =>
      app.call('users.update', { id: mishu.id, displayName: '会务秘书', role: 'secretary', active: true }),
    );
    await run(() => app.call('users.resetPassword', { id: mishu.id, newPassword: 'Reset#20266' }));
    const d = await app.call('departments.create', { fullName: '测试单位全称', shortName: '测试单位' });
    await run(() => app.call('departments.create', { fullName: '测试单位全称二', shortName: '测试单位二' }));
    await run(() =>
      app.call('departments.update', {
        id: d.id,
        fullName: '测试单位全称',
        shortName: '测试单位',
        contactPerson: '甲',
      }),
    );
    await run(() => app.call('departments.setActive', { id: d.id, active: false }));
    const ids = (await app.call('departments.list', { includeInactive: true })).map((x) => x.id).reverse();
    await run(() => app.call('departments.reorder', { ids }));
    const file = await app.call('departments.exportXlsx', { includeInactive: true });
    await run(() => app.call('departments.importApply', { fileName: 'x.xlsx', base64: file.base64 }));
    await run(() => app.call('calendar.setOverride', { date: '2026-12-31', kind: 'holiday', name: '年终' }));
    await run(() => app.call('calendar.removeOverride', { date: '2026-12-31' }));
    await run(() =>
      app.call('calendar.enterYear', {
        year: 2030,
        holidays: [{ name: '元旦', start: '2030-01-01', end: '2030-01-01' }],
        workdays: [],
      }),
    );

    const cl = await app.call('checklist.create', { year: 2026, templateId: null, unresolved: [] });
    await run(() =>
      app.call('checklist.create', { year: 2025, templateId: 'yuecheng-2020', unresolved: [] }),
    );
    await run(() => app.call('checklist.copyForward', { fromYear: 2025, toYear: 2027 }));
    await run(() =>
      app.call('checklist.addItem', {
        checklistId: cl.id,
        title: '新任务',
        units: [{ departmentId: d.id, role: 'lead' }],
      }),
    );
    const item = (await app.call('checklist.get', { year: 2026 }))!.items[0]!;
    await run(() =>
      app.call('checklist.updateItem', {
        itemId: item.id,
        title: '改名任务',
        units: [{ departmentId: d.id, role: 'lead' }],
      }),
    );
    await run(() =>
      app.call('checklist.report', {
        itemId: item.id,
        departmentId: d.id,
        quarter: 4,
        status: 'in_progress',
      }),
    );
    await run(() => app.call('checklist.summarize', { itemId: item.id, quarter: 4, text: '汇总' }));
    const wbFile = await app.call('checklist.exportWorkbook', { year: 2026, quarter: 3, departmentId: d.id });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(wbFile.base64, 'base64') as unknown as ArrayBuffer);
    wb.getWorksheet('填报表')!.getRow(5).getCell(4).value = '已完成'; // first data row, 进展状态
    const filled = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    await run(() => app.call('checklist.importApply', { fileName: '填报表.xlsx', base64: filled }));
    await run(() => app.call('checklist.reorder', { checklistId: cl.id, itemIds: [item.id] }));
    await run(() => app.call('checklist.setRetired', { itemId: item.id, retired: true }));
    await run(() =>
      app.call('settings.update', { checklistReportDeadline: { rule: 'workingDaysAfterQuarter', days: 5 } }),
    );
    const meetingBase = {
      type: 'regular' as const,
      title: '联席会议',
      startTime: '09:00',
      durationMinutes: 60,
    };
    const departments = [{ departmentId: ids[0]!, role: 'attend' as const, attendeeNames: '' }];
    await run(() =>
      app.call('meetings.createSeries', {
        rule: {
          frequency: 'quarterly',
          interval: 1,
          anchor: { kind: 'dayOfMonth', day: 10 },
          workingDayOnly: 'nextWorkingDay',
          start: '2026-01-01',
          count: 2,
        },
        meeting: meetingBase,
        departments,
      }),
    );
    let m = (
      await app.call('meetings.create', { ...meetingBase, date: '2026-11-20', place: '会议室', departments })
    ).meeting;
    await run(async () => {
      m = (
        await app.call('meetings.update', {
          ...meetingBase,
          id: m.id,
          updatedAt: m.updatedAt,
          date: '2026-11-20',
          place: '会议室',
          departments,
        })
      ).meeting;
    });
    await run(() => app.call('meetings.move', { id: m.id, date: '2026-11-19', startTime: '10:00' }));
    await run(async () => {
      m = (
        await app.call('meetings.saveAgenda', {
          meetingId: m.id,
          items: [{ title: '议题一', presenterDepartmentId: null, minutes: 30, checklistItemIds: [] }],
        })
      ).meeting;
    });
    await run(async () => {
      m = (
        await app.call('meetings.addMaterial', {
          agendaItemId: m.agenda[0]!.id,
          file: { fileName: '材料.txt', base64: Buffer.from('会议材料').toString('base64') },
        })
      ).meeting;
    });
    await run(() => app.call('meetings.removeMaterial', { materialId: m.agenda[0]!.materials[0]!.id }));
    await run(() => app.call('meetings.issueNotice', { id: m.id }));
    await run(() =>
      app.call('meetings.recordAttendance', {
        meetingId: m.id,
        rows: [{ departmentId: ids[0]!, attendance: 'present' }],
      }),
    );
    await run(async () => {
      m = (
        await app.call('meetings.saveMinutes', {
          meetingId: m.id,
          topics: [],
          decisions: [{ text: '落实', dueDate: '2026-12-31', departmentIds: [ids[0]!] }],
        })
      ).meeting;
    });
    const decision = m.decisions[0]!;
    await run(() => app.call('decisions.addUpdate', { decisionId: decision.id, text: '推进中' }));
    await run(() =>
      app.call('decisions.urge', { decisionId: decision.id, urgedOn: '2026-11-21', method: 'phone' }),
    );
    await run(() =>
      app.call('decisions.urgeMany', {
        decisionIds: [decision.id],
        urgedOn: '2026-11-21',
        method: 'written',
      }),
    );
    await run(() => app.call('decisions.close', { decisionId: decision.id, result: '已完成' }));
    await run(() => app.call('decisions.reopen', { decisionId: decision.id, reason: '需补充' }));
    await run(() => app.call('decisions.closeMany', { decisionIds: [decision.id], result: '已补充完成' }));
    let spare = m;
    await run(async () => {
      spare = (await app.call('meetings.create', { ...meetingBase, date: '2026-12-20' })).meeting;
    });
    await run(() => app.call('meetings.cancel', { id: spare.id, reason: '改期' }));
    // 联合执法 directories
    const institution = {
      name: '越城区人民医院',
      category: 'hospital' as const,
      ownership: 'public' as const,
    };
    let inst = await app.call('institutions.create', { ...institution, uscc: '12330602MB0000011E' });
    await run(async () => {
      inst = await app.call('institutions.create', {
        ...institution,
        name: '越城区中医院',
        uscc: '52330602MJ0000022W',
      });
    });
    await run(() =>
      app.call('institutions.update', { ...institution, id: inst.id, uscc: inst.uscc, grid: '网格1' }),
    );
    await run(() => app.call('institutions.setStatus', { id: inst.id, status: 'suspended' }));
    const instNow = (await app.call('institutions.list', {})).find((x) => x.id === inst.id)!;
    await run(() =>
      app.call('institutions.setStatusMany', {
        records: [{ id: inst.id, version: instNow.version }],
        status: 'operating',
      }),
    );
    const instFile = await app.call('institutions.exportXlsx', { includeInactive: true });
    await run(() => app.call('institutions.importApply', { fileName: 'i.xlsx', base64: instFile.base64 }));
    const practitioner = { name: '王伟', category: 'physician' as const, certificateNo: '110330600012345' };
    const pr = await app.call('practitioners.create', { ...practitioner, institutionId: inst.id });
    await run(() =>
      app.call('practitioners.create', {
        ...practitioner,
        certificateNo: '110330600012346',
        institutionId: inst.id,
      }),
    );
    await run(() =>
      app.call('practitioners.update', {
        ...practitioner,
        id: pr.id,
        institutionId: inst.id,
        name: '王伟强',
      }),
    );
    await run(() => app.call('practitioners.setActive', { id: pr.id, active: false }));
    const prNow = (await app.call('practitioners.list', {})).find((x) => x.id === pr.id)!;
    await run(() =>
      app.call('practitioners.setActiveMany', {
        records: [{ id: pr.id, version: prNow.version }],
        active: true,
      }),
    );
    const prFile = await app.call('practitioners.exportXlsx', { includeInactive: true });
    await run(() => app.call('practitioners.importApply', { fileName: 'p.xlsx', base64: prFile.base64 }));
    const inspector = { name: '陈静', departmentId: ids[0]!, badgeNo: '33060219001' };
    const insp = await app.call('inspectors.create', inspector);
    await run(() => app.call('inspectors.create', { ...inspector, badgeNo: '33060219002' }));
    await run(() =>
      app.call('inspectors.update', {
        ...inspector,
        id: insp.id,
        conflicts: [{ institutionId: inst.id, reason: '亲属' }],
      }),
    );
    await run(() => app.call('inspectors.setActive', { id: insp.id, active: false }));
    const inspNow = (await app.call('inspectors.list', {})).find((x) => x.id === insp.id)!;
    await run(() =>
      app.call('inspectors.setActiveMany', {
        records: [{ id: insp.id, version: inspNow.version }],
        active: true,
      }),
    );
    const inspFile = await app.call('inspectors.exportXlsx', { includeInactive: true });
    await run(() => app.call('inspectors.importApply', { fileName: 'x.xlsx', base64: inspFile.base64 }));
    // 转报移送 and 12345 complaints
    const [deptA, deptB, deptC] = (await app.call('departments.list', { includeInactive: false })).filter(
      (x) => x.kind === 'department',
    );
    const referralBase = {
      fromDepartmentId: deptA!.id,
      matter: '转报事项',
      institutionId: inst.id,
      receivedOn: '2026-11-20',
    };
    const [referral] = await app.call('referrals.create', { ...referralBase, toDepartmentIds: [deptB!.id] });
    await run(() =>
      app.call('referrals.create', { ...referralBase, toDepartmentIds: [deptB!.id, deptC!.id] }),
    );
    await run(() =>
      app.call('referrals.update', { ...referralBase, id: referral!.id, toDepartmentId: deptC!.id }),
    );
    await run(() =>
      app.call('referrals.reply', {
        id: referral!.id,
        replyOn: '2026-11-21',
        replyText: '已书面回复',
        file: { fileName: '回复.txt', base64: Buffer.from('书面回复').toString('base64') },
      }),
    );
    await run(() => app.call('referrals.withdrawReply', { id: referral!.id, reason: '登记错误' }));
    await run(() => app.call('referrals.remove', { id: referral!.id, reason: '重复登记' }));
    const complaintBase = {
      ticketNo: 'SX202611200001',
      receivedOn: '2026-11-20',
      content: '投诉内容',
      category: 'medical_service' as const,
      departmentId: deptA!.id,
    };
    const complaint = await app.call('complaints.create', complaintBase);
    await run(() => app.call('complaints.create', { ...complaintBase, ticketNo: 'SX202611200002' }));
    await run(() =>
      app.call('complaints.update', { ...complaintBase, id: complaint.id, institutionId: inst.id }),
    );
    await run(() =>
      app.call('complaints.closeHandling', {
        id: complaint.id,
        handledOn: '2026-11-21',
        handlingResult: '已办结',
        substantiated: true,
      }),
    );
    await run(() => app.call('complaints.recordFeedback', { id: complaint.id, feedbackOn: '2026-11-22' }));
    await run(() => app.call('complaints.reopen', { id: complaint.id, reason: '重新核查' }));
    await run(() => app.call('complaints.remove', { id: complaint.id, reason: '录入错误' }));
    // 随机抽查事项清单 and 专家库: an item added, edited and stopped; a starter item renamed so the starter list has
    // one to add back; an expert added, edited and stopped.
    let spotItem = await app.call('spotItems.create', {
      name: '测试抽查事项',
      basis: '《医疗机构管理条例》',
    });
    await run(async () => {
      spotItem = await app.call('spotItems.create', {
        name: '测试抽查事项二',
        basis: '《医疗机构管理条例》',
      });
    });
    await run(() =>
      app.call('spotItems.update', { id: spotItem.id, name: '测试抽查事项二', basis: '《医师法》' }),
    );
    await run(() => app.call('spotItems.setActive', { id: spotItem.id, active: false }));
    const starter = (await app.call('spotItems.list', {})).find((i) => i.name === '医疗美容服务')!;
    await app.call('spotItems.update', { ...starter, id: starter.id, name: '医疗美容服务（旧名）' });
    await run(() => app.call('spotItems.addStarter', {}));
    const expertArgs = { name: '测试专家', unit: '区人民医院', field: '医疗质量' };
    let expert = await app.call('experts.create', { ...expertArgs, name: '测试专家甲' });
    await run(async () => {
      expert = await app.call('experts.create', expertArgs);
    });
    await run(() => app.call('experts.update', { ...expertArgs, id: expert.id, field: '院感' }));
    await run(() => app.call('experts.setActive', { id: expert.id, active: false }));
    // 抽查计划 and the 双随机 draw
    const [drawDeptA, drawDeptB] = await app.call('departments.list', { includeInactive: false });
    for (const [k, dep] of [drawDeptA!, drawDeptA!, drawDeptB!, drawDeptB!].entries())
      await app.call('inspectors.create', {
        name: `抽查员${k}`,
        departmentId: dep.id,
        badgeNo: `3306029900${k}`,
      });
    const planArgs = {
      year: 2026,
      name: '双随机抽查计划',
      items: ['医疗机构执业资质'],
      departmentIds: [drawDeptA!.id, drawDeptB!.id],
      ratios: { A: 5, B: 20, C: 60, D: 100, none: 100 },
      batches: [{ number: 1, name: '第一批', startDate: '2026-03-01', endDate: '2026-06-30' }],
    };
    let plan = await app.call('inspectionPlans.create', { ...planArgs, name: '待删除的计划' });
    await run(() => app.call('inspectionPlans.delete', { id: plan.id }));
    await run(async () => {
      plan = await app.call('inspectionPlans.create', planArgs);
    });
    await run(() =>
      app.call('inspectionPlans.update', { ...planArgs, id: plan.id, notes: '按年度计划执行' }),
    );
    // Sealed the day before the lottery; the clock moves, so no idle lock meanwhile.
    await run(() => app.call('settings.update', { idleLockMinutes: 0 }));
    app.travel(new Date('2026-11-19T10:00:00+08:00'));
    await run(() => app.call('draws.seal', { planId: plan.id, batchNumber: 1 }));
    app.travel(null);
    await run(() =>
      app.call('draws.run', {
        planId: plan.id,
        batchNumber: 1,
        entropy: { source: '双色球第2026135期开奖号码', date: '2026-11-20', digits: '05111922303107' },
        witnesses: ['王见证'],
      }),
    );
    // 信用台账
    const creditSubject = { subjectKind: 'institution' as const, subjectId: inst.id };
    const behaviour = {
      subjectKind: 'institution' as const,
      code: 'CS-12-01',
      name: '测试记分行为',
      points: 12,
    };
    let credit = await app.call('credit.behaviours', {}).then((b) => b[0]!);
    await run(async () => {
      credit = await app.call('credit.createBehaviour', behaviour);
    });
    await run(() =>
      app.call('credit.updateBehaviour', {
        id: credit.id,
        subjectKind: 'institution',
        code: 'CS-12-01',
        name: '测试记分行为（改）',
        points: 12,
      }),
    );
    let demerit = await app.call('credit.record', {
      ...creditSubject,
      type: 'penalty',
      outcome: 'general',
      factDate: '2026-11-20',
    });
    const penaltySeq = demerit.entry.seq; // the complaint above wrote (and its removal corrected) entries before it
    await run(async () => {
      demerit = await app.call('credit.record', {
        ...creditSubject,
        type: 'demerit',
        behaviourId: credit.id,
        factDate: '2026-11-20',
        attachments: [{ fileName: '记分依据.txt', base64: Buffer.from('依据').toString('base64') }],
      });
    });
    await run(() =>
      app.call('credit.acknowledgeWarning', { id: demerit.warnings[0]!.id, actionTaken: '已下达建议书' }),
    );
    await run(() => app.call('credit.issueNotice', { seq: demerit.entry.seq }));
    await run(() =>
      app.call('credit.correct', { seq: penaltySeq, factDate: '2026-11-21', reason: '处罚决定撤销' }),
    );
    const creditRules = await app.call('credit.rules', {});
    await run(() => app.call('credit.updateRules', { ...creditRules.options, institutionCycleYears: 3 }));
    // 红黑名单 and 信用修复: a black listing old enough for repair, an application rejected, then one approved.
    let blackListing = await app.call('credit.listings', {}).then((l) => l[0]!);
    await run(async () => {
      blackListing = (
        await app.call('credit.createListing', {
          ...creditSubject,
          list: 'black',
          severity: 'general',
          basisNumber: '越卫医罚〔2026〕40号',
          basisText: '测试列入依据',
          decisionDate: '2026-01-10',
          disclosureStart: '2026-01-10',
          disclosureEnd: '2026-12-31',
        })
      ).listing;
    });
    const repairArgs = {
      listingId: blackListing.id,
      rectificationConfirmed: true,
      rectificationText: '已整改',
      commitmentText: '信用承诺',
    };
    await run(async () => {
      blackListing = await app.call('credit.applyRepair', repairArgs);
    });
    await run(() => app.call('credit.rejectRepair', { id: blackListing.repairs[0]!.id, reason: '材料不全' }));
    await run(async () => {
      blackListing = await app.call('credit.applyRepair', repairArgs);
    });
    await run(() => app.call('credit.approveRepair', { id: blackListing.repairs.at(-1)!.id }));
    // 检查记录 (from the draw above) and 结果公开
    const [drawn] = await app.call('draws.list', {});
    const target = (await app.call('draws.get', { id: drawn!.id })).record.result.targets[0]!;
    const inspectionArgs = {
      drawId: drawn!.id,
      drawPosition: 0,
      institutionId: target.institutionId,
      inspectedOn: '2026-11-22',
      leadInspectorId: target.team[0]!.inspectorId,
      memberIds: target.team.slice(1).map((m) => m.inspectorId),
      items: ['医疗机构执业资质'],
      outcome: 'rectify' as const,
      rectifyDue: '2026-12-10',
    };
    let inspection = await app.call('inspections.create', {
      ...inspectionArgs,
      drawId: null,
      drawPosition: null,
    });
    await run(() => app.call('inspections.remove', { id: inspection.id, reason: '重复录入' }));
    await run(async () => {
      inspection = await app.call('inspections.create', {
        ...inspectionArgs,
        attachments: [{ fileName: '检查笔录.txt', base64: Buffer.from('笔录').toString('base64') }],
      });
    });
    await run(() =>
      app.call('inspections.update', {
        ...inspectionArgs,
        id: inspection.id,
        penalties: ['fine'],
        fineYuan: 500,
      }),
    );
    await run(() =>
      app.call('inspections.review', { id: inspection.id, reviewOn: '2026-11-22', result: 'rectified' }),
    );
    // 审核 before 公开: by a 领导, never the author (so this one row's actor is the leader, checked below).
    await app.call('users.create', {
      username: 'lingdao',
      displayName: '领导',
      role: 'leader',
      password: 'Lingdao#2026',
    });
    await app.call('auth.login', { username: 'lingdao', password: 'Lingdao#2026' }, 'leader-session');
    await run(() =>
      app.call('inspections.approve', { id: inspection.id, decision: 'pass', reason: '' }, 'leader-session'),
    );
    const publication = { planId: plan.id, batchNumber: 1 };
    await run(() =>
      app.call('inspectionPublications.mark', {
        ...publication,
        publishedOn: '2026-11-22',
        channel: '区政府网站',
      }),
    );
    await run(() => app.call('inspectionPublications.unmark', { ...publication, reason: '登记有误' }));
    // 单位签名密钥 and 市级汇总: generate, rotate; a district key trusted, its package imported, the key removed.
    const signPass = { passphrase: '越城区上报签名口令2026', passphraseConfirm: '越城区上报签名口令2026' };
    await run(() => app.call('signing.generate', signPass));
    await run(() => app.call('signing.rotate', signPass));
    const districtKey = makeKey();
    let trustedId = 0;
    await run(async () => {
      trustedId = (
        await app.call('upstream.addTrustedKey', {
          districtName: '越城区',
          pem: districtKey.publicPem,
          note: '',
        })
      ).id;
    });
    const districtZip = makePackage({ district: DISTRICTS[0]!, key: districtKey }).zip;
    await run(() =>
      app.call('upstream.importPackage', {
        fileName: '越城区2026Q3.zip',
        base64: Buffer.from(districtZip).toString('base64'),
      }),
    );
    await run(() => app.call('upstream.removeTrustedKey', { id: trustedId }));
    // 联合执法行动
    const jointArgs = {
      name: '医疗美容行业联合执法行动',
      kind: 'joint' as const,
      leadDepartmentId: deptA!.id,
      participantIds: [deptB!.id],
      startDate: '2026-06-01',
      endDate: '2026-06-30',
    };
    let joint = await app.call('jointActions.list', {}).then((l) => l[0]!);
    await run(async () => {
      joint = await app.call('jointActions.create', {
        ...jointArgs,
        targetIds: [inst.id],
        addFiles: [{ fileName: '方案.txt', base64: Buffer.from('方案').toString('base64') }],
      });
    });
    await run(() =>
      app.call('jointActions.update', {
        ...jointArgs,
        id: joint.id,
        participantIds: [deptB!.id, deptC!.id],
        institutionsChecked: 12,
        issuesFound: 3,
        casesFiled: 1,
        finesYuan: 2000,
        removeFileIds: joint.files.map((f) => f.id),
      }),
    );
    await run(() => app.call('jointActions.remove', { id: joint.id, reason: '重复登记' }));
    // 数据迁入: a roster with its own header names through the wizard, its remembered mapping exported,
    // taken in again as another district's, and deleted.
    const wizardBook = new ExcelJS.Workbook();
    const wizardSheet = wizardBook.addWorksheet('名单');
    wizardSheet.addRow(['部门名称', '单位简称']);
    wizardSheet.addRow(['绍兴市越城区迁入测试局', '迁入测试局']);
    const wizardFile = {
      register: 'departments' as const,
      fileName: '名单.xlsx',
      base64: Buffer.from(await wizardBook.xlsx.writeBuffer()).toString('base64'),
    };
    const wizardSeen = await app.call('imports.inspect', wizardFile);
    await run(() =>
      app.call('imports.apply', {
        ...wizardFile,
        sheet: wizardSeen.sheet,
        headerRow: wizardSeen.headerRow!,
        columns: wizardSeen.columnMap,
        values: {},
      }),
    );
    const [wizardMapping] = await app.call('imports.mappings', { register: 'departments' });
    const wizardJson = await app.call('imports.exportMapping', { id: wizardMapping!.id });
    await run(() =>
      app.call('imports.importMapping', { fileName: wizardJson.fileName, base64: wizardJson.base64 }),
    );
    await run(() => app.call('imports.removeMapping', { id: wizardMapping!.id }));
    // 报告上报: a draft saved and signed (its PDF rendered by Chromium), logged as sent and corrected; another
    // draft deleted; the due-date rules.
    await run(() =>
      app.call('office.update', { name: '越城区卫生健康局', docPrefix: '越卫', uscc: '12330602MB12345672' }),
    );
    let report = await app.call('reports.create', { type: 'enforcement', period: '2026Q2' });
    await run(async () => {
      report = await app.call('reports.create', { type: 'credit', period: '2026Q3' });
    });
    await run(async () => {
      report = await app.call('reports.saveDraft', {
        id: report.id,
        updatedAt: report.updatedAt,
        title: report.title,
        addressee: '市卫生健康委',
        narrative: [...report.narrative, { type: 'p', text: '情况说明。' }],
      });
    });
    await run(() => app.call('reports.sign', { id: report.id, passphrase: signPass.passphrase }));
    await run(() =>
      app.call('reports.logSubmission', {
        reportId: report.id,
        method: 'usb',
        recipient: '市卫生健康委',
        sentOn: '2026-11-22',
      }),
    );
    await run(() => app.call('reports.correct', { id: report.id, reason: '数据更正' }));
    await run(() => app.call('reports.deleteDraft', { id: report.id - 1 }));
    await run(() =>
      app.call('reports.updateDueRules', {
        quarter: { rule: 'lastWorkingDay' },
        year: { rule: 'workingDaysAfter', days: 10 },
      }),
    );
    // 依法执业自查: the year set up with a clinic in scope, a special campaign, its full self-inspection, pledge and
    // (the clock being past 2026-03-31) Q1 registered 未自查; a 督导 inspection of it, a warning talk, and Q2
    // taken in from the exported workbook filled in.
    const scFirst17 = '91330602990000123';
    const clinic = await app.call('institutions.create', {
      name: '越城自查测试诊所',
      uscc: scFirst17 + usccCheckChar(scFirst17)!,
      category: 'clinic',
      ownership: 'private',
      street: '府山街道',
    });
    await run(() =>
      app.call('selfcheck.saveYear', {
        year: 2026,
        categories: ['clinic'],
        streets: [],
        fullDeadline: '2026-09-30',
        pledgeDeadline: '2026-03-31',
        routineAfterDays: 0,
      }),
    );
    await run(() =>
      app.call('selfcheck.saveCampaign', {
        year: 2026,
        topic: '诊所消毒专项',
        categories: ['clinic'],
        deadline: '2026-12-20',
      }),
    );
    let selfcheck = { id: 0 };
    await run(async () => {
      selfcheck = await app.call('selfcheck.saveSubmission', {
        year: 2026,
        institutionId: clinic.id,
        kind: 'full',
        submittedOn: '2026-09-01',
        areas: [{ area: '医疗文书', found: 2, fixed: 2 }],
      });
    });
    await run(() =>
      app.call('selfcheck.savePledge', {
        year: 2026,
        institutionId: clinic.id,
        submittedOn: '2026-03-20',
        signer: '王某',
        practitionersSigned: 3,
      }),
    );
    await run(() =>
      app.call('selfcheck.registerMissing', {
        year: 2026,
        items: [{ institutionId: clinic.id, periodKey: 'Q1' }],
      }),
    );
    let supervisionId = 0;
    await run(async () => {
      supervisionId = (
        await app.call('selfcheck.recordSupervision', {
          submissionId: selfcheck.id,
          inspection: {
            institutionId: clinic.id,
            inspectedOn: '2026-11-20',
            leadInspectorId: inspectionArgs.leadInspectorId,
            memberIds: inspectionArgs.memberIds,
            items: ['依法执业自查督导'],
            outcome: 'rectify',
            rectifyDue: '2026-12-10',
          },
          findings: [{ area: '医疗文书', notReported: 1, fixedButNot: 0 }],
        })
      ).supervision.id;
    });
    await run(() =>
      app.call('selfcheck.recordTalk', {
        subjectKind: 'institution',
        subjectId: clinic.id,
        talkOn: '2026-11-21',
        place: '区卫生健康局',
        talkers: '李明',
        attendees: '诊所负责人',
        reasonKind: 'selfcheck',
        reasonId: supervisionId,
        reasonText: '全面自查不实',
        content: '告诫。',
      }),
    );
    const scBook = new ExcelJS.Workbook();
    const scFile = await app.call('selfcheck.exportWorkbook', { year: 2026, periods: ['Q2'] });
    await scBook.xlsx.load(Buffer.from(scFile.base64, 'base64') as unknown as ArrayBuffer);
    const scSheet = scBook.getWorksheet('自查填报表')!;
    const scCol = new Map<string, number>();
    scSheet.getRow(3).eachCell((c, i) => scCol.set(String(c.value), i));
    for (let r = 4; r <= scSheet.rowCount; r++) {
      const row = scSheet.getRow(r);
      if (Number(row.getCell(scCol.get('机构标识')!).value) !== clinic.id) continue;
      row.getCell(scCol.get('是否完成')!).value = '已完成';
      row.getCell(scCol.get('自查日期')!).value = '2026-06-20';
    }
    const scFilled = Buffer.from(await scBook.xlsx.writeBuffer()).toString('base64');
    await run(() =>
      app.call('selfcheck.importApply', { year: 2026, fileName: '自查填报表.xlsx', base64: scFilled }),
    );
    // 随机抽取督导对象 among the Q2 self-inspections just taken in (none supervised yet).
    await run(() => app.call('selfcheck.drawSupervision', { year: 2026, periodKey: 'Q2', count: 1 }));
    const mutations = Object.entries(contract)
      .filter(([, m]) => m.kind === 'mutation')
      .map(([n]) => n);
    // A new mutation must be added to this scenario: the test fails until it is.
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining(mutations.sort()));
    for (const [action, rows] of seen) {
      if (action === 'system.setup') continue; // the office row precedes the first user
      for (const r of rows) {
        expect(r.actor_id, action).not.toBeNull();
        expect(r.actor_name, action).toMatch(
          action === 'inspections.approve' ? /（lingdao）$/ : /（admin）$/,
        );
      }
    }
    const setupRows = seen.get('system.setup')!;
    expect(setupRows[0]!.actor_name).toBe('系统');
    expect(setupRows.at(-1)!.actor_name).toBe('测试管理员（admin）');
  }, 60_000); // every mutation of the app in one scenario: ~20 s on a loaded 2-core machine; this bounds a hang only

  it('a wrong password and an unknown user get the same answer', async () => {
    app = await newSetupApp();
    const a = await expectAppError(
      app.call('auth.login', { username: 'admin', password: 'nope-nope' }, 's2'),
      'BAD_CREDENTIALS',
    );
    const b = await expectAppError(
      app.call('auth.login', { username: 'ghost', password: 'nope-nope' }, 's2'),
      'BAD_CREDENTIALS',
    );
    expect(a.message).toBe(b.message);
  });

  it('keeps at least one active administrator', async () => {
    app = await newSetupApp();
    const admin = (await app.call('users.list', {}))[0]!;
    const e = await expectAppError(
      app.call('users.update', { id: admin.id, displayName: 'x', role: 'clerk', active: true }),
      'VALIDATION',
    );
    expect(e.message).toBe('至少需要保留一个启用的管理员账号');
  });

  it('setup runs once', async () => {
    app = await newSetupApp();
    await expectAppError(
      app.call('system.setup', { office: { name: '另一个局', docPrefix: '另' }, admin: ADMIN }, 'other'),
      'ALREADY_INITIALIZED',
    );
  });
});
