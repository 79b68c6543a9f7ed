import { useEffect, useState } from 'preact/hooks';
import { isWithinScope, ROLES, type Role } from '../../../src/users/roles';
import { api, ApiError, type Area, type User } from '../shared/api';
import { Field } from '../shared/field';
import { useWords } from '../shared/i18n';
import { Empty, ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { signedInUser } from '../shared/session';
import { useLoad } from '../shared/use-load';
import { areaLabel, areaLabelOf } from './area-names';

const LEVELS_OF: Record<Role, string | undefined> = {
  admin: undefined,
  official: undefined,
  commune_staff: 'commune',
  installer: 'province',
};

/** The roles the signed-in person may create: an admin any, an official those below them. */
function rolesFor(role: Role | undefined): readonly Role[] {
  return role === 'admin' ? ROLES : ROLES.filter((r) => r === 'commune_staff' || r === 'installer');
}

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

function AreaName({ code }: { code: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    void areaLabelOf(code).then(setName);
  }, [code]);
  return <>{name ?? '…'}</>;
}

function UserRow({ user, onChanged }: { user: User; onChanged: (notice: string) => void }) {
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
    <tr>
      <th scope="row">{user.username}</th>
      <td data-label={w.users.fullName}>{user.fullName}</td>
      <td data-label={w.users.role}>{w.roles[user.role]}</td>
      <td data-label={w.users.area}>{user.scope ? <AreaName code={user.scope.code} /> : w.wholeCountry}</td>
      <td data-label={w.users.state}>{user.active ? w.users.active : w.users.inactive}</td>
      <td>
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
            <Field
              id={`reset-${user.id}`}
              label={w.users.newPassword(user.username)}
              hint={w.users.passwordHint}
            >
              {(a) => (
                <input
                  {...a}
                  type="text"
                  autoComplete="new-password"
                  value={password}
                  onInput={(e) => setPassword(e.currentTarget.value)}
                />
              )}
            </Field>
            <button type="submit" class="button primary">
              {w.save}
            </button>
          </form>
        )}
        {error && <p class="error">{error}</p>}
      </td>
    </tr>
  );
}

function CreateUser({ onCreated }: { onCreated: (u: User) => void }) {
  const w = useWords();
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<Role>('commune_staff');
  const [password, setPassword] = useState('');
  const [areaQuery, setAreaQuery] = useState('');
  const [areas, setAreas] = useState<{ area: Area; label: string }[] | null>(null);
  const [areaCode, setAreaCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const q = areaQuery.trim();
    if (q.length < 2) {
      setAreas(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      // An official is offered only areas inside their own (the server refuses any other).
      const scope = signedInUser()?.scope ?? null;
      api
        .areas({ q, level: LEVELS_OF[role], provinceCode: scope?.provinceCode, pageSize: 10 })
        .then((page) =>
          page.items.filter((area) => isWithinScope(scope, { ...area, communeCode: area.code })),
        )
        .then((inside) => Promise.all(inside.map(async (area) => ({ area, label: await areaLabel(area) }))))
        .then(
          (found) => current && setAreas(found),
          () => current && setAreas([]),
        );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [areaQuery, role]);

  if (!open) {
    return (
      <p>
        <button type="button" class="button primary" onClick={() => setOpen(true)}>
          {w.users.create}
        </button>
      </p>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setErrors({});
    try {
      const user = await api.createUser({
        username: username.trim(),
        fullName: fullName.trim(),
        phone: phone.trim() || undefined,
        role,
        password,
        areaCode: areaCode || undefined,
      });
      setOpen(false);
      setUsername('');
      setFullName('');
      setPassword('');
      setAreaCode('');
      setAreaQuery('');
      onCreated(user);
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(errorText(err, w));
    }
  };

  return (
    <form class="card narrow" onSubmit={submit} noValidate aria-labelledby="create-user-title">
      <h2 id="create-user-title">{w.users.create}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      <Field
        id="new-username"
        label={w.users.username}
        hint={w.users.usernameHint}
        error={errors.username}
        required
      >
        {(a) => (
          <input
            {...a}
            autoCapitalize="none"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field id="new-fullname" label={w.users.fullName} error={errors.fullName} required>
        {(a) => <input {...a} value={fullName} onInput={(e) => setFullName(e.currentTarget.value)} />}
      </Field>
      <Field id="new-phone" label={w.users.phone} error={errors.phone}>
        {(a) => <input {...a} type="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />}
      </Field>
      <Field id="new-role" label={w.users.role} error={errors.role} required>
        {(a) => (
          <select {...a} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {rolesFor(signedInUser()?.role).map((r) => (
              <option key={r} value={r}>
                {w.roles[r]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="new-area" label={w.users.areaSearch} error={errors.areaCode}>
        {(a) => (
          <input
            {...a}
            type="search"
            value={areaQuery}
            onInput={(e) => setAreaQuery(e.currentTarget.value)}
          />
        )}
      </Field>
      {areas && (
        <fieldset>
          <legend>{w.users.areaPick}</legend>
          {areas.length === 0 && <p>{w.users.areaNone}</p>}
          {areas.map(({ area, label }) => (
            <label class="choice" key={area.code}>
              <input
                type="radio"
                name="area"
                checked={areaCode === area.code}
                onChange={() => setAreaCode(area.code)}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
      )}
      <Field
        id="new-password"
        label={w.users.password}
        hint={w.users.passwordHint}
        error={errors.password}
        required
      >
        {(a) => (
          <input
            {...a}
            type="text"
            autoComplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        )}
      </Field>
      <div class="actions">
        <button type="submit" class="button primary">
          {w.users.create}
        </button>
        <button type="button" class="button" onClick={() => setOpen(false)}>
          {w.cancel}
        </button>
      </div>
    </form>
  );
}
