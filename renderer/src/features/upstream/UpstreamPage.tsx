// 市级汇总 (upstream mode) and the office's own signing key: for the city commission, the trust list of district
// keys, importing and verifying the districts' submission packages, and the roll-up; for a district office, the
// SM2 key that signs its packages (本单位签名密钥).
import './upstream.css';
import { useState } from 'react';
import { navigate } from '../../app/router';
import { Tabs } from '../../ui';
import { KeysPanel } from './KeysPanel';
import { PackagesPanel } from './PackagesPanel';
import { RollupPanel } from './RollupPanel';
import { TrustPanel } from './TrustPanel';

type Tab = 'packages' | 'rollup' | 'trust' | 'keys';
const TAB_PATHS: Record<Tab, string> = {
  packages: '/upstream',
  rollup: '/upstream/rollup',
  trust: '/upstream/trust',
  keys: '/upstream/keys',
};

export function UpstreamPage({ route }: { route: string }) {
  const sub = route.split('?')[0]!.split('/')[2] ?? '';
  const tab: Tab = sub === 'rollup' || sub === 'trust' || sub === 'keys' ? sub : 'packages';
  const [year, setYear] = useState(() => new Date().getFullYear());
  return (
    <div>
      <Tabs<Tab>
        tabs={[
          { key: 'packages', label: '数据包导入与核验' },
          { key: 'rollup', label: '汇总' },
          { key: 'trust', label: '信任列表' },
          { key: 'keys', label: '本单位签名密钥' },
        ]}
        active={tab}
        onChange={(k) => navigate(TAB_PATHS[k])}
      />
      {tab === 'packages' ? <PackagesPanel year={year} onYear={setYear} /> : null}
      {tab === 'rollup' ? <RollupPanel year={year} onYear={setYear} /> : null}
      {tab === 'trust' ? <TrustPanel /> : null}
      {tab === 'keys' ? <KeysPanel /> : null}
    </div>
  );
}
