import { useState } from 'preact/hooks';
import { formatDateTime, language } from '../shared/i18n';
import { ErrorBox, Loading } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { adminApi, type AreaCatalogue } from './api';
import { AreaBrowser } from './area-browser';
import { AreaListUpdate } from './area-list-update';
import { useAreaWords } from './area-words';

// The admin's areas page ("Địa bàn", DESIGN §13): the administrative list in use, browsed or searched,
// and updated from the State's revised list when units are merged, renamed or created.

export function AreasPage() {
  const t = useAreaWords();
  const [round, setRound] = useState(0);
  const catalogue = useLoad(adminApi.areaCatalogue, [round]);
  return (
    <>
      <h1>{t.title}</h1>
      <p class="hint">{t.intro}</p>
      {catalogue.loading && <Loading />}
      {catalogue.error !== null && <ErrorBox error={catalogue.error} onRetry={catalogue.reload} />}
      {catalogue.data && <InUse catalogue={catalogue.data} />}
      <AreaBrowser round={round} />
      <AreaListUpdate onUpdated={() => setRound((r) => r + 1)} />
    </>
  );
}

function InUse({ catalogue: c }: { catalogue: AreaCatalogue }) {
  const t = useAreaWords();
  const lang = useStore(language);
  return (
    <section class="card" aria-labelledby="areas-in-use">
      <h2 id="areas-in-use">{t.inUse}</h2>
      {c.source === null ? (
        <p>{t.noList}</p>
      ) : (
        <>
          <p>
            <strong>{t.source(c.source, c.counts.district === 0)}</strong>
          </p>
          <p>{t.counts(c.counts)}</p>
        </>
      )}
      {c.lastImport && (
        <p class="hint">
          {t.lastImport(formatDateTime(c.lastImport.at, lang), c.lastImport.created, c.lastImport.updated)}{' '}
          <a href="/audit?action=areas.imported">{t.inAudit}</a>
        </p>
      )}
    </section>
  );
}
