// 监管对象 (检查对象名录库) in a grid: add, edit (double-click or 编辑), change status (在业/停业/注销) one by one or for the
// ticked rows together (批量变更状态), Excel export (the whole register or 导出所选) and import with a preview before
// anything is written. The credit tier shows “—” until the credit ledger rates.
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import {
  INSTITUTION_CATEGORY_LABELS,
  INSTITUTION_LEVEL_LABELS,
  INSTITUTION_STATUSES,
  INSTITUTION_STATUS_LABELS,
  OWNERSHIP_LABELS,
  type Institution,
  type InstitutionStatus,
} from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { Button, Dialog, Field, KeySelect } from '../../ui';
import { DirectoryPage } from '../../ui/DirectoryPage';
import { useToast } from '../../ui/toast';
import { InstitutionDialog } from './InstitutionDialog';
import { DirectoryImportDialog } from './shared';
import { BatchStatusDialog, tickedRecords } from './BatchStatusDialog';

export const INSTITUTIONS_KEY = ['enforcement', 'institutions'] as const;

export function useInstitutions() {
  return useQuery({
    queryKey: INSTITUTIONS_KEY,
    queryFn: () => api.invoke('institutions.list', { includeInactive: true }),
  });
}

function StatusDialog(props: {
  institution: Institution;
  onClose: () => void;
  onSaved: (i: Institution) => void;
}) {
  const [status, setStatus] = useState<InstitutionStatus>(props.institution.status);
  const toast = useToast();
  const save = useMutation({
    mutationFn: () => api.invoke('institutions.setStatus', { id: props.institution.id, status }),
    onSuccess: props.onSaved,
    onError: (e) => toast('error', errorMessage(e)),
  });
  return (
    <Dialog
      title={`变更状态：${props.institution.name}`}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button
            variant="primary"
            disabled={save.isPending || status === props.institution.status}
            onClick={() => save.mutate()}
          >
            确定
          </Button>
        </>
      }
    >
      <StatusField label="经营状态" value={status} onChange={setStatus} />
    </Dialog>
  );
}

/** 经营状态 as chosen for one institution or for a batch. */
function StatusField(props: {
  label: string;
  value: InstitutionStatus;
  onChange: (v: InstitutionStatus) => void;
}) {
  return (
    <Field label={props.label} hint="注销的机构保留在名录中，不再参与抽查">
      {(id) => (
        <KeySelect
          id={id}
          value={props.value}
          options={INSTITUTION_STATUSES}
          labels={INSTITUTION_STATUS_LABELS}
          onChange={props.onChange}
        />
      )}
    </Field>
  );
}

/** 批量变更状态: the ticked institutions to one status (停业 first: what an office does most in a batch). */
function InstitutionBatch(props: { ticked: Institution[]; done: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<InstitutionStatus>('suspended');
  const { ticked } = props;
  return (
    <>
      <Button
        disabled={ticked.length === 0}
        title={ticked.length === 0 ? '先在列表第一列勾选要变更状态的监管对象' : undefined}
        onClick={() => setOpen(true)}
      >
        批量变更状态{ticked.length ? `（${ticked.length}）` : ''}
      </Button>
      {open ? (
        <BatchStatusDialog
          title={`批量变更状态：已选 ${ticked.length} 个监管对象`}
          names={ticked.map((i) => `${i.name}（现为${INSTITUTION_STATUS_LABELS[i.status]}）`)}
          choice={
            <StatusField label="改为" value={status} onChange={setStatus} />
          }
          explanation={`以下 ${ticked.length} 个监管对象将改为“${INSTITUTION_STATUS_LABELS[status]}”，各记一条操作日志；任何一个不能变更时全部不变。`}
          confirmLabel={`改为${INSTITUTION_STATUS_LABELS[status]}`}
          danger={status === 'deregistered'}
          run={() => api.invoke('institutions.setStatusMany', { records: tickedRecords(ticked), status })}
          doneText={(n) => `已将 ${n} 个监管对象改为${INSTITUTION_STATUS_LABELS[status]}`}
          onClose={() => setOpen(false)}
          onDone={(text) => {
            setOpen(false);
            props.done(text);
          }}
        />
      ) : null}
    </>
  );
}

// What a person scans for comes first (category, level, status, credit tier); the long codes and the address last.
const COLUMNS: ColDef<Institution>[] = [
  { headerName: '机构名称', field: 'name', width: 260, pinned: 'left', tooltipField: 'name' },
  { headerName: '统一社会信用代码', field: 'uscc', width: 205 },
  {
    headerName: '机构类别',
    valueGetter: (p) => (p.data ? INSTITUTION_CATEGORY_LABELS[p.data.category] : ''),
    width: 160,
  },
  {
    headerName: '所有制',
    valueGetter: (p) => (p.data ? OWNERSHIP_LABELS[p.data.ownership] : ''),
    width: 100,
  },
  {
    headerName: '等级',
    valueGetter: (p) => (p.data ? INSTITUTION_LEVEL_LABELS[p.data.level] : ''),
    width: 90,
  },
  {
    headerName: '状态',
    valueGetter: (p) => (p.data ? INSTITUTION_STATUS_LABELS[p.data.status] : ''),
    width: 80,
    cellClass: (p) => (p.value === '在业' ? '' : 'cell-inactive'),
  },
  {
    headerName: '信用等级',
    valueGetter: (p) => p.data?.creditTier ?? '—',
    width: 112,
    headerTooltip: '由信用台账评定；未评定时显示“—”',
  },
  { headerName: '街道/镇', field: 'street', width: 110 },
  { headerName: '网格', field: 'grid', width: 120 },
  { headerName: '在职人员', field: 'practitionerCount', width: 112, filter: 'agNumberColumnFilter' },
  { headerName: '执业许可证登记号', field: 'licenceNo', width: 220 },
  { headerName: '地址', field: 'address', flex: 1, minWidth: 260 },
];

export function InstitutionsPanel() {
  const list = useInstitutions();
  const streets = useMemo(
    () => [...new Set((list.data ?? []).map((i) => i.street).filter(Boolean))].sort(),
    [list.data],
  );
  const count = (rows: Institution[], status: InstitutionStatus) =>
    rows.filter((i) => i.status === status).length;
  return (
    <DirectoryPage<Institution>
      title="监管对象"
      subtitle="检查对象名录库：辖区内各级各类医疗卫生机构。统一社会信用代码按 GB 32100-2015 校验。"
      list={list}
      queryKey={['enforcement']}
      gridId="enforcement-institutions"
      rowNumberWidth={70}
      columns={COLUMNS}
      inactive={(i) => i.status === 'deregistered'}
      noRowsText="暂无监管对象。可逐个新增，或从 Excel 导入。"
      search={{ label: '搜索监管对象', placeholder: '搜索名称、代码、街道、地址…' }}
      unit="个"
      summary={(rows) => (
        <>
          共 {rows.length} 个：在业 {count(rows, 'operating')}，停业 {count(rows, 'suspended')}，注销{' '}
          {count(rows, 'deregistered')}
        </>
      )}
      addLabel="新增监管对象"
      name={(i) => i.name}
      status={{
        kind: 'dialog',
        label: '变更状态',
        dialog: (i, p) => (
          <StatusDialog
            institution={i}
            onClose={p.onClose}
            onSaved={(saved) =>
              p.onSaved(saved, `“${saved.name}”已改为${INSTITUTION_STATUS_LABELS[saved.status]}`)
            }
          />
        ),
      }}
      editor={(i, p) => <InstitutionDialog institution={i} streets={streets} {...p} />}
      importer={(p) => (
        <DirectoryImportDialog
          title="从 Excel 导入监管对象"
          unit="个"
          register="institutions"
          help={
            <p>
              本程序的字段：机构名称、统一社会信用代码、机构类别、所有制（必填），执业许可证登记号、等级（三级/二级/一级/未定级）、
              地址、街道/镇、网格、状态（在业/停业/注销）。机构类别为：医院、社区卫生服务中心、卫生院、门诊部、诊所、医疗美容、
              健康体检、口腔、中医、其他；所有制为 公立 或
              社会办。按统一社会信用代码匹配已有机构：匹配到的更新，其余新增；
              “信用等级”列由信用台账维护，导入时不读取。可先“导出 Excel”作为模板。
            </p>
          }
          {...p}
        />
      )}
      exportXlsx={(progressId) => api.invoke('institutions.exportXlsx', { includeInactive: true, progressId })}
      batch={{
        actions: (ticked, done) => <InstitutionBatch ticked={ticked} done={done} />,
        exportSelected: (ticked, progressId) =>
          api.invoke('institutions.exportXlsx', {
            includeInactive: true,
            ids: ticked.map((i) => i.id),
            progressId,
          }),
      }}
    />
  );
}
