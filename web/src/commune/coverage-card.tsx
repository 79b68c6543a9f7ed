import { api } from '../shared/api';
import { formatPercent, language, useWords } from '../shared/i18n';
import { ErrorBox, Loading } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';

/** The commune's figures from the reports API (counters kept by the server, not counted here). */
export function CoverageCard({ communeCode }: { communeCode: string }) {
  const w = useWords();
  const lang = useStore(language);
  const report = useLoad(() => api.coverage(communeCode), [communeCode]);
  if (report.loading) return <Loading />;
  if (report.error || !report.data) return <ErrorBox error={report.error} onRetry={report.reload} />;
  const t = report.data.totals;
  const figures: [string, string][] = [
    [w.coverage.target, t.target === null ? w.coverage.noTarget : t.target.toLocaleString(lang)],
    [w.coverage.registered, t.registered.toLocaleString(lang)],
    [w.coverage.approved, t.approved.toLocaleString(lang)],
    [w.coverage.delivered, t.delivered.toLocaleString(lang)],
    [w.coverage.coverage, formatPercent(t.coverage, lang) ?? w.coverage.noCoverage],
  ];
  return (
    <section class="card coverage" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{w.coverage.title}</h2>
      <dl>
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
