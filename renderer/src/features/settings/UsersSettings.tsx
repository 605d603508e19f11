// Local accounts: create, change name/role/active, reset a password. At least one active administrator
// always remains (the dispatcher refuses otherwise).
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import type { Actor, UserRow } from '../../../../shared/contract';
import { ROLES, ROLE_LABELS, type Role } from '../../../../shared/domain/roles';
import { api, errorMessage } from '../../api';
import { Button, Dialog, Field, Notice, Page, TextInput } from '../../ui';
import { DataGrid } from '../../ui/grid';
import { useFormSubmit } from '../../ui/forms';
import { StaleNotice, saveLabel, useEditVersion } from '../../ui/conflict';
import { useToast } from '../../ui/toast';
import { formatDateTime } from '../../../../shared/format';

const COMPARED = { displayName: '姓名', role: '角色', active: '启用' };
const compared = (u: UserRow) => ({ displayName: u.displayName, role: u.role, active: u.active });
const roleShown = { role: (r: Role) => ROLE_LABELS[r] };

function UserDialog(props: { user: UserRow | null; onClose: () => void; onSaved: () => void }) {
  const u = props.user;
  const [form, setForm] = useState({
    username: u?.username ?? '',
    displayName: u?.displayName ?? '',
    role: (u?.role ?? 'clerk') as Role,
    active: u?.active ?? true,
    password: '',
  });
  const { errors, failure, submit } = useFormSubmit();
  // Saved against the version it was opened at: someone else's newer save is shown, not overwritten unseen.
  const editVersion = useEditVersion(u?.version);
  const save = () =>
    submit(async () => {
      if (u) {
        await api
          .invoke('users.update', {
            id: u.id,
            version: editVersion.current(),
            displayName: form.displayName,
            role: form.role,
            active: form.active,
          })
          .catch(editVersion.adopt);
        if (form.password) await api.invoke('users.resetPassword', { id: u.id, newPassword: form.password });
      } else {
        await api.invoke('users.create', {
          username: form.username,
          displayName: form.displayName,
          role: form.role,
          password: form.password,
        });
      }
      props.onSaved();
    });
  return (
    <Dialog
      title={u ? `编辑用户：${u.username}` : '新增用户'}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>取消</Button>
          <Button variant="primary" onClick={() => void save()}>
            {saveLabel(editVersion.stale)}
          </Button>
        </>
      }
    >
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {u ? (
        <StaleNotice
          stale={editVersion.stale}
          labels={COMPARED}
          mine={{ displayName: form.displayName, role: form.role, active: form.active }}
          formOf={compared}
          show={roleShown}
        />
      ) : null}
      {u ? null : (
        <Field label="用户名" required error={errors.username}>
          {(id) => (
            <TextInput id={id} value={form.username} onChange={(v) => setForm({ ...form, username: v })} />
          )}
        </Field>
      )}
      <Field label="姓名" required error={errors.displayName}>
        {(id) => (
          <TextInput
            id={id}
            value={form.displayName}
            onChange={(v) => setForm({ ...form, displayName: v })}
          />
        )}
      </Field>
      <Field label="角色" error={errors.role}>
        {(id) => (
          <select
            id={id}
            className="input"
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {u ? (
        <label className="check">
          <input
            type="checkbox"
            checked={form.active}
            onChange={(e) => setForm({ ...form, active: e.target.checked })}
          />{' '}
          启用该账号
        </label>
      ) : null}
      <Field
        label={u ? '重置密码（不修改请留空）' : '初始密码'}
        required={!u}
        hint="至少 8 位"
        error={errors.password ?? errors.newPassword}
      >
        {(id) => (
          <TextInput
            id={id}
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(v) => setForm({ ...form, password: v })}
          />
        )}
      </Field>
    </Dialog>
  );
}

export function UsersSettings({ me }: { me: Actor }) {
  const toast = useToast();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.invoke('users.list', {}) });
  const [editing, setEditing] = useState<UserRow | 'new' | null>(null);
  const columns = useMemo<ColDef<UserRow>[]>(
    () => [
      { headerName: '用户名', field: 'username', width: 140 },
      { headerName: '姓名', field: 'displayName', width: 140 },
      { headerName: '角色', valueGetter: (p) => (p.data ? ROLE_LABELS[p.data.role] : ''), width: 120 },
      { headerName: '状态', valueGetter: (p) => (p.data?.active ? '启用' : '停用'), width: 90 },
      {
        headerName: '最近登录',
        valueGetter: (p) =>
          p.data?.lastLoginAt ? formatDateTime(p.data.lastLoginAt) : '—',
        flex: 1,
      },
    ],
    [],
  );
  return (
    <Page
      title="用户管理"
      subtitle={`当前登录：${me.displayName}。角色：管理员、会务秘书、科员、领导。`}
      actions={
        <Button variant="primary" onClick={() => setEditing('new')}>
          新增用户
        </Button>
      }
    >
      {users.isError ? <Notice kind="error">{errorMessage(users.error)}</Notice> : null}
      <DataGrid<UserRow>
        gridId="users"
        height={360}
        rowData={users.data ?? []}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        onRowDoubleClicked={(e) => e.data && setEditing(e.data)}
      />
      <p className="muted">双击一行可编辑用户或重置密码。</p>
      {editing ? (
        <UserDialog
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            toast('success', '用户已保存');
          }}
        />
      ) : null}
    </Page>
  );
}
