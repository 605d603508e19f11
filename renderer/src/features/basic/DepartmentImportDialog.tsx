// Excel import of the 成员单位 register: the import wizard (any sheet and header row, columns and values mapped,
// preview row by row, then all or nothing), matched by 全称 or 简称.
import { ImportWizard } from '../../ui/ImportWizard';

export function DepartmentImportDialog(props: {
  onClose: () => void;
  onImported: (summary: string) => void;
}) {
  return (
    <ImportWizard
      register="departments"
      title="从 Excel 导入成员单位"
      help={
        <p>
          本程序的字段：单位全称、简称（必填），别名、类型（部门/镇街/统称）、联系人、联系电话、职责、状态（启用/停用）。
          可先“导出 Excel”作为模板。按单位全称或简称匹配已有单位：匹配到的更新，其余新增。
        </p>
      }
      unit="个"
      onClose={props.onClose}
      onImported={props.onImported}
    />
  );
}
