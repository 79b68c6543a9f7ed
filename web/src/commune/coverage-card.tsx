import { Fact } from '../shared/fact';
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
  const n = (value: number) => value.toLocaleString(lang);
  // The parts of registeredTotal, so a clerk can check the card against the commune's own list.
  const parts: [string, string][] = [
    [w.coverage.pendingReview, n(t.pendingReview)],
    [w.coverage.approved, n(t.approved)],
    [w.coverage.assigned, n(t.assigned)],
    [w.coverage.delivered, n(t.delivered)],
    [w.coverage.notOnList, n(t.rejected + t.withdrawn)],
  ];
  return (
    <section class="card coverage" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{w.coverage.title}</h2>
      <dl>
        <Fact label={w.coverage.target} value={t.target === null ? w.coverage.noTarget : n(t.target)} />
        <Fact label={w.coverage.registered} value={n(t.registeredTotal)} />
      </dl>
      <p class="hint">{w.coverage.sumNote}</p>
      <dl class="coverage-parts">
        {parts.map(([label, value]) => (
          <Fact key={label} label={label} value={value} />
        ))}
      </dl>
      <dl>
        <Fact
          label={w.coverage.coverage}
          value={
            t.coverage === null
              ? w.coverage.noCoverage
              : `${formatPercent(t.coverage, lang)} (${w.coverage.ofApproved(n(t.delivered), n(t.eligible))})`
          }
        />
      </dl>
    </section>
  );
}
