// The witnessed 双随机 draw of one batch: first what will be drawn from (eligible institutions per credit tier, the
// number to draw, inspectors per department) and anything that makes the draw impossible; then the seal (封存), which
// fixes that directory and the plan's parameters before the lottery, printed for the witnesses; then, on a day
// after the seal, the public entropy the witness reads out and the witnesses' names; then, after a confirmation (a
// batch is drawn once, for good), the result with its SHA-256, and the record to print, save as JSON or as Word.
import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  DRAW_TIER_LABELS,
  type DrawRunResult,
  type DrawDetail,
  type DrawTarget,
  type FileDownload,
  type InspectionPlan,
} from '../../../../shared/contract';
import { addCalendarDays, beijingDate } from '../../../../shared/dates';
import { groupedHash } from '../../../../shared/print/draws';
import { formatDateTime } from '../../../../shared/format';
import { TechInfo } from '../../ui/TechInfo';
import { api, errorMessage, saveDownload } from '../../api';
import { navigate } from '../../app/router';
import { Button, Dialog, Field, Notice, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { useTargetInspections } from './DrawTargetInspections';
import './draws.css';

/** Print, the record file (JSON, for checking by anyone) and Word of a stored draw. */
export function DrawRecordActions({ id }: { id: number }) {
  const toast = useToast();
  const download = async (get: () => Promise<FileDownload>) => {
    try {
      saveDownload(await get());
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <>
      <Button onClick={() => navigate(`/print/draw-record?id=${id}`)}>打印抽取记录</Button>
      <Button onClick={() => void download(() => api.invoke('draws.exportJson', { id }))}>
        导出记录文件
      </Button>
      <Button onClick={() => void download(() => api.invoke('draws.recordDocx', { id }))}>下载 Word</Button>
    </>
  );
}

/** What changed after the seal and was therefore not drawn from. */
function ChangesSinceSeal({ changes, drawn }: { changes: string[]; drawn: boolean }) {
  if (changes.length === 0) return null;
  return (
    <Notice
      kind="warning"
      title={`封存后名录或计划有 ${changes.length} 处变化，本批次${drawn ? '已' : ''}按封存的内容抽取，这些变化不计入`}
    >
      <ul>
        {changes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </Notice>
  );
}

/** `action`: an extra column per target (the 检查结果 of a stored draw). */
export function DrawResult({
  draw,
  action,
}: {
  draw: DrawDetail;
  action?: (t: DrawTarget, position: number) => ReactNode;
}) {
  const { inputs, result } = draw.record;
  return (
    <div className="draw-result">
      <Notice kind="success" title={`抽取完成：抽中 ${draw.targetCount} 个监管对象`}>
        <p>抽取记录已永久保存，任何人可用导出的记录文件重新计算、核对抽取结果。</p>
        <TechInfo>
          <p>
            记录 SHA-256：<code className="draw-hash">{groupedHash(draw.sha256)}</code>
          </p>
          {draw.record.seal ? (
            <p>
              封存记录 SHA-256：<code className="draw-hash">{groupedHash(draw.record.seal.sha256)}</code>
            </p>
          ) : null}
          <p>
            种子：<code className="draw-hash">{groupedHash(draw.seed)}</code>
          </p>
          <p>
            记录文件为 JSON 格式，可按 docs/draw-algorithm.md 重新计算，或运行“zongjian verify-draw 记录文件 --data
            数据文件夹”核对。
          </p>
        </TechInfo>
      </Notice>
      {'changesSinceSeal' in draw ? (
        <ChangesSinceSeal changes={(draw as DrawRunResult).changesSinceSeal} drawn />
      ) : null}
      <dl className="draw-facts">
        {draw.record.seal ? (
          <>
            <dt>封存</dt>
            <dd>{formatDateTime(draw.record.seal.record.sealedAt)}</dd>
          </>
        ) : null}
        <dt>抽取时间</dt>
        <dd>
          {formatDateTime(inputs.drawnAt)}（{inputs.drawnBy}）
        </dd>
        <dt>公开随机数</dt>
        <dd>
          {inputs.entropy.source}（{inputs.entropy.date}）：<code>{inputs.entropy.digits}</code>
        </dd>
        <dt>见证人</dt>
        <dd>{inputs.witnesses.join('、')}</dd>
        <dt>各等级</dt>
        <dd>
          {result.tiers
            .filter((t) => t.eligible > 0)
            .map((t) => `${DRAW_TIER_LABELS[t.tier]} ${t.drawn}/${t.eligible}（${t.ratio}%）`)
            .join('，')}
        </dd>
      </dl>
      <div className="table-scroll draw-result-table">
        <table className="table" aria-label="抽取结果">
          <thead>
            <tr>
              <th style={{ width: 48 }}>序号</th>
              <th>监管对象</th>
              <th style={{ width: 190 }}>统一社会信用代码</th>
              <th style={{ width: 70 }}>等级</th>
              <th>检查组（组长在前）</th>
              {action ? <th style={{ width: 190 }}>检查结果</th> : null}
            </tr>
          </thead>
          <tbody>
            {result.targets.map((t, i) => (
              <tr key={t.institutionId}>
                <td>{i + 1}</td>
                <td>{t.name}</td>
                <td>{t.uscc}</td>
                <td>{DRAW_TIER_LABELS[t.tier]}</td>
                <td>
                  {t.team.map((m, k) => (
                    <span key={m.inspectorId}>
                      {k > 0 ? '、' : ''}
                      {m.lead ? <strong>{m.name}</strong> : m.name}
                      <span className="muted">
                        （{m.department}
                        {m.lead ? '，组长' : ''}）
                      </span>
                    </span>
                  ))}
                  {t.experts?.length ? (
                    <div className="muted" data-testid="draw-expert">
                      专家：{t.experts.map((e) => `${e.name}（${e.unit}，${e.field}）`).join('、')}
                    </div>
                  ) : null}
                </td>
                {action ? <td>{action(t, i)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A stored draw, opened from the plan's batch list. */
export function DrawViewDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const draw = useQuery({
    queryKey: ['enforcement', 'draw', id],
    queryFn: () => api.invoke('draws.get', { id }),
  });
  const inspections = useTargetInspections(draw.data);
  return (
    <Dialog
      wide
      title={draw.data ? `抽取记录：${draw.data.planName} 第${draw.data.batchNumber}批` : '抽取记录'}
      onClose={onClose}
      footer={
        <>
          <DrawRecordActions id={id} />
          <Button onClick={onClose}>关闭</Button>
        </>
      }
    >
      {draw.isError ? <Notice kind="error">{errorMessage(draw.error)}</Notice> : null}
      {draw.data ? <DrawResult draw={draw.data} action={inspections.action} /> : <p>正在读取…</p>}
      {inspections.dialogs}
    </Dialog>
  );
}

export function DrawDialog(props: {
  plan: InspectionPlan;
  batchNumber: number;
  onClose: () => void;
  onDrawn?: (d: DrawDetail) => void;
  onSealed?: () => void;
}) {
  const { plan, batchNumber } = props;
  const preview = useQuery({
    queryKey: ['enforcement', 'draw-preview', plan.id, batchNumber],
    queryFn: () => api.invoke('draws.preview', { planId: plan.id, batchNumber }),
  });
  const [entropy, setEntropy] = useState({ source: '', date: beijingDate(new Date()), digits: '' });
  const [witnesses, setWitnesses] = useState<string[]>(['', '']);
  const [confirming, setConfirming] = useState<'seal' | 'draw' | null>(null);
  const [drawn, setDrawn] = useState<DrawRunResult | null>(null);
  const { errors, failure, busy, submit } = useFormSubmit();
  const named = witnesses.map((w) => w.trim()).filter(Boolean);
  const p = preview.data;
  const impossible = !p || p.problems.length > 0 || p.drawn !== null;
  const sealed = p?.seal ?? null;
  const blocked = impossible || !sealed;

  const seal = () =>
    submit(async () => {
      try {
        await api.invoke('draws.seal', { planId: plan.id, batchNumber });
        await preview.refetch();
        props.onSealed?.();
      } finally {
        setConfirming(null);
      }
    });

  const run = () =>
    submit(async () => {
      try {
        const d = await api.invoke('draws.run', { planId: plan.id, batchNumber, entropy, witnesses: named });
        setDrawn(d);
        props.onDrawn?.(d);
      } finally {
        setConfirming(null);
      }
    });

  const batch = plan.batches.find((b) => b.number === batchNumber);
  return (
    <Dialog
      wide
      title={`双随机抽取：${plan.name} 第${batchNumber}批${batch ? `（${batch.name}）` : ''}`}
      onClose={props.onClose}
      footer={
        drawn ? (
          <>
            <DrawRecordActions id={drawn.id} />
            <Button onClick={props.onClose}>关闭</Button>
          </>
        ) : confirming === 'seal' ? (
          <>
            <Button onClick={() => setConfirming(null)}>返回</Button>
            <Button variant="primary" disabled={busy} onClick={() => void seal()}>
              确认封存
            </Button>
          </>
        ) : confirming === 'draw' ? (
          <>
            <Button onClick={() => setConfirming(null)}>返回修改</Button>
            <Button variant="primary" disabled={busy} onClick={() => void run()}>
              确认抽取
            </Button>
          </>
        ) : (
          <>
            <Button onClick={props.onClose}>取消</Button>
            {sealed ? (
              <>
                <Button onClick={() => navigate(`/print/draw-seal?id=${sealed.id}`)}>打印封存记录</Button>
                <Button variant="primary" disabled={blocked || busy} onClick={() => setConfirming('draw')}>
                  抽取
                </Button>
              </>
            ) : (
              <Button variant="primary" disabled={impossible || busy} onClick={() => setConfirming('seal')}>
                封存
              </Button>
            )}
          </>
        )
      }
    >
      {drawn ? (
        <DrawResult draw={drawn} />
      ) : (
        <>
          {preview.isError ? <Notice kind="error">{errorMessage(preview.error)}</Notice> : null}
          {p ? (
            <section aria-label="抽取预览">
              <p>
                {sealed ? '封存的名录中' : '计划范围内'}在业监管对象 <strong>{p.eligibleInstitutions}</strong>{' '}
                家，本批次应抽 <strong>{p.targetCount}</strong> 家；参与单位启用的执法检查人员{' '}
                <strong>{p.inspectors}</strong> 名（
                {p.departments.map((d) => `${d.name} ${d.inspectors} 名`).join('、')}）；每组 {p.teamSize} 人
                {p.joint ? '，联合抽查，每组来自至少两个单位' : ''}。
              </p>
              <table className="table draw-tiers" aria-label="各等级应抽数">
                <thead>
                  <tr>
                    <th>信用等级</th>
                    <th>可抽对象</th>
                    <th>抽查比例</th>
                    <th>应抽（四舍五入）</th>
                  </tr>
                </thead>
                <tbody>
                  {p.tiers.map((t) => (
                    <tr key={t.tier}>
                      <td>{DRAW_TIER_LABELS[t.tier]}</td>
                      <td>{t.eligible}</td>
                      <td>{t.ratio}%</td>
                      <td>{t.toDraw}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {p.drawn ? (
                <Notice kind="warning">
                  本批次已于 {formatDateTime(p.drawn.drawnAt)} 抽取，同一批次只能抽取一次。
                </Notice>
              ) : null}
              {p.problems.length > 0 ? (
                <Notice kind="error" title={`无法抽取：${p.problems.length} 处问题`}>
                  <ul>
                    {p.problems.map((x) => (
                      <li key={x}>{x}</li>
                    ))}
                  </ul>
                  请在“执法人员”中补充人员或调整回避申报，或修改计划后再抽取。
                </Notice>
              ) : null}
            </section>
          ) : (
            <p>正在统计可抽对象…</p>
          )}
          {failure ? <Notice kind="error">{failure}</Notice> : null}
          <section aria-label="封存" className="draw-seal-step">
            <h3>第一步：封存名录和计划参数</h3>
            {sealed ? (
              <Notice kind="success" title={`已于 ${formatDateTime(sealed.sealedAt)} 封存`}>
                <TechInfo>
                  封存记录 SHA-256：<code className="draw-hash">{groupedHash(sealed.sha256)}</code>
                </TechInfo>
                <p>
                  本批次只按封存的名录和参数抽取。请打印封存记录交见证人签字；抽取须使用开奖日期晚于{' '}
                  {sealed.sealedOn}（北京时间）的公开随机数，即 {addCalendarDays(sealed.sealedOn, 1)}{' '}
                  或以后开奖的号码。
                </p>
              </Notice>
            ) : (
              <p className="muted">
                在公开随机数开奖之前封存：上面的名录快照（含信用等级、上次检查的组长和回避申报）和计划参数从此固定，
                打印封存记录交见证人签字；开奖之后再录入号码抽取。每个批次只能封存一次。
              </p>
            )}
            {p && sealed ? <ChangesSinceSeal changes={p.changesSinceSeal} drawn={false} /> : null}
            {confirming === 'seal' ? (
              <Notice kind="warning" title="请核对后确认封存">
                <p>封存后本批次的名录快照和计划参数不能再改变，封存记录永久保存。</p>
              </Notice>
            ) : null}
          </section>
          <h3>第二步：录入公开随机数并抽取</h3>
          <fieldset disabled={blocked || confirming !== null}>
            <legend>公开随机数（由见证人当场读出并录入）</legend>
            <div className="form-grid">
              <Field
                label="来源"
                required
                hint="须为封存之后开奖、抽取时已公布、任何人可查的号码"
                error={errors['entropy.source']}
              >
                {(id) => (
                  <TextInput
                    id={id}
                    value={entropy.source}
                    placeholder="如：中国福利彩票双色球第2026136期开奖号码"
                    onChange={(v) => setEntropy({ ...entropy, source: v })}
                  />
                )}
              </Field>
              <Field label="开奖日期" required error={errors['entropy.date']}>
                {(id) => (
                  <TextInput
                    id={id}
                    type="date"
                    value={entropy.date}
                    onChange={(v) => setEntropy({ ...entropy, date: v })}
                  />
                )}
              </Field>
            </div>
            <Field
              label="号码（数字）"
              required
              hint="按开奖公告的顺序录入（双色球：6 个红球，再 1 个蓝球），号码间用空格分隔，前导 0 不能省略（03）；改动任何一位，抽取结果都会不同"
              error={errors['entropy.digits']}
            >
              {(id) => (
                <TextInput
                  id={id}
                  value={entropy.digits}
                  placeholder="如：03 12 17 26 29 33 13"
                  onChange={(v) => setEntropy({ ...entropy, digits: v })}
                />
              )}
            </Field>
          </fieldset>
          <fieldset disabled={blocked || confirming !== null}>
            <legend>见证人（至少一名，建议两名）</legend>
            {errors.witnesses ? (
              <div className="field-error" role="alert">
                {errors.witnesses}
              </div>
            ) : null}
            <div className="form-grid">
              {witnesses.map((w, i) => (
                <Field key={i} label={`见证人${i + 1}`} error={errors[`witnesses.${i}`]}>
                  {(id) => (
                    <TextInput
                      id={id}
                      value={w}
                      onChange={(v) => setWitnesses(witnesses.map((x, k) => (k === i ? v : x)))}
                    />
                  )}
                </Field>
              ))}
            </div>
            {witnesses.length < 6 ? (
              <Button onClick={() => setWitnesses([...witnesses, ''])}>添加见证人</Button>
            ) : null}
          </fieldset>
          {confirming === 'draw' ? (
            <Notice kind="warning" title="请核对后确认">
              <p>
                公开随机数：{entropy.source}（{entropy.date}）{entropy.digits}
              </p>
              <p>见证人：{named.join('、') || '（未填写）'}</p>
              {named.length === 1 ? <p>只有一名见证人。建议由两名见证人共同见证。</p> : null}
              <p>抽取结果一经生成即永久保存，本批次不能再次抽取。</p>
            </Notice>
          ) : null}
        </>
      )}
    </Dialog>
  );
}
