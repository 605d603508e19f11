// 议程: ordered topics with the presenting department, minutes allotted and linked checklist items; drag a row
// (or use ↑ ↓) to reorder; the running total is measured against the meeting's length. Materials are attached
// to saved topics.
import { useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AgendaItem, MeetingDetail } from '../../../../shared/contract';
import { api, errorMessage, readFileAsBase64, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { Button, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import type { OnSaved } from './MeetingPage';
import { useMeetingForm } from './meeting-form';
import { StaleComparison, saveLabel } from '../../ui/conflict';

interface Row {
  key: string;
  id?: number;
  title: string;
  presenterDepartmentId: number | null;
  minutes: number;
  checklistItemIds: number[];
}

let nextKey = 0;
const rowOf = (a: AgendaItem): Row => ({
  key: `a${a.id}`,
  id: a.id,
  title: a.title,
  presenterDepartmentId: a.presenterDepartmentId,
  minutes: a.minutes,
  checklistItemIds: a.checklistItems.map((c) => c.id),
});

export function MeetingAgendaTab({ m, onSaved }: { m: MeetingDetail; onSaved: OnSaved }) {
  const can = useCan();
  const toast = useToast();
  const editable = can('meetings.write') && m.status !== 'cancelled';
  // Rows compared without their keys (a new row's key is made up here).
  const f = useMeetingForm(
    m,
    (x) => x.agenda.map(rowOf),
    (rs) => rs.map(({ key: _k, ...r }) => r),
  );
  const rows = f.form;
  const setRows = f.setForm;
  const dragFrom = useRef<number | null>(null);
  const { errors, failure, busy, submit } = useFormSubmit();
  const departments = useQuery({
    queryKey: ['departments', 'list'],
    queryFn: () => api.invoke('departments.list', {}),
  });
  const year = Number(m.date.slice(0, 4));
  const checklist = useQuery({
    queryKey: ['checklist', year],
    queryFn: () => api.invoke('checklist.get', { year }),
  });
  const items = (checklist.data?.items ?? []).filter((i) => !i.retired);
  const total = rows.reduce((n, r) => n + (Number.isFinite(r.minutes) ? r.minutes : 0), 0);
  const over = total - m.durationMinutes;
  const dirty = f.dirty;

  const update = (i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (from: number, to: number) => {
    if (to < 0 || to >= rows.length || from === to) return;
    const next = [...rows];
    const [r] = next.splice(from, 1);
    next.splice(to, 0, r!);
    setRows(next);
  };
  const save = () =>
    submit(async () => {
      try {
        const saved = await api.invoke('meetings.saveAgenda', {
          meetingId: m.id,
          version: f.version,
          items: rows.map((r) => ({
            ...(r.id ? { id: r.id } : {}),
            title: r.title,
            presenterDepartmentId: r.presenterDepartmentId,
            minutes: r.minutes,
            checklistItemIds: r.checklistItemIds,
          })),
        });
        f.saved(saved.meeting);
        onSaved(saved, '议程已保存');
      } catch (e) {
        f.refused(e);
        throw e;
      }
    });
  // A material added or removed here is this person's own change: the agenda's next save names its version.
  const onMaterial: OnSaved = (saved, message) => {
    f.ownChange(saved.meeting);
    onSaved(saved, message);
  };

  const attach = async (agendaItemId: number, file: File | undefined) => {
    if (!file) return;
    try {
      onMaterial(
        await api.invoke('meetings.addMaterial', {
          agendaItemId,
          file: { fileName: file.name, base64: await readFileAsBase64(file) },
        }),
        `已添加材料 ${file.name}`,
      );
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const saved = new Map(m.agenda.map((a) => [a.id, a]));

  return (
    <section className="card">
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {f.stale && f.theirs ? (
        <StaleComparison
          stale={f.stale}
          fields={[
            {
              label: '议题',
              mine: rows.map((r, i) => `${i + 1}. ${r.title}（${r.minutes} 分钟）`).join('；'),
              theirs: f.theirs.agenda.map((a, i) => `${i + 1}. ${a.title}（${a.minutes} 分钟）`).join('；'),
            },
          ]}
        />
      ) : null}
      <p className={`agenda-total${over > 0 ? ' agenda-over' : ''}`} role="status">
        议程合计 {total} 分钟 / 会议时长 {m.durationMinutes} 分钟
        {over > 0 ? `，超出 ${over} 分钟` : `，尚余 ${-over} 分钟`}
      </p>
      <table className="table agenda-table" aria-label="议程">
        <thead>
          <tr>
            <th style={{ width: 40 }} />
            <th style={{ width: 48 }}>序号</th>
            <th style={{ minWidth: 300 }}>议题</th>
            <th style={{ width: 140 }}>汇报单位</th>
            <th style={{ width: 90 }}>时长（分钟）</th>
            <th style={{ width: 210 }}>关联清单任务</th>
            <th style={{ width: 170 }}>材料</th>
            <th style={{ width: 110 }} />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr
              key={r.key}
              onDragOver={(e) => e.preventDefault()}
              onDrop={() => {
                if (dragFrom.current !== null) move(dragFrom.current, i);
                dragFrom.current = null;
              }}
              data-agenda-row={i + 1}
            >
              <td
                className="drag-handle"
                title="拖动调整顺序"
                draggable={editable}
                onDragStart={(e) => {
                  dragFrom.current = i;
                  e.dataTransfer.effectAllowed = 'move';
                }}
              >
                {editable ? '⋮⋮' : ''}
              </td>
              <td>{i + 1}</td>
              <td>
                <input
                  className="input"
                  aria-label={`议题${i + 1}`}
                  value={r.title}
                  disabled={!editable}
                  onChange={(e) => update(i, { title: e.target.value })}
                />
                {errors[`items.${i}.title`] ? (
                  <div className="field-error">{errors[`items.${i}.title`]}</div>
                ) : null}
              </td>
              <td>
                <select
                  className="input"
                  aria-label={`议题${i + 1}汇报单位`}
                  value={r.presenterDepartmentId ?? ''}
                  disabled={!editable}
                  onChange={(e) =>
                    update(i, { presenterDepartmentId: e.target.value ? Number(e.target.value) : null })
                  }
                >
                  <option value="">（不指定）</option>
                  {(departments.data ?? [])
                    .filter((d) => d.active)
                    .map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.shortName}
                      </option>
                    ))}
                </select>
              </td>
              <td>
                <input
                  className="input"
                  type="number"
                  min={1}
                  max={300}
                  aria-label={`议题${i + 1}时长`}
                  value={Number.isFinite(r.minutes) ? r.minutes : ''}
                  disabled={!editable}
                  onChange={(e) => update(i, { minutes: e.target.valueAsNumber })}
                />
                {errors[`items.${i}.minutes`] ? (
                  <div className="field-error">{errors[`items.${i}.minutes`]}</div>
                ) : null}
              </td>
              <td>
                <div className="chips">
                  {r.checklistItemIds.map((cid) => {
                    const item = items.find((x) => x.id === cid);
                    return (
                      <span key={cid} className="chip" title={item?.title}>
                        第{item?.seq ?? '?'}项
                        {editable ? (
                          <button
                            type="button"
                            aria-label={`取消关联第${item?.seq}项`}
                            onClick={() =>
                              update(i, { checklistItemIds: r.checklistItemIds.filter((x) => x !== cid) })
                            }
                          >
                            ×
                          </button>
                        ) : null}
                      </span>
                    );
                  })}
                </div>
                {editable && items.length ? (
                  <select
                    className="input input-compact"
                    aria-label={`议题${i + 1}关联清单任务`}
                    value=""
                    onChange={(e) =>
                      e.target.value &&
                      update(i, { checklistItemIds: [...r.checklistItemIds, Number(e.target.value)] })
                    }
                  >
                    <option value="">＋ 关联 {year} 年清单任务…</option>
                    {items
                      .filter((x) => !r.checklistItemIds.includes(x.id))
                      .map((x) => (
                        <option key={x.id} value={x.id}>
                          第{x.seq}项 {x.title}
                        </option>
                      ))}
                  </select>
                ) : null}
              </td>
              <td>
                {r.id && saved.has(r.id) ? (
                  <Materials
                    item={saved.get(r.id)!}
                    editable={editable}
                    onAttach={(f) => void attach(r.id!, f)}
                    onSaved={onMaterial}
                  />
                ) : (
                  <span className="muted">保存议程后可添加</span>
                )}
              </td>
              <td>
                {editable ? (
                  <span className="row-actions">
                    <button
                      type="button"
                      className="btn btn-link"
                      aria-label={`议题${i + 1}上移`}
                      onClick={() => move(i, i - 1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="btn btn-link"
                      aria-label={`议题${i + 1}下移`}
                      onClick={() => move(i, i + 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="btn btn-link"
                      aria-label={`删除议题${i + 1}`}
                      onClick={() => setRows(rows.filter((_, j) => j !== i))}
                    >
                      删除
                    </button>
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="muted">尚无议题。</p> : null}
      {editable ? (
        <div className="form-actions left">
          <Button
            onClick={() =>
              setRows([
                ...rows,
                {
                  key: `n${nextKey++}`,
                  title: '',
                  presenterDepartmentId: null,
                  minutes: 20,
                  checklistItemIds: [],
                },
              ])
            }
          >
            添加议题
          </Button>
          <Button variant="primary" disabled={busy || !dirty} onClick={() => void save()} shortcut="save">
            {saveLabel(f.stale, '保存议程')}
          </Button>
          {dirty ? <span className="muted">有未保存的修改</span> : null}
        </div>
      ) : null}
    </section>
  );
}

function Materials(props: {
  item: AgendaItem;
  editable: boolean;
  onAttach: (f: File | undefined) => void;
  onSaved: OnSaved;
}) {
  const toast = useToast();
  const download = async (materialId: number) => {
    try {
      saveDownload(await api.invoke('meetings.materialFile', { materialId }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const remove = async (materialId: number, name: string) => {
    try {
      props.onSaved(await api.invoke('meetings.removeMaterial', { materialId }), `已移除材料 ${name}`);
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <div className="materials">
      {props.item.materials.map((f) => (
        <div key={f.id} className="material">
          <button type="button" className="btn btn-link" onClick={() => void download(f.id)}>
            {f.fileName}
          </button>
          {props.editable ? (
            <button
              type="button"
              className="btn btn-link"
              aria-label={`移除材料 ${f.fileName}`}
              onClick={() => void remove(f.id, f.fileName)}
            >
              ×
            </button>
          ) : null}
        </div>
      ))}
      {props.editable ? (
        <label className="btn btn-link file-link">
          添加材料
          <input
            type="file"
            hidden
            aria-label={`为“${props.item.title}”添加材料`}
            accept=".pdf,.doc,.docx,.xls,.xlsx,.wps,.ofd,.jpg,.jpeg,.png,.txt,.zip"
            onChange={(e) => {
              props.onAttach(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
      ) : null}
    </div>
  );
}
