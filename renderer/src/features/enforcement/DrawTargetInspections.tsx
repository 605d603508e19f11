// The 检查结果 column of a stored draw's result: for each drawn target, "录入检查结果" (the dialog prefilled with the
// institution, the drawn team and the plan's 抽查事项) or, once recorded, the result with a way to open the record.
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  APPROVAL_STATUS_LABELS,
  RESULT_CATEGORY_LABELS,
  itemApplies,
  type DrawDetail,
  type DrawTarget,
  type Inspection,
} from '../../../../shared/contract';
import { api } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button } from '../../ui';
import { InspectionDialog, type DrawnPreset } from './InspectionDialog';
import { INSPECTIONS_KEY, rectifyText } from './InspectionsPanel';

export function useTargetInspections(draw: DrawDetail | undefined): {
  action: (t: DrawTarget, position: number) => ReactNode;
  dialogs: ReactNode;
} {
  const can = useCan();
  const [preset, setPreset] = useState<DrawnPreset | null>(null);
  const filter = draw ? { planId: draw.planId, batchNumber: draw.batchNumber } : null;
  const recorded = useQuery({
    queryKey: [...INSPECTIONS_KEY, filter],
    queryFn: () => api.invoke('inspections.list', filter!),
    enabled: filter !== null,
  });
  const byPosition = new Map<number, Inspection>(
    (recorded.data ?? []).filter((x) => x.drawId === draw?.id).map((x) => [x.drawPosition!, x]),
  );
  const action = (t: DrawTarget, position: number): ReactNode => {
    const x = byPosition.get(position);
    if (x)
      return (
        <span className="insp-target-done">
          {RESULT_CATEGORY_LABELS[x.resultCategory]}
          {x.outcome === 'rectify' && x.rectifyDue ? `（${rectifyText(x)}）` : ''}（
          {APPROVAL_STATUS_LABELS[x.approvalStatus]}）{' '}
          <Button variant="link" onClick={() => navigate(`/enforcement/inspections/${x.id}`)}>
            第 {x.id} 号
          </Button>
        </span>
      );
    if (!draw || !can('records.write')) return <span className="muted">未录入</span>;
    const plan = draw.record.inputs.plan;
    const category = draw.record.directory.institutions.find((e) => e.row.id === t.institutionId)?.row
      .category;
    // The plan's items from the list that apply to this institution; a plan from before the list, its free text.
    const items = plan.itemRules?.length
      ? plan.itemRules
          .filter((i) => category === undefined || itemApplies(i, category))
          .map((i) => ({ itemId: i.id as number | null, name: i.name }))
      : plan.items.map((name) => ({ itemId: null, name }));
    return (
      <Button
        onClick={() =>
          setPreset({
            drawId: draw.id,
            drawPosition: position,
            institutionId: t.institutionId,
            institutionName: t.name,
            uscc: t.uscc,
            source: `${draw.planName} 第${draw.batchNumber}批（${draw.batchName}）`,
            team: t.team.map((m) => ({ inspectorId: m.inspectorId, lead: m.lead })),
            items,
            experts: (t.experts ?? []).map((e) => `${e.name}（${e.unit}，${e.field}）`),
          })
        }
      >
        录入检查结果
      </Button>
    );
  };
  const dialogs = preset ? (
    <InspectionDialog inspection={null} preset={preset} onClose={() => setPreset(null)} />
  ) : null;
  return { action, dialogs };
}
