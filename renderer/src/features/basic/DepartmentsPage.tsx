// 成员单位 directory in a grid: add, edit (double-click or the 编辑 button), deactivate/activate, and Excel
// export and import (with a preview before anything is written).
import { useMemo, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import { DEPARTMENT_KIND_LABELS, type Department } from '../../../../shared/contract';
import { api, errorMessage, saveDownload } from '../../api';
import { Button, Page } from '../../ui';
import { SearchBox } from '../../ui/filters';
import { DataGrid, useSelectRow } from '../../ui/grid';
import { useToast } from '../../ui/toast';
import { DepartmentDialog } from './DepartmentDialog';
import { DepartmentImportDialog } from './DepartmentImportDialog';
import { useCan } from '../../app/permissions';

export function DepartmentsPage() {
  const qc = useQueryClient();
  const toast = useToast();
  const can = useCan();
  const list = useQuery({
    queryKey: ['departments', 'list'],
    queryFn: () => api.invoke('departments.list', { includeInactive: true }),
  });
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [selected, setSelected] = useState<Department | null>(null);
  const [search, setSearch] = useState('');
  const gridApi = useRef<GridApi<Department> | null>(null);

  // After a save the grid reloads: the saved row stays in view and selected.
  useSelectRow(gridApi, list.data, selected?.id ?? null);

  const toggle = useMutation({
    mutationFn: (d: Department) => api.invoke('departments.setActive', { id: d.id, active: !d.active }),
    onSuccess: (d) => {
      toast('success', `已${d.active ? '启用' : '停用'}“${d.shortName}”`);
      setSelected(d);
      return qc.invalidateQueries({ queryKey: ['departments'] });
    },
    onError: (e) => toast('error', errorMessage(e)),
  });

  const exportXlsx = async () => {
    try {
      saveDownload(await api.invoke('departments.exportXlsx', { includeInactive: true }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };

  const columns = useMemo<ColDef<Department>[]>(
    () => [
      {
        headerName: '序号',
        valueGetter: (p) => (p.node?.rowIndex ?? 0) + 1,
        width: 76,
        sortable: false,
        filter: false,
        pinned: 'left',
      },
      { headerName: '简称', field: 'shortName', width: 150, pinned: 'left' },
      { headerName: '单位全称', field: 'fullName', flex: 2, minWidth: 220 },
      { headerName: '别名', valueGetter: (p) => p.data?.aliases.join('、') ?? '', flex: 1, minWidth: 140 },
      {
        headerName: '类型',
        valueGetter: (p) => (p.data ? DEPARTMENT_KIND_LABELS[p.data.kind] : ''),
        width: 90,
      },
      { headerName: '联系人', field: 'contactPerson', width: 100 },
      { headerName: '联系电话', field: 'contactPhone', width: 150 },
      {
        headerName: '状态',
        valueGetter: (p) => (p.data?.active ? '启用' : '停用'),
        width: 90,
        cellClass: (p) => (p.value === '停用' ? 'cell-inactive' : ''),
      },
    ],
    [],
  );

  return (
    <Page
      title="成员单位"
      subtitle="综合监管联席会议成员单位及工作清单责任单位。名称、简称和别名用于识别文件中的单位名称。"
      actions={
        <>
          {can('records.write') ? (
            <>
              <Button variant="primary" onClick={() => setEditing('new')}>
                新增单位
              </Button>
              <Button disabled={!selected} onClick={() => selected && setEditing(selected)}>
                编辑
              </Button>
              <Button
                disabled={!selected || toggle.isPending}
                onClick={() => selected && toggle.mutate(selected)}
              >
                {selected && !selected.active ? '启用' : '停用'}
              </Button>
              <Button onClick={() => setImporting(true)}>从 Excel 导入</Button>
            </>
          ) : null}
          <Button onClick={() => void exportXlsx()}>导出 Excel</Button>
        </>
      }
    >
      {list.isError ? <div role="alert">{errorMessage(list.error)}</div> : null}
      <div className="grid-toolbar">
        <SearchBox
          label="搜索成员单位"
          placeholder="搜索名称、别名、联系人…"
          value={search}
          onChange={setSearch}
        />
        <span className="muted">
          共 {list.data?.length ?? 0} 个，启用 {list.data?.filter((d) => d.active).length ?? 0} 个
        </span>
      </div>
      <DataGrid<Department>
        gridId="departments"
        quickFilterText={search}
        onGridReady={(e) => (gridApi.current = e.api)}
        rowData={list.data ?? []}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onSelectionChanged={(e) => setSelected(e.api.getSelectedRows()[0] ?? null)}
        onRowDoubleClicked={(e) => e.data && setEditing(e.data)}
        getRowClass={(p) => (p.data && !p.data.active ? 'row-inactive' : '')}
        overlayNoRowsTemplate="暂无成员单位"
      />
      {editing ? (
        <DepartmentDialog
          department={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(d) => {
            setEditing(null);
            setSelected(d);
            toast('success', `已保存“${d.shortName}”`);
            void qc.invalidateQueries({ queryKey: ['departments'] });
          }}
        />
      ) : null}
      {importing ? (
        <DepartmentImportDialog
          onClose={() => setImporting(false)}
          onImported={(text) => {
            setImporting(false);
            toast('success', text);
            void qc.invalidateQueries({ queryKey: ['departments'] });
          }}
        />
      ) : null}
    </Page>
  );
}
