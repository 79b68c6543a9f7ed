import { useRef, useState } from 'preact/hooks';
import { dayFromText } from './day-text';
import { formatDay } from './format-date';
import { language, useWords } from './i18n';
import { useStore } from './store';

// A day field that reads and shows dd/mm/yyyy whatever the browser's language (an English Chrome's
// own date input shows 12/31/2026 to a Vietnamese clerk), with the browser's calendar one button
// away. The form gets the ISO day under `name`; while the text names no day it gets the text itself,
// so the server's refusal names the field, and the field says why at once.

export interface DateInputProps {
  id: string;
  name: string;
  /** An ISO day ('2026-12-31') or nothing. */
  defaultValue?: string | null;
  required?: boolean;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

export function DateInput(props: DateInputProps) {
  const w = useWords();
  const lang = useStore(language);
  // A day from the URL or the server shows as dd/mm/yyyy; anything else (a hand-edited URL) as it is.
  const given = props.defaultValue ?? '';
  const start = given ? dayFromText(given) : null;
  const [text, setText] = useState(start ? formatDay(start, lang) : given);
  const [wrong, setWrong] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const typed = text.trim();
  const day = typed ? dayFromText(typed) : '';
  const hintId = `${props.id}-format`;
  const described = [props['aria-describedby'], wrong ? hintId : null].filter(Boolean).join(' ');
  const openCalendar = () => {
    const input = picker.current;
    if (!input) return;
    try {
      input.showPicker();
    } catch {
      input.focus();
    }
  };
  return (
    <span class="date-input">
      <span class="date-input-row">
        <input
          id={props.id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={w.dateInput.placeholder}
          required={props.required}
          value={text}
          aria-describedby={described || undefined}
          aria-invalid={props['aria-invalid'] || wrong}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setText(value);
            const ok = !value.trim() || dayFromText(value) !== null;
            e.currentTarget.setCustomValidity(ok ? '' : w.dateInput.invalid);
            if (ok) setWrong(false);
          }}
          onBlur={() => {
            setWrong(day === null);
            if (day) setText(formatDay(day, lang));
          }}
        />
        <button
          type="button"
          class="button date-pick"
          onClick={openCalendar}
          aria-label={w.dateInput.calendar}
        >
          <CalendarIcon />
        </button>
        {/* The browser's calendar, opened by the button; what is picked is written as dd/mm/yyyy. */}
        <input
          ref={picker}
          class="date-native"
          type="date"
          tabIndex={-1}
          aria-hidden="true"
          value={day ?? ''}
          onChange={(e) => {
            const picked = e.currentTarget.value;
            setText(picked ? formatDay(picked, lang) : '');
            setWrong(false);
          }}
        />
      </span>
      <input type="hidden" name={props.name} value={day ?? typed} />
      {wrong && (
        <span class="error" id={hintId}>
          {w.dateInput.invalid}
        </span>
      )}
    </span>
  );
}

/** A calendar drawn, not an emoji: office PCs without an emoji font showed an empty box. */
function CalendarIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <rect
        x="2.5"
        y="4"
        width="15"
        height="13.5"
        rx="1.5"
        fill="none"
        stroke="currentColor"
        stroke-width="1.6"
      />
      <path
        d="M2.5 8h15M6.5 2.5v3M13.5 2.5v3"
        stroke="currentColor"
        stroke-width="1.6"
        stroke-linecap="round"
      />
      <path d="M6 11h2M9 11h2M12 11h2M6 14h2M9 14h2" stroke="currentColor" stroke-width="1.6" />
    </svg>
  );
}
