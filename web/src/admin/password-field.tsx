import { Field } from '../shared/field';
import { useWords } from '../shared/i18n';

/**
 * A first or reset password an admin or official types for someone else: shown as typed (they
 * read it out or write it down for the person), never offered by the browser's password manager.
 */
export function PasswordForSomeone(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | null;
  required?: boolean;
}) {
  const w = useWords();
  return (
    <Field
      id={props.id}
      label={props.label}
      hint={w.users.passwordHint}
      error={props.error}
      required={props.required}
    >
      {(a) => (
        <input
          {...a}
          type="text"
          autoComplete="new-password"
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}
