// The practitioners a picker offers, found on the server: the first PICKER_ROWS matching what was typed (姓名, 证书编号,
// 执业机构 or its 代码), by name, and the person already chosen even when the words no longer match. A picker never
// loads the whole register (tens of thousands in a ten-year district).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Practitioner } from '../../../../shared/contract';
import { api } from '../../api';

export const PICKER_ROWS = 200;

export function usePractitionerChoices(args: {
  search: string;
  includeInactive: boolean;
  selectedId: number | null;
  enabled: boolean;
}): { choices: Practitioner[]; total: number | null; loading: boolean } {
  const search = args.search.trim();
  const status = args.includeInactive ? 'all' : 'active';
  const found = useQuery({
    queryKey: ['enforcement', 'practitioners', 'picker', status, search],
    queryFn: () =>
      api.invoke('practitioners.page', {
        startRow: 0,
        endRow: PICKER_ROWS,
        status,
        sort: [{ colId: 'name', sort: 'asc' }],
        ...(search ? { search } : {}),
      }),
    enabled: args.enabled,
    placeholderData: keepPreviousData,
  });
  const rows = found.data?.rows ?? [];
  const missing = args.selectedId !== null && args.selectedId > 0 && !rows.some((p) => p.id === args.selectedId);
  const chosen = useQuery({
    queryKey: ['enforcement', 'practitioners', 'picker', 'one', args.selectedId],
    queryFn: () => api.invoke('practitioners.page', { startRow: 0, endRow: 1, id: args.selectedId! }),
    enabled: args.enabled && missing,
  });
  const extra = missing ? (chosen.data?.rows ?? []) : [];
  return {
    choices: [...extra, ...rows],
    total: found.data ? found.data.total : null,
    loading: found.isFetching,
  };
}
