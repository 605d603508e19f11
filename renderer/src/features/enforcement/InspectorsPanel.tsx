// 执法检查人员 (执法检查人员名录库): name, department, 执法证号, 启用/停用, and the institutions each has declared a
// conflict with (回避), each with its reason. The 双随机 draw will never send an inspector to those institutions.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import type { Department, Inspector, Institution } from '../../../../shared/contract';
import { api } from '../../api';
import { Button, Field, FormDialog, TextInput } from '../../ui';
import { DirectoryPage } from '../../ui/DirectoryPage';
import { useFormSubmit } from '../../ui/forms';
import { useEditVersion } from '../../ui/conflict';
import { useInstitutions } from './InstitutionsPanel';
import { ActiveBatch } from './BatchStatusDialog';
import { DepartmentSelect, useDepartments } from './ReferralCommon';
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

function InspectorDialog(props: {
  inspector: Inspector | null;
  departments: Department[];
  institutions: Institution[];
  onClose: () => void;
  onSaved: (i: Inspector) => void;
}) {
  const i = props.inspector;
  const [form, setForm] = useState({
    name: i?.name ?? '',
    departmentId: i ? String(i.departmentId) : '',
    badgeNo: i?.badgeNo ?? '',
    qualifications: i?.qualifications.join('、') ?? '',
  });
  const [conflicts, setConflicts] = useState<ConflictRow[]>(
    (i?.conflicts ?? []).map((c) => ({
      key: nextKey++,
      institution: institutionOption({ name: c.institutionName, uscc: c.institutionUscc }),
      reason: c.reason,
    })),
  );
  const { errors, failure, busy, submit } = useFormSubmit();
  // A save over someone else's newer one is refused, naming them; saving again then overwrites knowingly.
  const editVersion = useEditVersion(i?.version);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const setConflict = (key: number, patch: Partial<ConflictRow>) =>
    setConflicts(conflicts.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const departments = props.departments.filter((d) => d.active || d.id === i?.departmentId);

  const save = () =>
    submit(async () => {
      const values = {
        name: form.name,
        departmentId: Number(form.departmentId) || 0,
        badgeNo: form.badgeNo,
        qualifications: form.qualifications
          .split(/[、,，;；\s]+/)
          .map((q) => q.trim())
          .filter(Boolean),
        conflicts: conflicts.map((c) => ({
          institutionId: findInstitution(props.institutions, c.institution)?.id ?? 0,
          reason: c.reason,
        })),
      };
      const saved = await conflictsOnFields(
        i
          ? api
              .invoke('inspectors.update', { ...values, id: i.id, version: editVersion.current() })
              .catch(editVersion.adopt)
          : api.invoke('inspectors.create', values),
      );
      props.onSaved(saved);
    });

  return (
    <FormDialog
      wide
      title={i ? `编辑执法检查人员：${i.name}` : '新增执法检查人员'}
      onClose={props.onClose}
      onSave={() => void save()}
      busy={busy}
      failure={failure}
    >
      <div className="form-grid">
        <Field label="姓名" required error={errors.name}>
          {(id) => <TextInput id={id} value={form.name} onChange={set('name')} />}
        </Field>
        <Field label="所属单位" required error={errors.departmentId}>
          {(id) => (
            <DepartmentSelect
              id={id}
              value={form.departmentId}
              departments={departments}
              onChange={set('departmentId')}
            />
          )}
        </Field>
        <Field label="执法证号" required error={errors.badgeNo}>
          {(id) => <TextInput id={id} value={form.badgeNo} onChange={set('badgeNo')} />}
        </Field>
        <Field
          label="资质"
          error={
            errors.qualifications ??
            Object.entries(errors).find(([k]) => k.startsWith('qualifications.'))?.[1]
          }
          hint="如 放射卫生、传染病防治、中医，多个用顿号分隔"
        >
          {(id) => <TextInput id={id} value={form.qualifications} onChange={set('qualifications')} />}
        </Field>
      </div>
      <fieldset>
        <legend>回避对象</legend>
        <p className="muted">
          与本人有利害关系、须回避检查的监管对象（行政处罚法第四十三条），每个须写明理由。抽取检查人员时将自动排除。
        </p>
        {errors.conflicts ? (
          <div className="field-error" role="alert">
            {errors.conflicts}
          </div>
        ) : null}
        {conflicts.length > 0 ? (
          <table className="table" aria-label="回避对象">
            <thead>
              <tr>
                <th style={{ width: '55%' }}>监管对象</th>
                <th>回避理由</th>
                <th style={{ width: 64 }} />
              </tr>
            </thead>
            <tbody>
              {conflicts.map((c, n) => (
                <tr key={c.key}>
                  <td>
                    <InstitutionPicker
                      label={`回避对象${n + 1}`}
                      institutions={props.institutions}
                      value={c.institution}
                      onChange={(v) => setConflict(c.key, { institution: v })}
                    />
                    {errors[`conflicts.${n}.institutionId`] ? (
                      <div className="field-error" role="alert">
                        {errors[`conflicts.${n}.institutionId`]}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <input
                      className="input"
                      aria-label={`回避理由${n + 1}`}
                      value={c.reason}
                      placeholder="如：配偶在该机构任职"
                      onChange={(e) => setConflict(c.key, { reason: e.target.value })}
                    />
                    {errors[`conflicts.${n}.reason`] ? (
                      <div className="field-error" role="alert">
                        {errors[`conflicts.${n}.reason`]}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <Button
                      variant="link"
                      onClick={() => setConflicts(conflicts.filter((x) => x.key !== c.key))}
                    >
                      删除
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>未申报回避对象。</p>
        )}
        <Button onClick={() => setConflicts([...conflicts, { key: nextKey++, institution: '', reason: '' }])}>
          添加回避对象
        </Button>
      </fieldset>
    </FormDialog>
  );
}

const COLUMNS: ColDef<Inspector>[] = [
  { headerName: '姓名', field: 'name', width: 110, pinned: 'left' },
  { headerName: '所属单位', field: 'departmentName', width: 150 },
  { headerName: '执法证号', field: 'badgeNo', width: 160 },
  { headerName: '资质', valueGetter: (p) => p.data?.qualifications.join('、') || '—', width: 150 },
  {
    headerName: '回避对象',
    valueGetter: (p) => p.data?.conflicts.map((c) => `${c.institutionName}（${c.reason}）`).join('；') ?? '',
    flex: 1,
    minWidth: 320,
    tooltipValueGetter: (p) => (typeof p.value === 'string' ? p.value : ''),
  },
  {
    headerName: '状态',
    valueGetter: (p) => (p.data?.active ? '启用' : '停用'),
    width: 90,
    cellClass: (p) => (p.value === '停用' ? 'cell-inactive' : ''),
  },
];

export function InspectorsPanel() {
  const institutions = useInstitutions();
  const departments = useDepartments();
  const list = useQuery({
    queryKey: ['enforcement', 'inspectors'],
    queryFn: () => api.invoke('inspectors.list', { includeInactive: true }),
  });
  return (
    <DirectoryPage<Inspector>
      title="执法检查人员"
      subtitle="执法检查人员名录库：各成员单位持证执法人员及其申报的回避对象。停用的人员不参与抽取。"
      list={list}
      queryKey={['enforcement']}
      gridId="enforcement-inspectors"
      rowNumberWidth={76}
      columns={COLUMNS}
      inactive={(i) => !i.active}
      noRowsText="暂无执法检查人员。可逐个新增，或从 Excel 导入。"
      search={{ label: '搜索执法人员', placeholder: '搜索姓名、单位、证号、回避对象…' }}
      unit="人"
      summary={(rows) => (
        <>
          共 {rows.length} 人，启用 {rows.filter((i) => i.active).length} 人，来自{' '}
          {new Set(rows.map((i) => i.departmentId)).size} 个单位
        </>
      )}
      addLabel="新增执法人员"
      name={(i) => i.name}
      status={{
        kind: 'toggle',
        label: (i) => (i && !i.active ? '启用' : '停用'),
        run: (i) => api.invoke('inspectors.setActive', { id: i.id, active: !i.active }),
        done: (i) => `已${i.active ? '启用' : '停用'}“${i.name}”`,
      }}
      editor={(i, p) => (
        <InspectorDialog
          inspector={i}
          departments={departments.data ?? []}
          institutions={institutions.data ?? []}
          onClose={p.onClose}
          onSaved={p.onSaved}
        />
      )}
      importer={(p) => (
        <DirectoryImportDialog
          title="从 Excel 导入执法检查人员"
          unit="人"
          register="inspectors"
          help={
            <p>
              本程序的字段：姓名、所属单位、执法证号（必填），状态（启用/停用）、回避对象。所属单位按成员单位的全称、简称或别名识别。
              回避对象每行一个，写作“机构名称或统一社会信用代码：理由”，须已在监管对象名录中；不含“回避对象”列时保留原有申报。
              按执法证号匹配已有人员：匹配到的更新，其余新增。可先“导出 Excel”作为模板。
            </p>
          }
          {...p}
        />
      )}
      exportXlsx={() => api.invoke('inspectors.exportXlsx', { includeInactive: true })}
      batch={{
        actions: (ticked, done) => (
          <>
            <ActiveBatch
              ticked={ticked}
              active={false}
              label="批量停用"
              what="执法检查人员"
              explanation="停用的人员不再参与抽取"
              run={(records) => api.invoke('inspectors.setActiveMany', { records, active: false })}
              done={done}
            />
            <ActiveBatch
              ticked={ticked}
              active
              label="批量启用"
              what="执法检查人员"
              explanation="启用的人员重新参与抽取"
              run={(records) => api.invoke('inspectors.setActiveMany', { records, active: true })}
              done={done}
            />
          </>
        ),
        exportSelected: (ticked) =>
          api.invoke('inspectors.exportXlsx', { includeInactive: true, ids: ticked.map((i) => i.id) }),
      }}
    />
  );
}
