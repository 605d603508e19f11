// 报告上报: what is due (each period's due date and status: 未到期/即将到期/已逾期/已上报) with the report made
// for it, and every report with its versions; a report opens in the editor (/reports/<id>). The office's own
// signing key (本单位签名密钥, /reports/keys) is a tab here, beside the reports whose packages it signs.
import './reports.css';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { dueRuleText, type ReportObligation, type ReportSummary } from '../../../../shared/contract';
import { api, errorMessage } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Notice, Page, Tabs } from '../../ui';
import { KeysPanel } from '../upstream/KeysPanel';
import { DueRulesDialog } from './DueRulesDialog';
import { NewReportDialog } from './NewReportDialog';
import { ReportEditor } from './ReportEditor';
import {
  DUE_BADGE_CLASS,
  REPORTS_KEY,
  REPORTS_SCOPE,
  dueLabel,
  localTime,
  reportPath,
  statusLabel,
} from './text';
import { PageNote } from '../../ui/TechInfo';

export function ReportsPage({ route }: { route: string }) {
  const m = /^\/reports\/(\d+)/.exec(route);
  if (m) return <ReportEditor key={m[1]} id={Number(m[1])} />;
  const tab = route.startsWith('/reports/keys') ? 'keys' : 'list';
  return (
    <div>
      <Tabs<'list' | 'keys'>
        tabs={[
          { key: 'list', label: '报告' },
          { key: 'keys', label: '本单位签名密钥' },
        ]}
        active={tab}
        onChange={(k) => navigate(k === 'keys' ? '/reports/keys' : '/reports')}
      />
      {tab === 'keys' ? (
        <Page title="本单位签名密钥">
          <KeysPanel />
        </Page>
      ) : (
        <ReportsList />
      )}
    </div>
  );
}

export function useReportsOverview() {
  return useQuery({
    queryKey: [...REPORTS_KEY, 'overview'],
    queryFn: () => api.invoke('reports.overview', {}),
  });
}

export function DueBadge({ due }: { due: ReportSummary['due'] }) {
  return (
    <span
      className={`status-badge ${DUE_BADGE_CLASS[due.status]}`}
      title={`截止日期：${due.dueOn}（${due.ruleText}）`}
    >
      {dueLabel(due.status)}
      {due.status === 'submitted' && due.submittedOn ? ` ${due.submittedOn}` : ''}
    </span>
  );
}

function ReportsList() {
  const can = useCan();
  const overview = useReportsOverview();
  const [creating, setCreating] = useState<{ type: ReportObligation['type']; period: string } | 'new' | null>(
    null,
  );
  const [rules, setRules] = useState(false);
  const data = overview.data;
  return (
    <Page
      title="报告上报"
      subtitle={`季度阶段性工作总结按上报期限规则报送${data ? `（${data.rulesSource}）` : ''}；年度工作总结与综合监管结果年度评估报告按年度报送。`}
      actions={
        <>
          {can('records.write') ? (
            <Button variant="primary" onClick={() => setCreating('new')}>
              新建报告
            </Button>
          ) : null}
          {can('settings.manage') ? <Button onClick={() => setRules(true)}>上报期限规则</Button> : null}
        </>
      }
    >
      <Notice kind="info">
        <PageNote text={REPORTS_SCOPE} />
      </Notice>
      {overview.isError ? <Notice kind="error">{errorMessage(overview.error)}</Notice> : null}
      <section className="card-flat">
        <h2 className="section-title">应报报告</h2>
        <p className="muted">
          今天 {data?.today}。截止日期按工作日历计算（法定节假日与调休上班日）， 季度报告：
          {data ? dueRuleText('quarter', data.rules.quarter) : ''}；年度报告：
          {data ? dueRuleText('year', data.rules.year) : ''}。
        </p>
        <table className="table report-table" aria-label="应报报告">
          <thead>
            <tr>
              <th>报告</th>
              <th>报告期</th>
              <th>截止日期</th>
              <th>上报状态</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {(data?.obligations ?? []).map((o) => (
              <tr key={`${o.type}-${o.period}`}>
                <td>{o.typeLabel}</td>
                <td>{o.periodLabel}</td>
                <td>{o.due.dueOn}</td>
                <td>
                  <DueBadge due={o.due} />
                </td>
                <td>
                  {o.reportId ? (
                    <Button variant="link" onClick={() => navigate(reportPath(o.reportId!))}>
                      打开（{statusLabel(o.reportStatus!)}）
                    </Button>
                  ) : can('records.write') ? (
                    <Button variant="link" onClick={() => setCreating({ type: o.type, period: o.period })}>
                      编制
                    </Button>
                  ) : (
                    <span className="muted">尚未编制</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card-flat" style={{ marginTop: 16 }}>
        <h2 className="section-title">全部报告</h2>
        {data && data.reports.length === 0 ? (
          <p className="muted">还没有报告。点“新建报告”或在上表中“编制”。</p>
        ) : null}
        {data && data.reports.length > 0 ? (
          <table className="table report-table" aria-label="全部报告">
            <thead>
              <tr>
                <th>报告期</th>
                <th>报告</th>
                <th>版本</th>
                <th>状态</th>
                <th>发文字号</th>
                <th>截止日期</th>
                <th>签发</th>
                <th>报送</th>
              </tr>
            </thead>
            <tbody>
              {data.reports.map((r) => (
                <tr key={r.id}>
                  <td>{r.periodLabel}</td>
                  <td>
                    <Button variant="link" onClick={() => navigate(reportPath(r.id))}>
                      {r.typeLabel}
                    </Button>
                  </td>
                  <td>
                    第{r.version}版{r.supersededById ? '（已被更正）' : ''}
                  </td>
                  <td>
                    <span
                      className={`status-badge ${r.status === 'signed' ? 'report-signed' : 'status-none'}`}
                    >
                      {statusLabel(r.status)}
                    </span>
                  </td>
                  <td>{r.docNumber ?? ''}</td>
                  <td>
                    {r.due.dueOn} <DueBadge due={r.due} />
                  </td>
                  <td>{r.signedAt ? `${r.signedBy} ${localTime(r.signedAt)}` : ''}</td>
                  <td className="num">{r.submissions ? `${r.submissions} 次` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {creating ? (
        <NewReportDialog
          initial={creating === 'new' ? null : creating}
          onClose={() => setCreating(null)}
          onCreated={(id) => navigate(reportPath(id))}
        />
      ) : null}
      {rules && data ? (
        <DueRulesDialog
          rules={data.rules}
          source={data.rulesSource}
          provision={data.rulesProvision}
          onClose={() => setRules(false)}
        />
      ) : null}
    </Page>
  );
}
