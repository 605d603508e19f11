// 提醒中心: the bell in the top bar. It counts what is overdue or due today across the modules, lists those
// matters (each opening its record), and reminds once at sign-in and once a day at the office's set hour — as a
// message in the window, and in the desktop app also as a system notification. Nothing is sent anywhere.
import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { navigate } from '../../app/router';
import { todayIso } from '../../../../shared/dates/workdays';
import { DUE_KIND_LABELS, type DashboardData } from '../../../../shared/contract/dashboard';
import { useToast } from '../../ui/toast';
import { dueNote } from '../../../../shared/domain/enforcement-deadlines';
import { dashboardQuery } from './DashboardPage';

export function reminderText(d: DashboardData): string | null {
  const { overdue, today } = d.totals;
  if (overdue + today === 0) return null;
  return `已逾期 ${overdue} 项，今日到期 ${today} 项。请在“工作台”查看。`;
}

function desktopNotify(body: string): void {
  // In Electron the web Notification API shows a native notification; the browser mode shows the message only.
  if (api.transport !== 'electron' || typeof Notification === 'undefined') return;
  new Notification('综合监管工作台 · 今日提醒', { body });
}

export function NoticeCentre({ userId }: { userId: number }) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const qc = useQueryClient();
  // Writes anywhere refresh the figures through 'data.changed' (app/invalidation.ts); only the passing of time
  // is watched here: a new day turns 今日到期 into 逾期 without anybody writing.
  const dash = useQuery(dashboardQuery);
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.invoke('settings.get', {}) });
  const remindedAtStart = useRef(false);
  const shownDay = useRef(todayIso());

  // Once per sign-in.
  useEffect(() => {
    if (!dash.data || remindedAtStart.current) return;
    remindedAtStart.current = true;
    const text = reminderText(dash.data);
    if (text) {
      toast('info', `今日提醒：${text}`);
      desktopNotify(text);
    }
  }, [dash.data, toast]);

  // Once a day at the set hour, with fresh figures; and fresh figures once the day has turned.
  useEffect(() => {
    const hour = settings.data?.reminderHour;
    if (hour === undefined) return;
    const check = async () => {
      const now = new Date();
      if (todayIso(now) !== shownDay.current) {
        shownDay.current = todayIso(now);
        void qc.invalidateQueries({ queryKey: dashboardQuery.queryKey });
      }
      const day = `${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}`;
      const key = `zongjian.reminded.${userId}.${day}`;
      if (now.getHours() < hour || localStorage.getItem(key)) return;
      localStorage.setItem(key, '1');
      const data = await qc.fetchQuery({ ...dashboardQuery, staleTime: 0 });
      const text = reminderText(data);
      if (text) {
        toast('info', `${hour} 点提醒：${text}`);
        desktopNotify(text);
      }
    };
    const timer = setInterval(() => void check(), 60_000);
    return () => clearInterval(timer);
  }, [settings.data?.reminderHour, userId, qc, toast]);

  // The most urgent of each kind come with the dashboard's figures; the counts are of every open item.
  const urgent = dash.data?.dueItems.filter((i) => i.urgency === 'overdue' || i.urgency === 'today') ?? [];
  const urgentCount = dash.data ? dash.data.totals.overdue + dash.data.totals.today : 0;
  return (
    <div className="notice-centre">
      <button
        type="button"
        className={`btn btn-link notice-bell${urgentCount ? ' notice-bell-hot' : ''}`}
        aria-expanded={open}
        aria-label={`提醒：${urgentCount} 项逾期或今日到期`}
        onClick={() => setOpen((o) => !o)}
      >
        提醒 {urgentCount ? <span className="notice-bell-count">{urgentCount}</span> : null}
      </button>
      {open ? (
        <div className="notice-panel" role="dialog" aria-label="提醒中心">
          <div className="notice-panel-head">
            <strong>逾期与今日到期</strong>
            <button
              type="button"
              className="btn btn-link"
              onClick={() => {
                setOpen(false);
                navigate('/dashboard');
              }}
            >
              打开工作台
            </button>
          </div>
          {urgent.length === 0 ? (
            <p className="muted">没有逾期或今日到期的事项。</p>
          ) : (
            <ul>
              {urgent.slice(0, 12).map((i) => (
                <li key={i.key}>
                  <button
                    type="button"
                    className="notice-item"
                    onClick={() => {
                      setOpen(false);
                      navigate(i.link);
                    }}
                  >
                    <span className={`due-${i.urgency}`}>{dueNote(i.dueOn, dash.data!.today)}</span>{' '}
                    {DUE_KIND_LABELS[i.kind]}：{i.title}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {urgentCount > Math.min(12, urgent.length) ? (
            <p className="muted">另有 {urgentCount - Math.min(12, urgent.length)} 项，请在工作台查看。</p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
