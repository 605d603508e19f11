// 信用台账: the grid of all subjects (with the chain check), a subject's profile, and the behaviour catalogue with
// the rules. What is still to come (red/black lists, credit repair) is said under the tabs, not shown as screens.
import './credit.css';
import { navigate } from '../../app/router';
import { Notice, Tabs } from '../../ui';
import { ProfilePage } from './ProfilePage';
import { RulesPanel } from './RulesPanel';
import { SubjectsPanel } from './SubjectsPanel';
import { STILL_TO_COME } from './text';

type Tab = 'subjects' | 'rules';

export function CreditPage({ route }: { route: string }) {
  const profile = /^\/credit\/(institution|practitioner)\/(\d+)/.exec(route);
  if (profile)
    return (
      <ProfilePage
        key={`${profile[1]}-${profile[2]}`}
        kind={profile[1] as 'institution' | 'practitioner'}
        id={Number(profile[2])}
      />
    );
  const tab: Tab = route.startsWith('/credit/rules') ? 'rules' : 'subjects';
  return (
    <div>
      <Tabs<Tab>
        tabs={[
          { key: 'subjects', label: '信用主体' },
          { key: 'rules', label: '记分条目与规则' },
        ]}
        active={tab}
        onChange={(k) => navigate(k === 'rules' ? '/credit/rules' : '/credit')}
      />
      <Notice kind="info">
        本版本提供防篡改的信用记录链、不良执业行为记分与阈值预警、信用等级。{STILL_TO_COME}
      </Notice>
      {tab === 'subjects' ? <SubjectsPanel /> : <RulesPanel />}
    </div>
  );
}
