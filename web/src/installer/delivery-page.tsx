import { useState } from 'preact/hooks';
import { Empty, ErrorBox, Loading } from '../shared/states';
import { useStore } from '../shared/store';
import { ConfirmForm } from './confirm-form';
import { FailForm } from './fail-form';
import { openHandover } from './handover';
import { viewOf, type PackDelivery } from './pack';
import { sync } from './sync';
import { StateBadge } from './worklist-page';
import { useInstallerWords } from './words';

// One household of the worklist, from the device: who, how to reach them, and what to record.

function placeOf(d: PackDelivery): { lat: number; lng: number } | null {
  const known = (d as { household: { location?: { lat: number; lng: number } | null } }).household.location;
  return known ?? d.location ?? null;
}

export function DeliveryPage({ id }: { id: string }) {
  const w = useInstallerWords();
  const s = useStore(sync);
  const [mode, setMode] = useState<'view' | 'confirm' | 'fail'>('view');
  const [printError, setPrintError] = useState<unknown>(null);
  if (!s.ready) return <Loading />;
  const pack = s.packs.find((p) => p.deliveries.some((d) => d.id === id));
  const delivery = pack?.deliveries.find((d) => d.id === id);
  if (!pack || !delivery) return <Empty>{w.delivery.notFound}</Empty>;
  const view = viewOf(delivery, s.changes);
  const h = delivery.household;
  const place = placeOf(delivery);
  const open = view.state === 'pending' || view.state === 'revisit';
  const canAct = open && !view.waiting;
  return (
    <>
      <p>
        <a href={`/installer/batches/${pack.batch.id}`}>← {w.delivery.back}</a>
      </p>
      <h1>{h.fullName}</h1>
      <p>
        <StateBadge view={view} w={w} />
      </p>
      {(view.attemptCount > 0 || view.lastReason) && (
        <p class="alert alert-info">
          {view.attemptCount > 0 && w.delivery.attempts(view.attemptCount)}
          {view.attemptCount > 0 && view.lastReason && '. '}
          {view.lastReason && w.delivery.lastReason(w.reasons[view.lastReason])}
        </p>
      )}
      <dl class="facts">
        <div>
          <dt>{w.delivery.id}</dt>
          <dd>{h.nationalId}</dd>
        </div>
        <div>
          <dt>{w.delivery.address}</dt>
          <dd>{h.address ?? '–'}</dd>
        </div>
        <div>
          <dt>{w.delivery.village}</dt>
          <dd>
            {delivery.village}, {pack.communeNames[delivery.area.communeCode] ?? ''}
          </dd>
        </div>
        {delivery.serial && (
          <div>
            <dt>{w.delivery.serial}</dt>
            <dd>{delivery.serial}</dd>
          </div>
        )}
      </dl>
      <div class="actions contact">
        {h.phone ? (
          <a class="button big" href={`tel:${h.phone}`}>
            {w.delivery.call(h.phone)}
          </a>
        ) : (
          <span class="hint">{w.delivery.noPhone}</span>
        )}
        {place && (
          <a
            class="button big"
            href={`https://www.google.com/maps/search/?api=1&query=${place.lat},${place.lng}`}
            target="_blank"
            rel="noopener"
          >
            {w.delivery.map}
          </a>
        )}
      </div>
      {canAct && mode === 'view' && (
        <div class="actions big-actions">
          <button type="button" class="button primary big" onClick={() => setMode('confirm')}>
            {w.delivery.confirm}
          </button>
          <button type="button" class="button danger big" onClick={() => setMode('fail')}>
            {w.delivery.fail}
          </button>
        </div>
      )}
      {canAct && mode === 'confirm' && (
        <ConfirmForm delivery={delivery} pack={pack} changes={s.changes} onDone={() => setMode('view')} />
      )}
      {canAct && mode === 'fail' && <FailForm delivery={delivery} onDone={() => setMode('view')} />}
      {view.state === 'delivered' &&
        (delivery.status === 'delivered' ? (
          <button
            type="button"
            class="button big"
            onClick={() => {
              setPrintError(null);
              openHandover(delivery.id).catch(setPrintError);
            }}
          >
            {w.delivery.handover}
          </button>
        ) : (
          <p class="hint">{w.delivery.handoverOffline}</p>
        ))}
      {printError !== null && <ErrorBox error={printError} />}
    </>
  );
}
