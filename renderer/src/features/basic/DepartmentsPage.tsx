// 成员单位 directory in a grid: add, edit (double-click or the 编辑 button), deactivate/activate, and Excel
// export and import (with a preview before anything is written).
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { DEPARTMENT_KIND_LABELS, type Department } from '../../../../shared/contract';
import { api } from '../../api';
import { DirectoryPage } from '../../ui/DirectoryPage';
import { DepartmentDialog } from './DepartmentDialog';
import { DepartmentImportDialog } from './DepartmentImportDialog';

const COLUMNS: ColDef<Department>[] = [
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
];

export function DepartmentsPage() {
  const list = useQuery({
    queryKey: ['departments', 'list'],
    queryFn: () => api.invoke('departments.list', { includeInactive: true }),
  });
  return (
    <DirectoryPage<Department>
      title="成员单位"
      subtitle="综合监管联席会议成员单位及工作清单责任单位。名称、简称和别名用于识别文件中的单位名称。"
      list={list}
      queryKey={['departments']}
      gridId="departments"
      rowNumberWidth={76}
      columns={COLUMNS}
      inactive={(d) => !d.active}
      noRowsText="暂无成员单位"
      search={{ label: '搜索成员单位', placeholder: '搜索名称、别名、联系人…' }}
      unit="个"
      summary={(rows) => `共 ${rows.length} 个，启用 ${rows.filter((d) => d.active).length} 个`}
      addLabel="新增单位"
      name={(d) => d.shortName}
      status={{
        kind: 'toggle',
        label: (d) => (d && !d.active ? '启用' : '停用'),
        run: (d) => api.invoke('departments.setActive', { id: d.id, active: !d.active }),
        done: (d) => `已${d.active ? '启用' : '停用'}“${d.shortName}”`,
      }}
      editor={(d, p) => <DepartmentDialog department={d} onClose={p.onClose} onSaved={p.onSaved} />}
      importer={(p) => <DepartmentImportDialog {...p} />}
      exportXlsx={() => api.invoke('departments.exportXlsx', { includeInactive: true })}
    />
  );
}
