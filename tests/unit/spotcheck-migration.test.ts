// Issue #19 item 8: a database holding plans and results from before the 随机抽查事项清单 (free-text items, one
// outcome each) is migrated by 20261206T1100_spotcheck_model. Each old outcome, in each 复查 state, maps to the
// public-notice categories as the issue says, each record says so in its note, and the records stay readable and
// publishable (the old plan keeps its free-text items).
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMigrator, openDatabase } from '../../db/core/open';
import { migrationNames } from '../../db/core/migrations';
import { listInspections } from '../../db/enforcement/inspections';
import { getPlan } from '../../db/enforcement/plans';
import { publicRow } from '../../db/enforcement/publications';

const MIGRATION = '20261206T1100_spotcheck_model';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe(`migration ${MIGRATION}`, () => {
  it('maps old outcomes in every 复查 state to the new categories, with a note on each record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zj-spotmig-'));
    dirs.push(dir);
    const file = join(dir, 'zongjian.db');
    const previous = migrationNames[migrationNames.indexOf(MIGRATION) - 1]!;
    expect(previous).toBeDefined();

    // The database as the previous version left it: a plan with free-text items and seven results.
    const old = await openDatabase(file, { migrate: false });
    expect((await createMigrator(old.db).migrateTo(previous)).error).toBeUndefined();
    const at = '2026-06-01T01:00:00.000Z';
    await sql`insert into departments (id, full_name, short_name, created_at, updated_at) values (1, '绍兴市越城区卫生健康局', '区卫生健康局', ${at}, ${at})`.execute(
      old.db,
    );
    await sql`insert into inspectors (id, name, department_id, badge_no, created_at, updated_at) values (1, '王执法', 1, '33060299001', ${at}, ${at})`.execute(
      old.db,
    );
    await sql`insert into institutions (id, name, uscc, category, ownership, street, created_at, updated_at) values (1, '越城康宁诊所', '92330602MA2AAAAA1X', 'clinic', 'private', '城南街道', ${at}, ${at})`.execute(
      old.db,
    );
    await sql`insert into inspection_plans (id, year, name, items_json, ratio_a, ratio_b, ratio_c, ratio_d, ratio_none, team_size, created_at, updated_at) values (1, 2026, '2026年度诊所双随机抽查', ${JSON.stringify(['诊所执业资质（自由填写）', '消毒隔离'])}, 5, 20, 60, 100, 20, 2, ${at}, ${at})`.execute(
      old.db,
    );
    const rows: {
      outcome: string;
      rectifyDue?: string;
      review?: [string, number];
      caseNo?: string;
      transferTo?: string;
    }[] = [
      { outcome: 'qualified' },
      { outcome: 'rectify', rectifyDue: '2026-05-20' },
      { outcome: 'rectify', rectifyDue: '2026-05-20', review: ['rectified', 0] },
      { outcome: 'rectify', rectifyDue: '2026-05-20', review: ['unrectified', 0] },
      {
        outcome: 'rectify',
        rectifyDue: '2026-05-20',
        review: ['unrectified', 1],
        caseNo: '越卫医立〔2026〕7号',
      },
      { outcome: 'case', caseNo: '越卫医立〔2026〕8号' },
      { outcome: 'transfer', transferTo: '区市场监管局' },
    ];
    for (const [i, r] of rows.entries())
      await sql`insert into inspections (id, institution_id, inspected_on, lead_inspector_id, items_json, findings, outcome, rectify_due, transfer_to, case_no, review_on, review_result, escalated, created_at, updated_at)
        values (${i + 1}, 1, '2026-05-10', 1, ${JSON.stringify(['诊所执业资质（自由填写）'])}, '旧记录', ${r.outcome}, ${r.rectifyDue ?? null}, ${r.transferTo ?? ''}, ${r.caseNo ?? null},
          ${r.review ? '2026-05-21' : null}, ${r.review?.[0] ?? null}, ${r.review?.[1] ?? 0}, ${at}, ${at})`.execute(
        old.db,
      );
    await old.close();

    // Opening with this build migrates to the latest version.
    const now = await openDatabase(file);
    try {
      const migrated = await now.db
        .selectFrom('inspections')
        .select([
          'id',
          'result_category',
          'followup',
          'approval_status',
          'migration_note',
          'item_results_json',
        ])
        .orderBy('id')
        .execute();
      const expected: [string, string, string][] = [
        ['no_problem', 'none', '原检查结果“合格”→ 检查结果“未发现问题”，后续处置措施“无需后续处置”。'],
        [
          'pending_followup',
          'rectify_track',
          '原检查结果“责令整改”，尚未复查或复查未整改 → 检查结果“发现问题待后续处理”，后续处置措施“责令改正并跟踪”。',
        ],
        [
          'rectified',
          'rectify_track',
          '原检查结果“责令整改”，复查已整改 → 检查结果“发现问题已责令改正”，后续处置措施“责令改正并跟踪”。',
        ],
        [
          'pending_followup',
          'rectify_track',
          '原检查结果“责令整改”，尚未复查或复查未整改 → 检查结果“发现问题待后续处理”，后续处置措施“责令改正并跟踪”。',
        ],
        [
          'pending_followup',
          'transfer_case',
          '原检查结果“责令整改”，复查未整改并转为立案查处 → 检查结果“发现问题待后续处理”，后续处置措施“移送办案机构”。',
        ],
        [
          'pending_followup',
          'transfer_case',
          '原检查结果“立案查处”→ 检查结果“发现问题待后续处理”，后续处置措施“移送办案机构”。',
        ],
        [
          'pending_followup',
          'transfer_case',
          '原检查结果“移送”→ 检查结果“发现问题待后续处理”，后续处置措施“移送办案机构”。',
        ],
      ];
      expect(migrated).toHaveLength(expected.length);
      for (const [i, [category, followup, note]] of expected.entries()) {
        const m = migrated[i]!;
        expect([m.result_category, m.followup], `记录 ${i + 1}`).toEqual([category, followup]);
        expect(m.approval_status).toBe('legacy');
        expect(m.migration_note).toMatch(/^本记录录入于随机抽查事项清单启用之前/);
        expect(m.migration_note).toContain(note);
        expect(m.item_results_json).toBe('[]');
      }

      // Readable as records (free-text items kept, the note shown) and publishable as they were.
      const records = await listInspections(now.db, '2026-11-22', {});
      expect(records.map((r) => r.id).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
      for (const r of records) {
        expect(r.items).toEqual(['诊所执业资质（自由填写）']);
        expect(r.itemResults).toEqual([]);
        expect(r.migrationNote).not.toBe('');
        expect(r.experts).toEqual([]);
      }
      const row = publicRow(
        records.find((r) => r.id === 7)!,
        1,
      );
      expect(row).toMatchObject({
        institutionName: '越城康宁诊所',
        items: '诊所执业资质（自由填写）',
        outcome: '发现问题待后续处理',
      });
      expect(row.handling).toContain('后续处置措施：移送办案机构');
      expect(row.handling).toContain('移送区市场监管局');
      const plan = await getPlan(now.db, 1);
      expect(plan.items).toEqual(['诊所执业资质（自由填写）', '消毒隔离']);
      expect(plan.itemDetails).toEqual([]);
      expect(plan.expertPerTeam).toBe(false);
      const fk = await sql`pragma foreign_key_check`.execute(now.db);
      expect(fk.rows).toEqual([]);
    } finally {
      await now.close();
    }
  });
});
