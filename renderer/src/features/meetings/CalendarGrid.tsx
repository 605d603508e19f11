// A thin React host for FullCalendar 6 (the framework-free @fullcalendar/core Calendar, with the v6 daygrid,
// timegrid, list and interaction plugins): the calendar is created once on mount and every later change of
// an option is handed to it with resetOptions, naming the options that changed (FullCalendar then re-renders
// only what depends on them; a new `events` array replaces the events in place).
import { useEffect, useRef } from 'react';
import { Calendar, type CalendarOptions } from '@fullcalendar/core';

export function CalendarGrid(props: {
  options: CalendarOptions;
  /** Called with the calendar once it exists (for prev/next/changeView/gotoDate) and with null when gone. */
  onReady: (calendar: Calendar | null) => void;
}) {
  const { options, onReady } = props;
  const el = useRef<HTMLDivElement>(null);
  const calendar = useRef<Calendar | null>(null);
  const applied = useRef<CalendarOptions>(options);

  useEffect(() => {
    const c = new Calendar(el.current!, applied.current);
    calendar.current = c;
    c.render();
    onReady(c);
    return () => {
      onReady(null);
      calendar.current = null;
      c.destroy();
    };
    // Created once: later option changes go through resetOptions below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const c = calendar.current;
    const previous = applied.current;
    applied.current = options;
    if (!c || previous === options) return;
    const changed = (Object.keys(options) as (keyof CalendarOptions)[]).filter(
      (k) => options[k] !== previous[k],
    );
    if (changed.length === 0) return;
    c.resetOptions(Object.fromEntries(changed.map((k) => [k, options[k]])), changed);
  }, [options]);

  return <div ref={el} className="mcal-grid" />;
}
