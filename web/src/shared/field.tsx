import type { ComponentChildren } from 'preact';

// A labelled form field whose hint and error are read out with it (aria-describedby).

export function Field(props: {
  id: string;
  label: string;
  hint?: ComponentChildren;
  error?: string | null;
  required?: boolean;
  children: (a11y: {
    id: string;
    'aria-describedby': string | undefined;
    'aria-invalid': boolean;
  }) => ComponentChildren;
}) {
  const described = [props.hint ? `${props.id}-hint` : null, props.error ? `${props.id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={props.id}>
        {props.label}
        {props.required && (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {props.children({
        id: props.id,
        'aria-describedby': described || undefined,
        'aria-invalid': !!props.error,
      })}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}
