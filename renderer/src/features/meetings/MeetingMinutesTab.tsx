// 会议纪要: an overview, per topic the discussion and what was concluded, and the decisions (议定事项) with their
// responsible departments (the first is 牵头单位) and due dates. Saving gives the 纪要 its number (第N号) and
// puts every decision on the follow-up list.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Decision, MeetingDetail } from '../../../../shared/contract';
import { staleDetails, type StaleDetails } from '../../../../shared/errors';
import { todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, DateInput, Field, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleComparison, saveLabel } from '../../ui/conflict';
import type { OnSaved } from './MeetingPage';
import { useMeetingForm } from './meeting-form';

interface DecisionRow {
  key: string;
  id?: number;
  /** The decision's version as the minutes were opened (a stale save is refused, naming who changed it). */
  version?: number;
  text: string;
  dueDate: string;
  departmentIds: number[];
  status?: 'open' | 'done';
}

let nextKey = 0;

interface MinutesForm {
  summary: string;
  topics: { agendaItemId: number; title: string; discussion: string; conclusion: string }[];
  decisions: DecisionRow[];
}

const minutesFormOf = (m: MeetingDetail): MinutesForm => ({
  summary: m.minutesSummary,
  topics: m.agenda.map((a) => ({
    agendaItemId: a.id,
    title: a.title,
    discussion: a.discussion,
    conclusion: a.conclusion,
  })),
  decisions: m.decisions.map((d) => ({
    key: `d${d.id}`,
    id: d.id,
    version: d.version,
    text: d.text,
    dueDate: d.dueDate,
    departmentIds: d.departments.map((x) => x.departmentId),
    status: d.status,
  })),
});

export function MeetingMinutesTab({ m, onSaved }: { m: MeetingDetail; onSaved: OnSaved }) {
  const can = useCan();
  const future = m.date > todayIso();
  const editable = can('meetings.write') && m.status !== 'cancelled' && !future;
  // Keyed by the meeting: the form keeps what is typed when the meeting changes elsewhere (it saves against the
  // version it started from), and an untouched form follows.
  const f = useMeetingForm(m, minutesFormOf, ({ decisions: ds, ...rest }) => ({
    ...rest,
    decisions: ds.map(({ key: _k, version: _v, ...d }) => d),
  }));
  const { summary, topics, decisions } = f.form;
  const setSummary = (v: string) => f.setForm((x) => ({ ...x, summary: v }));
  const setTopics = (v: MinutesForm['topics']) => f.setForm((x) => ({ ...x, topics: v }));
  const setDecisions = (v: DecisionRow[] | ((rows: DecisionRow[]) => DecisionRow[])) =>
    f.setForm((x) => ({ ...x, decisions: typeof v === 'function' ? v(x.decisions) : v }));
  const departments = useQuery({
    queryKey: ['departments', 'list'],
    queryFn: () => api.invoke('departments.list', {}),
  });
  const active = (departments.data ?? []).filter((d) => d.active);
  const nameOf = (id: number) => departments.data?.find((d) => d.id === id)?.shortName ?? '';
  const { errors, failure, busy, submit } = useFormSubmit();
  // A decision changed since the minutes were opened (closed, reopened or edited elsewhere): who and what.
  const [stale, setStale] = useState<StaleDetails | null>(null);
  const updateDecision = (i: number, patch: Partial<DecisionRow>) =>
    setDecisions(decisions.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const save = () =>
    submit(async () => {
      const saved = await api
        .invoke('meetings.saveMinutes', {
          meetingId: m.id,
          version: f.version,
          summary,
          topics: topics.map(({ title: _t, ...t }) => t),
          decisions: decisions.map((d) => ({
            ...(d.id ? { id: d.id, version: d.version } : {}),
            text: d.text,
            dueDate: d.dueDate,
            departmentIds: d.departmentIds,
          })),
        })
        .catch((e: unknown) => {
          // The meeting saved by someone else meanwhile (its summary or topics), or one decision changed.
          if (f.refused(e)) throw e;
          const s = staleDetails(e);
          const newer = s?.current as Decision | undefined;
          if (s && newer) {
            // Keep what was typed; saving again overwrites that decision knowingly from its newer version.
            setStale(s);
            setDecisions((rows) => rows.map((r) => (r.id === newer.id ? { ...r, version: s.version } : r)));
          }
          throw e;
        });
      setStale(null);
      f.saved(saved.meeting);
      onSaved(saved, '会议纪要已保存');
    });
  const newer = (stale?.current as Decision | undefined) ?? null;
  const typed = newer ? decisions.find((d) => d.id === newer.id) : undefined;
  if (future) return <Notice kind="info">会议定于 {m.date} 召开，会后即可填写纪要。</Notice>;
  return (
    <section className="card minutes-editor">
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {f.stale && f.theirs ? (
        <StaleComparison
          stale={f.stale}
          fields={[
            { label: '会议概况', mine: summary, theirs: f.theirs.minutesSummary },
            ...minutesFormOf(f.theirs).topics.flatMap((t, i) => {
              const mine = topics.find((x) => x.agendaItemId === t.agendaItemId);
              return [
                { label: `议题${i + 1}讨论情况`, mine: mine?.discussion ?? '', theirs: t.discussion },
                { label: `议题${i + 1}议定结论`, mine: mine?.conclusion ?? '', theirs: t.conclusion },
              ];
            }),
          ]}
        />
      ) : null}
      {stale && newer && typed ? (
        <StaleComparison
          stale={stale}
          fields={[
            { label: `议定事项（第 ${newer.seq} 项）`, mine: typed.text, theirs: newer.text },
            { label: '办理期限', mine: typed.dueDate, theirs: newer.dueDate },
            {
              label: '责任单位',
              mine: typed.departmentIds.map(nameOf).join('、'),
              theirs: newer.departments.map((d) => d.shortName).join('、'),
            },
            {
              label: '督办状态',
              mine: typed.status === 'done' ? '已办结' : '督办中',
              theirs: newer.status === 'done' ? '已办结' : '督办中',
            },
          ]}
        />
      ) : null}
      {m.minutesNumber ? (
        <p className="muted">
          纪要编号：{m.date.slice(0, 4)} 年第 {m.minutesNumber} 号。打印与下载见“通知与文件”。
        </p>
      ) : null}
      <Field label="会议概况" error={errors.summary} hint="会议的总体情况；各议题的讨论与结论在下方分别填写">
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            value={summary}
            disabled={!editable}
            onChange={(e) => setSummary(e.target.value)}
          />
        )}
      </Field>
      {topics.map((t, i) => (
        <div key={t.agendaItemId} className="minutes-topic">
          <h3>
            议题{i + 1}：{t.title}
          </h3>
          <Field label={`议题${i + 1}讨论情况`} error={errors[`topics.${i}.discussion`]}>
            {(id) => (
              <textarea
                id={id}
                className="input"
                rows={2}
                value={t.discussion}
                disabled={!editable}
                onChange={(e) =>
                  setTopics(topics.map((x, j) => (j === i ? { ...x, discussion: e.target.value } : x)))
                }
              />
            )}
          </Field>
          <Field label={`议题${i + 1}议定结论`} error={errors[`topics.${i}.conclusion`]}>
            {(id) => (
              <textarea
                id={id}
                className="input"
                rows={2}
                value={t.conclusion}
                disabled={!editable}
                onChange={(e) =>
                  setTopics(topics.map((x, j) => (j === i ? { ...x, conclusion: e.target.value } : x)))
                }
              />
            )}
          </Field>
        </div>
      ))}
      <h2 className="section-title">议定事项</h2>
      <p className="muted">每项议定事项保存后进入“议定事项督办”，直至办结。责任单位的第一个为牵头单位。</p>
      {decisions.map((d, i) => (
        <div key={d.key} className="decision-edit" data-decision={i + 1}>
          <div className="decision-edit-head">
            <strong>事项{i + 1}</strong>
            {d.status === 'done' ? <span className="status-badge">已办结</span> : null}
            {d.id ? (
              <button type="button" className="btn btn-link" onClick={() => navigate('/meetings/decisions')}>
                查看督办
              </button>
            ) : null}
            {editable && d.status !== 'done' ? (
              <button
                type="button"
                className="btn btn-link"
                aria-label={`删除事项${i + 1}`}
                onClick={() => setDecisions(decisions.filter((_, j) => j !== i))}
              >
                删除
              </button>
            ) : null}
          </div>
          <Field label={`事项${i + 1}内容`} required error={errors[`decisions.${i}.text`]}>
            {(id) => (
              <textarea
                id={id}
                className="input"
                rows={2}
                value={d.text}
                disabled={!editable}
                onChange={(e) => updateDecision(i, { text: e.target.value })}
              />
            )}
          </Field>
          <div className="form-grid">
            <Field label={`事项${i + 1}完成时限`} required error={errors[`decisions.${i}.dueDate`]}>
              {(id) => (
                <DateInput
                  id={id}
                  min={m.date}
                  value={d.dueDate}
                  disabled={!editable}
                  onChange={(picked) => updateDecision(i, { dueDate: picked })}
                />
              )}
            </Field>
            <Field label={`事项${i + 1}责任单位`} required error={errors[`decisions.${i}.departmentIds`]}>
              {(id) => (
                <div>
                  <div className="chips">
                    {d.departmentIds.map((dep, k) => (
                      <span key={dep} className={`chip${k === 0 ? ' chip-lead' : ''}`}>
                        {k === 0 ? '牵头 ' : ''}
                        {nameOf(dep)}
                        {editable ? (
                          <button
                            type="button"
                            aria-label={`移除${nameOf(dep)}`}
                            onClick={() =>
                              updateDecision(i, { departmentIds: d.departmentIds.filter((x) => x !== dep) })
                            }
                          >
                            ×
                          </button>
                        ) : null}
                      </span>
                    ))}
                  </div>
                  {editable ? (
                    <select
                      id={id}
                      className="input input-compact"
                      value=""
                      onChange={(e) =>
                        e.target.value &&
                        updateDecision(i, { departmentIds: [...d.departmentIds, Number(e.target.value)] })
                      }
                    >
                      <option value="">
                        {d.departmentIds.length ? '＋ 添加配合单位…' : '＋ 选择牵头单位…'}
                      </option>
                      {active
                        .filter((x) => !d.departmentIds.includes(x.id))
                        .map((x) => (
                          <option key={x.id} value={x.id}>
                            {x.shortName}
                          </option>
                        ))}
                    </select>
                  ) : null}
                </div>
              )}
            </Field>
          </div>
        </div>
      ))}
      {editable ? (
        <div className="form-actions left">
          <Button
            onClick={() =>
              setDecisions([...decisions, { key: `n${nextKey++}`, text: '', dueDate: '', departmentIds: [] }])
            }
          >
            添加议定事项
          </Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()} shortcut="save">
            {saveLabel(stale ?? f.stale, '保存会议纪要')}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
