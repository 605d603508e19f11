// 通知与文件: issue the notice (it gets its 发文字号), then print or save each document — notice, agenda
// sheet, 签到表, 纪要 — as PDF from the print preview or as Word, and the meeting as a calendar file.
import { useState } from 'react';
import type { FileDownload, MeetingDetail } from '../../../../shared/contract';
import { api, errorMessage, saveDownload } from '../../api';
import { useCan } from '../../app/permissions';
import { navigate } from '../../app/router';
import { Button, Dialog, Notice } from '../../ui';
import { useToast } from '../../ui/toast';
import type { OnSaved } from './MeetingPage';

export function MeetingDocumentsTab({ m, onSaved }: { m: MeetingDetail; onSaved: OnSaved }) {
  const can = useCan();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const download = async (get: () => Promise<FileDownload>) => {
    try {
      saveDownload(await get());
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const issue = async () => {
    setBusy(true);
    try {
      const saved = await api.invoke('meetings.issueNotice', { id: m.id });
      onSaved(saved, `会议通知已发出，发文字号 ${saved.meeting.docNumber}`);
      setConfirming(false);
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const docs = [
    {
      key: 'notice',
      label: '会议通知',
      hint: m.docNumber ? `发文字号 ${m.docNumber}` : '发出通知后生成正式文号',
      ready: Boolean(m.docNumber),
      print: `/print/meeting-notice?id=${m.id}`,
      word: () => api.invoke('meetings.noticeDocx', { id: m.id }),
    },
    {
      key: 'agenda',
      label: '会议议程',
      hint: `${m.agenda.length} 个议题，合计 ${m.agendaMinutes} 分钟`,
      ready: m.agenda.length > 0,
      print: `/print/meeting-agenda?id=${m.id}`,
      word: () => api.invoke('meetings.agendaDocx', { id: m.id }),
    },
    {
      key: 'signin',
      label: '签到表',
      hint: `${m.departments.length} 个单位`,
      ready: m.departments.length > 0,
      print: `/print/meeting-signin?id=${m.id}`,
      word: () => api.invoke('meetings.signInDocx', { id: m.id }),
    },
    {
      key: 'minutes',
      label: '会议纪要',
      hint: m.minutesNumber ? `第${m.minutesNumber}号` : '保存纪要后可打印',
      ready: Boolean(m.minutesNumber),
      print: `/print/meeting-minutes?id=${m.id}`,
      word: () => api.invoke('meetings.minutesDocx', { id: m.id }),
    },
  ];
  return (
    <section className="card">
      <h2 className="section-title">会议通知</h2>
      {m.docNumber ? (
        <Notice kind="success">
          通知已发出，发文字号 {m.docNumber}
          {m.noticeIssuedOn ? `（成文日期 ${m.noticeIssuedOn}）` : ''}。
        </Notice>
      ) : (
        <p className="muted">
          发出通知时按本单位发文字号前缀取得本年度下一个文号，会议状态改为“已发通知”。通知内容取自基本信息与议程。
        </p>
      )}
      {can('meetings.write') && !m.docNumber && m.status !== 'cancelled' ? (
        <Button variant="primary" onClick={() => setConfirming(true)}>
          发出通知
        </Button>
      ) : null}
      <h2 className="section-title">文件</h2>
      <table className="table" aria-label="会议文件">
        <tbody>
          {docs.map((d) => (
            <tr key={d.key}>
              <td style={{ width: 140 }}>
                <strong>{d.label}</strong>
              </td>
              <td className="muted">{d.hint}</td>
              <td style={{ width: 320 }}>
                <Button disabled={!d.ready} onClick={() => navigate(d.print)}>
                  打印预览 / PDF
                </Button>{' '}
                <Button disabled={!d.ready} onClick={() => void download(d.word)}>
                  下载 Word
                </Button>
              </td>
            </tr>
          ))}
          <tr>
            <td>
              <strong>日历文件</strong>
            </td>
            <td className="muted">导入 Outlook、WPS 日历（.ics）；会议改期或取消后重新导出导入即可更新</td>
            <td>
              <Button onClick={() => void download(() => api.invoke('meetings.exportIcs', { id: m.id }))}>
                导出日历文件
              </Button>
            </td>
          </tr>
        </tbody>
      </table>
      {confirming ? (
        <Dialog
          title="发出会议通知"
          onClose={() => setConfirming(false)}
          footer={
            <>
              <Button onClick={() => setConfirming(false)}>取消</Button>
              <Button variant="primary" disabled={busy} onClick={() => void issue()}>
                确认发出
              </Button>
            </>
          }
        >
          <p>
            将为“{m.title}
            ”取得发文字号并把会议状态改为“已发通知”。文号一经取得不再改变；之后修改会议信息，重新打印的通知沿用此文号。
          </p>
          <p>
            参会单位 {m.departments.filter((d) => d.role === 'attend').length} 个，列席{' '}
            {m.departments.filter((d) => d.role === 'observe').length} 个，议题 {m.agenda.length} 个。
          </p>
        </Dialog>
      ) : null}
    </section>
  );
}
