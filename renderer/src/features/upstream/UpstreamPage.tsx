// 市级汇总 (upstream mode): for the city commission, the trust list of district keys, importing and verifying the
// districts' submission packages, and the roll-up (a district may also verify its own package here). The district's
// own SM2 key that signs its packages (本单位签名密钥) lives under 报告上报, where the packages are signed; the old
// address /upstream/keys leads there.
import './upstream.css';
import { useEffect, useState } from 'react';
import { navigate } from '../../app/router';
import { Button, Tabs } from '../../ui';
import { PackagesPanel } from './PackagesPanel';
import { RollupPanel } from './RollupPanel';
import { TrustPanel } from './TrustPanel';

type Tab = 'packages' | 'rollup' | 'trust';
const TAB_PATHS: Record<Tab, string> = {
  packages: '/upstream',
  rollup: '/upstream/rollup',
  trust: '/upstream/trust',
};
export const SIGNING_KEY_PATH = '/reports/keys';

export function UpstreamPage({ route }: { route: string }) {
  const sub = route.split('?')[0]!.split('/')[2] ?? '';
  const tab: Tab = sub === 'rollup' || sub === 'trust' ? sub : 'packages';
  const [year, setYear] = useState(() => new Date().getFullYear());
  useEffect(() => {
    if (sub === 'keys') navigate(SIGNING_KEY_PATH);
  }, [sub]);
  return (
    <div>
      <Tabs<Tab>
        tabs={[
          { key: 'packages', label: '数据包导入与核验' },
          { key: 'rollup', label: '汇总' },
          { key: 'trust', label: '信任列表' },
        ]}
        active={tab}
        onChange={(k) => navigate(TAB_PATHS[k])}
      />
      <p className="muted up-keys-pointer">
        本单位签署上报数据包的密钥在“报告上报”中：
        <Button variant="link" onClick={() => navigate(SIGNING_KEY_PATH)}>
          本单位签名密钥
        </Button>
      </p>
      {tab === 'packages' ? <PackagesPanel year={year} onYear={setYear} /> : null}
      {tab === 'rollup' ? <RollupPanel year={year} onYear={setYear} /> : null}
      {tab === 'trust' ? <TrustPanel /> : null}
    </div>
  );
}
