import { useState } from 'preact/hooks';
import { canManageUser } from '../../../src/users/roles';
import { api, type User } from '../shared/api';
import { useWords } from '../shared/i18n';
import { Empty, ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { signedInUser } from '../shared/session';
import { useLoad } from '../shared/use-load';
import { AreaName } from './area-name';
import { PasswordForSomeone } from './password-field';
import { CreateUser } from './create-user';

export function UsersPage() {
  const w = useWords();
  const list = useLoad(() => api.users({ pageSize: 100 }), []);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <h1>{w.users.title}</h1>
      {notice && <Notice kind="ok">{notice}</Notice>}
      <CreateUser
        onCreated={(u) => {
          setNotice(w.users.created(u.username));
          list.reload();
        }}
      />
      {list.loading && <Loading />}
      {list.error !== null && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <Empty>{w.users.empty}</Empty>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{w.users.username}</th>
                <th scope="col">{w.users.fullName}</th>
                <th scope="col">{w.users.role}</th>
                <th scope="col">{w.users.area}</th>
                <th scope="col">{w.users.state}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((u) => (
                <UserRow
                  key={u.id + u.version}
                  user={u}
                  onChanged={(text) => {
                    setNotice(text);
                    list.reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}

function UserRow({ user, onChanged }: { user: User; onChanged: (notice: string) => void }) {
  const w = useWords();
  const me = signedInUser();
  return (
    <tr>
      <th scope="row">{user.username}</th>
      <td data-label={w.users.fullName}>{user.fullName}</td>
      <td data-label={w.users.role}>{w.roles[user.role]}</td>
      <td data-label={w.users.area}>{user.scope ? <AreaName code={user.scope.code} /> : w.wholeCountry}</td>
      <td data-label={w.users.state}>{user.active ? w.users.active : w.users.inactive}</td>
      <td>
        {/* One's own account: not locked or reset here (the server refuses both; Đổi mật khẩu is the way). */}
        {me && (user.id === me.id || !canManageUser(me, user)) ? (
          <span class="hint">{user.id === me.id ? w.users.yourself : w.users.notYours}</span>
        ) : (
          <UserActions user={user} onChanged={onChanged} />
        )}
      </td>
    </tr>
  );
}

/** Lock or unlock the account, reset its password: for the users the signed-in person manages. */
function UserActions({ user, onChanged }: { user: User; onChanged: (notice: string) => void }) {
  const w = useWords();
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const update = async (input: { active?: boolean; password?: string }) => {
    setError(null);
    try {
      await api.updateUser(user.id, { ...input, version: user.version });
      onChanged(w.users.updated);
    } catch (err) {
      setError(errorText(err, w));
    }
  };
  return (
    <>
      <div class="actions">
        <button
          type="button"
          class="button"
          aria-label={`${user.active ? w.users.deactivate : w.users.activate}: ${user.username}`}
          onClick={() => void update({ active: !user.active })}
        >
          {user.active ? w.users.deactivate : w.users.activate}
        </button>
        <button
          type="button"
          class="button"
          aria-label={`${w.users.resetPassword}: ${user.username}`}
          onClick={() => setResetting(!resetting)}
        >
          {w.users.resetPassword}
        </button>
      </div>
      {resetting && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void update({ password });
          }}
        >
          <PasswordForSomeone
            id={`reset-${user.id}`}
            label={w.users.newPassword(user.username)}
            value={password}
            onInput={setPassword}
          />
          <button type="submit" class="button primary">
            {w.save}
          </button>
        </form>
      )}
      {error && <p class="error">{error}</p>}
    </>
  );
}
