import { useState } from 'preact/hooks';
import { DateInput } from '../shared/date-input';
import { RECEIVER_TYPES } from '../../../src/receiver-types';
import { api, type Area } from '../shared/api';
import { RowProblems } from '../shared/file-drop';
import { language, useWords } from '../shared/i18n';
import { saveFile } from '../shared/save-file';
import { signedInUser } from '../shared/session';
import { ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi } from './api';
import { formatDay } from './format';
import { HeaderRow } from '../shared/header-row';
import { ImportFile, useSpreadsheetImport } from '../shared/import-card';
import { ProvinceChoice, useWorkingProvince } from './province-choice';
import { useOfficialWords, usePapersWords } from './words';

// Commune targets (poor, near-poor, list year, default receiver type) edited in one table and saved
// through PUT /areas/targets (only the changed rows), imported from the .xlsx template with its row
// report, and the province's analog switch-off date.

type Edit = { poor: string; nearPoor: string; listYear: string; type: string };

const editOf = (a: Area): Edit => ({
  poor: a.targets ? String(a.targets.poor) : '',
  nearPoor: a.targets ? String(a.targets.nearPoor) : '',
  listYear: a.targets ? String(a.targets.listYear) : '',
  type: a.defaultReceiverType ?? '',
});

async function loadCommunes(provinceCode: string): Promise<{ province: Area; communes: Area[] }> {
  const scope = signedInUser()?.scope;
  const [province, page] = await Promise.all([api.area(provinceCode), officialApi.communes(provinceCode, 1)]);
  const inScope = (a: Area) => scope?.level !== 'district' || a.districtCode === scope.code;
  return { province, communes: page.items.filter(inScope) };
}

export function TargetsPage() {
  const t = usePapersWords().targets;
  const o = useOfficialWords();
  const provinceCode = useWorkingProvince().province;
  const data = useLoad(
    () => (provinceCode ? loadCommunes(provinceCode) : Promise.resolve(null)),
    [provinceCode],
  );
  return (
    <>
      <h1>{t.title}</h1>
      <p>
        <a href="/users">{t.usersLink}</a>
      </p>
      <ProvinceChoice purpose={o.province.targets} />
      {data.loading && <Loading />}
      {data.error !== null && <ErrorBox error={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          <SwitchOff province={data.data.province} />
          <TargetsTable
            communes={data.data.communes}
            key={data.data.communes.map((c) => c.targets?.updatedAt).join()}
          />
          {/* The template of the actor's own area (a district official's), or of the admin's province. */}
          <TargetsImport
            areaCode={signedInUser()?.scope ? undefined : data.data.province.code}
            onSaved={data.reload}
          />
        </>
      )}
    </>
  );
}

function SwitchOff({ province }: { province: Area }) {
  const w = useWords();
  const t = usePapersWords().targets;
  const lang = useStore(language);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    const day = String(new FormData(e.currentTarget as HTMLFormElement).get('day') ?? '');
    try {
      const a = await officialApi.setSwitchOff(province.code, day);
      setMessage({ kind: 'ok', text: t.switchOffSaved(formatDay(a.switchOffDate ?? day, lang)) });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, w) });
    }
  };
  return (
    <form class="card filters" onSubmit={save} aria-label={t.switchOff}>
      <div class="field">
        <label for="switch-off">
          {t.switchOff} ({province.name})
        </label>
        <DateInput id="switch-off" name="day" required defaultValue={province.switchOffDate} />
      </div>
      <div class="actions">
        <button type="submit" class="button primary">
          {t.switchOffSave}
        </button>
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
    </form>
  );
}

const whole = (v: string) => (/^\d{1,7}$/.test(v.trim()) ? Number(v.trim()) : null);

function TargetsTable({ communes }: { communes: Area[] }) {
  const w = useWords();
  const t = usePapersWords().targets;
  const c = t.cols;
  const lang = useStore(language);
  const [edits, setEdits] = useState<Record<string, Edit>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string; rows?: string[] } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  const changed = communes.filter((a) => {
    const e = edits[a.code];
    return e && JSON.stringify(e) !== JSON.stringify(editOf(a));
  });
  const set = (a: Area, field: keyof Edit, value: string) =>
    setEdits((all) => ({ ...all, [a.code]: { ...(all[a.code] ?? editOf(a)), [field]: value } }));
  const save = async (e: Event) => {
    e.preventDefault();
    if (changed.length === 0) {
      setMessage({ kind: 'error', text: t.nothingChanged });
      return;
    }
    const rows = [];
    for (const a of changed) {
      const x = edits[a.code];
      const [poor, nearPoor, listYear] = [whole(x.poor), whole(x.nearPoor), whole(x.listYear)];
      if (poor === null || nearPoor === null || listYear === null) {
        setMessage({ kind: 'error', text: t.incomplete(a.name) });
        return;
      }
      rows.push({
        code: a.code,
        poor,
        nearPoor,
        listYear,
        ...(x.type ? { defaultReceiverType: x.type as (typeof RECEIVER_TYPES)[number] } : {}),
      });
    }
    setBusy(true);
    try {
      const res = await officialApi.setTargetsMany(rows);
      const refused = res.results.filter((r) => r.outcome === 'rejected');
      setMessage({
        kind: refused.length ? 'error' : 'ok',
        text: t.saved(res.counts.updated ?? 0, res.counts.unchanged ?? 0, res.counts.rejected ?? 0),
        rows: refused.map((r) => t.rejectedRow(r.communeName ?? r.code, r.reason?.[lang] ?? '')),
      });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err, w) });
    } finally {
      setBusy(false);
    }
  };
  const cell = (a: Area, field: 'poor' | 'nearPoor' | 'listYear', label: string) => (
    <td data-label={label}>
      <input
        class="cell"
        inputMode="numeric"
        aria-label={t.cellLabel(label, a.name)}
        value={(edits[a.code] ?? editOf(a))[field]}
        onInput={(e) => set(a, field, e.currentTarget.value)}
      />
    </td>
  );
  return (
    <form class="card" onSubmit={save} aria-labelledby="targets-title">
      <h2 id="targets-title">{t.tableTitle}</h2>
      <p>{t.tableIntro}</p>
      <table class="list targets-table">
        <thead>
          <HeaderRow labels={[c.commune, c.poor, c.nearPoor, c.listYear, c.receiverType]} />
        </thead>
        <tbody>
          {communes.map((a) => (
            <tr key={a.code}>
              <th scope="row">{a.name}</th>
              {cell(a, 'poor', c.poor)}
              {cell(a, 'nearPoor', c.nearPoor)}
              {cell(a, 'listYear', c.listYear)}
              <td data-label={c.receiverType}>
                <select
                  aria-label={t.cellLabel(c.receiverType, a.name)}
                  value={(edits[a.code] ?? editOf(a)).type}
                  onChange={(e) => set(a, 'type', e.currentTarget.value)}
                >
                  <option value="">–</option>
                  {RECEIVER_TYPES.map((r) => (
                    <option key={r} value={r}>
                      {w.receiverType[r]}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="toolbar">
        <button type="submit" class="button primary" disabled={busy}>
          {t.save(changed.length)}
        </button>
      </div>
      {message && (
        <Notice kind={message.kind}>
          {message.text}
          {message.rows && message.rows.length > 0 && (
            <ul>
              {message.rows.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
    </form>
  );
}

function TargetsImport({ areaCode, onSaved }: { areaCode?: string; onSaved: () => void }) {
  const t = usePapersWords().targets;
  const lang = useStore(language);
  const state = useSpreadsheetImport(officialApi.importTargets, onSaved);
  const { report, busy, send, setError } = state;
  const template = async () => {
    try {
      saveFile(await officialApi.targetsTemplate(lang, areaCode));
    } catch (err) {
      setError(err);
    }
  };
  const problems = (report?.rows ?? [])
    .filter((r) => r.outcome === 'rejected')
    .map((r) => ({
      row: r.row,
      column: r.column,
      value: r.communeName ?? r.code,
      reason: r.reason?.[lang] ?? '',
    }));
  return (
    <section class="card" aria-labelledby="t-import">
      <h2 id="t-import">{t.importTitle}</h2>
      <p>{t.importIntro}</p>
      <div class="toolbar">
        <button type="button" class="button" onClick={() => void template()}>
          {t.template}
        </button>
      </div>
      <ImportFile id="targets-file" check={t.check} state={state} />
      {report && (
        <div role="group" aria-label={t.importTitle}>
          <p>{t.report(report.counts.updated, report.counts.unchanged, report.counts.rejected)}</p>
          <RowProblems rows={problems} />
          {report.dryRun && report.counts.updated > 0 && (
            <button type="button" class="button primary" disabled={busy} onClick={() => void send(false)}>
              {t.run}
            </button>
          )}
          {!report.dryRun && <Notice kind="ok">{t.done}</Notice>}
        </div>
      )}
    </section>
  );
}
