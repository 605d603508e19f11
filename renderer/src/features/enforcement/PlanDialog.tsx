// 新建 / 编辑抽查计划: year and name, scope (categories and 街道/镇; none ticked means all), 抽查事项 one per line,
// participating departments (two or more: 联合抽查), the sampling ratio of each credit tier, team size, batches.
// A batch that has been sealed or drawn stays as it was: its seal and record refer to it.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  DEFAULT_TIER_RATIOS,
  DRAW_TIERS,
  DRAW_TIER_LABELS,
  INSTITUTION_CATEGORIES,
  INSTITUTION_CATEGORY_LABELS,
  MAX_TEAM_SIZE,
  MIN_TEAM_SIZE,
  type DrawTier,
  type InspectionPlan,
  type InstitutionCategory,
} from '../../../../shared/contract';
import { todayIso } from '../../../../shared/dates';
import { api } from '../../api';
import { Button, DateInput, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { useInstitutions } from './InstitutionsPanel';
import { conflictsOnFields } from './shared';
import { categoriesText, useSpotItems } from './SpotItemsPanel';

interface BatchRow {
  number: number;
  name: string;
  startDate: string;
  endDate: string;
  drawn: boolean;
  /** Why it is locked: 已抽取 or 已封存. */
  lockedAs?: string;
}

const RATIO_HINTS: Record<DrawTier, string> = {
  A: '守信，参考 ≤5%',
  B: '一般，参考 5–20%',
  C: '失信，参考 21–60%',
  D: '严重失信，参考 61–100%',
  none: '信用台账尚未评级',
};

function toggle<T>(list: T[], item: T, on: boolean): T[] {
  return on ? [...list, item] : list.filter((x) => x !== item);
}

const COMPARED = {
  year: '年度',
  name: '计划名称',
  categories: '机构类别',
  streets: '街道/镇',
  items: '抽查事项',
  departments: '参与单位',
  ratios: '抽查比例（%）',
  teamSize: '每组检查人员',
  batches: '批次',
  notes: '备注',
};
const ratiosText = (r: Record<DrawTier, string | number>) =>
  DRAW_TIERS.map((t) => `${DRAW_TIER_LABELS[t]} ${r[t]}`).join('，');
const batchesText = (b: { name: string; startDate: string; endDate: string }[]) =>
  b.map((x) => `${x.name} ${x.startDate}—${x.endDate}`);
const compared = (p: InspectionPlan) => ({
  year: String(p.year),
  name: p.name,
  categories: categoriesText(p.categories),
  streets: p.streets.length ? p.streets.join('、') : '全部',
  items: p.items,
  departments: p.departments.map((d) => d.shortName),
  ratios: ratiosText(p.ratios),
  teamSize: String(p.teamSize),
  batches: batchesText(p.batches),
  notes: p.notes,
});

export function PlanDialog(props: {
  plan: InspectionPlan | null;
  onClose: () => void;
  onSaved: (p: InspectionPlan) => void;
}) {
  const p = props.plan;
  const year = p?.year ?? Number(todayIso().slice(0, 4));
  const [form, setForm] = useState({
    year: String(year),
    name: p?.name ?? `${year}年度医疗卫生行业双随机抽查计划`,
    teamSize: String(p?.teamSize ?? MIN_TEAM_SIZE),
    notes: p?.notes ?? '',
  });
  const [categories, setCategories] = useState<InstitutionCategory[]>(p?.categories ?? []);
  const [items, setItems] = useState<string[]>(p?.items ?? []);
  const [expertPerTeam, setExpertPerTeam] = useState(p?.expertPerTeam ?? false);
  const spotItems = useSpotItems();
  const itemChoices = (spotItems.data ?? []).filter((i) => i.active || items.includes(i.label));
  const [streets, setStreets] = useState<string[]>(p?.streets ?? []);
  const [departmentIds, setDepartmentIds] = useState<number[]>(p?.departments.map((d) => d.id) ?? []);
  const [ratios, setRatios] = useState<Record<DrawTier, string>>(
    Object.fromEntries(DRAW_TIERS.map((t) => [t, String((p?.ratios ?? DEFAULT_TIER_RATIOS)[t])])) as Record<
      DrawTier,
      string
    >,
  );
  const [batches, setBatches] = useState<BatchRow[]>(
    p?.batches.map((b) => ({
      ...b,
      drawn: b.draw !== null || b.seal !== null,
      lockedAs: b.draw ? '已抽取' : '已封存',
    })) ?? [
      { number: 1, name: '第一批', startDate: `${year}-04-01`, endDate: `${year}-06-30`, drawn: false },
    ],
  );
  const { errors, failure, busy, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(p?.version);
  const institutions = useInstitutions();
  const departments = useQuery({
    queryKey: ['departments', 'list'],
    queryFn: () => api.invoke('departments.list', { includeInactive: true }),
  });
  const streetChoices = useMemo(() => {
    const all = new Set([...(institutions.data ?? []).map((i) => i.street).filter(Boolean), ...streets]);
    return [...all].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  }, [institutions.data, streets]);
  const departmentChoices = (departments.data ?? []).filter((d) => d.active || departmentIds.includes(d.id));
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const setBatch = (number: number, patch: Partial<BatchRow>) =>
    setBatches(batches.map((b) => (b.number === number ? { ...b, ...patch } : b)));
  const batchError = (i: number, field: string) => errors[`batches.${i}.${field}`];
  /** A list's own error, or the first of its entries' (an item too long, a department that was closed). */
  const listError = (key: string) =>
    errors[key] ?? Object.entries(errors).find(([k]) => k.startsWith(`${key}.`))?.[1];

  const save = () =>
    submit(async () => {
      const values = {
        year: Number(form.year) || 0,
        name: form.name,
        categories,
        streets,
        // In the list's order.
        items: [
          ...itemChoices.map((i) => i.label).filter((l) => items.includes(l)),
          ...items.filter((l) => !itemChoices.some((i) => i.label === l)),
        ],
        expertPerTeam,
        departmentIds,
        ratios: Object.fromEntries(DRAW_TIERS.map((t) => [t, Number(ratios[t])])) as Record<DrawTier, number>,
        teamSize: Number(form.teamSize) || 0,
        batches: batches.map(({ number, name, startDate, endDate }) => ({
          number,
          name,
          startDate,
          endDate,
        })),
        notes: form.notes,
      };
      const saved = await conflictsOnFields(
        p
          ? api
              .invoke('inspectionPlans.update', { ...values, id: p.id, version: editVersion.current() })
              .catch(editVersion.adopt)
          : api.invoke('inspectionPlans.create', values),
      );
      props.onSaved(saved);
    });

  const batchIssue = errors.batches;
  return (
    <Dialog
      wide
      title={p ? `编辑抽查计划：${p.name}` : '新建抽查计划'}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            {saveLabel(editVersion.stale)}
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <StaleNotice
        stale={editVersion.stale}
        labels={COMPARED}
        mine={{
          year: form.year,
          name: form.name,
          categories: categoriesText(categories),
          streets: streets.length ? streets.join('、') : '全部',
          items,
          departments: departmentIds.map(
            (id) => (departments.data ?? []).find((d) => d.id === id)?.shortName ?? '',
          ),
          ratios: ratiosText(ratios),
          teamSize: form.teamSize,
          batches: batchesText(batches),
          notes: form.notes,
        }}
        formOf={compared}
      />
      <div className="form-grid">
        <Field label="年度" required error={errors.year}>
          {(id) => <TextInput id={id} value={form.year} onChange={set('year')} />}
        </Field>
        <Field label="计划名称" required error={errors.name}>
          {(id) => <TextInput id={id} value={form.name} onChange={set('name')} />}
        </Field>
      </div>
      <fieldset>
        <legend>抽查范围（不勾选即为全部；只抽经营状态为“在业”的监管对象）</legend>
        <div className="draw-choices" role="group" aria-label="机构类别">
          <strong>机构类别</strong>
          {INSTITUTION_CATEGORIES.map((c) => (
            <label key={c}>
              <input
                type="checkbox"
                checked={categories.includes(c)}
                onChange={(e) => setCategories(toggle(categories, c, e.target.checked))}
              />{' '}
              {INSTITUTION_CATEGORY_LABELS[c]}
            </label>
          ))}
        </div>
        {listError('categories') || listError('streets') ? (
          <div className="field-error" role="alert">
            {listError('categories') ?? listError('streets')}
          </div>
        ) : null}
        <div className="draw-choices" role="group" aria-label="街道/镇">
          <strong>街道/镇</strong>
          {streetChoices.length === 0 ? <span className="muted">监管对象名录中尚无街道/镇</span> : null}
          {streetChoices.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={streets.includes(s)}
                onChange={(e) => setStreets(toggle(streets, s, e.target.checked))}
              />{' '}
              {s}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>抽查事项（从随机抽查事项清单中选择）</legend>
        {listError('items') ? (
          <div className="field-error" role="alert">
            {listError('items')}
          </div>
        ) : null}
        <div className="spot-item-picks" role="group" aria-label="抽查事项">
          {itemChoices.map((i) => (
            <label key={i.id} title={i.basis}>
              <input
                type="checkbox"
                checked={items.includes(i.label)}
                onChange={(e) => setItems(toggle(items, i.label, e.target.checked))}
              />{' '}
              {i.label}
              <span className="muted">
                （{categoriesText(i.categories)}
                {i.qualification ? `；须具备“${i.qualification}”资质` : ''}）
              </span>
            </label>
          ))}
          {items
            .filter((l) => !itemChoices.some((i) => i.label === l))
            .map((l) => (
              <label key={l} className="muted">
                <input type="checkbox" checked onChange={() => setItems(items.filter((x) => x !== l))} /> {l}
                （清单启用前的自由填写事项）
              </label>
            ))}
        </div>
        {itemChoices.length === 0 && spotItems.isSuccess ? (
          <p className="muted">清单中没有启用的抽查事项，请先在“抽查事项清单”中登记。</p>
        ) : null}
      </fieldset>
      <fieldset>
        <legend>参与单位（两个及以上为联合抽查，每个检查组来自至少两个单位）</legend>
        {listError('departmentIds') ? (
          <div className="field-error" role="alert">
            {listError('departmentIds')}
          </div>
        ) : null}
        <div className="unit-picks" role="group" aria-label="参与单位">
          {departmentChoices.map((d) => (
            <label key={d.id}>
              <input
                type="checkbox"
                checked={departmentIds.includes(d.id)}
                onChange={(e) => setDepartmentIds(toggle(departmentIds, d.id, e.target.checked))}
              />{' '}
              {d.shortName}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>各信用等级的抽查比例（%）与检查组人数</legend>
        <div className="draw-ratios">
          {DRAW_TIERS.map((t) => (
            <Field
              key={t}
              label={`${DRAW_TIER_LABELS[t]}（%）`}
              hint={RATIO_HINTS[t]}
              error={errors[`ratios.${t}`]}
            >
              {(id) => (
                <TextInput id={id} value={ratios[t]} onChange={(v) => setRatios({ ...ratios, [t]: v })} />
              )}
            </Field>
          ))}
          <Field
            label="每组检查人员"
            hint={`${MIN_TEAM_SIZE}–${MAX_TEAM_SIZE} 人，第一名为组长`}
            error={errors.teamSize}
          >
            {(id) => <TextInput id={id} value={form.teamSize} onChange={set('teamSize')} />}
          </Field>
        </div>
        <label>
          <input
            type="checkbox"
            checked={expertPerTeam}
            onChange={(e) => setExpertPerTeam(e.target.checked)}
          />{' '}
          每组从专家库随机抽取 1 名专家（专家不计入执法人员人数）
        </label>
        {errors.ratios ? (
          <div className="field-error" role="alert">
            {errors.ratios}
          </div>
        ) : null}
        <p className="muted">各等级应抽对象数 = 该等级可抽对象数 × 比例，四舍五入。</p>
      </fieldset>
      <fieldset>
        <legend>批次</legend>
        {batchIssue ? (
          <div className="field-error" role="alert">
            {batchIssue}
          </div>
        ) : null}
        <table className="table" aria-label="批次">
          <thead>
            <tr>
              <th style={{ width: 70 }}>批次</th>
              <th>名称</th>
              <th style={{ width: 170 }}>开始日期</th>
              <th style={{ width: 170 }}>结束日期</th>
              <th style={{ width: 64 }} />
            </tr>
          </thead>
          <tbody>
            {batches.map((b, i) => (
              <tr key={b.number}>
                <td>第{b.number}批</td>
                <td>
                  <input
                    className="input"
                    aria-label={`第${b.number}批名称`}
                    value={b.name}
                    disabled={b.drawn}
                    onChange={(e) => setBatch(b.number, { name: e.target.value })}
                  />
                  {batchError(i, 'name') ? <div className="field-error">{batchError(i, 'name')}</div> : null}
                </td>
                <td>
                  <DateInput
                    aria-label={`第${b.number}批开始日期`}
                    value={b.startDate}
                    disabled={b.drawn}
                    onChange={(picked) => setBatch(b.number, { startDate: picked })}
                  />
                  {batchError(i, 'startDate') ? (
                    <div className="field-error">{batchError(i, 'startDate')}</div>
                  ) : null}
                </td>
                <td>
                  <DateInput
                    aria-label={`第${b.number}批结束日期`}
                    value={b.endDate}
                    disabled={b.drawn}
                    onChange={(picked) => setBatch(b.number, { endDate: picked })}
                  />
                  {batchError(i, 'endDate') ? (
                    <div className="field-error">{batchError(i, 'endDate')}</div>
                  ) : null}
                </td>
                <td>
                  {b.drawn ? (
                    <span className="muted" title={`${b.lockedAs}的批次不能删除或修改`}>
                      {b.lockedAs}
                    </span>
                  ) : (
                    <Button
                      variant="link"
                      onClick={() => setBatches(batches.filter((x) => x.number !== b.number))}
                    >
                      删除
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Button
          onClick={() => {
            const number = Math.max(0, ...batches.map((b) => b.number)) + 1;
            const y = Number(form.year) || year;
            setBatches([
              ...batches,
              { number, name: `第${number}批`, startDate: `${y}-09-01`, endDate: `${y}-11-30`, drawn: false },
            ]);
          }}
        >
          添加批次
        </Button>
      </fieldset>
      <Field label="备注" error={errors.notes}>
        {(id) => <TextInput id={id} value={form.notes} onChange={set('notes')} />}
      </Field>
    </Dialog>
  );
}
