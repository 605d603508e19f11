// A section that is not built yet says so plainly, and what it will hold.
import { NAV, type NavItem } from '../../app/nav';
import { Notice, Page } from '../../ui';

export function ComingPage({ item }: { item: NavItem }) {
  return (
    <Page title={item.label}>
      <Notice kind="info" title="该模块正在建设中，即将推出">
        <p>本版本尚未提供“{item.label}”功能，以下内容将在后续版本中上线：</p>
        <ul>
          {(item.coming ?? []).map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <p className="muted">
          已上线的功能：
          {NAV.filter((n) => n.ready)
            .map((n) => n.label)
            .join('、')}
          。
        </p>
      </Notice>
    </Page>
  );
}
