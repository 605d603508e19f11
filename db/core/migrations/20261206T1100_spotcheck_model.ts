// 双随机一公开 to the national model (一单两库一细则): the 随机抽查事项清单 (spot_items), the items a plan picks from it,
// inspectors' qualification tags, the 专家库 (experts with their 回避), a plan's choice to add an expert to each team,
// and inspection results item by item in the categories a public notice uses (检查结果, 后续处置措施) with their
// 审核 before 公开 (status and history). Records made before this migration keep their free-text items and single
// outcome; the outcome is mapped to the new categories exactly as issue #19 item 8 says (合格 → 未发现问题; 责令整改 →
// 发现问题已责令改正 when its 复查 found it rectified, otherwise 发现问题待后续处理 with 责令改正并跟踪 — or 移送办案机构 when
// the 复查 escalated it; 立案查处 and 移送 → 发现问题待后续处理 with 移送办案机构), and each migrated record says so in
// its migration note. Migrated records were never reviewed under the new rule: they carry the status 'legacy'
// (publishable as before, shown as 迁移前录入). Written with kysely's schema and query builders only (no dialect SQL).
import type { Kysely } from 'kysely';

/**
 * The starter 随机抽查事项清单 for 医疗卫生, shipped with the app (the office edits, deactivates or adds to it). Bases
 * name laws and regulations by their titles only: article numbers are for the office to fill in, never invented.
 * `spotItems.addStarter` restores any of these an office has lost.
 */
export const STARTER_ITEMS: {
  name: string;
  basis: string;
  categories: string[];
  content: string;
  method: string;
  qualification: string;
}[] = [
  {
    name: '医疗机构执业资质',
    basis: '《中华人民共和国基本医疗卫生与健康促进法》《医疗机构管理条例》',
    categories: [],
    content: '医疗机构执业许可或备案、校验，诊疗科目与登记相符，执业地址与名称',
    method: '实地检查、书面检查',
    qualification: '',
  },
  {
    name: '医务人员执业资格',
    basis: '《中华人民共和国医师法》《护士条例》',
    categories: [],
    content: '医师、护士执业注册，执业地点与范围，使用非卫生技术人员',
    method: '实地检查、书面检查',
    qualification: '',
  },
  {
    name: '医疗废物处置',
    basis: '《医疗废物管理条例》',
    categories: [],
    content: '医疗废物分类收集、暂存、交接登记与处置',
    method: '实地检查',
    qualification: '',
  },
  {
    name: '传染病防治',
    basis: '《中华人民共和国传染病防治法》',
    categories: [],
    content: '预检分诊、疫情报告、消毒隔离与个人防护',
    method: '实地检查、书面检查',
    qualification: '传染病防治',
  },
  {
    name: '消毒隔离与医院感染管理',
    basis: '《消毒管理办法》《医院感染管理办法》',
    categories: [],
    content: '消毒产品使用、器械清洗消毒灭菌、感染监测',
    method: '实地检查、检验检测',
    qualification: '',
  },
  {
    name: '放射诊疗',
    basis: '《放射诊疗管理规定》《放射性同位素与射线装置安全和防护条例》',
    categories: ['hospital', 'community', 'township', 'outpatient', 'dental', 'checkup'],
    content: '放射诊疗许可、放射工作人员防护与健康管理、设备检测与场所防护',
    method: '实地检查、检验检测',
    qualification: '放射卫生',
  },
  {
    name: '中医诊疗活动',
    basis: '《中华人民共和国中医药法》',
    categories: ['tcm', 'hospital', 'community', 'township'],
    content: '中医医疗机构备案与执业、中医医术确有专长人员执业范围、中医医疗技术使用',
    method: '实地检查、书面检查',
    qualification: '中医',
  },
  {
    name: '医疗美容服务',
    basis: '《医疗美容服务管理办法》',
    categories: ['aesthetic'],
    content: '医疗美容项目与登记相符、主诊医师资格、知情同意',
    method: '实地检查、书面检查',
    qualification: '',
  },
  {
    name: '药品和医疗器械使用',
    basis: '《中华人民共和国药品管理法》《医疗器械监督管理条例》',
    categories: [],
    content: '药品、医疗器械购进验收、储存与使用记录',
    method: '实地检查、书面检查',
    qualification: '',
  },
  {
    name: '医疗广告',
    basis: '《医疗广告管理办法》',
    categories: [],
    content: '医疗广告审查证明，发布内容与审查一致',
    method: '网络监测、书面检查',
    qualification: '',
  },
  {
    name: '母婴保健技术服务',
    basis: '《中华人民共和国母婴保健法》',
    categories: ['hospital', 'community', 'township'],
    content: '母婴保健技术服务执业许可与人员资格',
    method: '实地检查、书面检查',
    qualification: '母婴保健',
  },
  {
    name: '临床用血',
    basis: '《医疗机构临床用血管理办法》',
    categories: ['hospital'],
    content: '临床用血申请、核对、输血记录与不良反应处理',
    method: '实地检查、书面检查',
    qualification: '',
  },
];

const NOTE_PREFIX =
  '本记录录入于随机抽查事项清单启用之前（抽查事项为自由填写，检查结果为单一结论），迁移时按规则对应：';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time; they must not see today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('spot_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sub_item', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    // JSON: InstitutionCategory[] (empty: every category)
    .addColumn('categories_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('method', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ratio_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('frequency', 'text', (c) => c.notNull().defaultTo(''))
    // '' when any inspector may check it
    .addColumn('qualification', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('spot_items_name', ['name', 'sub_item'])
    .execute();

  const at = new Date().toISOString();
  await db
    .insertInto('spot_items')
    .values(
      STARTER_ITEMS.map((i, position) => ({
        name: i.name,
        sub_item: '',
        basis: i.basis,
        subject: '区卫生健康局',
        categories_json: JSON.stringify(i.categories),
        content: i.content,
        method: i.method,
        ratio_text: '',
        frequency: '每年不少于1次',
        qualification: i.qualification,
        position,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();

  await db.schema
    .createTable('inspection_plan_items')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('inspection_plans.id').onDelete('cascade'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('spot_items.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_plan_items_pk', ['plan_id', 'item_id'])
    .execute();
  await db.schema
    .alterTable('inspection_plans')
    .addColumn('expert_per_team', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // JSON: string[] of qualification tags (放射卫生, 传染病防治, 中医 …)
  await db.schema
    .alterTable('inspectors')
    .addColumn('qualifications_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  await db.schema
    .createTable('experts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('experts_name_unit', ['name', 'unit'])
    .execute();
  await db.schema
    .createTable('expert_conflicts')
    .addColumn('expert_id', 'integer', (c) => c.notNull().references('experts.id').onDelete('cascade'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('expert_conflicts_pk', ['expert_id', 'institution_id'])
    .execute();

  for (const [name, type, def] of [
    // JSON: InspectionItemResult[] ('[]' on records made before the item list)
    ['item_results_json', 'text', '[]'],
    ['result_category', 'text', null],
    ['followup', 'text', null],
    // pending · returned · passed · legacy
    ['approval_status', 'text', 'pending'],
    // JSON: user ids of who created or edited the result (never its reviewer)
    ['author_ids_json', 'text', '[]'],
    ['migration_note', 'text', ''],
    // JSON: the experts drawn for the team ({expertId, name, unit, field}[]), copied from the draw record
    ['experts_json', 'text', '[]'],
  ] as const) {
    await db.schema
      .alterTable('inspections')
      .addColumn(name, type, (c) => (def === null ? c : c.notNull().defaultTo(def)))
      .execute();
  }
  await db.schema
    .createTable('inspection_approvals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reviewer_id', 'integer', (c) => c.notNull())
    .addColumn('reviewer_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('inspection_approvals_by_inspection')
    .on('inspection_approvals')
    .column('inspection_id')
    .execute();

  // Item 8: the old outcomes in the new categories, each migrated record saying so.
  const map: {
    where: (q: ReturnType<typeof base>) => ReturnType<typeof base>;
    category: string;
    followup: string;
    note: string;
  }[] = [
    {
      where: (q) => q.where('outcome', '=', 'qualified'),
      category: 'no_problem',
      followup: 'none',
      note: '原检查结果“合格”→ 检查结果“未发现问题”，后续处置措施“无需后续处置”。',
    },
    {
      where: (q) => q.where('outcome', '=', 'rectify').where('review_result', '=', 'rectified'),
      category: 'rectified',
      followup: 'rectify_track',
      note: '原检查结果“责令整改”，复查已整改 → 检查结果“发现问题已责令改正”，后续处置措施“责令改正并跟踪”。',
    },
    {
      where: (q) =>
        q
          .where('outcome', '=', 'rectify')
          .where('escalated', '=', 1)
          .where((eb) => eb.or([eb('review_result', 'is', null), eb('review_result', '!=', 'rectified')])),
      category: 'pending_followup',
      followup: 'transfer_case',
      note: '原检查结果“责令整改”，复查未整改并转为立案查处 → 检查结果“发现问题待后续处理”，后续处置措施“移送办案机构”。',
    },
    {
      where: (q) =>
        q
          .where('outcome', '=', 'rectify')
          .where('escalated', '=', 0)
          .where((eb) => eb.or([eb('review_result', 'is', null), eb('review_result', '!=', 'rectified')])),
      category: 'pending_followup',
      followup: 'rectify_track',
      note: '原检查结果“责令整改”，尚未复查或复查未整改 → 检查结果“发现问题待后续处理”，后续处置措施“责令改正并跟踪”。',
    },
    {
      where: (q) => q.where('outcome', '=', 'case'),
      category: 'pending_followup',
      followup: 'transfer_case',
      note: '原检查结果“立案查处”→ 检查结果“发现问题待后续处理”，后续处置措施“移送办案机构”。',
    },
    {
      where: (q) => q.where('outcome', '=', 'transfer'),
      category: 'pending_followup',
      followup: 'transfer_case',
      note: '原检查结果“移送”→ 检查结果“发现问题待后续处理”，后续处置措施“移送办案机构”。',
    },
  ];
  function base() {
    return db.updateTable('inspections').where('result_category', 'is', null);
  }
  for (const m of map)
    await m
      .where(base())
      .set({
        result_category: m.category,
        followup: m.followup,
        approval_status: 'legacy',
        migration_note: `${NOTE_PREFIX}${m.note}迁移前的记录未经审核环节，按原样可公开。`,
      })
      .execute();
}
