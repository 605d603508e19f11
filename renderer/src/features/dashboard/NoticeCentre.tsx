// 提醒中心: the bell in the top bar. It counts what is overdue or due today across the modules, lists those
// matters (each opening its record), and reminds once per sign-in — as a message in the window, and in the desktop
// app also as a system notification; someone who stays signed in past the office's set hour on a later day is
// reminded once that day. Nothing is sent anywhere. The list is a popover: Esc, a click outside it or going to
// another page closes it.
import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { navigate, useRoute } from '../../app/router';
import { takeSignInReminder } from '../../app/signin';
import { useLayer } from '../../ui/layers';
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
  const shownDay = useRef(todayIso());
  const dayKey = (now: Date) => `zongjian.reminded.${userId}.${todayIso(now)}`;

  // Once per sign-in (a print preview and 返回 remount this; sessionStorage remembers): it also counts as the
  // day's reminder, so the set hour does not say the same again.
  useEffect(() => {
    if (!dash.data || !takeSignInReminder(userId)) return;
    localStorage.setItem(dayKey(new Date()), '1');
    const text = reminderText(dash.data);
    if (text) {
      toast('info', `今日提醒：${text}`);
      desktopNotify(text);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dash.data, toast, userId]);

  // On a later day, once at the set hour for someone still signed in, with fresh figures; and fresh figures once
  // the day has turned.
  useEffect(() => {
    const hour = settings.data?.reminderHour;
    if (hour === undefined) return;
    const check = async () => {
      const now = new Date();
      if (todayIso(now) !== shownDay.current) {
        shownDay.current = todayIso(now);
        void qc.invalidateQueries({ queryKey: dashboardQuery.queryKey });
      }
      const key = dayKey(now);
      if (now.getHours() < hour || localStorage.getItem(key)) return;
      localStorage.setItem(key, '1');
      const data = await qc.fetchQuery({ ...dashboardQuery, staleTime: 0 });
      const text = reminderText(data);
      if (text) {
        toast('info', `今日提醒：${text}`);
        desktopNotify(text);
      }
    };
    const timer = setInterval(() => void check(), 60_000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings.data?.reminderHour, userId, qc, toast]);

  // The popover closes on Esc (the topmost layer), on a click outside it, and when the page changes.
  const box = useRef<HTMLDivElement>(null);
  useLayer(
    open,
    () => setOpen(false),
    () => box.current,
  );
  const route = useRoute();
  useEffect(() => setOpen(false), [route]);
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  // The most urgent of each kind come with the dashboard's figures; the counts are of every open item.
  const urgent = dash.data?.dueItems.filter((i) => i.urgency === 'overdue' || i.urgency === 'today') ?? [];
  const urgentCount = dash.data ? dash.data.totals.overdue + dash.data.totals.today : 0;
  return (
    <div className="notice-centre" ref={box}>
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
