// The demo district's 联席会议: two years of meetings with agendas, notices, attendance, minutes and 督办
// (db/demo.ts runs it).
import type { MeetingType } from '../../shared/contract';
import type { SeededRandom } from '../core/demo-random';
import { chineseName } from '../core/demo-random';
import { DEMO_PASSWORD, type Call } from '../demo';
import { addCalendarDays } from '../../shared/dates';

const MEETING_PLACE = '越城区解放北路 1 号区卫生健康局';
const BIG_ROOM = '五楼第一会议室';
const SMALL_ROOM = '三楼小会议室';

const LEAVE_REASONS = [
  '参加市局专项工作会议',
  '单位主要负责人外出学习',
  '参加区人大专题调研',
  '同期开展专项执法检查',
  '参加省厅业务培训',
];

// Last year's meetings were prepared on paper before the office used the software: only this year's notices carry
// a 发文字号 from its register (numbers are taken in the year the notice is issued, which is the seed's).

interface TopicPlan {
  title: string;
  presenter: string;
  minutes: number;
  /** 序号 of the meeting year's checklist items, linked when the demo has a checklist for that year. */
  checklist?: number[];
  discussion: string;
  conclusion: string;
}

interface DecisionPlan {
  text: string;
  due: string;
  /** The first is 牵头单位. */
  departments: string[];
  updates?: { text: string; file?: string }[];
  result?: string;
}

interface HeldPlan {
  topics: TopicPlan[];
  summary: string;
  decisions: DecisionPlan[];
  /** A department that sent someone in its place (委托). */
  delegate?: string;
}

interface MeetingPlan extends HeldPlan {
  type: MeetingType;
  title: string;
  date: string;
  startTime: string;
  durationMinutes: number;
  room: string;
  chair: string;
  departments: string[];
}

const REGULAR_TITLE = '医疗卫生行业综合监管联席会议';
const REGULAR_MEMBERS = [
  '区卫生健康局',
  '区发改局',
  '区公安分局',
  '区民政局',
  '区司法局',
  '区财政局',
  '区人社局',
  '区市场监管局',
  '区医保分局',
  '区大数据中心',
  '区教体局',
  '区生态环境分局',
  '区委宣传部',
  '区应急管理局',
  '区综合执法局',
  '区商务局',
];
const REGULAR_OBSERVERS = ['各镇街'];

/** The four quarters of 2026, in date order. */
const REGULAR_QUARTERS: HeldPlan[] = [
  {
    topics: [
      {
        title: '通报 2025 年度综合监管工作清单完成情况',
        presenter: '区卫生健康局',
        minutes: 25,
        discussion: '区卫生健康局通报：2025 年度清单 25 项任务中 19 项全年完成，6 项部分完成。',
        conclusion: '未完成的任务纳入 2026 年清单继续推进。',
      },
      {
        title: '审议 2026 年医疗卫生行业综合监管工作清单',
        presenter: '区卫生健康局',
        minutes: 30,
        discussion: '各成员单位对清单中牵头、参与分工提出修改意见 12 条。',
        conclusion: '清单按会议意见修改后印发各成员单位。',
      },
      {
        title: '部署元旦春节期间医疗市场联合检查',
        presenter: '区市场监管局',
        minutes: 20,
        discussion: '区市场监管局、区医保分局介绍节日期间医疗机构和药品零售企业检查安排。',
        conclusion: '春节前完成一轮联合检查。',
      },
    ],
    summary:
      '会议由周副区长主持，通报了 2025 年度综合监管工作清单完成情况，审议了 2026 年工作清单，部署了元旦春节期间医疗市场联合检查。',
    decisions: [
      {
        text: '各成员单位对照 2026 年工作清单，报送本单位牵头任务推进计划',
        due: '2026-01-30',
        departments: ['区卫生健康局', '区市场监管局', '区医保分局', '区公安分局'],
        updates: [
          {
            text: '已收到 24 家成员单位的推进计划，区发改局、区税务局、区委编办尚未报送，已电话催报。',
          },
        ],
      },
      {
        text: '推进综合监管信息平台与区公共数据平台对接，实现检查结果共享',
        due: '2026-12-15',
        departments: ['区大数据中心', '区卫生健康局'],
      },
    ],
  },
  {
    topics: [
      {
        title: '通报一季度工作清单落实情况',
        presenter: '区卫生健康局',
        minutes: 20,
        discussion: '一季度各成员单位填报进展 92 条，逾期未填报 7 条。',
        conclusion: '逾期未填报的单位由联席会议办公室督促补报。',
      },
      {
        title: '研究医保基金使用常态化监管',
        presenter: '区医保分局',
        minutes: 30,
        checklist: [6],
        discussion: '区医保分局介绍定点医药机构飞行检查发现的问题，区卫生健康局、区市场监管局提出配合意见。',
        conclusion: '定点医药机构全面开展自查自纠，部门联合检查跟进。',
      },
      {
        title: '部署部门联合“双随机、一公开”抽查计划',
        presenter: '区市场监管局',
        minutes: 20,
        checklist: [13],
        discussion: '各单位确认了年度联合抽查事项和检查比例。',
        conclusion: '年度联合抽查计划由区市场监管局汇总后统一录入监管平台。',
      },
    ],
    summary:
      '会议通报了一季度工作清单落实情况，研究了医保基金使用常态化监管，部署了部门联合“双随机、一公开”抽查计划。',
    delegate: '区财政局',
    decisions: [
      {
        text: '制定 2026 年部门联合“双随机、一公开”抽查计划并录入监管平台',
        due: '2026-05-31',
        departments: ['区市场监管局', '区卫生健康局', '区医保分局'],
        updates: [
          {
            text: '抽查计划已经各单位会签，平台录入完成 70%，医保定点机构部分待市局系统升级后录入。',
          },
        ],
      },
      {
        text: '组织定点医药机构开展医保基金使用自查自纠',
        due: '2026-12-31',
        departments: ['区医保分局', '区卫生健康局'],
      },
    ],
  },
  {
    topics: [
      {
        title: '通报上半年综合监管工作进展',
        presenter: '区卫生健康局',
        minutes: 20,
        discussion: '上半年清单任务总体按计划推进，信用机制、信息化建设两项任务进度滞后。',
        conclusion: '进度滞后的任务由牵头单位提出追赶措施。',
      },
      {
        title: '研究医疗废物规范收集转运监管',
        presenter: '区生态环境分局',
        minutes: 25,
        checklist: [8],
        discussion: '区生态环境分局通报部分诊所医疗废物暂存不规范、转运台账不全等问题。',
        conclusion: '下半年开展医疗废物收集转运专项检查。',
      },
      {
        title: '部署暑期托育机构和校外培训机构卫生安全检查',
        presenter: '区教体局',
        minutes: 20,
        discussion: '区教体局、区卫生健康局介绍暑期检查重点和分工。',
        conclusion: '7 月至 8 月完成全区托育机构卫生安全检查。',
      },
    ],
    summary:
      '会议通报了上半年综合监管工作进展，研究了医疗废物收集转运监管，部署了暑期托育机构和校外培训机构卫生安全检查。',
    decisions: [
      {
        text: '开展医疗废物收集转运专项检查，年底前覆盖全部基层医疗机构',
        due: '2026-12-31',
        departments: ['区生态环境分局', '区卫生健康局'],
        updates: [
          {
            text: '截至 10 月底，已检查基层医疗机构 112 家，发现问题 17 个，已整改 14 个。',
            file: '医疗废物专项检查进度表.txt',
          },
        ],
      },
      {
        text: '建立托育机构卫生评价和备案信息共享机制',
        due: '2026-12-10',
        departments: ['区卫生健康局', '区教体局', '区市场监管局'],
      },
    ],
  },
  {
    topics: [
      {
        title: '通报前三季度工作清单落实情况',
        presenter: '区卫生健康局',
        minutes: 20,
        discussion: '前三季度 25 项任务中 21 项按进度推进，4 项滞后。',
        conclusion: '滞后任务在第四季度集中攻坚。',
      },
      {
        title: '研究医疗卫生行业信用评价结果运用',
        presenter: '区发改局',
        minutes: 25,
        checklist: [14, 18],
        discussion: '区发改局介绍公共信用信息平台归集要求，区卫生健康局汇报医疗机构信用评价情况。',
        conclusion: '信用评价结果年底前归集至公共信用信息平台。',
      },
      {
        title: '交流医疗美容专项整治进展',
        presenter: '区市场监管局',
        minutes: 15,
        checklist: [11],
        discussion: '区市场监管局、区卫生健康局交流了联合执法检查发现的共性问题。',
        conclusion: '共性问题形成清单，纳入明年监管重点。',
      },
      {
        title: '部署年度综合监管考核准备工作',
        presenter: '区卫生健康局',
        minutes: 20,
        discussion: '区卫生健康局介绍市级考核细则和自查材料要求。',
        conclusion: '各成员单位 11 月底前报送年度工作总结。',
      },
    ],
    summary:
      '会议通报了前三季度工作清单落实情况，研究了信用评价结果运用，交流了医疗美容专项整治进展，部署了年度考核准备工作。',
    decisions: [
      {
        text: '将医疗卫生行业信用评价结果归集至公共信用信息平台',
        due: '2026-12-20',
        departments: ['区发改局', '区卫生健康局', '区大数据中心'],
      },
      {
        text: '各成员单位报送 2026 年度综合监管工作总结',
        due: '2026-11-30',
        departments: ['区卫生健康局', '区市场监管局', '区医保分局', '区公安分局', '区综合执法局'],
      },
      {
        text: '汇编年度综合监管考核自查材料',
        due: '2027-01-15',
        departments: ['区卫生健康局'],
      },
    ],
  },
];

/** Meetings held on their own (not of the series), in date order. */
const SINGLE_MEETINGS: MeetingPlan[] = [
  {
    type: 'topic',
    title: '医疗美容行业综合监管专题会商',
    date: '2025-04-15',
    startTime: '09:30',
    durationMinutes: 90,
    room: SMALL_ROOM,
    chair: '钱局长',
    departments: [
      '区卫生健康局',
      '区市场监管局',
      '区公安分局',
      '区商务局',
      '区综合执法局',
      '区委宣传部',
      '区税务局',
    ],
    topics: [
      {
        title: '通报全区医疗美容机构监管情况',
        presenter: '区卫生健康局',
        minutes: 20,
        checklist: [11],
        discussion:
          '区卫生健康局通报：全区现有医疗美容机构 46 家，一季度检查 31 家，发现超范围执业等问题 9 起。',
        conclusion: '医疗美容机构监管纳入部门联合检查计划，检查结果按季度互通。',
      },
      {
        title: '研究医疗美容虚假违法广告治理措施',
        presenter: '区市场监管局',
        minutes: 25,
        checklist: [10],
        discussion: '区市场监管局介绍网络平台医疗美容广告监测情况，区委宣传部就网络信息巡查提出意见。',
        conclusion: '由区市场监管局牵头开展医疗美容虚假违法广告专项清理。',
      },
      {
        title: '商讨生活美容场所违规开展医疗美容项目的处置分工',
        presenter: '区综合执法局',
        minutes: 25,
        discussion: '各单位就生活美容场所违规开展注射类项目的发现、移交和查处环节进行了讨论。',
        conclusion: '发现线索的单位当日移交区卫生健康局，涉嫌犯罪的移送区公安分局。',
      },
    ],
    summary:
      '会议由钱局长主持，听取了医疗美容行业监管情况通报，研究了虚假违法广告治理和生活美容场所违规开展医疗美容项目的处置分工。',
    decisions: [
      {
        text: '建立医疗美容机构监管信息共享机制，各单位每季度互通检查和投诉处理情况',
        due: '2025-06-30',
        departments: ['区卫生健康局', '区市场监管局', '区商务局'],
        updates: [{ text: '已汇总首批共享机构名单 46 家，信息共享工作方案已报局领导审定。' }],
        result:
          '《越城区医疗美容机构监管信息共享工作方案》已印发，各单位自第三季度起按季度互通检查和投诉处理情况。',
      },
      {
        text: '开展医疗美容虚假违法广告专项清理，重点清理网络平台违法广告',
        due: '2025-09-30',
        departments: ['区市场监管局', '区委宣传部', '区卫生健康局'],
        updates: [
          {
            text: '区市场监管局反馈：已清理违法广告 27 条，立案 4 起；剩余 6 条网络平台广告涉及外地主体，已提请市局协调处置。',
            file: '医疗美容广告清理台账.txt',
          },
        ],
      },
    ],
  },
  {
    type: 'emergency',
    title: '登革热疫情防控应急协同会议',
    date: '2025-07-09',
    startTime: '14:30',
    durationMinutes: 60,
    room: BIG_ROOM,
    chair: '孙副局长',
    departments: [
      '区卫生健康局',
      '区生态环境分局',
      '区建设交通局',
      '区水利局',
      '区教体局',
      '区应急管理局',
      '区委宣传部',
      '各镇街',
    ],
    topics: [
      {
        title: '通报本地登革热疫情形势和防控要求',
        presenter: '区卫生健康局',
        minutes: 15,
        checklist: [8],
        discussion: '区卫生健康局通报：周边地区出现本地病例，我区部分监测点位布雷图指数超标。',
        conclusion: '立即启动蚊媒孳生地清除行动。',
      },
      {
        title: '部署蚊媒孳生地清除和环境整治',
        presenter: '各镇街',
        minutes: 20,
        checklist: [8, 17],
        discussion: '各镇街汇报了老旧小区、城中村积水容器清理安排，区建设交通局介绍建筑工地排查计划。',
        conclusion: '以镇街为单位网格化清除积水，建筑工地和公园水体专项排查。',
      },
      {
        title: '研究学校开学前防蚊灭蚊工作',
        presenter: '区教体局',
        minutes: 15,
        discussion: '区教体局提出开学前校园环境消杀安排。',
        conclusion: '8 月底前完成全区中小学、幼儿园防蚊灭蚊。',
      },
    ],
    summary: '会议通报了登革热疫情形势，部署了蚊媒孳生地清除、环境整治和学校开学前防蚊灭蚊工作。',
    decisions: [
      {
        text: '建立蚊媒监测点位常态化监测和通报制度，监测结果每月通报各镇街',
        due: '2026-12-31',
        departments: ['区卫生健康局', '各镇街', '区生态环境分局'],
      },
    ],
  },
  {
    type: 'enforcement',
    title: '打击非法行医专项行动联合执法部署会',
    date: '2025-10-22',
    startTime: '09:00',
    durationMinutes: 90,
    room: SMALL_ROOM,
    chair: '钱局长',
    departments: [
      '区卫生健康局',
      '区公安分局',
      '区市场监管局',
      '区综合执法局',
      '区医保分局',
      '区司法局',
      '各镇街',
    ],
    topics: [
      {
        title: '通报 2025 年非法行医案件查处情况',
        presenter: '区卫生健康局',
        minutes: 20,
        checklist: [10, 12],
        discussion: '区卫生健康局通报：今年以来查处非法行医案件 18 起，移送公安机关 3 起。',
        conclusion: '非法行医高发区域列为联合执法重点。',
      },
      {
        title: '部署联合执法检查分组和重点区域',
        presenter: '区公安分局',
        minutes: 30,
        checklist: [13],
        discussion: '区公安分局提出按城乡结合部、出租房集中区域分四组开展检查。',
        conclusion: '11 月至 12 月开展四轮联合执法检查。',
      },
      {
        title: '明确非法行医案件行刑衔接移送程序',
        presenter: '区司法局',
        minutes: 20,
        checklist: [12],
        discussion: '区司法局介绍行政执法与刑事司法衔接的有关规定。',
        conclusion: '涉嫌犯罪案件按规定移送，移送情况双方按月对账。',
      },
    ],
    summary: '会议通报了非法行医案件查处情况，部署了年底前联合执法检查，明确了行刑衔接移送程序。',
    decisions: [
      {
        text: '建立非法行医案件行刑衔接移送台账，区公安分局、区卫生健康局按月对账',
        due: '2025-12-31',
        departments: ['区公安分局', '区卫生健康局', '区司法局'],
        updates: [{ text: '台账模板已确定，10 月、11 月已对账两次；区司法局意见尚未反馈，暂未印发。' }],
      },
      {
        text: '对城乡结合部、出租房集中区域开展非法行医拉网式排查',
        due: '2026-12-31',
        departments: ['区卫生健康局', '区公安分局', '各镇街'],
      },
    ],
  },
  {
    type: 'topic',
    title: '打击欺诈骗取医保基金专题会商',
    date: '2026-03-24',
    startTime: '14:30',
    durationMinutes: 90,
    room: SMALL_ROOM,
    chair: '钱局长',
    departments: ['区医保分局', '区卫生健康局', '区公安分局', '区市场监管局', '区审计局', '区财政局'],
    topics: [
      {
        title: '通报 2025 年医保基金监管案件查处情况',
        presenter: '区医保分局',
        minutes: 20,
        discussion: '区医保分局通报：2025 年追回医保基金 386 万元，移送公安机关案件 2 起。',
        conclusion: '分解住院、挂床住院列为今年查处重点。',
      },
      {
        title: '研究欺诈骗保线索移送和联合查处机制',
        presenter: '区公安分局',
        minutes: 30,
        checklist: [6, 12],
        discussion: '区公安分局、区医保分局就线索移送标准、证据要求和反馈时限交换了意见。',
        conclusion: '由区医保分局牵头起草行刑衔接工作机制。',
      },
    ],
    summary: '会议通报了医保基金监管案件查处情况，研究了欺诈骗保线索移送和联合查处机制。',
    decisions: [
      {
        text: '健全医保基金监管行刑衔接工作机制，明确线索移送标准和时限',
        due: '2026-04-30',
        departments: ['区医保分局', '区公安分局', '区卫生健康局'],
        updates: [
          { text: '4 月 20 日召开工作对接会，线索移送标准已达成一致。' },
          { text: '工作机制文件已报区司法局合法性审查，待审查意见。' },
        ],
      },
    ],
  },
  {
    type: 'enforcement',
    title: '医疗美容机构联合执法检查部署会',
    date: '2026-05-19',
    startTime: '09:00',
    durationMinutes: 90,
    room: SMALL_ROOM,
    chair: '钱局长',
    departments: ['区卫生健康局', '区市场监管局', '区公安分局', '区综合执法局', '区商务局', '各镇街'],
    topics: [
      {
        title: '通报医疗美容行业投诉举报情况',
        presenter: '区市场监管局',
        minutes: 15,
        discussion: '区市场监管局通报：今年以来受理医疗美容投诉举报 63 件，同比上升 21%。',
        conclusion: '投诉集中的机构列为必查对象。',
      },
      {
        title: '部署联合执法检查分组安排',
        presenter: '区卫生健康局',
        minutes: 30,
        checklist: [10, 13],
        discussion: '按机构类别分三组，每组由区卫生健康局、区市场监管局各派执法人员。',
        conclusion: '6 月至 8 月完成全覆盖检查。',
      },
      {
        title: '明确无证行医线索移交程序',
        presenter: '区公安分局',
        minutes: 15,
        discussion: '区公安分局说明涉嫌非法行医犯罪线索的受理要求。',
        conclusion: '检查中发现的犯罪线索当日移交区公安分局。',
      },
    ],
    summary: '会议通报了医疗美容行业投诉举报情况，部署了联合执法检查分组安排，明确了无证行医线索移交程序。',
    decisions: [
      {
        text: '6 月至 8 月开展医疗美容机构全覆盖联合执法检查',
        due: '2026-08-31',
        departments: ['区卫生健康局', '区市场监管局', '区公安分局'],
        updates: [{ text: '已检查医疗美容机构 38 家，立案 5 起；另有 8 家停业，待复业后补查。' }],
      },
    ],
  },
  {
    type: 'emergency',
    title: '汛期防台医疗卫生保障应急协同会议',
    date: '2026-08-11',
    startTime: '16:00',
    durationMinutes: 60,
    room: BIG_ROOM,
    chair: '孙副局长',
    departments: ['区卫生健康局', '区应急管理局', '区水利局', '区生态环境分局', '区建设交通局', '各镇街'],
    topics: [
      {
        title: '通报台风影响和医疗救治准备情况',
        presenter: '区卫生健康局',
        minutes: 15,
        discussion: '区卫生健康局通报医疗救治队伍、药品和应急物资储备情况。',
        conclusion: '医疗救治队伍 24 小时待命。',
      },
      {
        title: '部署受淹区域饮用水卫生监测和环境消杀',
        presenter: '各镇街',
        minutes: 20,
        checklist: [8],
        discussion: '各镇街汇报低洼受淹区域情况，区水利局介绍供水设施排查安排。',
        conclusion: '水退后 48 小时内完成受淹区域消杀。',
      },
    ],
    summary: '会议通报了台风影响和医疗救治准备情况，部署了受淹区域饮用水卫生监测和环境消杀工作。',
    decisions: [
      {
        text: '做好灾后饮用水卫生监测和受淹区域环境消杀',
        due: '2026-09-15',
        departments: ['区卫生健康局', '各镇街', '区水利局'],
      },
    ],
  },
];

const UPCOMING: Omit<MeetingPlan, keyof HeldPlan> & {
  topics: Omit<TopicPlan, 'discussion' | 'conclusion'>[];
} = {
  type: 'topic',
  title: '2027 年综合监管工作清单编制专题会商',
  date: '2026-12-08',
  startTime: '09:30',
  durationMinutes: 90,
  room: SMALL_ROOM,
  chair: '钱局长',
  departments: ['区卫生健康局', '区市场监管局', '区医保分局', '区公安分局', '区发改局', '区大数据中心'],
  topics: [
    { title: '研究 2027 年工作清单任务调整', presenter: '区卫生健康局', minutes: 40 },
    { title: '征求成员单位牵头和参与分工意见', presenter: '区市场监管局', minutes: 30 },
  ],
};

const CANCELLED = {
  type: 'enforcement' as const,
  title: '中秋国庆期间医疗市场联合检查部署会',
  date: '2026-09-15',
  startTime: '09:00',
  durationMinutes: 60,
  room: SMALL_ROOM,
  chair: '钱局长',
  departments: ['区卫生健康局', '区市场监管局', '区医保分局', '区公安分局'],
  reason: '全市统一部署节日医疗市场专项检查，本次部署会不再召开',
};

/** The demo is written for an office whose today is in AUTHORED_YEAR; made in another year, every year in its
 *  dates and texts moves by the difference (2025 → last year, 2026 → this year, 2027 → next year). */
const AUTHORED_YEAR = 2026;

/** The same plan with every year 2024–2028 in its dates and texts moved by `by` years. */
function shiftYears<T>(plan: T, by: number): T {
  if (by === 0) return plan;
  return JSON.parse(
    JSON.stringify(plan).replace(/(?<!\d)(202[4-8])(?!\d)/g, (y) => String(Number(y) + by)),
  ) as T;
}

/** The meeting being prepared about two weeks from today: in the last quarter, next year's checklist; earlier in the
 *  year, this year's tasks. */
function upcomingPlan(today: string, date: string): typeof UPCOMING {
  const year = Number(today.slice(0, 4));
  if (Number(today.slice(5, 7)) >= 10) return { ...shiftYears(UPCOMING, year - AUTHORED_YEAR), date };
  return {
    ...UPCOMING,
    title: `${year} 年综合监管工作清单推进专题会商`,
    date,
    topics: [
      { title: `研究 ${year} 年工作清单滞后任务推进措施`, presenter: '区卫生健康局', minutes: 40 },
      { title: '协调跨部门任务牵头和参与分工', presenter: '区市场监管局', minutes: 30 },
    ],
  };
}

/** The demo's meetings, seeded as the meeting secretary, relative to the app's today: last year's and this
 *  year's meetings that have taken place are held (agenda, notice, attendance, minutes, 督办); this year's still
 *  ahead have their agenda drafted; one is being prepared for about two weeks from today and one was cancelled.
 *  Returns how many meetings and open decisions. */
export async function seedMeetings(
  call: Call,
  rng: SeededRandom,
): Promise<{ meetings: number; openDecisions: number }> {
  await call('auth.logout', {});
  await call('auth.login', { username: 'mishu', password: DEMO_PASSWORD });
  const { today, year } = await call('calendar.status', {});
  const by = year - AUTHORED_YEAR;
  const regularQuarters = shiftYears(REGULAR_QUARTERS, by);
  const singleMeetings = shiftYears(SINGLE_MEETINGS, by);
  const cancelledPlan = shiftYears(CANCELLED, by);
  const noticeFrom = `${year}-01-01`;
  // Meetings fall on working days: a date moved to another year that is a weekend or holiday goes to the next.
  const working = new Set<string>();
  for (const y of [year - 1, year, year + 1])
    for (const d of (await call('calendar.year', { year: y })).days) if (d.working) working.add(d.date);
  const workingOnOrAfter = (date: string): string => {
    let d = date;
    for (let i = 0; i < 30 && !working.has(d); i++) d = addCalendarDays(d, 1);
    return d;
  };
  const directory = await call('departments.list', { includeInactive: false });
  const idOf = (name: string): number => {
    const d = directory.find((x) => x.shortName === name);
    if (!d) throw new Error(`演示数据：成员单位名录中没有“${name}”`);
    return d.id;
  };
  const attending = (names: string[], observers: string[] = []) => [
    ...names.map((n) => ({ departmentId: idOf(n), role: 'attend' as const })),
    ...observers.map((n) => ({ departmentId: idOf(n), role: 'observe' as const })),
  ];
  // Checklist items by 序号, for the years that have a checklist (last year's and this year's in the demo).
  const checklistIds = new Map<number, Map<number, number>>();
  for (const y of [year - 1, year]) {
    const list = await call('checklist.get', { year: y });
    if (list) checklistIds.set(y, new Map(list.items.map((i) => [i.seq, i.id])));
  }
  const fields = (p: Omit<MeetingPlan, keyof HeldPlan | 'departments'>) => ({
    type: p.type,
    title: p.title,
    startTime: p.startTime,
    durationMinutes: p.durationMinutes,
    place: MEETING_PLACE,
    room: p.room,
    chair: p.chair,
  });
  const agendaOf = (date: string, topics: Omit<TopicPlan, 'discussion' | 'conclusion'>[]) => {
    const links = checklistIds.get(Number(date.slice(0, 4)));
    return topics.map((t) => ({
      title: t.title,
      presenterDepartmentId: idOf(t.presenter),
      minutes: t.minutes,
      checklistItemIds: links ? (t.checklist ?? []).flatMap((seq) => links.get(seq) ?? []) : [],
    }));
  };

  // This year's series: the first working Tuesday of each quarter (in 2026 10-06 is 国庆节, so Q4 met on 10-13).
  const series = await call('meetings.createSeries', {
    rule: {
      frequency: 'quarterly',
      interval: 1,
      anchor: { kind: 'weekdayOrdinal', weekday: 2, ordinal: 1 },
      monthOfPeriod: 1,
      workingDayOnly: 'firstWorkingWeekday',
      start: `${year}-01-01`,
      until: `${year}-12-31`,
    },
    meeting: {
      type: 'regular',
      title: REGULAR_TITLE,
      startTime: '09:00',
      durationMinutes: 120,
      place: MEETING_PLACE,
      room: BIG_ROOM,
      chair: '周副区长',
      invitedLeaders: '区政府分管副区长',
      notes: '各成员单位分管负责人参加，各镇街列席。',
    },
    departments: attending(REGULAR_MEMBERS, REGULAR_OBSERVERS),
  });
  if (series.meetings.length !== regularQuarters.length) {
    throw new Error(
      `演示数据：定期联席会议应为 ${regularQuarters.length} 次，实际 ${series.meetings.length} 次`,
    );
  }
  const planned: { id: number; date: string; plan: HeldPlan }[] = series.meetings.map((m, i) => ({
    id: m.id,
    date: m.date,
    plan: regularQuarters[i]!,
  }));
  for (const p of singleMeetings) {
    const date = workingOnOrAfter(p.date);
    const { meeting } = await call('meetings.create', {
      ...fields(p),
      date,
      departments: attending(p.departments),
    });
    planned.push({ id: meeting.id, date, plan: p });
  }
  planned.sort((a, b) => a.date.localeCompare(b.date));
  // Meetings still ahead this year: the agenda is drafted, nothing else yet.
  for (const f of planned.filter((h) => h.date >= today))
    await call('meetings.saveAgenda', { meetingId: f.id, items: agendaOf(f.date, f.plan.topics) });
  const held = planned
    .filter((h) => h.date < today)
    .map((h) => ({ ...h, presenters: h.plan.topics.map((t) => t.presenter) }));

  for (const h of held) {
    const { meeting: before } = await call('meetings.saveAgenda', {
      meetingId: h.id,
      items: agendaOf(h.date, h.plan.topics),
    });
    if (h.date >= noticeFrom) await call('meetings.issueNotice', { id: h.id });
    await call('meetings.recordAttendance', {
      meetingId: h.id,
      rows: before.departments.map((d) => {
        if (d.shortName === h.plan.delegate) {
          return {
            departmentId: d.departmentId,
            attendance: 'delegate' as const,
            delegateName: chineseName(rng),
          };
        }
        if (!h.presenters.includes(d.shortName) && rng.next() < 0.12) {
          return {
            departmentId: d.departmentId,
            attendance: 'leave' as const,
            leaveReason: rng.pick(LEAVE_REASONS),
          };
        }
        return {
          departmentId: d.departmentId,
          attendance: 'present' as const,
          attendeeNames: chineseName(rng),
        };
      }),
    });
    const { meeting } = await call('meetings.saveMinutes', {
      meetingId: h.id,
      summary: h.plan.summary,
      topics: before.agenda.map((a, i) => ({
        agendaItemId: a.id,
        discussion: h.plan.topics[i]!.discussion,
        conclusion: h.plan.topics[i]!.conclusion,
      })),
      decisions: h.plan.decisions.map((d) => ({
        text: d.text,
        dueDate: d.due,
        departmentIds: d.departments.map(idOf),
      })),
    });
    // 督办: progress reported after the meeting, and a result where the decision was carried out.
    for (const [i, d] of h.plan.decisions.entries()) {
      const decisionId = meeting.decisions[i]!.id;
      for (const u of d.updates ?? []) {
        await call('decisions.addUpdate', {
          decisionId,
          text: u.text,
          ...(u.file
            ? {
                file: {
                  fileName: u.file,
                  base64: Buffer.from(`${u.file.replace(/\.txt$/, '')}\n${u.text}\n`).toString('base64'),
                },
              }
            : {}),
        });
      }
      if (d.result) await call('decisions.close', { decisionId, result: d.result });
    }
  }

  // The meeting being prepared about two weeks from today: agenda drafted, notice not yet issued.
  const upcomingOn = workingOnOrAfter(addCalendarDays(today, 16));
  const next = upcomingPlan(today, upcomingOn);
  const { meeting: upcoming } = await call('meetings.create', {
    ...fields(next),
    date: next.date,
    departments: attending(next.departments),
  });
  await call('meetings.saveAgenda', {
    meetingId: upcoming.id,
    items: next.topics.map((t) => ({
      title: t.title,
      presenterDepartmentId: idOf(t.presenter),
      minutes: t.minutes,
    })),
  });

  const { meeting: cancelled } = await call('meetings.create', {
    ...fields(cancelledPlan),
    date: workingOnOrAfter(cancelledPlan.date),
    departments: attending(cancelledPlan.departments),
  });
  await call('meetings.cancel', { id: cancelled.id, reason: cancelledPlan.reason });

  const open = await call('decisions.list', { status: 'open' });
  return { meetings: planned.length + 2, openDecisions: open.length };
}
