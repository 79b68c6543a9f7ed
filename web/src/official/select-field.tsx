/** A labelled <select> of a filter form, read through FormData by its name. */
export function SelectField(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: [value: string, label: string][];
  grow?: boolean;
}) {
  return (
    <div class={props.grow ? 'field grow' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
