// 工作台 today: the date facts every deadline depends on, and system reminders such as a missing holiday
// table for next year. The cross-module due/overdue list and charts arrive with those modules.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { formatChineseDate } from '../../../../shared/dates';
import { Notice, Page } from '../../ui';

const KIND_TEXT = {
  workday: '工作日',
  weekend: '休息日',
  holiday: '法定节假日',
  makeup_workday: '调休上班日',
} as const;

export function DashboardPage() {
  const cal = useQuery({
    queryKey: ['calendar', 'status'],
    queryFn: () => api.invoke('calendar.status', {}),
  });
  const depts = useQuery({
    queryKey: ['departments', 'list'],
    queryFn: () => api.invoke('departments.list', { includeInactive: true }),
  });
  const s = cal.data;
  return (
    <Page
      title="工作台"
      subtitle={
        s
          ? `今天是 ${formatChineseDate(s.today)}，${KIND_TEXT[s.todayInfo.kind]}${s.todayInfo.name ? `（${s.todayInfo.name}）` : ''}`
          : undefined
      }
    >
      <h2 className="section-title">系统提醒</h2>
      {s?.warnNextYearMissing ? (
        <Notice kind="warning" title={`尚未录入 ${s.nextYear} 年节假日安排`}>
          内置的节假日表不包含 {s.nextYear} 年。国务院办公厅发布 {s.nextYear} 年放假安排后，请在
          <a href="#/basic/calendar"> 基础数据 → 工作日历 </a>
          中录入，否则跨年的“工作日”期限将只按周一至周五计算。
        </Notice>
      ) : s ? (
        <Notice kind="success">工作日历已包含 {s.nextYear} 年的节假日安排。</Notice>
      ) : null}
      <div className="cards">
        {s ? (
          <div className="stat-card">
            <div className="stat-label">本季度（第{s.quarter}季度）最后一个工作日</div>
            <div className="stat-value">{formatChineseDate(s.quarterLastWorkingDay)}</div>
            <div className="stat-note">季度阶段性工作总结上报截止日（京卫监督〔2019〕37号）</div>
          </div>
        ) : null}
        {depts.data ? (
          <div className="stat-card">
            <div className="stat-label">成员单位</div>
            <div className="stat-value">{depts.data.filter((d) => d.active).length} 个启用</div>
            <div className="stat-note">
              <a href="#/basic/departments">查看成员单位名录</a>
            </div>
          </div>
        ) : null}
      </div>
      <Notice kind="info" title="即将推出">
        跨模块的待办与逾期清单、年度履职指标和统计图表，将随联席会议、任务清单、联合执法、信用台账和报告上报模块一同上线。
      </Notice>
    </Page>
  );
}
