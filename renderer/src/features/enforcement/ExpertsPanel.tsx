// 专家库: experts (name, unit, field) with the institutions each must not inspect (回避). A plan may add one expert
// to each team by lot; experts never count toward the team's enforcement officers.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import type { Expert, Institution } from '../../../../shared/contract';
import { api } from '../../api';
import { Button, Field, FormDialog, TextInput } from '../../ui';
import { DirectoryPage } from '../../ui/DirectoryPage';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { useInstitutions } from './InstitutionsPanel';
import {
  DirectoryImportDialog,
  InstitutionPicker,
  conflictsOnFields,
  findInstitution,
  institutionOption,
} from './shared';

interface ConflictRow {
  key: number;
  institution: string;
  reason: string;
}
let nextKey = 1;

const COMPARED = { name: '姓名', unit: '工作单位', field: '专业领域', conflicts: '回避对象' };
const compared = (x: Expert) => ({
  name: x.name,
  unit: x.unit,
  field: x.field,
  conflicts: x.conflicts.map((c) => `${c.institutionName}（${c.reason}）`),
});

function ExpertDialog(props: {
  expert: Expert | null;
  institutions: Institution[];
  onClose: () => void;
  onSaved: (e: Expert) => void;
}) {
  const x = props.expert;
  const [form, setForm] = useState({ name: x?.name ?? '', unit: x?.unit ?? '', field: x?.field ?? '' });
  const [conflicts, setConflicts] = useState<ConflictRow[]>(
    (x?.conflicts ?? []).map((c) => ({
      key: nextKey++,
      institution: institutionOption({ name: c.institutionName, uscc: c.institutionUscc }),
      reason: c.reason,
    })),
  );
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(x?.version);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const save = () =>
    submit(async () => {
      const values = {
        ...form,
        conflicts: conflicts.map((c) => ({
          institutionId: findInstitution(props.institutions, c.institution)?.id ?? 0,
          reason: c.reason,
        })),
      };
      props.onSaved(
        await conflictsOnFields(
          x
            ? api
                .invoke('experts.update', { ...values, id: x.id, version: editVersion.current() })
                .catch(editVersion.adopt)
            : api.invoke('experts.create', values),
        ),
      );
    });
  return (
    <FormDialog
      wide
      title={x ? `编辑专家：${x.name}` : '新增专家'}
      onClose={props.onClose}
      onSave={() => void save()}
      busy={busy}
      failure={failure}
      saveLabel={saveLabel(editVersion.stale)}
      stale={
        <StaleNotice
          stale={editVersion.stale}
          labels={COMPARED}
          mine={{
            ...form,
            conflicts: conflicts.map((c) => `${c.institution.replace(/（[^（]*）$/, '')}（${c.reason}）`),
          }}
          formOf={compared}
        />
      }
    >
      <div className="form-grid">
        <Field label="姓名" required error={errors.name}>
          {(id) => <TextInput id={id} value={form.name} onChange={set('name')} />}
        </Field>
        <Field label="工作单位" required error={errors.unit}>
          {(id) => <TextInput id={id} value={form.unit} onChange={set('unit')} />}
        </Field>
        <Field label="专业领域" required error={errors.field}>
          {(id) => <TextInput id={id} value={form.field} onChange={set('field')} />}
        </Field>
      </div>
      <fieldset>
        <legend>回避对象</legend>
        {errors.conflicts ? (
          <div className="field-error" role="alert">
            {errors.conflicts}
          </div>
        ) : null}
        {conflicts.map((c, n) => (
          <div key={c.key} className="form-grid">
            <InstitutionPicker
              label={`回避对象${n + 1}`}
              institutions={props.institutions}
              value={c.institution}
              onChange={(v) =>
                setConflicts(conflicts.map((y) => (y.key === c.key ? { ...y, institution: v } : y)))
              }
            />
            <input
              className="input"
              aria-label={`回避理由${n + 1}`}
              value={c.reason}
              placeholder="如：曾在该机构任职"
              onChange={(e) =>
                setConflicts(conflicts.map((y) => (y.key === c.key ? { ...y, reason: e.target.value } : y)))
              }
            />
            {errors[`conflicts.${n}.institutionId`] ? (
              <div className="field-error">{errors[`conflicts.${n}.institutionId`]}</div>
            ) : null}
          </div>
        ))}
        <Button onClick={() => setConflicts([...conflicts, { key: nextKey++, institution: '', reason: '' }])}>
          添加回避对象
        </Button>
      </fieldset>
    </FormDialog>
  );
}

const COLUMNS: ColDef<Expert>[] = [
  { headerName: '姓名', field: 'name', width: 110, pinned: 'left' },
  { headerName: '工作单位', field: 'unit', width: 200 },
  { headerName: '专业领域', field: 'field', width: 140 },
  {
    headerName: '回避对象',
    valueGetter: (p) => p.data?.conflicts.map((c) => `${c.institutionName}（${c.reason}）`).join('；') ?? '',
    flex: 1,
    minWidth: 260,
  },
  {
    headerName: '状态',
    valueGetter: (p) => (p.data?.active ? '启用' : '停用'),
    width: 80,
    cellClass: (p) => (p.value === '停用' ? 'cell-inactive' : ''),
  },
];

export function ExpertsPanel() {
  const institutions = useInstitutions();
  const list = useQuery({
    queryKey: ['enforcement', 'experts'],
    queryFn: () => api.invoke('experts.list', { includeInactive: true }),
  });
  return (
    <DirectoryPage<Expert>
      title="专家库"
      subtitle="抽查计划可规定每个检查组从专家库随机抽取 1 名专家；专家不计入执法检查人员人数，同样适用回避。停用的专家不参与抽取。"
      list={list}
      queryKey={['enforcement']}
      gridId="enforcement-experts"
      rowNumberWidth={60}
      columns={COLUMNS}
      inactive={(e) => !e.active}
      noRowsText="专家库为空。"
      search={{ label: '搜索专家', placeholder: '搜索姓名、单位、领域…' }}
      unit="名"
      summary={(rows) => (
        <>
          共 {rows.length} 名，启用 {rows.filter((e) => e.active).length} 名
        </>
      )}
      addLabel="新增专家"
      name={(e) => e.name}
      status={{
        kind: 'toggle',
        label: (e) => (e && !e.active ? '启用' : '停用'),
        run: (e) => api.invoke('experts.setActive', { id: e.id, active: !e.active }),
        done: (e) => `已${e.active ? '启用' : '停用'}“${e.name}”`,
      }}
      editor={(e, p) => (
        <ExpertDialog
          expert={e}
          institutions={institutions.data ?? []}
          onClose={p.onClose}
          onSaved={p.onSaved}
        />
      )}
      importer={(p) => (
        <DirectoryImportDialog
          title="从 Excel 导入专家库"
          unit="名"
          register="experts"
          help={
            <p>
              本程序的字段：姓名、工作单位、专业领域（必填），回避对象（机构名称或统一社会信用代码：理由，多个用分号分隔）。
              按“姓名 + 工作单位”匹配已有专家：匹配到的更新，其余新增。任何一行有误时不写入任何数据。
            </p>
          }
          {...p}
        />
      )}
      exportXlsx={() => api.invoke('experts.exportXlsx', {})}
    />
  );
}
