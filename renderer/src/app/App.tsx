// Decides what the person sees first: first-run setup, the sign-in screen, or the app itself.
import { useEffect, useSyncExternalStore } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, SESSION_ENDED } from '../api';
import { SetupPage } from '../features/setup/SetupPage';
import { StoreUnlockPage } from '../features/setup/StoreUnlockPage';
import { LoginPage } from '../features/auth/LoginPage';
import { Shell } from './Shell';
import { useRoute } from './router';
import { PrintPage } from '../print/PrintPage';
import { useLiveInvalidation } from './invalidation';
import { onTransportState, STALE_MESSAGE, transportState } from '../transport';
import { sessionEnded } from './signin';

/** Browser mode without a usable launch token: the whole page says what to do, and nothing calls the host. */
export function TransportNotice({ state }: { state: 'no-token' | 'stale' }) {
  return (
    <main className="transport-notice" role="alert" aria-labelledby="transport-notice-title">
      <h1 id="transport-notice-title">{state === 'stale' ? STALE_MESSAGE : '需要访问令牌'}</h1>
      {state === 'stale' ? (
        <>
          <p>
            本页面的访问令牌已失效：综合监管工作台已关闭或重新启动，每次启动都会更换访问地址。本页面已停止与程序通信。
          </p>
          <p>请在启动程序的命令行窗口中复制新的地址（http://127.0.0.1:…/#token=…），粘贴到地址栏中打开。</p>
        </>
      ) : (
        <>
          <p>请使用启动综合监管工作台时命令行窗口中打印的完整地址（包含 #token= 部分）打开本页面。</p>
          <p>每次启动都会生成新的令牌，旧地址随之失效。每个标签页都需用该地址打开并各自登录。</p>
        </>
      )}
    </main>
  );
}

export function App() {
  const transport = useSyncExternalStore(onTransportState, transportState);
  if (transport !== 'ready') return <TransportNotice state={transport} />;
  return <ConnectedApp />;
}

function ConnectedApp() {
  const route = useRoute();
  const qc = useQueryClient();
  useLiveInvalidation(qc);
  useEffect(() => {
    const ended = () => void qc.invalidateQueries({ queryKey: ['system.status'] });
    window.addEventListener(SESSION_ENDED, ended);
    return () => window.removeEventListener(SESSION_ENDED, ended);
  }, [qc]);
  const status = useQuery({
    queryKey: ['system.status'],
    queryFn: () => api.invoke('system.status', {}),
    // The start-up check of the data file runs beside the first screen: ask again until it has answered.
    refetchInterval: (q) => (q.state.data?.integrity.state === 'checking' ? 2000 : false),
  });
  // A desk set to use the office's server, not connected yet (its password is asked for here).
  const pending = useQuery({
    queryKey: ['system.status', 'store'],
    queryFn: () => api.invoke('store.pending', {}),
  });
  const signedOutNow = status.data?.initialized === true && !status.data.user;
  useEffect(() => {
    if (signedOutNow) sessionEnded();
  }, [signedOutNow]);
  if (pending.data) return <StoreUnlockPage pending={pending.data} />;
  if (status.isPending || pending.isPending) return <div className="splash">正在打开综合监管工作台…</div>;
  if (status.isError) {
    return (
      <div className="splash splash-error" role="alert">
        无法读取系统状态：{errorMessage(status.error)}
      </div>
    );
  }
  const s = status.data;
  if (!s.initialized) return <SetupPage />;
  if (!s.user) return <LoginPage office={s.office!} />;
  // A print preview is the document alone, without navigation.
  if (route.startsWith('/print/')) return <PrintPage route={route} />;
  return <Shell status={s} user={s.user} />;
}
