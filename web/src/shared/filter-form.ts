import { navigate } from './router';
import { searchOf } from './routes';

/**
 * A filter form's submit: its named fields (trimmed; blanks dropped) become `path`'s query, with
 * `keep` (what the form does not show, e.g. a person chosen from the list), so a view is a URL.
 */
export function onFilterSubmit(
  path: string,
  names: readonly string[],
  keep: Record<string, string | undefined> = {},
): (e: Event) => void {
  return (e) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const fields = Object.fromEntries(names.map((k) => [k, String(f.get(k) ?? '').trim()]));
    navigate(`${path}${searchOf({ ...keep, ...fields })}`);
  };
}
