import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import { fileSize } from './file-size';
import { language, useWords } from './i18n';
import { Notice } from './states';

// The parts every spreadsheet import shares (households, receivers, commune targets): the drop zone
// with its file picker, and the table of rejected rows with the spreadsheet's row numbers.

const ACCEPTED = /\.(xlsx|csv)$/i;

/** A drop zone and a picker for one .xlsx or .csv file; anything else is refused in words. */
export function FileDrop(props: {
  id: string;
  file: File | null;
  onChoose: (file: File | null) => void;
  picker?: Ref<HTMLInputElement>;
}) {
  const w = useWords();
  const [dragging, setDragging] = useState(false);
  const [badType, setBadType] = useState(false);
  const choose = (f: File | undefined | null) => {
    if (!f) return;
    setBadType(!ACCEPTED.test(f.name));
    props.onChoose(ACCEPTED.test(f.name) ? f : null);
  };
  return (
    <div
      class={`drop${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        choose(e.dataTransfer?.files[0]);
      }}
    >
      <p>{w.import.drop}</p>
      <label class="button" for={props.id}>
        {w.import.pick}
      </label>
      <input
        id={props.id}
        ref={props.picker}
        class="visually-hidden"
        type="file"
        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        onChange={(e) => choose(e.currentTarget.files?.[0])}
      />
      {props.file && (
        <p role="status">{w.import.chosen(props.file.name, fileSize(props.file.size, language.get()))}</p>
      )}
      {badType && <Notice kind="error">{w.import.badType}</Notice>}
    </div>
  );
}

export interface RowProblem {
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
}

/** The rows an import refused: row number, column, the value found and why, in the person's words. */
export function RowProblems({ rows }: { rows: RowProblem[] }) {
  const w = useWords();
  if (rows.length === 0) return <p>{w.import.noProblems}</p>;
  return (
    <div class="scroll">
      <table class="list report">
        <thead>
          <tr>
            <th scope="col">{w.import.row}</th>
            <th scope="col">{w.import.column}</th>
            <th scope="col">{w.import.value}</th>
            <th scope="col">{w.import.reason}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <th scope="row">
                {w.import.row} {r.row}
              </th>
              <td data-label={w.import.column}>{r.column ?? w.import.noColumn}</td>
              <td data-label={w.import.value}>{r.value ?? ''}</td>
              <td data-label={w.import.reason}>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
