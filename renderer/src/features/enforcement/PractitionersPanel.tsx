// 从业人员 in a grid: add, edit, mark 离职/在职, Excel export and import (the institution is found by its
// 统一社会信用代码 or exact name). No ID-card numbers are kept.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import {
  PRACTITIONER_CATEGORIES,
  type PRACTITIONER_SORT_KEYS,
  PRACTITIONER_CATEGORY_LABELS,
  type Institution,
  type Practitioner,
  type PractitionerCategory,
} from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { FilterSelect, labelled, type FilterOption } from '../../ui/filters';
import { TEXT_FILTER, asListRequest, usePagedSource } from '../../ui/paged';
import { useToast } from '../../ui/toast';
import { Field, FormDialog, KeySelect, TextInput } from '../../ui';
import { DirectoryPage } from '../../ui/DirectoryPage';
import { useFormSubmit } from '../../ui/forms';
import { useEditVersion } from '../../ui/conflict';
import { useInstitutions } from './InstitutionsPanel';
import { ActiveBatch } from './BatchStatusDialog';
import {
  DirectoryImportDialog,
  InstitutionPicker,
  conflictsOnFields,
  findInstitution,
  institutionOption,
} from './shared';

function PractitionerDialog(props: {
  practitioner: Practitioner | null;
  institutions: Institution[];
  onClose: () => void;
  onSaved: (p: Practitioner) => void;
}) {
  const p = props.practitioner;
  const [form, setForm] = useState({
    name: p?.name ?? '',
    category: (p?.category ?? '') as PractitionerCategory | '',
    certificateNo: p?.certificateNo ?? '',
    institution: p ? institutionOption({ name: p.institutionName, uscc: p.institutionUscc }) : '',
  });
  const { errors, failure, busy, submit } = useFormSubmit();
  // A save over someone else's newer one is refused, naming them; saving again then overwrites knowingly.
  const editVersion = useEditVersion(p?.version);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  // New people join institutions that are not closed; an existing record may stay where it is.
  const choices = props.institutions.filter((i) => i.status !== 'deregistered' || i.id === p?.institutionId);

  const save = () =>
    submit(async () => {
      const values = {
        name: form.name,
        category: form.category as PractitionerCategory,
        certificateNo: form.certificateNo,
        institutionId: findInstitution(props.institutions, form.institution)?.id ?? 0,
      };
      const saved = await conflictsOnFields(
        p
          ? api
              .invoke('practitioners.update', { ...values, id: p.id, version: editVersion.current() })
              .catch(editVersion.adopt)
          : api.invoke('practitioners.create', values),
      );
      props.onSaved(saved);
    });

  return (
    <FormDialog
      title={p ? `编辑从业人员：${p.name}` : '新增从业人员'}
      onClose={props.onClose}
      onSave={() => void save()}
      busy={busy}
      failure={failure}
    >
      <div className="form-grid">
        <Field label="姓名" required error={errors.name}>
          {(id) => <TextInput id={id} value={form.name} onChange={set('name')} />}
        </Field>
        <Field label="人员类别" required error={errors.category}>
          {(id) => (
            <KeySelect
              id={id}
              value={form.category}
              options={PRACTITIONER_CATEGORIES}
              labels={PRACTITIONER_CATEGORY_LABELS}
              placeholder="请选择"
              onChange={set('category')}
            />
          )}
        </Field>
        <Field
          label="证书编号"
          required
          hint="执业证书或注册证编号，同一类别内唯一"
          error={errors.certificateNo}
        >
          {(id) => <TextInput id={id} value={form.certificateNo} onChange={set('certificateNo')} />}
        </Field>
      </div>
      <Field label="执业机构" required hint="须为监管对象名录中的机构" error={errors.institutionId}>
        {(id) => (
          <InstitutionPicker
            id={id}
            institutions={choices}
            value={form.institution}
            onChange={set('institution')}
          />
        )}
      </Field>
    </FormDialog>
  );
}

const COLUMNS: ColDef<Practitioner>[] = [
  {
    headerName: '姓名',
    colId: 'name',
    field: 'name',
    width: 110,
    pinned: 'left',
    sortable: true,
    ...TEXT_FILTER,
  },
  {
    headerName: '人员类别',
    colId: 'category',
    valueGetter: (p) => (p.data ? PRACTITIONER_CATEGORY_LABELS[p.data.category] : ''),
    width: 110,
    sortable: true,
  },
  {
    headerName: '证书编号',
    colId: 'certificateNo',
    field: 'certificateNo',
    width: 190,
    sortable: true,
    ...TEXT_FILTER,
  },
  {
    headerName: '执业机构',
    colId: 'institutionName',
    field: 'institutionName',
    flex: 1,
    minWidth: 260,
    sortable: true,
    ...TEXT_FILTER,
  },
  {
    headerName: '机构统一社会信用代码',
    colId: 'institutionUscc',
    field: 'institutionUscc',
    width: 200,
    sortable: true,
    ...TEXT_FILTER,
  },
  {
    headerName: '状态',
    valueGetter: (p) => (p.data ? (p.data.active ? '在职' : '离职') : ''),
    width: 90,
    cellClass: (p) => (p.value === '离职' ? 'cell-inactive' : ''),
  },
];

type Status = 'all' | 'active' | 'inactive';
const STATUS_FILTERS: FilterOption<Status>[] = [
  { value: 'active', label: '在职' },
  { value: 'inactive', label: '离职' },
];

export function PractitionersPanel() {
  const toast = useToast();
  const institutions = useInstitutions();
  const [status, setStatus] = useState<Status>('all');
  const [category, setCategory] = useState<PractitionerCategory | ''>('');
  const [search, setSearch] = useState('');
  const filter = {
    status,
    ...(category ? { category } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
  };
  // The filtered total and 在职 count (an empty first block); a save refreshes it, and with it the grid's blocks.
  const summary = useQuery({
    queryKey: ['enforcement', 'practitioners', 'summary', filter],
    queryFn: () => api.invoke('practitioners.page', { ...filter, startRow: 0, endRow: 0 }),
  });
  const datasource = usePagedSource(
    (req) =>
      api.invoke('practitioners.page', {
        ...filter,
        ...asListRequest<(typeof PRACTITIONER_SORT_KEYS)[number]>(req),
      }),
    JSON.stringify(filter),
    (e) => toast('error', errorMessage(e)),
  );
  return (
    <DirectoryPage<Practitioner>
      title="从业人员"
      subtitle="医师、护士、药师、技师及其执业机构。不保存身份证号码。"
      paged={{ datasource, fetching: summary.isFetching, error: summary.error }}
      filters={
        <>
          <FilterSelect
            label="状态"
            value={status}
            onChange={setStatus}
            allLabel="全部"
            allValue="all"
            options={STATUS_FILTERS}
          />
          <FilterSelect
            label="人员类别"
            value={category}
            onChange={setCategory}
            allLabel="全部类别"
            options={labelled(PRACTITIONER_CATEGORIES, PRACTITIONER_CATEGORY_LABELS)}
          />
        </>
      }
      queryKey={['enforcement']}
      gridId="enforcement-practitioners"
      rowNumberWidth={76}
      columns={COLUMNS}
      inactive={(p) => !p.active}
      noRowsText="没有符合条件的从业人员。名录为空时，请先建立监管对象名录，再逐个新增或从 Excel 导入。"
      search={{
        label: '搜索从业人员',
        placeholder: '搜索姓名、证书编号、执业机构…',
        value: search,
        onChange: setSearch,
      }}
      unit="人"
      summary={() =>
        summary.data
          ? `共 ${summary.data.total} 人，在职 ${summary.data.counts?.active ?? 0} 人`
          : '正在统计…'
      }
      addLabel="新增从业人员"
      name={(p) => p.name}
      status={{
        kind: 'toggle',
        label: (p) => (p && !p.active ? '标为在职' : '标为离职'),
        run: (p) => api.invoke('practitioners.setActive', { id: p.id, active: !p.active }),
        done: (p) => `已将“${p.name}”标为${p.active ? '在职' : '离职'}`,
      }}
      editor={(p, dialog) => (
        <PractitionerDialog
          practitioner={p}
          institutions={institutions.data ?? []}
          onClose={dialog.onClose}
          onSaved={dialog.onSaved}
        />
      )}
      importer={(p) => (
        <DirectoryImportDialog
          title="从 Excel 导入从业人员"
          unit="人"
          register="practitioners"
          help={
            <p>
              本程序的字段：姓名、人员类别（医师/护士/药师/技师）、证书编号、执业机构（必填），执业机构统一社会信用代码、
              状态（在职/离职）。执业机构按统一社会信用代码查找；未填代码时按机构名称精确查找，须已在监管对象名录中。
              按人员类别和证书编号匹配已有人员：匹配到的更新，其余新增。可先“导出 Excel”作为模板。
            </p>
          }
          {...p}
        />
      )}
      batch={{
        actions: (ticked, done) => (
          <>
            <ActiveBatch
              ticked={ticked}
              active={false}
              label="批量标为离职"
              what="从业人员"
              explanation="离职的人员保留在名录中"
              run={(records) => api.invoke('practitioners.setActiveMany', { records, active: false })}
              done={done}
            />
            <ActiveBatch
              ticked={ticked}
              active
              label="批量标为在职"
              what="从业人员"
              explanation="在职人员计入执业机构的在职人数"
              run={(records) => api.invoke('practitioners.setActiveMany', { records, active: true })}
              done={done}
            />
          </>
        ),
        exportSelected: (ticked, progressId) =>
          api.invoke('practitioners.exportXlsx', {
            includeInactive: true,
            ids: ticked.map((p) => p.id),
            progressId,
          }),
        note: '可勾选已载入的行；向下滚动载入更多',
      }}
      // The Excel file holds what the grid shows: its filters, search, column filters and order.
      exportXlsx={(progressId) =>
        api.invoke('practitioners.exportXlsx', {
          includeInactive: true,
          progressId,
          ...filter,
          ...(datasource.view() as ReturnType<typeof asListRequest<(typeof PRACTITIONER_SORT_KEYS)[number]>>),
        })
      }
    />
  );
}
