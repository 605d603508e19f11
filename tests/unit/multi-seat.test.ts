// 多人协同 on a real PostgreSQL server: several seats — each its own dispatcher over its own connection pool, as
// several desks are — writing one database at once. The ledger stays one linear chain, a batch is drawn once,
// 发文字号 stay distinct and gap-free, a stale save is refused with who saved the newer one, and a server that goes
// away in the middle of a write leaves nothing half-written and serves again when it is back. The stale-save test
// also runs on SQLite (two windows on one desk).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { buildHandlers } from '../../db/app';
import { AppError, type StaleDetails } from '../../shared/errors';
import { usccCheckChar } from '../../shared/domain/uscc';
import { count, newSetupApp, type TestApp } from './helpers';
import { openSeat, setUpOffice, type Seat } from './seats';
import { TEST_PG, TEST_STORE, openTestStore, type TestStore } from './test-store';
import { ENTROPY, buildDistrict, planFor } from './draw-fixtures';
import { startLiveChanges } from '../../electron/server/live-changes';
import type { DataChanged } from '../../shared/contract';

const NOW = '2026-11-22T01:00:00Z';

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

let codeCounter = 0;
function uscc(): string {
  const first17 = `9133060${String(++codeCounter).padStart(10, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

const meetingInput = {
  type: 'regular' as const,
  title: '医疗卫生行业综合监管联席会议',
  date: '2026-12-08',
  startTime: '09:00',
  durationMinutes: 120,
  place: '越城区人民大道 1 号区卫生健康局',
  room: '三楼会议室',
  chair: '王局长',
  departments: [],
};

describe(`stale saves are refused with who saved the newer copy (${TEST_STORE})`, () => {
  let app: TestApp;
  afterEach(async () => app?.close());

  it('two editors of one meeting: the second save answers CONFLICT with the newer values; saving again on purpose wins', async () => {
    app = await newSetupApp({ now: NOW });
    // A second window (or seat) of the same office, signed in as another person.
    await app.call('users.create', {
      username: 'zhangsan',
      displayName: '张三',
      role: 'secretary',
      password: 'Zhang#2026',
    });
    await app.call('auth.login', { username: 'zhangsan', password: 'Zhang#2026' }, 'window-2');
    const { meeting } = await app.call('meetings.create', meetingInput);
    const copy = await app.call('meetings.get', { id: meeting.id });
    expect(copy.version).toBeGreaterThanOrEqual(1);
    const edit = (title: string, from: typeof copy) => ({
      ...meetingInput,
      id: from.id,
      updatedAt: from.updatedAt,
      version: from.version,
      title,
      departments: [],
      checkInTime: '',
      whatToBring: '',
      rsvpDeadline: null,
      contactPerson: '',
      contactPhone: '',
    });
    // 张三 saves first from the same copy.
    const first = await app.call('meetings.update', edit('张三改的标题', copy), 'window-2');
    expect(first.meeting.version).toBeGreaterThan(copy.version);
    // The administrator's save from the old copy is refused, naming 张三 and the time (Beijing), with 张三's values.
    const stale = await failure(app.call('meetings.update', edit('管理员改的标题', copy)));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/^该记录已被张三于 09:00 修改/);
    const details = stale.details as StaleDetails & { current: { title: string; version: number } };
    expect(details).toMatchObject({
      stale: true,
      changedBy: '张三（zhangsan）',
      version: first.meeting.version,
    });
    expect(details.current.title).toBe('张三改的标题');
    // Nothing of the refused save was written, and no audit row claims it.
    expect((await app.call('meetings.get', { id: meeting.id })).title).toBe('张三改的标题');
    const audits = await app.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('entity', '=', 'meeting')
      .orderBy('id')
      .execute();
    expect(audits.map((a) => a.action)).toEqual(['meetings.create', 'meetings.update']);
    // Having compared, the administrator saves over it on purpose, from the version the conflict reported.
    const again = await app.call('meetings.update', {
      ...edit('管理员改的标题', copy),
      version: details.version,
    });
    expect(again.meeting.title).toBe('管理员改的标题');
  });
});

describe(`the directories refuse stale saves too (${TEST_STORE})`, () => {
  let app: TestApp;
  afterEach(async () => app?.close());

  it('an institution and a department saved from an old copy: CONFLICT naming who; the newer version overwrites', async () => {
    app = await newSetupApp({ now: NOW });
    const inst = await app.call('institutions.create', {
      name: '越城区版本测试诊所',
      uscc: uscc(),
      category: 'clinic',
      ownership: 'private',
    });
    const version = inst.version;
    const input = { name: inst.name, uscc: inst.uscc, category: inst.category, ownership: inst.ownership };
    const first = await app.call('institutions.update', {
      ...input,
      id: inst.id,
      version,
      address: '府山街道 1 号',
    });
    expect(first.version).toBeGreaterThan(version);
    const stale = await failure(
      app.call('institutions.update', { ...input, id: inst.id, version, address: '府山街道 2 号' }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/^该记录已被测试管理员于 09:00 修改/);
    expect((stale.details as StaleDetails & { current: { address: string } }).current.address).toBe(
      '府山街道 1 号',
    );
    const again = await app.call('institutions.update', {
      ...input,
      id: inst.id,
      version: (stale.details as StaleDetails).version,
      address: '府山街道 2 号',
    });
    expect(again.address).toBe('府山街道 2 号');

    const dept = (await app.call('departments.list', {}))[0]!;
    const deptInput = {
      fullName: dept.fullName,
      shortName: dept.shortName,
      aliases: dept.aliases,
      kind: dept.kind,
      contactPerson: '甲',
      contactPhone: '',
      duties: dept.duties,
      sortOrder: dept.sortOrder,
    };
    await app.call('departments.update', { ...deptInput, id: dept.id, version: dept.version });
    const staleDept = await failure(
      app.call('departments.update', {
        ...deptInput,
        id: dept.id,
        version: dept.version,
        contactPerson: '乙',
      }),
    );
    expect(staleDept.code).toBe('CONFLICT');
    expect((await app.call('departments.list', {})).find((d) => d.id === dept.id)!.contactPerson).toBe('甲');
  });
});

describe.runIf(TEST_PG)('many seats on one PostgreSQL database', () => {
  let store: TestStore;
  let seats: Seat[] = [];
  let first: Seat;

  beforeAll(async () => {
    store = await openTestStore();
    await setUpOffice(store.db);
    for (let i = 1; i <= 4; i++) seats.push(await openSeat(store.url!, `科室电脑-${i}`, { now: NOW }));
    first = seats[0]!;
  }, 60_000);

  afterAll(async () => {
    for (const s of seats) await s.close().catch(() => undefined);
    seats = [];
    await store?.close();
  });

  it('4 seats × 250 concurrent ledger appends: 1,000 entries in one chain that verifies', async () => {
    const subjects: number[] = [];
    for (let i = 0; i < 4; i++)
      subjects.push(
        (
          await first.call('institutions.create', {
            name: `越城区协同测试诊所${i + 1}`,
            uscc: uscc(),
            category: 'clinic',
            ownership: 'private',
          })
        ).id,
      );
    await Promise.all(
      seats.map((seat, s) =>
        Promise.all(
          Array.from({ length: 250 }, (_, i) =>
            seat.call('credit.record', {
              subjectKind: 'institution',
              subjectId: subjects[s]!,
              type: 'commendation',
              factDate: '2026-11-20',
              text: `${seat.name} 第 ${i + 1} 条`,
            }),
          ),
        ),
      ),
    );
    expect(await count(first.db, 'credit_ledger')).toBe(1000);
    const verified = await seats[3]!.call('credit.verify', {});
    expect(verified).toMatchObject({ ok: true, checked: 1000, broken: null });
    expect(verified.head.seq).toBe(1000);
    // Each seat's rows carry its own name in the audit log.
    const bySeat = await first.db
      .selectFrom('audit_log')
      .select(['seat', (eb) => eb.fn.countAll<number>().as('n')])
      .where('action', '=', 'credit.record')
      .groupBy('seat')
      .orderBy('seat')
      .execute();
    expect(bySeat.map((r) => [r.seat, Number(r.n)])).toEqual([
      ['科室电脑-1', 250],
      ['科室电脑-2', 250],
      ['科室电脑-3', 250],
      ['科室电脑-4', 250],
    ]);
  }, 300_000);

  it('two seats taking 发文字号 at once get distinct numbers, gap-free', async () => {
    const inst = await first.call('institutions.create', {
      name: '越城区发文测试诊所',
      uscc: uscc(),
      category: 'clinic',
      ownership: 'private',
    });
    const behaviour = (await first.call('credit.behaviours', { includeInactive: false })).find(
      (b) => b.subjectKind === 'institution',
    )!;
    const seqs: number[] = [];
    for (let i = 0; i < 8; i++) {
      const e = await first.call('credit.record', {
        subjectKind: 'institution',
        subjectId: inst.id,
        type: 'demerit',
        behaviourId: behaviour.id,
        factDate: '2026-11-20',
        text: `记分 ${i + 1}`,
      });
      seqs.push(e.entry.seq);
    }
    const notices = await Promise.all(
      seqs.map((seq, i) => seats[i % 2]!.call('credit.issueNotice', { seq })),
    );
    const numbers = notices.map((n) => n.notice.docNumber);
    expect(new Set(numbers).size).toBe(8);
    const rows = await first.db
      .selectFrom('doc_numbers')
      .select('number')
      .where('year', '=', 2026)
      .orderBy('number')
      .execute();
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
  }, 120_000);

  it('two seats drawing the same batch at once: exactly one draw', async () => {
    const district = await buildDistrict(first.call, first.db, {
      institutions: 20,
      tier: () => 'C',
      inspectors: [3, 3],
      startAt: 500,
    });
    const plan = await first.call('inspectionPlans.create', planFor(district));
    first.travel(new Date('2026-11-18T10:00:00+08:00'));
    try {
      await first.call('settings.update', { idleLockMinutes: 0 });
      await first.call('draws.seal', { planId: plan.id, batchNumber: 1 });
    } finally {
      first.travel(null);
    }
    const run = (seat: Seat, witness: string) =>
      seat
        .call('draws.run', { planId: plan.id, batchNumber: 1, entropy: ENTROPY, witnesses: [witness] })
        .then(
          (d) => ({ ok: true as const, d }),
          (e: unknown) => ({ ok: false as const, e: e as AppError }),
        );
    const outcomes = await Promise.all([run(seats[1]!, '王见证'), run(seats[2]!, '李见证')]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const refused = outcomes.find((o) => !o.ok) as { e: AppError };
    expect(refused.e.code).toBe('CONFLICT');
    expect(refused.e.message).toMatch(/已于 2026-11-22 \d\d:\d\d 抽取.*同一批次只能抽取一次/);
    const draws = await first.db
      .selectFrom('draw_records')
      .select('id')
      .where('plan_id', '=', plan.id)
      .where('batch_number', '=', 1)
      .execute();
    expect(draws).toHaveLength(1);
  }, 120_000);

  it('the same meeting saved from one copy on two seats at once: one save wins, the other is told who', async () => {
    const { meeting } = await first.call('meetings.create', meetingInput);
    const copy = await first.call('meetings.get', { id: meeting.id });
    const save = (seat: Seat, title: string) =>
      seat
        .call('meetings.update', {
          ...meetingInput,
          id: copy.id,
          updatedAt: copy.updatedAt,
          version: copy.version,
          title,
          departments: [],
          checkInTime: '',
          whatToBring: '',
          rsvpDeadline: null,
          contactPerson: '',
          contactPhone: '',
        })
        .then(
          () => null,
          (e: unknown) => e as AppError,
        );
    const results = await Promise.all([save(seats[1]!, '二号机的标题'), save(seats[2]!, '三号机的标题')]);
    const errors = results.filter((r): r is AppError => r !== null);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('CONFLICT');
    expect(errors[0]!.message).toMatch(/^该记录已被测试管理员于 09:00 修改（计算机 科室电脑-[23]）/);
  }, 60_000);

  it('业务规则 saved from the same page on two seats at once (compare-and-set): one save wins, the other is told who', async () => {
    const opened = await first.call('settings.get', {});
    const expected = { inspectionPublicationDays: opened.inspectionPublicationDays };
    const save = (seat: Seat, days: number) =>
      seat.call('settings.update', { inspectionPublicationDays: days, expected }).then(
        () => null,
        (e: unknown) => e as AppError,
      );
    const results = await Promise.all([save(seats[1]!, 31), save(seats[2]!, 32)]);
    const errors = results.filter((r): r is AppError => r !== null);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('CONFLICT');
    expect(errors[0]!.message).toMatch(/^该记录已被测试管理员于 09:00 修改（计算机 科室电脑-[23]）/);
    const won = results[0] === null ? 31 : 32;
    expect((await first.call('settings.get', {})).inspectionPublicationDays).toBe(won);
  }, 60_000);
});

/** A TCP relay between a seat and the server that can be cut (the server "goes away") and restored. */
class CuttableLink {
  private server: Server;
  private sockets = new Set<Socket>();
  private up = true;
  port = 0;
  constructor(
    private readonly host: string,
    private readonly target: number,
  ) {
    this.server = createServer((client) => {
      if (!this.up) return client.destroy();
      const upstream = connect(this.target, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          this.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }
  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }
  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }
  restore(): void {
    this.up = true;
  }
  async close(): Promise<void> {
    this.cut();
    await new Promise((r) => this.server.close(r));
  }
}

describe.runIf(TEST_PG)('a server that goes away in the middle of a write', () => {
  it('answers in Chinese, writes nothing, refuses while away and serves again when it is back', async () => {
    const store = await openTestStore();
    const url = new URL(store.url!);
    const link = new CuttableLink(url.hostname, Number(url.port || 5432));
    await link.listen();
    const via = new URL(store.url!);
    via.port = String(link.port);
    let seat: Seat | null = null;
    try {
      await setUpOffice(store.db);
      // The seat's handler for 新增成员单位 writes its rows, then the link is cut before the audit row and commit.
      const real = buildHandlers();
      let cutNext = true;
      const handlers = {
        ...real,
        'departments.create': (async (input, ctx) => {
          const out = await real['departments.create'](input, ctx);
          if (cutNext) {
            cutNext = false;
            link.cut();
          }
          return out;
        }) as (typeof real)['departments.create'],
      };
      seat = await openSeat(via.toString(), '断网的电脑', { poolSize: 2, now: NOW, handlers });
      const call = seat.call;
      const before = await count(store.db, 'departments');
      const lost = await failure(
        call('departments.create', { fullName: '越城区断网测试局', shortName: '断网局', kind: 'department' }),
      );
      expect(lost.code).toBe('DB_UNAVAILABLE');
      expect(lost.message).toMatch(/连接中断|无法连接/);
      expect(lost.message).toMatch(/[\u4e00-\u9fa5]/);
      // While it is away: a clear refusal, nothing written.
      const away = await failure(call('departments.list', {}));
      expect(away.code).toBe('DB_UNAVAILABLE');
      expect(await count(store.db, 'departments')).toBe(before);
      expect(
        await store.db.selectFrom('departments').select('id').where('short_name', '=', '断网局').execute(),
      ).toEqual([]);
      // Back again: the same seat serves and writes without a restart.
      link.restore();
      const created = await call('departments.create', {
        fullName: '越城区恢复测试局',
        shortName: '恢复局',
        kind: 'department',
      });
      expect(created.shortName).toBe('恢复局');
      const list = await call('departments.list', {});
      expect(list.map((d) => d.shortName)).toContain('恢复局');
      expect(list.map((d) => d.shortName)).not.toContain('断网局');
      expect(list.length).toBe(before + 1);
    } finally {
      await seat?.close().catch(() => undefined);
      await link.close();
      await store.close();
    }
  }, 60_000);
});

describe.runIf(TEST_PG)('live changes between seats (LISTEN/NOTIFY)', () => {
  it('a write on one seat reaches the other; a seat that loses the server refuses writes and recovers', async () => {
    const store = await openTestStore();
    const url = new URL(store.url!);
    const link = new CuttableLink(url.hostname, Number(url.port || 5432));
    await link.listen();
    const via = new URL(store.url!);
    via.port = String(link.port);
    const closers: (() => Promise<unknown>)[] = [];
    try {
      await setUpOffice(store.db);
      const one = await openSeat(store.url!, '一号机', { now: NOW });
      // Seat two reaches the server through the link that will be cut.
      const two = await openSeat(via.toString(), '二号机', { now: NOW });
      closers.push(one.close, two.close);
      const quiet = { log: () => {}, retry: { first: 50, max: 200 } };
      const liveOne = await startLiveChanges({
        url: store.url!,
        db: one.db,
        dispatcher: one.dispatcher,
        ...quiet,
      });
      const liveTwo = await startLiveChanges({
        url: via.toString(),
        db: two.db,
        dispatcher: two.dispatcher,
        ...quiet,
      });
      closers.push(liveOne.close, liveTwo.close);
      const heardByTwo: DataChanged[] = [];
      const connection: boolean[] = [];
      two.dispatcher.onEvent((event, payload) => {
        if (event === 'data.changed') heardByTwo.push(payload as DataChanged);
        if (event === 'server.connection') connection.push((payload as { connected: boolean }).connected);
      });
      const until = async (what: () => boolean) => {
        for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
        expect(what()).toBe(true);
      };

      const created = await one.call('departments.create', {
        fullName: '越城区实时同步测试局',
        shortName: '同步局',
        kind: 'department',
      });
      await until(() => heardByTwo.some((c) => c.method === 'departments.create'));
      const heard = heardByTwo.find((c) => c.method === 'departments.create')!;
      expect(heard.changes).toContainEqual({ entity: 'department', ids: [String(created.id)] });
      // A seat does not hear its own write twice.
      const heardByOne: DataChanged[] = [];
      one.dispatcher.onEvent((event, payload) => {
        if (event === 'data.changed') heardByOne.push(payload as DataChanged);
      });
      await two.call('departments.update', {
        id: created.id,
        fullName: '越城区实时同步测试局',
        shortName: '同步局二',
        kind: 'department',
      });
      await until(() => heardByOne.length === 1);

      // Seat two loses the server: it says so, refuses writes in Chinese, and writes nothing.
      link.cut();
      await until(() => connection.includes(false));
      const refused = await failure(
        two.call('departments.create', {
          fullName: '越城区断线测试局',
          shortName: '断线局',
          kind: 'department',
        }),
      );
      expect(refused.code).toBe('DB_UNAVAILABLE');
      // The pool's connection or the listener, whichever noticed first: either way in Chinese, saying it was not saved.
      expect(refused.message).toMatch(/^与数据库服务器.*连接.*中断/);
      expect(
        await store.db.selectFrom('departments').select('id').where('short_name', '=', '断线局').execute(),
      ).toEqual([]);
      // Back: it reconnects by itself, says so, and writes again.
      link.restore();
      await until(() => connection.at(-1) === true);
      expect(liveTwo.connected).toBe(true);
      const again = await two.call('departments.create', {
        fullName: '越城区恢复连接测试局',
        shortName: '恢复连接局',
        kind: 'department',
      });
      expect(again.shortName).toBe('恢复连接局');
    } finally {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await link.close();
      await store.close();
    }
  }, 60_000);
});
