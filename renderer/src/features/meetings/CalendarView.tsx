// 会议日历: every 联席会议 on a month, week or list calendar (FullCalendar, Chinese, weeks from Monday), coloured
// by type, with the statutory holidays (休) and 调休 working days (班) of the working-day calendar marked.
// Secretaries create single meetings (button, or a click on a day) and series, and move a meeting by dragging
// it; a move that lands on a non-working day or clashes on room or chair asks 仍然调整 / 撤销. The visible
// range exports as ICS, and the line above the calendar says whether the year's 定期联席会议 are on track.
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type {
  Calendar,
  CalendarOptions,
  DatesSetArg,
  DayCellContentArg,
  DayHeaderContentArg,
  EventClickArg,
  EventDropArg,
  EventInput,
  EventMountArg,
} from '@fullcalendar/core';
import zhCnLocale from '@fullcalendar/core/locales/zh-cn';
import dayGridPlugin from '@fullcalendar/daygrid';
import timeGridPlugin from '@fullcalendar/timegrid';
import listPlugin from '@fullcalendar/list';
import interactionPlugin, { type DateClickArg } from '@fullcalendar/interaction';
import {
  MEETING_STATUS_LABELS,
  MEETING_TYPES,
  MEETING_TYPE_COLORS,
  MEETING_TYPE_LABELS,
  type CalendarMeeting,
  type MeetingSaved,
  type MeetingWarning,
  type SeriesCreated,
} from '../../../../shared/contract';
import type { DayInfo } from '../../../../shared/dates/workdays';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Dialog, Notice } from '../../ui';
import { useToast } from '../../ui/toast';
import { CalendarGrid } from './CalendarGrid';
import { addDaysIso, dayMark, hhmmOf, isoOf, localDate, weekdayZh } from './CalendarDates';
import { NewMeetingDialog } from './NewMeetingDialog';
import { SeriesDialog } from './SeriesDialog';
import './calendar.css';

type ViewType = 'dayGridMonth' | 'timeGridWeek' | 'listMonth';

const VIEWS: { type: ViewType; label: string }[] = [
  { type: 'dayGridMonth', label: '月' },
  { type: 'timeGridWeek', label: '周' },
  { type: 'listMonth', label: '列表' },
];

/** What the calendar shows: `active*` is every day on screen (month view spills into the neighbouring
 *  months), `current*` the month or week itself. All dates inclusive. */
interface Shown {
  view: ViewType;
  title: string;
  activeFrom: string;
  activeTo: string;
  currentFrom: string;
  currentTo: string;
}

/** Where the calendar was, so coming back from a meeting's page shows the same month and view. */
const remembered: { view: ViewType; date: string | null } = { view: 'dayGridMonth', date: null };

interface MoveCheck {
  meeting: CalendarMeeting;
  from: { date: string; startTime: string };
  to: { date: string; startTime: string };
  warnings: MeetingWarning[];
}

function meetingOf(e: { extendedProps: Record<string, unknown> }): CalendarMeeting {
  return e.extendedProps.meeting as CalendarMeeting;
}

function toEvent(m: CalendarMeeting, canWrite: boolean): EventInput {
  const cancelled = m.status === 'cancelled';
  const color = MEETING_TYPE_COLORS[m.type];
  return {
    id: String(m.id),
    title: `${m.number ? `第${m.number}次 ` : ''}${m.title}${cancelled ? '（已取消）' : ''}`,
    start: localDate(m.date, m.startTime),
    end: localDate(m.date, m.startTime, m.durationMinutes),
    backgroundColor: cancelled ? '#eceef2' : color,
    borderColor: cancelled ? '#b8bfca' : color,
    textColor: cancelled ? '#6b7585' : '#ffffff',
    classNames: ['mcal-event', `mcal-type-${m.type}`, ...(cancelled ? ['mcal-cancelled'] : [])],
    startEditable: canWrite && !cancelled,
    extendedProps: { meeting: m },
  };
}

function el(tag: string, className: string, text: string, title?: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  e.textContent = text;
  if (title) e.title = title;
  return e;
}

function dayClasses(info: DayInfo | undefined): string[] {
  if (!info) return [];
  if (info.kind === 'holiday') return ['mcal-holiday'];
  if (info.kind === 'makeup_workday') return ['mcal-makeup'];
  if (info.kind === 'weekend') return ['mcal-weekend'];
  return [];
}

function yearsBetween(from: string, to: string): number[] {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) out.push(y);
  return out;
}

export function CalendarView() {
  const can = useCan();
  const canWrite = can('meetings.write');
  const canPrint = can('print');
  const toast = useToast();
  const calendar = useRef<Calendar | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [creating, setCreating] = useState<{ date: string; startTime: string } | null>(null);
  const [creatingSeries, setCreatingSeries] = useState(false);
  const [seriesNotice, setSeriesNotice] = useState<SeriesCreated | null>(null);
  const [moveCheck, setMoveCheck] = useState<MoveCheck | null>(null);
  const [moving, setMoving] = useState(false);
  const [exporting, setExporting] = useState(false);

  const meetings = useQuery({
    queryKey: ['meetings', 'calendar', shown?.activeFrom, shown?.activeTo],
    queryFn: () => api.invoke('meetings.calendar', { from: shown!.activeFrom, to: shown!.activeTo }),
    enabled: shown !== null,
    placeholderData: keepPreviousData,
  });
  const years = shown ? yearsBetween(shown.activeFrom, shown.activeTo) : [];
  const workYears = useQueries({
    queries: years.map((year) => ({
      queryKey: ['calendar', 'year', year],
      queryFn: () => api.invoke('calendar.year', { year }),
      staleTime: 60_000,
    })),
  });
  const yearsKey = workYears.map((q) => q.dataUpdatedAt).join(',');
  const days = useMemo(() => {
    const map = new Map<string, DayInfo>();
    for (const q of workYears) for (const d of q.data?.days ?? []) map.set(d.date, d);
    return map;
    // workYears is a new array every render; its data changes exactly when some dataUpdatedAt does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [yearsKey]);

  // FullCalendar keeps the handlers it was given; they reach the current state through this ref.
  const handlers = useRef({
    drop: (_arg: EventDropArg) => {},
    dateClick: (_arg: DateClickArg) => {},
  });
  useLayoutEffect(() => {
    handlers.current = {
      drop: (arg) => {
        const m = meetingOf(arg.oldEvent);
        const start = arg.event.start;
        if (!canWrite || m.status === 'cancelled' || !start) {
          arg.revert();
          return;
        }
        const from = { date: m.date, startTime: m.startTime };
        const to = { date: isoOf(start), startTime: hhmmOf(start) };
        void (async () => {
          try {
            const saved = await api.invoke('meetings.move', { id: m.id, ...to });
            const warnings = saved.warnings.filter((w) => w.kind !== 'agendaOverrun');
            if (warnings.length > 0) setMoveCheck({ meeting: m, from, to, warnings });
            else
              toast('success', `已将“${m.title}”调整至 ${to.date}（${weekdayZh(to.date)}）${to.startTime}`);
          } catch (e) {
            arg.revert();
            toast('error', `调整会议时间失败：${errorMessage(e)}`);
          }
        })();
      },
      dateClick: (arg) => {
        if (!canWrite) return;
        setCreating({ date: isoOf(arg.date), startTime: arg.allDay ? '09:00' : hhmmOf(arg.date) });
      },
    };
  });

  const staticOptions = useMemo<CalendarOptions>(
    () => ({
      plugins: [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin],
      locale: zhCnLocale,
      firstDay: 1,
      initialView: remembered.view,
      ...(remembered.date ? { initialDate: remembered.date } : {}),
      headerToolbar: false,
      height: 'auto',
      fixedWeekCount: false,
      dayMaxEvents: 4,
      eventDisplay: 'block',
      displayEventEnd: false,
      eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      eventOrder: 'start,title',
      eventDurationEditable: false,
      nowIndicator: true,
      noEventsContent: '此期间没有安排会议',
      views: {
        timeGridWeek: {
          allDaySlot: false,
          slotMinTime: '07:00:00',
          slotMaxTime: '21:00:00',
          snapDuration: '00:15:00',
          slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
          displayEventEnd: true,
        },
      },
      datesSet: (arg: DatesSetArg) => {
        const view = arg.view.type as ViewType;
        const currentFrom = isoOf(arg.view.currentStart);
        remembered.view = view;
        remembered.date = currentFrom;
        setShown({
          view,
          title: arg.view.title,
          activeFrom: isoOf(arg.start),
          activeTo: addDaysIso(isoOf(arg.end), -1),
          currentFrom,
          currentTo: addDaysIso(isoOf(arg.view.currentEnd), -1),
        });
      },
      eventClick: (arg: EventClickArg) => {
        arg.jsEvent.preventDefault();
        navigate(`/meetings/${meetingOf(arg.event).id}`);
      },
      eventDidMount: (arg: EventMountArg) => {
        const m = meetingOf(arg.event);
        arg.el.dataset.meetingId = String(m.id);
        arg.el.dataset.date = m.date;
        arg.el.title = [
          `${MEETING_TYPE_LABELS[m.type]}${m.number ? ` 第${m.number}次` : ''}：${m.title}`,
          `${m.date}（${weekdayZh(m.date)}）${m.startTime}，${m.durationMinutes} 分钟`,
          [m.place, m.room].filter(Boolean).join(' '),
          m.chair ? `主持：${m.chair}` : '',
          MEETING_STATUS_LABELS[m.status],
        ]
          .filter(Boolean)
          .join('\n');
      },
      eventDrop: (arg: EventDropArg) => handlers.current.drop(arg),
      dateClick: (arg: DateClickArg) => handlers.current.dateClick(arg),
    }),
    [],
  );

  const events = useMemo(
    () => (meetings.data ?? []).map((m) => toEvent(m, canWrite)),
    [meetings.data, canWrite],
  );

  const options = useMemo<CalendarOptions>(
    () => ({
      ...staticOptions,
      events,
      editable: canWrite,
      dayCellClassNames: (arg: DayCellContentArg) =>
        arg.view.type === 'listMonth'
          ? []
          : [...dayClasses(days.get(isoOf(arg.date))), ...(canWrite ? ['mcal-clickable'] : [])],
      dayCellContent: (arg: DayCellContentArg) => {
        if (arg.view.type !== 'dayGridMonth') return true;
        const date = isoOf(arg.date);
        const mark = dayMark(days.get(date));
        const d = arg.date as Date;
        const nodes: Node[] = [];
        if (mark) nodes.push(el('span', `mcal-tag mcal-tag-${mark.kind}`, mark.short, mark.long));
        nodes.push(
          el(
            'span',
            'mcal-daynum',
            arg.isMonthStart ? `${d.getMonth() + 1}月${d.getDate()}日` : String(d.getDate()),
          ),
        );
        return { domNodes: nodes };
      },
      // Month view's headers are weekday names, not dates: only the week and list views' are marked.
      dayHeaderClassNames: (arg: DayHeaderContentArg) =>
        arg.view.type === 'dayGridMonth' ? [] : dayClasses(days.get(isoOf(arg.date))),
      dayHeaderContent: (arg: DayHeaderContentArg) => {
        if (arg.view.type === 'dayGridMonth') return true;
        const date = isoOf(arg.date);
        const mark = dayMark(days.get(date));
        if (arg.view.type === 'listMonth') {
          // FullCalendar's own list header (the date, the weekday on the right) with the mark after the date.
          const text = el('a', 'fc-list-day-text', String(arg.text));
          text.id = String(arg.textId);
          const side = el('a', 'fc-list-day-side-text', String(arg.sideText));
          side.setAttribute('aria-hidden', 'true');
          return {
            domNodes: mark
              ? [text, el('span', `mcal-tag mcal-tag-${mark.kind}`, mark.short, mark.long), side]
              : [text, side],
          };
        }
        const nodes: Node[] = [
          el('span', 'mcal-head-date', `${arg.date.getMonth() + 1}月${arg.date.getDate()}日`),
          el('span', 'mcal-head-weekday', weekdayZh(date).replace('星期', '周')),
        ];
        if (mark) nodes.push(el('span', `mcal-tag mcal-tag-${mark.kind}`, mark.short, mark.long));
        return { domNodes: nodes };
      },
    }),
    [staticOptions, events, canWrite, days],
  );

  const onReady = useCallback((c: Calendar | null) => {
    calendar.current = c;
  }, []);

  const gotoDate = (date: string) => calendar.current?.gotoDate(date);

  const exportIcs = async () => {
    if (!shown) return;
    setExporting(true);
    try {
      const file = await api.invoke('meetings.exportIcs', { from: shown.currentFrom, to: shown.currentTo });
      saveDownload(file);
      const n = (meetings.data ?? []).filter(
        (m) => m.date >= shown.currentFrom && m.date <= shown.currentTo,
      ).length;
      toast('success', `已导出 ${shown.currentFrom} 至 ${shown.currentTo} 的 ${n} 次会议（ICS 日历文件）`);
    } catch (e) {
      toast('error', `导出日历失败：${errorMessage(e)}`);
    } finally {
      setExporting(false);
    }
  };

  const onCreated = (saved: MeetingSaved) => {
    const m = saved.meeting;
    setCreating(null);
    toast('success', `已新建会议“${m.title}”（${m.date} ${m.startTime}）`);
    for (const w of saved.warnings) toast('error', `请注意：${w.message}`);
    navigate(`/meetings/${m.id}`);
  };

  const onSeriesCreated = (r: SeriesCreated) => {
    setCreatingSeries(false);
    const first = r.meetings[0];
    toast('success', `已生成系列会议“${first?.title ?? ''}”：${r.description}，共 ${r.meetings.length} 次`);
    setSeriesNotice(r.warnings.length > 0 ? r : null);
    // Show where the series is when none of it falls on the screen.
    if (first && shown && !r.meetings.some((m) => m.date >= shown.activeFrom && m.date <= shown.activeTo))
      gotoDate(first.date);
  };

  const keepMove = () => {
    if (!moveCheck) return;
    toast('success', `已将“${moveCheck.meeting.title}”调整至 ${moveCheck.to.date} ${moveCheck.to.startTime}`);
    setMoveCheck(null);
  };
  const undoMove = async () => {
    if (!moveCheck) return;
    const { meeting, from } = moveCheck;
    setMoving(true);
    try {
      await api.invoke('meetings.move', { id: meeting.id, ...from });
      toast('success', `已撤销调整，“${meeting.title}”仍在 ${from.date} ${from.startTime}`);
      setMoveCheck(null);
    } catch (e) {
      toast('error', `撤销失败：${errorMessage(e)}`);
    } finally {
      setMoving(false);
    }
  };

  const view = shown?.view ?? remembered.view;
  const unit = view === 'timeGridWeek' ? '周' : '个月';
  return (
    <div className="mcal">
      {shown ? <ComplianceLine year={Number(shown.currentFrom.slice(0, 4))} /> : null}
      {seriesNotice ? (
        <Notice kind="warning" title={`新生成的系列会议中有 ${seriesNotice.warnings.length} 条提醒`}>
          <ul className="mcal-warning-list">
            {seriesNotice.warnings.map((w) => (
              <li key={`${w.meetingId}-${w.message}`}>
                {w.message}
                <button type="button" className="btn btn-link" onClick={() => gotoDate(w.date)}>
                  在日历中查看
                </button>
                <button
                  type="button"
                  className="btn btn-link"
                  onClick={() => navigate(`/meetings/${w.meetingId}`)}
                >
                  打开会议
                </button>
              </li>
            ))}
          </ul>
          <p>可以在日历上把这些会议拖到其他日期，或打开会议修改时间。</p>
          <Button onClick={() => setSeriesNotice(null)}>知道了</Button>
        </Notice>
      ) : null}

      <div className="mcal-toolbar">
        <div className="mcal-nav">
          <button type="button" className="btn" onClick={() => calendar.current?.prev()}>
            <span aria-hidden="true">‹ </span>上一{unit}
          </button>
          <button type="button" className="btn" onClick={() => calendar.current?.today()}>
            今天
          </button>
          <button type="button" className="btn" onClick={() => calendar.current?.next()}>
            下一{unit}
            <span aria-hidden="true"> ›</span>
          </button>
          <h2 className="mcal-title" aria-live="polite">
            {shown?.title ?? ''}
          </h2>
          {shown ? <MonthJump shown={shown} onGo={gotoDate} /> : null}
        </div>
        <div className="mcal-views" role="group" aria-label="视图">
          {VIEWS.map((v) => (
            <button
              key={v.type}
              type="button"
              className={`btn${view === v.type ? ' btn-primary' : ''}`}
              aria-pressed={view === v.type}
              onClick={() => calendar.current?.changeView(v.type)}
            >
              {v.label}
            </button>
          ))}
        </div>
        <div className="mcal-actions">
          {canWrite ? (
            <>
              <Button
                variant="primary"
                onClick={() => setCreating({ date: defaultNewDate(shown), startTime: '09:00' })}
              >
                新建会议
              </Button>
              <Button onClick={() => setCreatingSeries(true)}>新建系列会议</Button>
            </>
          ) : null}
          {canPrint ? (
            <Button
              disabled={!shown || exporting}
              onClick={() => void exportIcs()}
              title="导出当前显示的月份（或周）中的会议，可导入 Outlook、WPS 等日历程序"
            >
              导出日历 (ICS)
            </Button>
          ) : null}
        </div>
      </div>

      <ul className="mcal-legend" aria-label="图例">
        {MEETING_TYPES.map((t) => (
          <li key={t}>
            <span className="mcal-swatch" style={{ background: MEETING_TYPE_COLORS[t] }} />
            {MEETING_TYPE_LABELS[t]}
          </li>
        ))}
        <li>
          <span className="mcal-swatch mcal-swatch-cancelled" />
          已取消
        </li>
        <li>
          <span className="mcal-tag mcal-tag-holiday">休</span>
          法定节假日
        </li>
        <li>
          <span className="mcal-tag mcal-tag-makeup">班</span>
          调休上班
        </li>
        {canWrite ? <li className="mcal-legend-hint">点击空白日期新建会议，拖动会议可调整日期</li> : null}
      </ul>

      {meetings.isError ? <Notice kind="error">{errorMessage(meetings.error)}</Notice> : null}
      <div className="mcal-card" data-view={view}>
        <CalendarGrid options={options} onReady={onReady} />
      </div>

      {creating ? (
        <NewMeetingDialog
          date={creating.date}
          startTime={creating.startTime}
          onClose={() => setCreating(null)}
          onCreated={onCreated}
        />
      ) : null}
      {creatingSeries ? (
        <SeriesDialog
          initialStart={defaultNewDate(shown)}
          onClose={() => setCreatingSeries(false)}
          onCreated={onSeriesCreated}
        />
      ) : null}
      {moveCheck ? (
        <Dialog
          title="调整会议时间：请确认"
          onClose={keepMove}
          footer={
            <>
              <Button disabled={moving} onClick={() => void undoMove()}>
                撤销
              </Button>
              <Button variant="primary" disabled={moving} onClick={keepMove}>
                仍然调整
              </Button>
            </>
          }
        >
          <p>
            “{moveCheck.meeting.title}”已由 {moveCheck.from.date}（{weekdayZh(moveCheck.from.date)}）
            {moveCheck.from.startTime} 调整为 {moveCheck.to.date}（{weekdayZh(moveCheck.to.date)}）
            {moveCheck.to.startTime}，但：
          </p>
          <Notice kind="warning">
            <ul className="mcal-warning-list">
              {moveCheck.warnings.map((w) => (
                <li key={w.kind + w.message}>{w.message}</li>
              ))}
            </ul>
          </Notice>
          <p className="muted">选择“撤销”将会议恢复到原来的时间；两次调整都记入操作日志。</p>
        </Dialog>
      ) : null}
    </div>
  );
}

/** 转到: a year and a month, in Chinese whatever the system's locale (a native month input is not). */
function MonthJump({ shown, onGo }: { shown: Shown; onGo: (date: string) => void }) {
  const year = Number(shown.currentFrom.slice(0, 4));
  const month = Number(shown.currentFrom.slice(5, 7));
  const thisYear = new Date().getFullYear();
  const first = Math.min(thisYear - 5, year);
  const last = Math.max(thisYear + 5, year);
  const go = (y: number, m: number) => onGo(`${y}-${String(m).padStart(2, '0')}-01`);
  return (
    <span className="mcal-jump">
      <select
        className="input input-compact"
        aria-label="转到年份"
        value={year}
        onChange={(e) => go(Number(e.target.value), month)}
      >
        {Array.from({ length: last - first + 1 }, (_, i) => first + i).map((y) => (
          <option key={y} value={y}>
            {y}年
          </option>
        ))}
      </select>
      <select
        className="input input-compact"
        aria-label="转到月份"
        value={month}
        onChange={(e) => go(year, Number(e.target.value))}
      >
        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
          <option key={m} value={m}>
            {m}月
          </option>
        ))}
      </select>
    </span>
  );
}

/** A new meeting starts on today when today is on screen, otherwise on the first day of what is shown. */
function defaultNewDate(shown: Shown | null): string {
  const today = isoOf(new Date());
  if (!shown || (today >= shown.currentFrom && today <= shown.currentTo)) return today;
  return shown.currentFrom;
}

function ComplianceLine({ year }: { year: number }) {
  const q = useQuery({
    queryKey: ['meetings', 'compliance', year],
    queryFn: () => api.invoke('meetings.compliance', { year }),
  });
  if (q.isError) return <Notice kind="error">{errorMessage(q.error)}</Notice>;
  if (!q.data)
    return <div className="mcal-compliance mcal-compliance-loading">正在统计 {year} 年定期联席会议…</div>;
  const { held, required, planned } = q.data;
  const thisYear = new Date().getFullYear();
  const short = Math.max(0, required - held);
  const state = short === 0 ? 'ok' : year >= thisYear && held + planned >= required ? 'planned' : 'short';
  const verdict =
    state === 'ok'
      ? '已达到要求'
      : state === 'planned'
        ? `尚差 ${short} 次，已安排待召开 ${planned} 次`
        : year < thisYear
          ? `未达到要求，少 ${short} 次`
          : `尚差 ${short} 次，请安排定期联席会议`;
  return (
    <div className={`mcal-compliance mcal-compliance-${state}`} data-state={state} role="status">
      <span className="mcal-compliance-text">
        {year} 年定期联席会议：已召开 {held} 次 / 要求不少于 {required} 次
        {planned > 0 && state !== 'planned' ? `（另有 ${planned} 次已安排）` : ''}
      </span>
      <span className="mcal-compliance-verdict">{verdict}</span>
    </div>
  );
}
