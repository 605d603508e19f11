// 基础数据: the member-department directory and the working-day calendar.
import { navigate } from '../../app/router';
import { Tabs } from '../../ui';
import { DepartmentsPage } from './DepartmentsPage';
import { CalendarPage } from './CalendarPage';

export function BasicDataPage({ route }: { route: string }) {
  const tab = route.startsWith('/basic/calendar') ? 'calendar' : 'departments';
  return (
    <div>
      <Tabs
        tabs={[
          { key: 'departments', label: '成员单位' },
          { key: 'calendar', label: '工作日历' },
        ]}
        active={tab}
        onChange={(k) => navigate(`/basic/${k}`)}
      />
      {tab === 'departments' ? <DepartmentsPage /> : <CalendarPage />}
    </div>
  );
}
