// 抽查计划: the year's random-inspection plans; the selected plan's scope, items, departments and ratios, and its
// batches — each drawn once, in front of witnesses (DrawDialog), its record then printable and verifiable.
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  DRAW_TIERS,
  DRAW_TIER_LABELS,
  INSTITUTION_CATEGORY_LABELS,
  type InspectionPlan,
} from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/format';
import { TechInfo } from '../../ui/TechInfo';
import { api, errorMessage, saveDownload } from '../../api';
import { categoriesText } from './SpotItemsPanel';
import { navigate } from '../../app/router';
import { useCan } from '../../app/permissions';
import { Button, Dialog, Notice, Page } from '../../ui';
import { useToast } from '../../ui/toast';
import { DrawDialog, DrawRecordActions, DrawViewDialog } from './DrawDialog';
import { PlanDialog } from './PlanDialog';
import './draws.css';

export const PLANS_KEY = ['enforcement', 'plans'] as const;

const scopeText = (p: InspectionPlan) =>
  `${p.categories.length ? p.categories.map((c) => INSTITUTION_CATEGORY_LABELS[c]).join('、') : '全部类别'}；${
    p.streets.length ? p.streets.join('、') : '全部街道/镇'
  }`;

const ratioText = (p: InspectionPlan) =>
  DRAW_TIERS.map((t) => `${DRAW_TIER_LABELS[t]} ${p.ratios[t]}%`).join('，');

/** 抽查计划公示 of the plan (batch absent) or of one batch: print preview, Word and Excel. */
function AnnouncementActions({ plan, batchNumber }: { plan: InspectionPlan; batchNumber?: number }) {
  const toast = useToast();
  const ref = batchNumber === undefined ? { planId: plan.id } : { planId: plan.id, batchNumber };
  const download = async (kind: 'docx' | 'xlsx') => {
    try {
      saveDownload(
        await (kind === 'docx'
          ? api.invoke('planAnnouncements.docx', ref)
          : api.invoke('planAnnouncements.xlsx', ref)),
      );
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const suffix = batchNumber === undefined ? '' : `第${batchNumber}批`;
  return (
    <>
      <Button
        onClick={() =>
          navigate(
            `/print/plan-announcement?planId=${plan.id}${batchNumber === undefined ? '' : `&batch=${batchNumber}`}`,
          )
        }
      >
        {suffix}计划公示
      </Button>
      <Button onClick={() => void download('docx')} title={`${suffix}抽查计划公示（Word）`}>
        Word
      </Button>
      <Button onClick={() => void download('xlsx')} title={`${suffix}抽查计划公示（Excel）`}>
        Excel
      </Button>
    </>
  );
}

function PlanDetail({ plan }: { plan: InspectionPlan }) {
  const can = useCan();
  const [drawing, setDrawing] = useState<number | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  return (
    <section className="card-flat draw-plan" aria-label="计划详情">
      <h2>
        {plan.year}年 {plan.name}
      </h2>
      <dl className="draw-facts">
        <dt>抽查范围</dt>
        <dd>{scopeText(plan)}（在业）</dd>
        <dt>抽查事项</dt>
        <dd>
          {plan.items.map((x, i) => `${i + 1}. ${x}`).join('；')}
          {plan.itemDetails.length === 0 ? '（计划制定于抽查事项清单启用之前）' : ''}
        </dd>
        <dt>参与单位</dt>
        <dd>
          {plan.departments.map((d) => d.shortName).join('、')}
          {plan.joint ? '（联合抽查）' : ''}；每组 {plan.teamSize} 人
          {plan.expertPerTeam ? '，另从专家库随机抽取 1 名专家' : ''}
        </dd>
        <dt>抽查比例</dt>
        <dd>{ratioText(plan)}</dd>
        {plan.notes ? (
          <>
            <dt>备注</dt>
            <dd>{plan.notes}</dd>
          </>
        ) : null}
      </dl>
      {plan.itemDetails.length ? (
        <table className="table" aria-label="抽查工作细则">
          <caption>抽查工作细则</caption>
          <thead>
            <tr>
              <th style={{ width: 40 }}>序号</th>
              <th>抽查事项</th>
              <th>抽查依据</th>
              <th>抽查对象</th>
              <th>抽查方式</th>
              <th>检查人员要求</th>
            </tr>
          </thead>
          <tbody>
            {plan.itemDetails.map((i, n) => (
              <tr key={i.id}>
                <td>{n + 1}</td>
                <td>{i.label}</td>
                <td>{i.basis}</td>
                <td>{categoriesText(i.categories)}</td>
                <td>{i.method}</td>
                <td>{i.qualification || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="draw-actions" role="group" aria-label="计划公示">
        <strong>抽查计划公示：</strong>
        <AnnouncementActions plan={plan} />
      </div>
      <table className="table" aria-label="批次与抽取">
        <thead>
          <tr>
            <th style={{ width: 70 }}>批次</th>
            <th>名称</th>
            <th style={{ width: 210 }}>计划检查时间</th>
            <th>抽取情况</th>
            <th style={{ width: 520 }}>操作</th>
          </tr>
        </thead>
        <tbody>
          {plan.batches.map((b) => (
            <tr key={b.number}>
              <td>第{b.number}批</td>
              <td>{b.name}</td>
              <td>
                {b.startDate} 至 {b.endDate}
              </td>
              <td>
                {b.draw ? (
                  <>
                    {formatDateTime(b.draw.drawnAt)} 已抽取 {b.draw.targetCount} 个对象
                    <TechInfo className="draw-hash-short">
                      <span title={b.draw.sha256}>SHA-256 {b.draw.sha256.slice(0, 16)}…</span>
                    </TechInfo>
                  </>
                ) : b.seal ? (
                  <>
                    {formatDateTime(b.seal.sealedAt)} 已封存，待开奖后抽取
                    <TechInfo className="draw-hash-short">
                      <span title={b.seal.sha256}>封存 SHA-256 {b.seal.sha256.slice(0, 16)}…</span>
                    </TechInfo>
                  </>
                ) : (
                  <span className="muted">未封存</span>
                )}
              </td>
              <td className="draw-actions">
                {b.draw ? (
                  <>
                    <Button onClick={() => setViewing(b.draw!.id)}>查看结果</Button>
                    <DrawRecordActions id={b.draw.id} />
                  </>
                ) : (
                  <>
                    <AnnouncementActions plan={plan} batchNumber={b.number} />
                    {can('records.write') ? (
                      <Button variant="primary" onClick={() => setDrawing(b.number)}>
                        {b.seal ? '抽取…' : '封存与抽取…'}
                      </Button>
                    ) : null}
                    {b.seal ? (
                      <Button onClick={() => navigate(`/print/draw-seal?id=${b.seal!.id}`)}>
                        打印封存记录
                      </Button>
                    ) : null}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {drawing !== null ? (
        <DrawDialog plan={plan} batchNumber={drawing} onClose={() => setDrawing(null)} />
      ) : null}
      {viewing !== null ? <DrawViewDialog id={viewing} onClose={() => setViewing(null)} /> : null}
    </section>
  );
}

export function PlansPanel() {
  const can = useCan();
  const toast = useToast();
  const plans = useQuery({ queryKey: PLANS_KEY, queryFn: () => api.invoke('inspectionPlans.list', {}) });
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [editing, setEditing] = useState<InspectionPlan | 'new' | null>(null);
  const [deleting, setDeleting] = useState<InspectionPlan | null>(null);
  const rows = plans.data ?? [];
  const selected = rows.find((p) => p.id === selectedId) ?? rows[0] ?? null;
  const remove = useMutation({
    mutationFn: (p: InspectionPlan) => api.invoke('inspectionPlans.delete', { id: p.id }),
    onSuccess: () => {
      toast('success', `已删除“${deleting?.name ?? ''}”`);
      setDeleting(null);
      setSelectedId(null);
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  const drawnCount = (p: InspectionPlan) => p.batches.filter((b) => b.draw).length;
  return (
    <Page
      title="抽查计划"
      subtitle="年度双随机抽查计划：范围、抽查事项、参与单位、各信用等级抽查比例和批次。每个批次在见证下抽取一次，抽取记录永久保存，任何人可凭记录复核。"
      actions={
        can('records.write') ? (
          <>
            <Button variant="primary" onClick={() => setEditing('new')}>
              新建抽查计划
            </Button>
            <Button disabled={!selected} onClick={() => selected && setEditing(selected)}>
              编辑计划
            </Button>
            <Button
              disabled={!selected || drawnCount(selected) > 0}
              title={selected && drawnCount(selected) > 0 ? '已有抽取记录的计划不能删除' : undefined}
              onClick={() => selected && setDeleting(selected)}
            >
              删除计划
            </Button>
          </>
        ) : null
      }
    >
      {plans.isError ? <Notice kind="error">{errorMessage(plans.error)}</Notice> : null}
      {rows.length === 0 && plans.isSuccess ? (
        <Notice kind="info">尚无抽查计划。{can('records.write') ? '点“新建抽查计划”开始。' : ''}</Notice>
      ) : (
        <table className="table draw-plans" aria-label="抽查计划">
          <thead>
            <tr>
              <th style={{ width: 70 }}>年度</th>
              <th>计划名称</th>
              <th>抽查范围</th>
              <th>参与单位</th>
              <th style={{ width: 110 }}>批次</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr
                key={p.id}
                className={p.id === selected?.id ? 'row-selected' : ''}
                aria-selected={p.id === selected?.id}
                onClick={() => setSelectedId(p.id)}
              >
                <td>{p.year}</td>
                <td>
                  <button
                    type="button"
                    className="btn-link draw-plan-link"
                    onClick={() => setSelectedId(p.id)}
                  >
                    {p.name}
                  </button>
                </td>
                <td>{scopeText(p)}</td>
                <td>
                  {p.departments.map((d) => d.shortName).join('、')}
                  {p.joint ? '（联合）' : ''}
                </td>
                <td>
                  已抽 {drawnCount(p)}/{p.batches.length}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected ? <PlanDetail key={selected.id} plan={selected} /> : null}
      {editing ? (
        <PlanDialog
          plan={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(p) => {
            setEditing(null);
            setSelectedId(p.id);
            toast('success', `已保存“${p.name}”`);
          }}
        />
      ) : null}
      {deleting ? (
        <Dialog
          title="删除抽查计划"
          onClose={() => setDeleting(null)}
          footer={
            <>
              <Button onClick={() => setDeleting(null)}>取消</Button>
              <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(deleting)}>
                删除
              </Button>
            </>
          }
        >
          <p>
            删除“{deleting.year}年 {deleting.name}”及其 {deleting.batches.length}{' '}
            个批次？尚未抽取的计划才能删除。
          </p>
        </Dialog>
      ) : null}
    </Page>
  );
}
