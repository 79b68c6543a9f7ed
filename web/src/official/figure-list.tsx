import { language } from '../shared/i18n';
import { useStore } from '../shared/store';

/** Labelled counts as a definition list (the `figures` style): totals of a report or an import. */
export function FigureList({ figures }: { figures: [label: string, value: number][] }) {
  const lang = useStore(language);
  return (
    <dl class="figures">
      {figures.map(([label, v]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{v.toLocaleString(lang)}</dd>
        </div>
      ))}
    </dl>
  );
}
