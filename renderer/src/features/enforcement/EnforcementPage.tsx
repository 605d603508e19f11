// 联合执法: the three directories the 双随机 draw works from, the 抽查计划 with its draws, 转报移送 and 12345 投诉.
// What is still to come is said plainly under the tabs, not shown as screens that do nothing.
import { navigate } from '../../app/router';
import { Notice, Tabs } from '../../ui';
import { InstitutionsPanel } from './InstitutionsPanel';
import { PractitionersPanel } from './PractitionersPanel';
import { InspectorsPanel } from './InspectorsPanel';
import { ReferralsPanel } from './ReferralsPanel';
import { ComplaintsPanel } from './ComplaintsPanel';
import { PlansPanel } from './PlansPanel';

type Tab = 'institutions' | 'practitioners' | 'inspectors' | 'plans' | 'referrals' | 'complaints';

const STILL_TO_COME = ['检查记录', '联合行动', '结果公开'];

export function EnforcementPage({ route }: { route: string }) {
  const tab: Tab = route.startsWith('/enforcement/practitioners')
    ? 'practitioners'
    : route.startsWith('/enforcement/inspectors')
      ? 'inspectors'
      : route.startsWith('/enforcement/referrals')
        ? 'referrals'
        : route.startsWith('/enforcement/complaints')
          ? 'complaints'
          : route.startsWith('/enforcement/plans')
            ? 'plans'
            : 'institutions';
  return (
    <div>
      <Tabs<Tab>
        tabs={[
          { key: 'institutions', label: '监管对象' },
          { key: 'practitioners', label: '从业人员' },
          { key: 'inspectors', label: '执法人员' },
          { key: 'plans', label: '抽查计划' },
          { key: 'referrals', label: '转报移送' },
          { key: 'complaints', label: '12345 投诉' },
        ]}
        active={tab}
        onChange={(k) => navigate(`/enforcement/${k}`)}
      />
      <Notice kind="info">
        本版本提供联合执法的三个名录、抽查计划与双随机抽取、转报移送和 12345 投诉。以下功能尚在建设中：
        {STILL_TO_COME.join('、')}。
      </Notice>
      {tab === 'institutions' ? (
        <InstitutionsPanel />
      ) : tab === 'practitioners' ? (
        <PractitionersPanel />
      ) : tab === 'inspectors' ? (
        <InspectorsPanel />
      ) : null}
      {tab === 'plans' ? <PlansPanel /> : null}
      {tab === 'referrals' ? <ReferralsPanel /> : null}
      {tab === 'complaints' ? <ComplaintsPanel /> : null}
    </div>
  );
}
