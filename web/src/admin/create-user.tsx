import { useEffect, useState } from 'preact/hooks';
import {
  isStrictlyBelow,
  isWithinScope,
  ROLE_SCOPE_LEVELS,
  ROLES,
  type AreaLevel,
  type Role,
  type Scope,
} from '../../../src/users/roles';
import { api, ApiError, type Area, type User } from '../shared/api';
import { Field } from '../shared/field';
import { useWords } from '../shared/i18n';
import { errorText, Notice } from '../shared/states';
import { signedInUser } from '../shared/session';
import { PasswordForSomeone } from './password-field';
import { areaLabel } from './area-names';

const LEVELS_OF: Record<Role, AreaLevel | undefined> = {
  admin: undefined,
  official: undefined, // a province or a district (an official creates district officials)
  commune_staff: 'commune',
  installer: 'province',
};

/**
 * The roles the signed-in person may create (canManageUser): an admin any; an official commune staff
 * and installers, and a province official also the district officials below them.
 */
function rolesFor(user: { role: Role; scope: Scope | null } | null): readonly Role[] {
  if (user?.role === 'admin') return ROLES;
  const below: Role[] = user?.scope?.level === 'province' ? ['official'] : [];
  return [...below, 'commune_staff', 'installer'];
}

/** An area the new user may be given: inside the creator's; for an official, strictly below it. */
function mayGive(creator: Scope | null, role: Role, area: Area): boolean {
  const path = { ...area, communeCode: area.code };
  if (!(ROLE_SCOPE_LEVELS[role] as readonly string[]).includes(area.level)) return false;
  if (role !== 'official' || !creator) return isWithinScope(creator, path);
  const districtCode = area.level === 'district' ? area.code : (area.districtCode ?? null);
  return isStrictlyBelow(creator, { ...path, level: area.level, code: area.code, districtCode });
}

export function CreateUser({ onCreated }: { onCreated: (u: User) => void }) {
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
        .then((page) => page.items.filter((area) => mayGive(scope, role, area)))
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
            {rolesFor(signedInUser() ?? null).map((r) => (
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
      <PasswordForSomeone
        id="new-password"
        label={w.users.password}
        value={password}
        onInput={setPassword}
        error={errors.password}
        required
      />
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
