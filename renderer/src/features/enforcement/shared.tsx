// Pieces the three 联合执法 directories share: the Excel import dialog (preview first, then all or nothing), the
// institution picker (type a name or a 统一社会信用代码, or pick from the list), and duplicate-key refusals shown on
// the field they concern.
import { useId, type ReactNode } from 'react';
import type { Institution } from '../../../../shared/contract';
import { AppError } from '../../../../shared/errors';
import { ImportWizard } from '../../ui/ImportWizard';

/** A CONFLICT with field issues (a 代码 or 证号 already on the register) lands on the field, like a validation error. */
export async function conflictsOnFields<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    const issues = (e instanceof AppError ? (e.details as { issues?: unknown } | undefined) : undefined)
      ?.issues;
    if (e instanceof AppError && e.code === 'CONFLICT' && Array.isArray(issues))
      throw new AppError('VALIDATION', e.message, e.details);
    throw e;
  }
}

export const institutionOption = (i: Pick<Institution, 'name' | 'uscc'>) => `${i.name}（${i.uscc}）`;

/** The institution a typed text means: an option of the list, a 统一社会信用代码, or a name only one has. */
export function findInstitution(institutions: Institution[], text: string): Institution | null {
  const t = text.trim();
  if (t === '') return null;
  const code = t.replace(/\s+/g, '').toUpperCase();
  return (
    institutions.find((i) => institutionOption(i) === t) ??
    institutions.find((i) => i.uscc === code) ??
    (() => {
      const named = institutions.filter((i) => i.name === t);
      return named.length === 1 ? named[0]! : null;
    })()
  );
}

export function InstitutionPicker(props: {
  id?: string;
  label?: string;
  institutions: Institution[];
  value: string;
  onChange: (text: string) => void;
}) {
  const listId = useId();
  return (
    <>
      <input
        id={props.id}
        aria-label={props.label}
        className="input"
        list={listId}
        value={props.value}
        placeholder="输入机构名称或统一社会信用代码"
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
      />
      <datalist id={listId}>
        {props.institutions.map((i) => (
          <option key={i.id} value={institutionOption(i)} />
        ))}
      </datalist>
    </>
  );
}

/** A 联合执法 directory's import: the import wizard (renderer/src/ui/ImportWizard) for that register. */
export function DirectoryImportDialog(props: {
  title: string;
  help: ReactNode;
  register: 'institutions' | 'practitioners' | 'inspectors' | 'spotItems' | 'experts';
  /** 个 or 人 */
  unit: string;
  onClose: () => void;
  onImported: (summary: string) => void;
}) {
  return <ImportWizard {...props} />;
}
