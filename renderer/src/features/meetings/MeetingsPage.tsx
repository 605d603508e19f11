// 联席会议: the calendar (with new meetings and series), the follow-up list of decisions (督办), and one
// meeting's own page (details, agenda, notice and files, attendance, minutes).
import { navigate } from '../../app/router';
import { Tabs } from '../../ui';
import { CalendarView } from './CalendarView';
import { DecisionsView } from './DecisionsView';
import { MeetingListView } from './MeetingListView';
import { MeetingPage } from './MeetingPage';

export function MeetingsPage({ route }: { route: string }) {
  const parts = route.split('?')[0]!.split('/'); // ['', 'meetings', ...]
  const id = Number(parts[2]);
  if (Number.isInteger(id) && id > 0) return <MeetingPage id={id} tab={parts[3] ?? 'info'} />;
  const tab = parts[2] === 'decisions' ? 'decisions' : parts[2] === 'list' ? 'list' : 'calendar';
  return (
    <div>
      <Tabs
        tabs={[
          { key: 'calendar', label: '会议日历' },
          { key: 'list', label: '会议列表' },
          { key: 'decisions', label: '议定事项督办' },
        ]}
        active={tab}
        onChange={(k) => navigate(k === 'calendar' ? '/meetings' : `/meetings/${k}`)}
      />
      {tab === 'calendar' ? <CalendarView /> : tab === 'list' ? <MeetingListView /> : <DecisionsView />}
    </div>
  );
}
