import { formatPercent, language } from '../shared/i18n';
import { location, navigate } from '../shared/router';
import { queryOf, searchOf } from '../shared/routes';
import { ErrorBox, Loading } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi } from './api';
import { HeaderRow } from '../shared/header-row';
import { useFieldListWords, useOfficialWords } from './words';

// GET /inspections/summary on the inspections page: per district (or commune) by name, with the
// problem rate; a district opens its communes (?area=…), so the figures reach commune names.

export function InspectionSummaryTable({ sampleId, refresh }: { sampleId?: string; refresh: number }) {
  const o = useOfficialWords();
  const fl = useFieldListWords();
  const lang = useStore(language);
  const { search } = useStore(location);
  const query = queryOf(search);
  const summary = useLoad(
    () => officialApi.inspectionSummary({ sampleId, areaCode: query.area }),
    [sampleId, query.area, refresh],
  );
  const open = (area: string | undefined) => navigate(`/inspections${searchOf({ ...query, area })}`);
  if (summary.loading && !summary.data) return <Loading />;
  if (summary.error !== null) return <ErrorBox error={summary.error} onRetry={summary.reload} />;
  const s = summary.data;
  if (!s || s.rows.length === 0) return null;
  const rate = (r: number | null) => formatPercent(r, lang) ?? fl.noneInspected;
  return (
    <section class="no-print" aria-labelledby="summary-title">
      <h2 id="summary-title">{fl.summaryOf(s.area.name)}</h2>
      {query.area && (
        <button type="button" class="button small" onClick={() => open(undefined)}>
          {fl.backUp}
        </button>
      )}
      <table class="list">
        <caption>{fl.summaryBy[s.rowLevel] ?? o.inspections.summary}</caption>
        <thead>
          <HeaderRow
            labels={[
              o.inspections.area,
              o.inspections.sampled,
              o.inspections.inspected,
              fl.pending,
              o.inspections.problems,
            ]}
          />
        </thead>
        <tbody>
          {[...s.rows, { ...s.totals, areaCode: '', name: fl.total, level: 'commune' as const }].map((r) => (
            <tr key={r.areaCode || 'total'} class={r.areaCode ? undefined : 'total'}>
              <th scope="row">
                {r.areaCode && r.level !== 'commune' ? (
                  <a
                    href={`/inspections${searchOf({ ...query, area: r.areaCode })}`}
                    title={fl.drillDown(r.name)}
                    onClick={(e) => {
                      e.preventDefault();
                      open(r.areaCode);
                    }}
                  >
                    {r.name}
                  </a>
                ) : (
                  r.name
                )}
              </th>
              <td data-label={o.inspections.sampled}>{r.sampled}</td>
              <td data-label={o.inspections.inspected}>{r.inspected}</td>
              <td data-label={fl.pending}>{r.pending}</td>
              <td data-label={o.inspections.problems}>
                {r.inspected > 0 ? `${r.problems}/${r.inspected}` : r.problems} ({rate(r.problemRate)})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
