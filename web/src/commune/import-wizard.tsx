import { useRef, useState } from 'preact/hooks';
import { api, type HouseholdImportReport } from '../shared/api';
import { FileDrop, RowProblems } from '../shared/file-drop';
import { language, useWords } from '../shared/i18n';
import { householdPath } from '../shared/routes';
import { saveFile } from '../shared/save-file';
import { signedInUser } from '../shared/session';
import { ErrorBox, Notice } from '../shared/states';
import { useStore } from '../shared/store';

type Step =
  | { name: 'choose' }
  | { name: 'sending'; dryRun: boolean; pct: number }
  | { name: 'checked'; report: HouseholdImportReport }
  | { name: 'imported'; report: HouseholdImportReport };

export function ImportWizard() {
  const w = useWords();
  const lang = useStore(language);
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [error, setError] = useState<unknown>(null);
  const picker = useRef<HTMLInputElement>(null);
  const communeCode = signedInUser()?.scope?.code;

  const choose = (f: File | null) => {
    setError(null);
    setStep({ name: 'choose' });
    setFile(f);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    setStep({ name: 'sending', dryRun, pct: 0 });
    try {
      const report = await api.importHouseholds(file, { communeCode, dryRun }, (sent, total) =>
        setStep({ name: 'sending', dryRun, pct: total ? Math.round((sent / total) * 100) : 0 }),
      );
      setStep(dryRun ? { name: 'checked', report } : { name: 'imported', report });
    } catch (err) {
      setError(err);
      setStep({ name: 'choose' });
    }
  };

  const template = async (format: 'xlsx' | 'csv') => {
    try {
      saveFile(await api.importTemplate(format, lang));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <h1>{w.import.title}</h1>
      <section class="card" aria-labelledby="step1">
        <h2 id="step1">{w.import.step1}</h2>
        <p>{w.import.step1Intro}</p>
        <div class="toolbar">
          <button type="button" class="button" onClick={() => void template('xlsx')}>
            {w.import.templateXlsx}
          </button>
          <button type="button" class="button" onClick={() => void template('csv')}>
            {w.import.templateCsv}
          </button>
        </div>
      </section>

      <section class="card" aria-labelledby="step2">
        <h2 id="step2">{w.import.step2}</h2>
        <FileDrop id="survey-file" file={file} onChoose={choose} picker={picker} />
      </section>

      {file && (
        <section class="card" aria-labelledby="step3">
          <h2 id="step3">{w.import.step3}</h2>
          <button
            type="button"
            class="button primary"
            disabled={step.name === 'sending'}
            onClick={() => void send(true)}
          >
            {w.import.check}
          </button>
          {step.name === 'sending' && (
            <div role="status" aria-live="polite" class="progress-line">
              <progress max={100} value={step.pct < 100 ? step.pct : undefined} />
              <span>
                {step.pct < 100
                  ? w.import.uploading(step.pct)
                  : step.dryRun
                    ? w.import.checking
                    : w.import.running}
              </span>
            </div>
          )}
        </section>
      )}
      {error !== null && <ErrorBox error={error} />}

      {(step.name === 'checked' || step.name === 'imported') && <ImportReport report={step.report} />}

      {step.name === 'checked' && (
        <section class="card" aria-labelledby="step4">
          <h2 id="step4">{w.import.step4}</h2>
          {step.report.valid === 0 ? (
            <p>
              {step.report.alreadyRegisteredRows > 0
                ? w.import.nothingNew(step.report.alreadyRegisteredRows)
                : w.import.nothingValid}
            </p>
          ) : (
            <button type="button" class="button primary" onClick={() => void send(false)}>
              {w.import.run(step.report.valid)}
            </button>
          )}
        </section>
      )}
      {step.name === 'imported' && (
        <>
          <Notice kind="ok">{w.import.done(step.report.created)}</Notice>
          <div class="toolbar">
            <a class="button primary" href="/households">
              {w.nav.households}
            </a>
            <button
              type="button"
              class="button"
              onClick={() => {
                setFile(null);
                setStep({ name: 'choose' });
                if (picker.current) picker.current.value = '';
              }}
            >
              {w.import.again}
            </button>
          </div>
        </>
      )}
    </>
  );
}

export function ImportReport({ report }: { report: HouseholdImportReport }) {
  const w = useWords();
  const lang = useStore(language);
  const figures: [string, number][] = [
    [w.import.total, report.total],
    [w.import.valid, report.valid],
    [w.import.rejected, report.rejectedRows],
    [w.import.ineligible, report.ineligible],
  ];
  if (report.alreadyRegisteredRows > 0)
    figures.push([w.import.alreadyRegistered, report.alreadyRegisteredRows]);
  if (report.skippedRows > 0) figures.push([w.import.skipped, report.skippedRows]);
  if (!report.dryRun) figures.push([w.import.created, report.created]);
  return (
    <section class="card" aria-labelledby="report-title">
      <h2 id="report-title">{w.import.summary}</h2>
      <dl class="figures">
        {figures.map(([label, n]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{n.toLocaleString(lang)}</dd>
          </div>
        ))}
      </dl>
      <h3>{w.import.problems}</h3>
      <RowProblems
        rows={report.rejected.map((r) => ({
          row: r.row,
          column: r.column,
          value: r.value ?? null,
          reason: r.reason[lang],
        }))}
      />
      {report.duplicates.inFile.length > 0 && (
        <>
          <h3>{w.import.inFile}</h3>
          <ul>
            {report.duplicates.inFile.map((d) => (
              <li key={d.row}>
                {w.import.row} {d.row}: {d.nationalId}, {w.import.sameAsRow(d.duplicateOfRow)}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.duplicates.inDatabase.length > 0 && (
        <>
          <h3>{w.import.inDatabase}</h3>
          <ul>
            {report.duplicates.inDatabase.map((d) => (
              <li key={d.row}>
                {w.import.row} {d.row}: {d.nationalId},{' '}
                {w.import.registeredIn(d.communeName ?? d.communeCode ?? '')}
                <OpenHousehold id={d.householdId} />
              </li>
            ))}
          </ul>
        </>
      )}
      {report.alreadyRegistered.length > 0 && (
        <details>
          <summary>{w.import.alreadyList(report.alreadyRegistered.length)}</summary>
          <ul>
            {report.alreadyRegistered.map((d) => (
              <li key={d.row}>
                {w.import.row} {d.row}: {d.nationalId}, {d.reason[lang]}
                <OpenHousehold id={d.householdId} />
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.possibleDuplicates.length > 0 && (
        <>
          <h3>{w.import.possible}</h3>
          <ul>
            {report.possibleDuplicates.map((d, i) => (
              <li key={i}>
                {w.import.row} {d.row}: {w.duplicateGrounds[d.grounds]},{' '}
                {d.duplicateOf.row !== null
                  ? w.import.possibleRow(d.duplicateOf.row)
                  : w.import.possibleHousehold}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** " (Xem hộ này)" after a row that names a household already on the list; nothing without one. */
function OpenHousehold({ id }: { id?: string | null }) {
  const w = useWords();
  if (!id) return null;
  return (
    <>
      {' '}
      (<a href={householdPath(id)}>{w.household.openOther}</a>)
    </>
  );
}
