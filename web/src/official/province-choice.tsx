import { managesProvince } from '../../../src/users/roles';
import { api } from '../shared/api';
import { onFilterSubmit } from '../shared/filter-form';
import { location } from '../shared/router';
import { queryOf } from '../shared/routes';
import { session, signedInUser } from '../shared/session';
import { ErrorBox } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { useOfficialWords } from './words';

// The province a page works in (targets, receivers, inventory, batches, drawing a sample): an
// official's own; an admin, whose area is the whole country, picks one by name. It goes into the URL
// (?province=25), so Back and a link keep it, and is remembered on the device for the other pages.
// Without it those pages mixed every province's communes, or said "Hãy chọn tỉnh (provinceCode)"
// with nowhere to choose.

const REMEMBERED = 'dtv.adminProvince';

function remembered(): string | null {
  const code = localStorage.getItem(REMEMBERED);
  return code && /^\d{2}$/.test(code) ? code : null;
}

export interface WorkingProvince {
  /** The official's province, or the admin's choice (null until one is chosen). */
  province: string | null;
  /** The admin's choice, for the API's `provinceCode`/`areaCode` (an official's default is their own area). */
  adminChoice: string | undefined;
}

/**
 * The province a page works in. An admin's choice comes from the URL, else the last one they chose
 * (kept on the device, so moving from Chỉ tiêu xã to Đầu thu does not ask again).
 */
export function useWorkingProvince(): WorkingProvince {
  const { search } = useStore(location);
  const me = useStore(session);
  const scope = me.status === 'signedIn' ? me.user.scope : null;
  if (scope) return { province: scope.provinceCode, adminChoice: undefined };
  const asked = queryOf(search).province;
  const chosen = asked && /^\d{2}$/.test(asked) ? asked : remembered();
  return { province: chosen, adminChoice: chosen ?? undefined };
}

/** The admin's province picker; nothing for an official (their province is theirs). */
export function ProvinceChoice({ purpose }: { purpose: string }) {
  const o = useOfficialWords();
  const me = useStore(session);
  const { path, search } = useStore(location);
  const chosen = useWorkingProvince().adminChoice ?? '';
  const scoped = me.status === 'signedIn' && me.user.scope !== null;
  const provinces = useLoad(
    () => (scoped ? Promise.resolve(null) : api.areas({ level: 'province', pageSize: 100 })),
    [scoped],
  );
  if (scoped) return null;
  if (provinces.error !== null) return <ErrorBox error={provinces.error} onRetry={provinces.reload} />;
  // Drawn once the provinces are in, so the chosen one is selected from the first frame.
  if (!provinces.data) return null;
  return (
    <form
      class="card filters no-print"
      onSubmit={(e) => {
        const picked = String(new FormData(e.currentTarget).get('province') ?? '');
        if (picked) localStorage.setItem(REMEMBERED, picked);
        else localStorage.removeItem(REMEMBERED);
        onFilterSubmit(path, ['province'])(e);
      }}
      aria-label={o.province.formLabel}
      key={search}
    >
      <div class="field grow">
        <label for="province-choice">{o.province.label}</label>
        <select id="province-choice" name="province" defaultValue={chosen}>
          <option value="">{o.province.none}</option>
          {provinces.data.items.map((p) => (
            <option key={p.code} value={p.code} selected={p.code === chosen}>
              {p.name}
            </option>
          ))}
        </select>
        {!chosen && <p class="hint">{purpose}</p>}
      </div>
      <div class="actions">
        <button type="submit" class="button primary">
          {o.province.choose}
        </button>
      </div>
    </form>
  );
}

/** Whether the signed-in person runs this province's stock and batches (the server decides the same way). */
export function managesHere(provinceCode: string | null): boolean {
  const me = signedInUser();
  return me !== null && provinceCode !== null && managesProvince(me, provinceCode);
}
