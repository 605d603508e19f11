// 批量变更状态 of the rows ticked in a directory (监管对象 停业/注销/在业, 执法检查人员 停用/启用, 从业人员 离职/在职):
// the ticked records listed, the new status (a choice where the register has several), and one confirmation. The
// server changes all of them in one transaction, each with its audit row and version check, or none — the error
// names the records that stopped it.
import { useState, type ReactNode } from 'react';
import { Button, Dialog, Notice } from '../../ui';
import { errorMessage } from '../../api';
import './batch.css';

export function BatchStatusDialog(props: {
  title: string;
  /** The ticked records' names, as listed for confirmation. */
  names: string[];
  /** A choice of the new status (监管对象), above the list. */
  choice?: ReactNode;
  /** What will happen, e.g. 以下 3 人将被停用，不再参与抽取。 */
  explanation: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  run: () => Promise<unknown[]>;
  doneText: (changed: number) => string;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setFailure('');
    try {
      const changed = await props.run();
      props.onDone(props.doneText(changed.length));
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button
            variant={props.danger ? 'danger' : 'primary'}
            disabled={busy}
            onClick={() => void confirm()}
          >
            {props.confirmLabel}
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {props.choice}
      <p>{props.explanation}</p>
      <ol className="batch-status-list" aria-label="所选记录">
        {props.names.slice(0, 50).map((n, i) => (
          <li key={i}>{n}</li>
        ))}
      </ol>
      {props.names.length > 50 ? <p className="muted">……共 {props.names.length} 条</p> : null}
    </Dialog>
  );
}

/** The ticked rows as the batch methods take them: each with the version the grid showed. */
export const tickedRecords = (rows: { id: number; version: number }[]) =>
  rows.map((r) => ({ id: r.id, version: r.version }));

/** 批量停用/启用 (or 离职/在职) of the ticked people: a button (those already so are named by the server) and its
 *  confirmation. */
export function ActiveBatch<T extends { id: number; version: number; name: string; active: boolean }>(props: {
  ticked: T[];
  active: boolean;
  /** The button's text, e.g. 批量停用. */
  label: string;
  /** 执法检查人员 / 从业人员 */
  what: string;
  /** What the change means, after the count. */
  explanation: string;
  run: (records: { id: number; version: number }[]) => Promise<unknown[]>;
  done: (text: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const { ticked } = props;
  const word = props.label.replace(/^批量/, '');
  return (
    <>
      <Button
        disabled={ticked.length === 0}
        title={ticked.length === 0 ? `先在列表第一列勾选要${word}的${props.what}` : undefined}
        onClick={() => setOpen(true)}
      >
        {props.label}
        {ticked.length ? `（${ticked.length}）` : ''}
      </Button>
      {open ? (
        <BatchStatusDialog
          title={`${props.label}：已选 ${ticked.length} 人`}
          names={ticked.map((r) => r.name)}
          explanation={`以下 ${ticked.length} 名${props.what}将${word}（${props.explanation}），各记一条操作日志；任何一人不能变更时全部不变。`}
          confirmLabel={`确定${word}`}
          danger={!props.active}
          run={() => props.run(tickedRecords(ticked))}
          doneText={(n) => `已${word} ${n} 名${props.what}`}
          onClose={() => setOpen(false)}
          onDone={(text) => {
            setOpen(false);
            props.done(text);
          }}
        />
      ) : null}
    </>
  );
}
