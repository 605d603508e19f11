// 结果公开 (一公开): every drawn batch with its 检查完成日期, 公开截止日期 (N working days after, by the office's calendar,
// with the rule shown), status (未到期 / 即将到期 / 已逾期 / 已公开) and where it was published; the public results
// table previewed as the public will read it (legal persons by name and code, natural persons masked, no inspector
// names), exported as Excel or printed (GB/T 9704) and saved as PDF; marking a batch published (date and channel).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  PUBLICATION_STATUS_LABELS,
  PUBLIC_RESULT_COLUMNS,
  publicationRuleText,
  ruleCitation,
  type InspectionPublicationBatch,
  type PublicationStatus,
} from '../../../../shared/contract';
import { PUBLIC_NOTE } from '../../../../shared/print/inspections';
import { todayIso } from '../../../../shared/dates';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Dialog, Field, Notice, Page, TextInput } from '../../ui';
import { useFormSubmit } from '../../ui/forms';
import { useToast } from '../../ui/toast';
import { YearFilter } from '../../ui/filters';
import { CaseStatus, ReasonDialog, type BadgeKind } from './ReferralCommon';
import './inspections.css';

const PUBLICATIONS_KEY = ['enforcement', 'inspections', 'publications'] as const;

const BADGE: Record<PublicationStatus, BadgeKind> = {
  not_due: 'handling',
  due_soon: 'open',
  overdue: 'late',
  published: 'done',
};

const batchKey = (b: Pick<InspectionPublicationBatch, 'planId' | 'batchNumber'>) =>
  `${b.planId}/${b.batchNumber}`;
export const publicResultsPrintPath = (b: Pick<InspectionPublicationBatch, 'planId' | 'batchNumber'>) =>
  `/print/inspection-results?plan=${b.planId}&batch=${b.batchNumber}`;

type Open = { kind: 'mark' | 'unmark'; batch: InspectionPublicationBatch };

export function PublicationPanel() {
  const toast = useToast();
  const can = useCan();
  const today = todayIso();
  const [year, setYear] = useState<number>(Number(today.slice(0, 4)));
  const [selected, setSelected] = useState<string | null>(null);
  const [open, setOpen] = useState<Open | null>(null);
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.invoke('settings.get', {}) });
  const list = useQuery({
    queryKey: [...PUBLICATIONS_KEY, year],
    queryFn: () => api.invoke('inspectionPublications.list', year ? { year } : {}),
  });
  const rows = list.data ?? [];
  const current = rows.find((b) => batchKey(b) === selected) ?? null;
  const rule = settings.data
    ? publicationRuleText(
        {
          days: settings.data.inspectionPublicationDays,
          unit: settings.data.inspectionPublicationUnit,
        },
        ruleCitation(settings.data, 'publication'),
      )
    : '';
  const exportXlsx = async (b: InspectionPublicationBatch) => {
    try {
      saveDownload(
        await api.invoke('inspectionPublications.exportXlsx', {
          planId: b.planId,
          batchNumber: b.batchNumber,
        }),
      );
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const late = rows.filter((b) => b.status === 'overdue');
  return (
    <Page
      title="结果公开"
      subtitle="双随机抽查结果按批次向社会公开（一公开）。公开版公开被检查机构的名称和统一社会信用代码；自然人姓名、证书编号脱敏，不公开执法人员姓名。"
    >
      <p className="insp-rule" data-testid="publication-rule">
        公开期限：{rule}
        <span className="muted">
          （按工作日历计算，节假日顺延、调休上班日计入；可在 系统设置 → 业务规则 中调整）
        </span>
      </p>
      {list.isError ? <Notice kind="error">{errorMessage(list.error)}</Notice> : null}
      {late.length > 0 ? (
        <Notice kind="warning">
          {late.length} 个批次已过公开截止日期尚未公开：
          {late.map((b) => `${b.planName} 第${b.batchNumber}批（截止 ${b.dueOn}）`).join('、')}。
        </Notice>
      ) : null}
      <div className="grid-toolbar case-filters">
        <YearFilter value={year} onChange={setYear} today={today} />
        <span className="muted">共 {rows.length} 个已抽取的批次</span>
      </div>
      {rows.length === 0 && list.isSuccess ? (
        <Notice kind="info">
          该年度没有已抽取的批次。抽查计划的批次完成双随机抽取、录入检查结果后在此公开。
        </Notice>
      ) : (
        <div className="table-scroll">
          <table className="table insp-publications" aria-label="抽查结果公开">
            <thead>
              <tr>
                <th>抽查计划与批次</th>
                <th style={{ width: 190 }}>检查情况</th>
                <th style={{ width: 110 }}>检查完成日期</th>
                <th style={{ width: 150 }}>公开截止日期</th>
                <th style={{ width: 90 }}>状态</th>
                <th style={{ width: 170 }}>公开情况</th>
                <th style={{ width: 330 }}>操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr
                  key={batchKey(b)}
                  className={batchKey(b) === selected ? 'row-selected' : ''}
                  aria-selected={batchKey(b) === selected}
                >
                  <td>
                    {b.planName} 第{b.batchNumber}批（{b.batchName}）
                    <div className="muted">
                      计划检查 {b.startDate} 至 {b.endDate}
                    </div>
                  </td>
                  <td>{b.progressText}</td>
                  <td>{b.endedOn ?? <span className="muted">检查中</span>}</td>
                  <td className={b.status === 'overdue' ? 'case-late-text' : ''}>
                    {b.dueOn ?? <span className="muted">检查完成后计算</span>}
                    {b.dueNote ? <div>{b.dueNote}</div> : null}
                  </td>
                  <td>
                    <CaseStatus kind={BADGE[b.status]} text={PUBLICATION_STATUS_LABELS[b.status]} />
                  </td>
                  <td>
                    {b.publication ? (
                      <>
                        {b.publication.publishedOn} {b.publication.channel}
                        {b.publication.daysLate > 0 ? (
                          <div className="case-late-text">逾期 {b.publication.daysLate} 日公开</div>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">未公开</span>
                    )}
                  </td>
                  <td className="draw-actions">
                    <Button onClick={() => setSelected(batchKey(b))}>预览公开表</Button>
                    <Button disabled={b.recordedCount === 0} onClick={() => void exportXlsx(b)}>
                      导出 Excel
                    </Button>
                    <Button
                      disabled={b.recordedCount === 0}
                      onClick={() => navigate(publicResultsPrintPath(b))}
                    >
                      打印 / PDF
                    </Button>
                    {can('records.write') ? (
                      <>
                        <Button
                          variant={b.publication ? 'default' : 'primary'}
                          disabled={b.recordedCount === 0}
                          onClick={() => setOpen({ kind: 'mark', batch: b })}
                        >
                          {b.publication ? '修改公开登记' : '登记公开'}
                        </Button>
                        {b.publication ? (
                          <Button onClick={() => setOpen({ kind: 'unmark', batch: b })}>撤销公开</Button>
                        ) : null}
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {current ? <PublicPreview batch={current} /> : null}
      {open?.kind === 'mark' ? (
        <MarkDialog
          batch={open.batch}
          onClose={() => setOpen(null)}
          onSaved={(b) => {
            setOpen(null);
            toast('success', `已登记公开：${b.planName} 第${b.batchNumber}批`);
          }}
        />
      ) : null}
      {open?.kind === 'unmark' ? (
        <ReasonDialog
          title="撤销公开登记"
          label="撤销原因"
          confirm="撤销"
          onClose={() => setOpen(null)}
          onConfirm={async (reason) => {
            await api.invoke('inspectionPublications.unmark', {
              planId: open.batch.planId,
              batchNumber: open.batch.batchNumber,
              reason,
            });
            setOpen(null);
            toast('success', '已撤销公开登记');
          }}
        >
          <p>撤销后该批次的检查记录可以修改，公开期限按规则重新计算；操作日志保留原登记。</p>
        </ReasonDialog>
      ) : null}
    </Page>
  );
}

function PublicPreview({ batch }: { batch: InspectionPublicationBatch }) {
  const table = useQuery({
    queryKey: [...PUBLICATIONS_KEY, 'table', batchKey(batch)],
    queryFn: () =>
      api.invoke('inspectionPublications.table', { planId: batch.planId, batchNumber: batch.batchNumber }),
  });
  const t = table.data;
  return (
    <section className="case-detail" aria-label="公开表预览">
      <h2>公开表预览：{t?.title ?? ''}</h2>
      <p className="muted">
        {batch.ruleText}
        {batch.dueOn ? `；公开截止日期 ${batch.dueOn}` : ''}。{PUBLIC_NOTE}
      </p>
      {table.isError ? <Notice kind="error">{errorMessage(table.error)}</Notice> : null}
      {t && t.unrecorded.length > 0 ? (
        <Notice kind="warning">
          尚有 {t.unrecorded.length} 个抽取对象未录入检查结果，不在公开表中：{t.unrecorded.join('、')}。
        </Notice>
      ) : null}
      {t && t.unreviewed.length > 0 ? (
        <Notice kind="warning">
          <span data-testid="unreviewed">
            {t.unreviewed.length} 条检查结果尚未审核通过，不在公开表中，审核通过后才能登记公开：
            {t.unreviewed.join('、')}。
          </span>
        </Notice>
      ) : null}
      {t ? (
        <div className="table-scroll">
          <table className="table insp-preview" aria-label="公开表">
            <thead>
              <tr>
                {PUBLIC_RESULT_COLUMNS.map((c) => (
                  <th key={c.key}>{c.header}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.map((r) => (
                <tr key={r.no}>
                  {PUBLIC_RESULT_COLUMNS.map((c) => (
                    <td key={c.key}>{r[c.key]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>正在读取…</p>
      )}
    </section>
  );
}

function MarkDialog(props: {
  batch: InspectionPublicationBatch;
  onClose: () => void;
  onSaved: (b: InspectionPublicationBatch) => void;
}) {
  const b = props.batch;
  const [publishedOn, setPublishedOn] = useState(b.publication?.publishedOn ?? todayIso());
  const [channel, setChannel] = useState(b.publication?.channel ?? '区政府网站');
  const [note, setNote] = useState(b.publication?.note ?? '');
  const { errors, failure, busy, submit } = useFormSubmit();
  const save = () =>
    submit(async () =>
      props.onSaved(
        await api.invoke('inspectionPublications.mark', {
          planId: b.planId,
          batchNumber: b.batchNumber,
          publishedOn,
          channel,
          note,
        }),
      ),
    );
  const late = b.dueOn !== null && publishedOn > b.dueOn;
  return (
    <Dialog
      title={`登记公开：${b.planName} 第${b.batchNumber}批`}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" disabled={busy} onClick={() => void save()}>
            登记
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      <p>
        {b.progressText}；公开截止日期 {b.dueOn ?? '（检查完成后计算）'}。
      </p>
      <div className="form-grid">
        <Field label="公开日期" required error={errors.publishedOn}>
          {(id) => <TextInput id={id} type="date" value={publishedOn} onChange={setPublishedOn} />}
        </Field>
        <Field
          label="公开渠道"
          required
          hint="如：区政府网站、国家企业信用信息公示系统"
          error={errors.channel}
        >
          {(id) => <TextInput id={id} value={channel} onChange={setChannel} />}
        </Field>
      </div>
      {late ? <Notice kind="warning">公开日期晚于截止日期 {b.dueOn}，将记为逾期公开。</Notice> : null}
      <Field label="备注" error={errors.note}>
        {(id) => <TextInput id={id} value={note} onChange={setNote} />}
      </Field>
      <p className="muted">登记公开后，该批次的检查记录不能再修改或删除（撤销公开登记后可以）。</p>
    </Dialog>
  );
}
