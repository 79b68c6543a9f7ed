import { RowProblems } from '../shared/file-drop';
import { ImportFile, useSpreadsheetImport } from '../shared/import-card';
import { language } from '../shared/i18n';
import { Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { AreaName } from './area-name';
import { adminApi, type AreaImportReport } from './api';
import { useAreaWords } from './area-words';

// The admin's update of the list in use from the State's revised list: the file is checked (the
// server's dry run: what is new, what changes, what the file lacks, which rows are wrong), then
// applied. The server decides; this shows its report in words.

type Change = AreaImportReport['changes'][number];

export function AreaListUpdate({ onUpdated }: { onUpdated: () => void }) {
  const t = useAreaWords();
  const lang = useStore(language);
  const state = useSpreadsheetImport(adminApi.importAreas, onUpdated);
  const { report, busy, send } = state;
  const changed = report ? report.created + report.updated : 0;
  return (
    <section class="card" aria-labelledby="areas-update">
      <h2 id="areas-update">{t.updateTitle}</h2>
      <p>{t.updateIntro}</p>
      <p class="hint">{t.columnsHint}</p>
      <ImportFile id="areas-file" check={t.check} state={state} />
      {report && (
        <div role="group" aria-label={t.updateTitle}>
          <p>
            {t.fileHas(report.counts)} {t.compared(report.created, report.updated, report.unchanged)}
          </p>
          {report.skipped.length > 0 && <p class="hint">{t.skipped(report.skipped.map((s) => s.row))}</p>}
          {report.problems.length > 0 && (
            <>
              <Notice kind="error">{t.hasProblems(report.problems.length)}</Notice>
              <RowProblems
                rows={report.problems.map((p) => ({
                  row: p.row,
                  column: p.column,
                  value: null,
                  reason: p.reason[lang],
                }))}
              />
            </>
          )}
          {report.changes.length > 0 && <Changes report={report} />}
          {report.notInList > 0 && (
            <details open={report.notInList <= 20}>
              <summary>{t.notInList(report.notInList)}</summary>
              <ul>
                {report.notInListAreas.map((a) => (
                  <li key={a.code}>
                    {a.name} ({a.code})
                  </li>
                ))}
              </ul>
            </details>
          )}
          {report.dryRun && report.problems.length === 0 && changed === 0 && <Notice>{t.sameAsInUse}</Notice>}
          {report.dryRun && report.problems.length === 0 && changed > 0 && (
            <button type="button" class="button primary" disabled={busy} onClick={() => void send(false)}>
              {t.apply}
            </button>
          )}
          {report.applied && <Notice kind="ok">{t.applied(report.created, report.updated)}</Notice>}
        </div>
      )}
    </section>
  );
}

function Changes({ report }: { report: AreaImportReport }) {
  const t = useAreaWords();
  const c = t.changeCols;
  const total = report.created + report.updated;
  return (
    <div class="scroll">
      <table class="list report">
        <caption>{t.changesTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{c.code}</th>
            <th scope="col">{c.before}</th>
            <th scope="col">{c.after}</th>
          </tr>
        </thead>
        <tbody>
          {report.changes.map((x) => (
            <tr key={x.code}>
              <th scope="row">{x.code}</th>
              <td data-label={c.before}>{x.before ? <Unit unit={x.before} /> : t.newUnit}</td>
              <td data-label={c.after}>
                <Unit unit={x.after} moved={!x.before || x.before.parentCode !== x.after.parentCode} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > report.changes.length && <p class="hint">{t.moreChanges(report.changes.length, total)}</p>}
    </div>
  );
}

/** A unit's name, and where it belongs when that is what changed (or it is new). */
function Unit({ unit, moved = false }: { unit: Change['after']; moved?: boolean }) {
  const t = useAreaWords();
  return (
    <>
      {unit.name}
      {moved && unit.parentCode && (
        <span class="muted">
          {' '}
          · {t.under} <AreaName code={unit.parentCode} />
        </span>
      )}
    </>
  );
}
