// 随机抽查事项清单 (一单): each item with its legal basis, subject, targets (institution categories), content, method,
// suggested ratio and frequency, and the qualification its inspectors need. Plans pick their items from this list;
// the list comes from Excel (the import wizard) and goes back to Excel. The starter list for 医疗卫生 can be restored.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import {
  COMMON_QUALIFICATIONS,
  INSTITUTION_CATEGORIES,
  INSTITUTION_CATEGORY_LABELS,
  type InstitutionCategory,
  type SpotItem,
} from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { Button, Field, FormDialog, TextInput } from '../../ui';
import { useToast } from '../../ui/toast';
import { DirectoryPage } from '../../ui/DirectoryPage';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { DirectoryImportDialog, conflictsOnFields } from './shared';

export const SPOT_ITEMS_KEY = ['enforcement', 'spotItems'] as const;

export function useSpotItems() {
  return useQuery({
    queryKey: SPOT_ITEMS_KEY,
    queryFn: () => api.invoke('spotItems.list', { includeInactive: true }),
  });
}

export const categoriesText = (c: readonly InstitutionCategory[]) =>
  c.length ? c.map((x) => INSTITUTION_CATEGORY_LABELS[x]).join('、') : '全部类别';

const spotForm = (i: SpotItem | null) => ({
  name: i?.name ?? '',
  subItem: i?.subItem ?? '',
  basis: i?.basis ?? '',
  subject: i?.subject ?? '区卫生健康局',
  content: i?.content ?? '',
  method: i?.method ?? '',
  ratioText: i?.ratioText ?? '',
  frequency: i?.frequency ?? '',
  qualification: i?.qualification ?? '',
  categories: categoriesText(i?.categories ?? []),
});
const COMPARED = {
  name: '事项名称',
  subItem: '子项',
  basis: '抽查依据',
  subject: '抽查主体',
  qualification: '检查人员要求（资质）',
  categories: '抽查对象',
  content: '抽查内容',
  method: '抽查方式',
  ratioText: '抽查比例',
  frequency: '抽查频次',
};
const compared = (i: SpotItem) => spotForm(i);

function SpotItemDialog(props: {
  item: SpotItem | null;
  onClose: () => void;
  onSaved: (i: SpotItem) => void;
}) {
  const i = props.item;
  const [form, setForm] = useState(() => {
    const { categories: _shown, ...fields } = spotForm(i);
    return fields;
  });
  const [categories, setCategories] = useState<InstitutionCategory[]>(i?.categories ?? []);
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(i?.version);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const save = () =>
    submit(async () => {
      const values = { ...form, categories };
      props.onSaved(
        await conflictsOnFields(
          i
            ? api
                .invoke('spotItems.update', { ...values, id: i.id, version: editVersion.current() })
                .catch(editVersion.adopt)
            : api.invoke('spotItems.create', values),
        ),
      );
    });
  return (
    <FormDialog
      wide
      title={i ? `编辑抽查事项：${i.label}` : '新增抽查事项'}
      onClose={props.onClose}
      onSave={() => void save()}
      busy={busy}
      failure={failure}
      saveLabel={saveLabel(editVersion.stale)}
      stale={
        <StaleNotice
          stale={editVersion.stale}
          labels={COMPARED}
          mine={{ ...form, categories: categoriesText(categories) }}
          formOf={compared}
        />
      }
    >
      <div className="form-grid">
        <Field label="事项名称" required error={errors.name}>
          {(id) => <TextInput id={id} value={form.name} onChange={set('name')} />}
        </Field>
        <Field label="子项" error={errors.subItem}>
          {(id) => <TextInput id={id} value={form.subItem} onChange={set('subItem')} />}
        </Field>
      </div>
      <Field
        label="抽查依据"
        required
        error={errors.basis}
        hint="写法律、法规的名称；条款已核实时再写明条款，不要凭记忆填写条款号"
      >
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={2}
            value={form.basis}
            onChange={(e) => set('basis')(e.target.value)}
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label="抽查主体" error={errors.subject}>
          {(id) => <TextInput id={id} value={form.subject} onChange={set('subject')} />}
        </Field>
        <Field
          label="检查人员要求（资质）"
          error={errors.qualification}
          hint="如 放射卫生、传染病防治、中医；不要求则留空"
        >
          {(id) => (
            <>
              <input
                id={id}
                className="input"
                list={`${id}-list`}
                value={form.qualification}
                onChange={(e) => set('qualification')(e.target.value)}
              />
              <datalist id={`${id}-list`}>
                {COMMON_QUALIFICATIONS.map((q) => (
                  <option key={q} value={q} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </div>
      <div className="draw-choices" role="group" aria-label="抽查对象">
        <strong>抽查对象（不勾选为全部类别）</strong>
        {INSTITUTION_CATEGORIES.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              checked={categories.includes(c)}
              onChange={(e) =>
                setCategories(e.target.checked ? [...categories, c] : categories.filter((x) => x !== c))
              }
            />{' '}
            {INSTITUTION_CATEGORY_LABELS[c]}
          </label>
        ))}
      </div>
      <Field label="抽查内容" error={errors.content}>
        {(id) => (
          <textarea
            id={id}
            className="input"
            rows={2}
            value={form.content}
            onChange={(e) => set('content')(e.target.value)}
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label="抽查方式" error={errors.method}>
          {(id) => <TextInput id={id} value={form.method} onChange={set('method')} />}
        </Field>
        <Field label="抽查比例" error={errors.ratioText}>
          {(id) => <TextInput id={id} value={form.ratioText} onChange={set('ratioText')} />}
        </Field>
        <Field label="抽查频次" error={errors.frequency}>
          {(id) => <TextInput id={id} value={form.frequency} onChange={set('frequency')} />}
        </Field>
      </div>
    </FormDialog>
  );
}

const COLUMNS: ColDef<SpotItem>[] = [
  { headerName: '事项名称', field: 'label', width: 200, pinned: 'left' },
  {
    headerName: '抽查依据',
    field: 'basis',
    flex: 1,
    minWidth: 280,
    tooltipValueGetter: (p) => (typeof p.value === 'string' ? p.value : ''),
  },
  {
    headerName: '抽查对象',
    valueGetter: (p) => (p.data ? categoriesText(p.data.categories) : ''),
    width: 180,
  },
  { headerName: '抽查方式', field: 'method', width: 150 },
  { headerName: '检查人员要求', valueGetter: (p) => p.data?.qualification || '—', width: 120 },
  {
    headerName: '状态',
    valueGetter: (p) => (p.data?.active ? '启用' : '停用'),
    width: 80,
    cellClass: (p) => (p.value === '停用' ? 'cell-inactive' : ''),
  },
];

export function SpotItemsPanel() {
  const list = useSpotItems();
  const toast = useToast();
  const addStarter = async () => {
    try {
      const r = await api.invoke('spotItems.addStarter', {});
      toast('success', `已补充医疗卫生起步清单中的 ${r.added} 项`);
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <DirectoryPage<SpotItem>
      title="随机抽查事项清单"
      subtitle="一单：每个抽查事项的依据、主体、对象、内容、方式和检查人员要求。抽查计划从本清单选择事项；有资质要求的事项，检查组须包含具备该资质的执法人员。"
      list={list}
      queryKey={['enforcement']}
      gridId="enforcement-spot-items"
      rowNumberWidth={60}
      columns={COLUMNS}
      inactive={(i) => !i.active}
      noRowsText="清单为空。可逐项新增，或从 Excel 导入。"
      search={{ label: '搜索抽查事项', placeholder: '搜索事项、依据、资质…' }}
      unit="项"
      summary={(rows) => (
        <>
          共 {rows.length} 项，启用 {rows.filter((i) => i.active).length} 项，有资质要求{' '}
          {rows.filter((i) => i.qualification).length} 项
        </>
      )}
      addLabel="新增抽查事项"
      name={(i) => i.label}
      status={{
        kind: 'toggle',
        label: (i) => (i && !i.active ? '启用' : '停用'),
        run: (i) => api.invoke('spotItems.setActive', { id: i.id, active: !i.active }),
        done: (i) => `已${i.active ? '启用' : '停用'}“${i.label}”`,
      }}
      editor={(i, p) => <SpotItemDialog item={i} onClose={p.onClose} onSaved={p.onSaved} />}
      importer={(p) => (
        <DirectoryImportDialog
          title="从 Excel 导入随机抽查事项清单"
          unit="项"
          register="spotItems"
          help={
            <p>
              本程序的字段：事项名称、抽查依据（必填），子项、抽查主体、抽查对象（机构类别，顿号分隔，“全部”为全部类别）、抽查内容、抽查方式、抽查比例、抽查频次、检查人员要求。
              按“事项名称 + 子项”匹配已有事项：匹配到的更新，其余新增。任何一行有误时不写入任何数据。
            </p>
          }
          {...p}
        />
      )}
      exportXlsx={() => api.invoke('spotItems.exportXlsx', {})}
      extraActions={<Button onClick={() => void addStarter()}>补充起步清单</Button>}
    />
  );
}
