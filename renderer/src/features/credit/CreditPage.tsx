// 信用台账: the grid of all subjects (with the chain check), every ledger entry (paged on the server), a subject's profile, the 红黑名单 with credit repair
// and the public list, and the behaviour catalogue with the rules.
import './credit.css';
import { navigate } from '../../app/router';
import { Notice, Tabs } from '../../ui';
import { ProfilePage } from './ProfilePage';
import { ListsPanel } from './ListsPanel';
import { RulesPanel } from './RulesPanel';
import { SubjectsPanel } from './SubjectsPanel';
import { EntriesPanel } from './EntriesPanel';
import { CREDIT_SCOPE } from './text';
import { MoreInfo } from '../../ui/TechInfo';

type Tab = 'subjects' | 'entries' | 'lists' | 'rules';
const TAB_PATHS: Record<Tab, string> = {
  subjects: '/credit',
  entries: '/credit/entries',
  lists: '/credit/lists',
  rules: '/credit/rules',
};

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
  const tab: Tab = route.startsWith('/credit/rules')
    ? 'rules'
    : route.startsWith('/credit/lists')
      ? 'lists'
      : route.startsWith('/credit/entries')
        ? 'entries'
        : 'subjects';
  return (
    <div>
      <Tabs<Tab>
        tabs={[
          { key: 'subjects', label: '信用主体' },
          { key: 'entries', label: '台账记录' },
          { key: 'lists', label: '红黑名单' },
          { key: 'rules', label: '记分条目与规则' },
        ]}
        active={tab}
        onChange={(k) => navigate(TAB_PATHS[k])}
      />
      <Notice kind="info">
        <MoreInfo
          summary="本版本提供信用记录链、记分与预警、信用等级、红黑名单、信用修复和对外公示名单。"
          label="详细说明"
        >
          本版本提供{CREDIT_SCOPE}
        </MoreInfo>
      </Notice>
      {tab === 'subjects' ? (
        <SubjectsPanel />
      ) : tab === 'entries' ? (
        <EntriesPanel />
      ) : tab === 'lists' ? (
        <ListsPanel />
      ) : (
        <RulesPanel />
      )}
    </div>
  );
}
