// What a write touched, as the dispatcher learns it from the handler's audit rows: the names every
// `ctx.audit({ entity })` may use, and the change list a mutation's answer and the 'data.changed' event carry.
// The renderer maps each entity to the queries it must read again (renderer/src/app/invalidation.ts); because
// the set is closed, a new entity name fails to compile there until it is mapped.

/** Every audit entity, with the label the operation log could show for it. */
export const ENTITY_LABELS = {
  office: '单位信息',
  settings: '业务规则',
  user: '用户',
  session: '登录',
  backup: '数据备份',
  store: '数据存储',
  calendar: '工作日历',
  department: '成员单位',
  checklist: '任务清单',
  checklist_item: '任务清单条目',
  checklist_progress: '任务进展',
  checklist_summary: '牵头单位汇总',
  meeting: '联席会议',
  meeting_series: '系列会议',
  decision: '议定事项',
  decision_urging: '议定事项催办',
  institution: '监管对象',
  practitioner: '从业人员',
  inspector: '执法检查人员',
  spot_item: '随机抽查事项',
  expert: '专家',
  referral: '转报移送',
  complaint: '12345 投诉',
  joint_action: '联合行动',
  inspection_plan: '抽查计划',
  draw_seal: '抽查批次封存',
  draw: '双随机抽取',
  inspection: '检查记录',
  inspection_publication: '结果公开',
  credit_entry: '信用记录',
  credit_behaviour: '不良执业行为记分',
  credit_rules: '记分规则',
  credit_warning: '记分预警',
  credit_notice: '记分通知书',
  credit_listing: '红黑名单',
  credit_repair: '信用修复',
  report: '报告',
  report_submission: '报送登记',
  signing_key: '签名密钥',
  upstream_trusted_key: '区县公钥',
  upstream_package: '上报数据包',
  import_mapping: '导入列与取值对应',
  selfcheck_year: '依法执业自查年度安排',
  selfcheck_campaign: '专项自查',
  selfcheck_submission: '依法执业自查',
  selfcheck_pledge: '依法执业承诺书',
  selfcheck_supervision: '自查督导',
  warning_talk: '告诫谈话',
} as const;

export type EntityName = keyof typeof ENTITY_LABELS;
export const ENTITY_NAMES = Object.keys(ENTITY_LABELS) as EntityName[];

export function isEntityName(name: string): name is EntityName {
  return Object.prototype.hasOwnProperty.call(ENTITY_LABELS, name);
}

/** One entity a write touched, with the ids of its rows (as the audit log stores them; empty when the audit
 *  row named no id, e.g. the settings). */
export interface EntityChange {
  entity: EntityName;
  ids: string[];
}

/** Pushed to every window and tab after a write has committed, and carried by the writer's own answer. */
export interface DataChanged {
  /** Unique per write (and per app start), so a tab applies a change once whichever copy arrives first. */
  id: string;
  method: string;
  /** ISO time of the commit. */
  at: string;
  changes: EntityChange[];
}
