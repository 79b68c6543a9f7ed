import { useState } from 'preact/hooks';
import { FileDrop } from './file-drop';
import { ErrorBox, Loading } from './states';

// The two steps of an official's spreadsheet import (receivers, commune targets): a file is chosen
// and checked (a dry run with its report), then imported. The report itself is the page's.

export interface SpreadsheetImport<R> {
  file: File | null;
  choose: (file: File | null) => void;
  report: R | null;
  busy: boolean;
  error: unknown;
  setError: (error: unknown) => void;
  /** Uploads the chosen file: a check (dryRun) or the import; `onImported` follows an import. */
  send: (dryRun: boolean) => Promise<void>;
}

export function useSpreadsheetImport<R>(
  upload: (file: File, dryRun: boolean) => Promise<R>,
  onImported: () => void,
): SpreadsheetImport<R> {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await upload(file, dryRun));
      if (!dryRun) onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const choose = (f: File | null) => {
    setFile(f);
    setReport(null);
  };
  return { file, choose, report, busy, error, setError, send };
}

/** The drop zone, the check button once a file is chosen, and the upload's progress or error. */
export function ImportFile<R>(props: { id: string; check: string; state: SpreadsheetImport<R> }) {
  const { file, choose, busy, error, send } = props.state;
  return (
    <>
      <FileDrop id={props.id} file={file} onChoose={choose} />
      {file && (
        <div class="toolbar">
          <button type="button" class="button primary" disabled={busy} onClick={() => void send(true)}>
            {props.check}
          </button>
        </div>
      )}
      {busy && <Loading />}
      {error !== null && <ErrorBox error={error} />}
    </>
  );
}
