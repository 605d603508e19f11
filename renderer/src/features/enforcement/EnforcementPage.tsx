// 联合执法: for now the three directories the 双随机 draw will work from. What is still to come is said plainly
// under the tabs, not shown as screens that do nothing.
import { navigate } from '../../app/router';
import { Notice, Tabs } from '../../ui';
import { InstitutionsPanel } from './InstitutionsPanel';
import { PractitionersPanel } from './PractitionersPanel';
import { InspectorsPanel } from './InspectorsPanel';

type Tab = 'institutions' | 'practitioners' | 'inspectors';

const STILL_TO_COME = ['抽查计划与双随机抽取', '检查记录', '联合行动', '转报', '12345 投诉', '结果公开'];

export function EnforcementPage({ route }: { route: string }) {
  const tab: Tab = route.startsWith('/enforcement/practitioners')
    ? 'practitioners'
    : route.startsWith('/enforcement/inspectors')
      ? 'inspectors'
      : 'institutions';
  return (
    <div>
      <Tabs<Tab>
        tabs={[
          { key: 'institutions', label: '监管对象' },
          { key: 'practitioners', label: '从业人员' },
          { key: 'inspectors', label: '执法人员' },
        ]}
        active={tab}
        onChange={(k) => navigate(`/enforcement/${k}`)}
      />
      <Notice kind="info">
        本版本提供联合执法的三个名录。以下功能尚在建设中：{STILL_TO_COME.join('、')}。
      </Notice>
      {tab === 'institutions' ? (
        <InstitutionsPanel />
      ) : tab === 'practitioners' ? (
        <PractitionersPanel />
      ) : (
        <InspectorsPanel />
      )}
    </div>
  );
}
