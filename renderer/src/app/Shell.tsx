// The main window: the left navigation, the top bar with the office and the signed-in person, and the page.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Actor, SystemStatus } from '../../../shared/contract';
import { ROLE_LABELS, roleCan } from '../../../shared/domain/roles';
import { api, errorMessage } from '../api';
import { leaveAnyway, navigate, stayHere, usePendingRoute, useRoute } from './router';
import { DiscardPrompt } from '../ui';
import { useActivityReports } from './activity';
import { NAV, navItemFor } from './nav';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { NoticeCentre } from '../features/dashboard/NoticeCentre';
import { BasicDataPage } from '../features/basic/BasicDataPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { ChecklistPage } from '../features/checklist/ChecklistPage';
import { MeetingsPage } from '../features/meetings/MeetingsPage';
import { EnforcementPage } from '../features/enforcement/EnforcementPage';
import { CreditPage } from '../features/credit/CreditPage';
import { UpstreamPage } from '../features/upstream/UpstreamPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { SelfcheckPage } from '../features/selfcheck/SelfcheckPage';
import { useToast } from '../ui/toast';
import { UserContext, canFor } from './permissions';
import { signedIn, signedOut } from './signin';

export function Shell({ status, user }: { status: SystemStatus; user: Actor }) {
  const route = useRoute();
  const pendingRoute = usePendingRoute();
  const active = navItemFor(route);
  const can = canFor(user);
  const qc = useQueryClient();
  const toast = useToast();

  useEffect(() => api.on('menu.navigate', ({ path }) => navigate(path)), []);
  // 多人协同: while the office's database server is lost, say so (writes are refused meanwhile); when it is back,
  // read everything again (other desks may have written meanwhile).
  const [serverLost, setServerLost] = useState<string | null>(null);
  useEffect(
    () =>
      api.on('server.connection', ({ connected, message }) => {
        setServerLost(connected ? null : (message ?? '与数据库服务器的连接已中断'));
        if (connected) void qc.invalidateQueries();
      }),
    [qc],
  );
  useActivityReports();
  useEffect(() => signedIn(user.id), [user.id]);

  const logout = async () => {
    try {
      await api.invoke('auth.logout', {});
      // Back to the sign-in screen first, then forget everything this person had loaded.
      await qc.refetchQueries({ queryKey: ['system.status'] });
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'system.status' });
      // The next person starts on the home page, not on this person's last one.
      signedOut();
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };

  let page;
  if (active.key === 'basic') page = <BasicDataPage route={route} />;
  else if (active.key === 'checklist') page = <ChecklistPage />;
  else if (active.key === 'meetings') page = <MeetingsPage route={route} />;
  else if (active.key === 'enforcement') page = <EnforcementPage route={route} />;
  else if (active.key === 'credit') page = <CreditPage route={route} />;
  else if (active.key === 'upstream') page = <UpstreamPage route={route} />;
  else if (active.key === 'reports') page = <ReportsPage route={route} />;
  else if (active.key === 'selfcheck') page = <SelfcheckPage route={route} />;
  else if (active.key === 'settings') page = <SettingsPage route={route} user={user} />;
  else page = <DashboardPage />;

  return (
    <UserContext.Provider value={user}>
      <div className="shell">
        <nav className="sidebar" aria-label="主导航">
          <div className="brand">
            <div className="brand-name">综合监管工作台</div>
            <div className="brand-office">{status.office?.name}</div>
          </div>
          <ul>
            {NAV.filter((item) => !item.shownTo || item.shownTo(can)).map((item) => (
              <li key={item.key}>
                <a
                  href={`#${item.path}`}
                  className={`nav-link${item.key === active.key ? ' nav-active' : ''}`}
                  aria-current={item.key === active.key ? 'page' : undefined}
                >
                  <span>{item.label}</span>
                </a>
              </li>
            ))}
          </ul>
          <div className="sidebar-foot">
            版本 {status.appVersion} · {api.transport === 'electron' ? '桌面版' : '浏览器模式'}
          </div>
        </nav>
        <div className="main">
          <header className="topbar">
            <div className="topbar-title">{active.label}</div>
            <div className="topbar-user">
              <NoticeCentre userId={user.id} />
              <span>
                {user.displayName}（{ROLE_LABELS[user.role]}）
              </span>
              <a href="#/settings/password">修改密码</a>
              <button type="button" className="btn btn-link" onClick={() => void logout()}>
                退出登录
              </button>
            </div>
          </header>
          {serverLost ? (
            <div className="banner-damaged" role="alert" data-testid="server-lost">
              {serverLost}
            </div>
          ) : null}
          {status.integrity.state === 'damaged' ? (
            <div className="banner-damaged" role="alert">
              数据文件完整性检查未通过，软件已停止写入，只能查看。
              {roleCan(user.role, 'backup.restore') ? (
                <a href="#/settings/backup">从备份恢复</a>
              ) : (
                '请联系管理员从备份恢复。'
              )}
            </div>
          ) : null}
          <main className="content">{page}</main>
        </div>
      </div>
      {pendingRoute !== null ? <DiscardPrompt leaving onKeep={stayHere} onDiscard={leaveAnyway} /> : null}
    </UserContext.Provider>
  );
}
