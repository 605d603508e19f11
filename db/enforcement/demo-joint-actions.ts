// The demo district's 联合执法行动 and 专项整治: last year's joint action on 医疗美容, this year's 医保基金 campaign
// carried out by two departments (both completed, each the year's one against the minimum of seed 003 §四(三)),
// and a joint inspection of private institutions under way today. Dates are counted back from the office's today,
// so the demo holds whenever it is generated; it goes through the dispatcher (validation, audit rows). Needs the
// directories (seed-enforcement) first and a session that may write records.
import { addCalendarDays } from '../../shared/dates';
import type { Department, Institution } from '../../shared/contract';
import type { SeededRandom } from '../core/demo-random';
import type { Call } from '../demo';

export interface JointActionSeedSummary {
  actions: number;
}

function dept(departments: Department[], name: string): number {
  const d = departments.find((x) => x.shortName === name);
  if (!d) throw new Error(`demo: department ${name} is not on the directory`);
  return d.id;
}

/** A few operating institutions of the given categories, picked by the seed. */
function some(
  rng: SeededRandom,
  institutions: Institution[],
  categories: Institution['category'][],
  n: number,
): number[] {
  const fit = institutions.filter((i) => categories.includes(i.category) && i.status === 'operating');
  const out: number[] = [];
  while (out.length < Math.min(n, fit.length)) {
    const pick = rng.pick(fit).id;
    if (!out.includes(pick)) out.push(pick);
  }
  return out;
}

export async function seedJointActions(call: Call, rng: SeededRandom): Promise<JointActionSeedSummary> {
  const { today } = await call('calendar.status', {});
  const on = (days: number) => addCalendarDays(today, days);
  const departments = await call('departments.list', { includeInactive: false });
  const institutions = await call('institutions.list', { includeInactive: false });
  const d = (name: string) => dept(departments, name);

  const aesthetic = some(rng, institutions, ['aesthetic'], 6);
  await call('jointActions.create', {
    name: `${on(-500).slice(0, 4)} 年医疗美容行业联合执法行动`,
    kind: 'joint',
    leadDepartmentId: d('区卫生健康局'),
    participantIds: [d('区市场监管局'), d('区公安分局')],
    startDate: on(-500),
    endDate: on(-450),
    targetIds: aesthetic,
    scope: '辖区内医疗美容机构及提供医疗美容项目的生活美容场所',
    institutionsChecked: aesthetic.length + 9,
    issuesFound: 11,
    casesFiled: 4,
    finesYuan: 86500,
    resultsText:
      '检查医疗美容机构和生活美容场所，查处超范围开展医疗美容、使用未经批准的注射类产品、发布违法医疗广告等问题；移送公安机关非法行医线索 1 条。',
  });

  const medicalInsurance = some(rng, institutions, ['hospital', 'outpatient', 'clinic'], 8);
  await call('jointActions.create', {
    name: `${on(-200).slice(0, 4)} 年医保基金使用专项整治`,
    kind: 'campaign',
    leadDepartmentId: d('区医保分局'),
    participantIds: [d('区卫生健康局')],
    startDate: on(-200),
    endDate: on(-150),
    targetIds: medicalInsurance,
    scope: '定点医疗机构串换药品、虚记诊疗项目、超标准收费',
    institutionsChecked: medicalInsurance.length + 14,
    issuesFound: 17,
    casesFiled: 6,
    finesYuan: 213480.5,
    resultsText: '追回医保基金 41.2 万元，约谈 5 家机构负责人，2 家暂停医保服务协议。',
  });

  const privates = some(rng, institutions, ['hospital', 'outpatient', 'dental', 'tcm'], 5);
  await call('jointActions.create', {
    name: '民营医疗机构依法执业联合检查',
    kind: 'joint',
    leadDepartmentId: d('区卫生健康局'),
    participantIds: [d('区市场监管局'), d('区医保分局'), d('区综合执法局')],
    startDate: on(-7),
    endDate: on(23),
    targetIds: privates,
    scope: '社会办医院、门诊部、口腔和中医诊所',
    institutionsChecked: 3,
    issuesFound: 2,
    resultsText: '已检查 3 家，发现医疗废物交接记录不全等问题 2 个，现场责令整改。',
  });
  return { actions: 3 };
}
