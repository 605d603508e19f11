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
import { JointActionsPanel } from './JointActionsPanel';
import { InspectionsPanel } from './InspectionsPanel';
import { PublicationPanel } from './PublicationPanel';
import { SpotItemsPanel } from './SpotItemsPanel';
import { ExpertsPanel } from './ExpertsPanel';

type Tab =
  | 'institutions'
  | 'practitioners'
  | 'inspectors'
  | 'spot-items'
  | 'experts'
  | 'plans'
  | 'inspections'
  | 'publication'
  | 'referrals'
  | 'complaints'
  | 'joint-actions';

const STILL_TO_COME: string[] = [];

/** The record a route names, e.g. /enforcement/referrals/12 → 12. */
function recordId(route: string): number | null {
  const m = /^\/enforcement\/[a-z-]+\/(\d+)/.exec(route);
  return m ? Number(m[1]) : null;
}

export function EnforcementPage({ route }: { route: string }) {
  const routed: Tab = route.startsWith('/enforcement/joint-actions')
    ? 'joint-actions'
    : route.startsWith('/enforcement/practitioners')
      ? 'practitioners'
      : route.startsWith('/enforcement/inspectors')
        ? 'inspectors'
        : route.startsWith('/enforcement/referrals')
          ? 'referrals'
          : route.startsWith('/enforcement/complaints')
            ? 'complaints'
            : route.startsWith('/enforcement/plans')
              ? 'plans'
              : route.startsWith('/enforcement/spot-items')
                ? 'spot-items'
                : route.startsWith('/enforcement/experts')
                  ? 'experts'
                  : 'institutions';
  const tab: Tab = route.startsWith('/enforcement/inspections')
    ? 'inspections'
    : route.startsWith('/enforcement/publication')
      ? 'publication'
      : routed;
  return (
    <div>
      <Tabs<Tab>
        tabs={[
          { key: 'institutions', label: '监管对象' },
          { key: 'practitioners', label: '从业人员' },
          { key: 'inspectors', label: '执法人员' },
          { key: 'experts', label: '专家库' },
          { key: 'spot-items', label: '抽查事项清单' },
          { key: 'plans', label: '抽查计划' },
          { key: 'inspections', label: '检查记录' },
          { key: 'publication', label: '结果公开' },
          { key: 'referrals', label: '转报移送' },
          { key: 'complaints', label: '12345 投诉' },
          { key: 'joint-actions', label: '联合行动' },
        ]}
        active={tab}
        onChange={(k) => navigate(`/enforcement/${k}`)}
      />
      {STILL_TO_COME.length > 0 ? (
        <Notice kind="info">
          本版本提供联合执法的三个名录、抽查计划与双随机抽取、转报移送、12345
          投诉和联合行动。以下功能尚在建设中：
          {STILL_TO_COME.join('、')}。
        </Notice>
      ) : null}
      {tab === 'institutions' ? (
        <InstitutionsPanel />
      ) : tab === 'practitioners' ? (
        <PractitionersPanel />
      ) : tab === 'inspectors' ? (
        <InspectorsPanel />
      ) : null}
      {tab === 'spot-items' ? <SpotItemsPanel /> : null}
      {tab === 'experts' ? <ExpertsPanel /> : null}
      {tab === 'plans' ? <PlansPanel /> : null}
      {tab === 'inspections' ? <InspectionsPanel key={route} openId={recordId(route)} /> : null}
      {tab === 'publication' ? <PublicationPanel /> : null}
      {tab === 'referrals' ? <ReferralsPanel key={route} openId={recordId(route)} /> : null}
      {tab === 'complaints' ? <ComplaintsPanel key={route} openId={recordId(route)} /> : null}
      {tab === 'joint-actions' ? <JointActionsPanel /> : null}
    </div>
  );
}
