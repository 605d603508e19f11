// 检查记录 and 结果公开. An inspection is of one institution, from a drawn target (draw id + position: at most one
// live record per target) or ad hoc; its team (lead first; the lead is also on the row, for the next draw's
// "not last time's lead"), the practitioners concerned, the outcome with its own fields (checked here as well as in
// the contract), the 复查, and the credit-ledger entries it wrote (result, penalty, 复查). A record is never deleted:
// removal keeps the row with its reason (the ledger's entries point at it), and a partial index keeps the live
// ones apart. A batch's publication is one row per plan batch, with the deadline and rule that applied.
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inspections')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('plan_id', 'integer')
    .addColumn('batch_number', 'integer')
    .addColumn('draw_id', 'integer', (c) => c.references('draw_records.id'))
    .addColumn('draw_position', 'integer')
    .addColumn('inspected_on', 'text', (c) => c.notNull())
    .addColumn('lead_inspector_id', 'integer', (c) => c.notNull().references('inspectors.id'))
    .addColumn('team_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('items_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('findings', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('qualified','rectify','case','transfer')`),
    )
    .addColumn('rectify_due', 'text')
    .addColumn('transfer_to', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('penalties_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('fine_fen', 'integer', (c) => c.check(sql`fine_fen > 0`))
    .addColumn('confiscation_fen', 'integer', (c) => c.check(sql`confiscation_fen > 0`))
    .addColumn('case_no', 'text')
    .addColumn('review_on', 'text')
    .addColumn('review_result', 'text', (c) => c.check(sql`review_result in ('rectified','unrectified')`))
    .addColumn('review_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('escalated', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`escalated in (0, 1)`),
    )
    .addColumn('result_seq', 'integer', (c) => c.references('credit_ledger.seq'))
    .addColumn('penalty_seq', 'integer', (c) => c.references('credit_ledger.seq'))
    .addColumn('review_seq', 'integer', (c) => c.references('credit_ledger.seq'))
    .addColumn('attachments_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('removed_at', 'text')
    .addColumn('removed_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('inspections_batch_fk', ['plan_id', 'batch_number'], 'inspection_plan_batches', [
      'plan_id',
      'number',
    ])
    .addCheckConstraint(
      'inspections_draw_target',
      sql`(draw_id is null and draw_position is null and plan_id is null and batch_number is null) or (draw_id is not null and draw_position is not null and plan_id is not null and batch_number is not null)`,
    )
    .addCheckConstraint(
      'inspections_rectify_due',
      sql`(outcome = 'rectify') = (rectify_due is not null) and (rectify_due is null or rectify_due > inspected_on)`,
    )
    .addCheckConstraint(
      'inspections_review',
      sql`(review_on is null) = (review_result is null) and (review_on is null or outcome = 'rectify') and (escalated = 0 or review_result = 'unrectified')`,
    )
    .execute();
  // The live record of a drawn target, and a case number, are unique; removed rows keep theirs.
  await sql`create unique index inspections_target on inspections (draw_id, draw_position) where removed_at is null and draw_id is not null`.execute(
    db,
  );
  await sql`create unique index inspections_case_no on inspections (case_no) where removed_at is null and case_no is not null`.execute(
    db,
  );
  // An institution's latest inspection (its previous lead, for the next draw) is one index search.
  await sql`create index inspections_latest on inspections (institution_id, inspected_on, id) where removed_at is null`.execute(
    db,
  );
  await sql`create index inspections_date on inspections (inspected_on, id) where removed_at is null`.execute(
    db,
  );
  await sql`create index inspections_batch on inspections (plan_id, batch_number) where removed_at is null`.execute(
    db,
  );
  await sql`create index inspections_rectify on inspections (rectify_due) where removed_at is null and review_on is null`.execute(
    db,
  );

  await db.schema
    .createTable('inspection_team')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id'))
    .addColumn('inspector_id', 'integer', (c) => c.notNull().references('inspectors.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('lead', 'integer', (c) => c.notNull().check(sql`lead in (0, 1)`))
    .addPrimaryKeyConstraint('inspection_team_pk', ['inspection_id', 'inspector_id'])
    .execute();
  await db.schema
    .createIndex('inspection_team_inspector')
    .on('inspection_team')
    .column('inspector_id')
    .execute();

  await db.schema
    .createTable('inspection_practitioners')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id'))
    .addColumn('practitioner_id', 'integer', (c) => c.notNull().references('practitioners.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_practitioners_pk', ['inspection_id', 'practitioner_id'])
    .execute();
  await db.schema
    .createIndex('inspection_practitioners_practitioner')
    .on('inspection_practitioners')
    .column('practitioner_id')
    .execute();

  await db.schema
    .createTable('inspection_publications')
    .addColumn('plan_id', 'integer', (c) => c.notNull())
    .addColumn('batch_number', 'integer', (c) => c.notNull())
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('due_on', 'text')
    .addColumn('rule_days', 'integer', (c) => c.notNull())
    .addColumn('rule_unit', 'text', (c) => c.notNull().check(sql`rule_unit in ('calendar','working')`))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_publications_pk', ['plan_id', 'batch_number'])
    .addForeignKeyConstraint(
      'inspection_publications_batch_fk',
      ['plan_id', 'batch_number'],
      'inspection_plan_batches',
      ['plan_id', 'number'],
    )
    .execute();
}
