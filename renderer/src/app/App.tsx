// Decides what the person sees first: first-run setup, the sign-in screen, or the app itself.
import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, SESSION_ENDED } from '../api';
import { SetupPage } from '../features/setup/SetupPage';
import { LoginPage } from '../features/auth/LoginPage';
import { Shell } from './Shell';
import { useRoute } from './router';
import { PrintPage } from '../print/PrintPage';
import { useLiveInvalidation } from './invalidation';

export function App() {
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
  if (status.isPending) return <div className="splash">正在打开综合监管工作台…</div>;
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
