// A year without a list: start from a shipped template (every 责任单位 name resolved through the directory;
// names it does not know are shown and must be mapped or created), from last year's list, or empty.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { Button, Notice } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';

export function CreateChecklist({ year }: { year: number }) {
  const toast = useToast();
  const templates = useQuery({
    queryKey: ['checklist', 'templates'],
    queryFn: () => api.invoke('checklist.templates', {}),
  });
  const lists = useQuery({
    queryKey: ['checklist', 'list'],
    queryFn: () => api.invoke('checklist.list', {}),
  });
  const departments = useQuery({
    queryKey: ['departments', 'list'],
    queryFn: () => api.invoke('departments.list', { includeInactive: true }),
  });
  const [choice, setChoice] = useState<string>('yuecheng-2020');
  const preview = useQuery({
    queryKey: ['checklist', 'preview', choice],
    queryFn: () => api.invoke('checklist.previewTemplate', { templateId: choice }),
    enabled: choice !== '' && choice !== 'empty' && choice !== 'copy',
  });
  const [mapping, setMapping] = useState<Record<string, number | null>>({});
  const { failure, busy, submit } = useFormSubmit();
  const previous = lists.data?.find((l) => l.year === year - 1);

  const create = () =>
    submit(async () => {
      if (choice === 'copy') {
        await api.invoke('checklist.copyForward', { fromYear: year - 1, toYear: year });
        toast('success', `已由 ${year - 1} 年清单复制建立 ${year} 年任务清单`);
      } else {
        const unresolved = (preview.data?.unresolved ?? []).map((u) => ({
          name: u.name,
          departmentId: mapping[u.name] ?? null,
        }));
        const list = await api.invoke('checklist.create', {
          year,
          templateId: choice === 'empty' ? null : choice,
          unresolved,
        });
        toast('success', `已建立 ${year} 年任务清单（${list.itemCount} 项）`);
      }
    });

  return (
    <div className="card-flat">
      <h2>建立 {year} 年任务清单</h2>
      <p className="muted">选择本年度清单的来源。建立后可以逐项修改、增删任务和调整牵头、参与单位。</p>
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <fieldset className="choice-list">
        <legend>清单来源</legend>
        {previous ? (
          <label>
            <input
              type="radio"
              name="source"
              checked={choice === 'copy'}
              onChange={() => setChoice('copy')}
            />
            复制 {year - 1} 年清单（{previous.itemCount} 项，保留牵头和参与单位）
          </label>
        ) : null}
        {(templates.data ?? []).map((t) => (
          <label key={t.id}>
            <input type="radio" name="source" checked={choice === t.id} onChange={() => setChoice(t.id)} />
            模板：{t.name}（{t.document}，{t.itemCount} 项）
          </label>
        ))}
        <label>
          <input
            type="radio"
            name="source"
            checked={choice === 'empty'}
            onChange={() => setChoice('empty')}
          />
          空清单
        </label>
      </fieldset>
      {preview.data && preview.data.unresolved.length > 0 && choice !== 'empty' && choice !== 'copy' ? (
        <Notice kind="warning" title={`有 ${preview.data.unresolved.length} 个责任单位不在成员单位名录中`}>
          <p>请为每个名称选择对应的已有单位，或保留“新建为成员单位”。</p>
          <table className="table" aria-label="未识别的责任单位">
            <thead>
              <tr>
                <th>模板中的名称</th>
                <th>涉及任务</th>
                <th>对应到</th>
              </tr>
            </thead>
            <tbody>
              {preview.data.unresolved.map((u) => (
                <tr key={u.name}>
                  <td>{u.name}</td>
                  <td>{u.items.join('、')}</td>
                  <td>
                    <select
                      className="input"
                      aria-label={`${u.name} 对应到`}
                      value={mapping[u.name] ?? ''}
                      onChange={(e) =>
                        setMapping({ ...mapping, [u.name]: e.target.value ? Number(e.target.value) : null })
                      }
                    >
                      <option value="">新建为成员单位</option>
                      {(departments.data ?? []).map((d) => (
                        <option key={d.id} value={d.id}>
                          {d.shortName}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Notice>
      ) : null}
      {preview.data && preview.data.unresolved.length === 0 && choice !== 'empty' && choice !== 'copy' ? (
        <Notice kind="success">模板中的责任单位均已在成员单位名录中找到。</Notice>
      ) : null}
      <div className="form-actions">
        <Button variant="primary" disabled={busy} onClick={() => void create()}>
          建立清单
        </Button>
      </div>
    </div>
  );
}
