import { useState } from 'preact/hooks';
import { language, useWords } from '../shared/i18n';
import { saveFile } from '../shared/save-file';
import { ErrorBox, errorText, Loading, Notice } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi, type PaymentTotals } from './api';
import { HeaderRow } from '../shared/header-row';
import { usePapersWords } from './words';

// The payment totals of the official's area (GET /reports/payment): per commune, delivered = paid.

export function PaymentTotalsSection() {
  const w = useWords();
  const p = usePapersWords().acceptance;
  const c = p.paymentCols;
  const lang = useStore(language);
  const report = useLoad(() => officialApi.payment({}), []);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setError(null);
    try {
      saveFile(await officialApi.paymentFile({}));
    } catch (err) {
      setError(errorText(err, w));
    }
  };
  const labels = [c.commune, c.target, c.eligible, c.delivered, c.notYet, c.withdrawn, c.failed];
  const cells = (r: PaymentTotals['totals']) =>
    [r.target, r.eligible, r.delivered, r.notYetDelivered, r.withdrawn, r.failedAttempts].map((v, i) => (
      <td key={i} data-label={labels[i + 1]}>
        {v === null ? '–' : v.toLocaleString(lang)}
      </td>
    ));
  return (
    <section class="card no-print payment" aria-labelledby="payment-title">
      <h2 id="payment-title">
        {p.payment}
        {report.data ? `: ${report.data.area.name}` : ''}
      </h2>
      <p>{p.paymentIntro}</p>
      <div class="toolbar">
        <button type="button" class="button" onClick={() => void download()}>
          {p.paymentXlsx}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {report.loading && <Loading />}
      {report.error !== null && <ErrorBox error={report.error} onRetry={report.reload} />}
      {report.data && (
        <table class="list figures-table">
          <caption class="visually-hidden">{p.payment}</caption>
          <thead>
            <HeaderRow labels={labels} />
          </thead>
          <tbody>
            {report.data.communes.map((r) => (
              <tr key={r.code}>
                <th scope="row">{r.name}</th>
                {cells(r)}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{p.total}</th>
              {cells(report.data.totals)}
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
