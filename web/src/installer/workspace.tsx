import { useEffect } from 'preact/hooks';
import type { User } from '../shared/api';
import type { Page } from '../shared/routes';
import { BatchesPage } from './batches-page';
import { DeliveryPage } from './delivery-page';
import { startSync } from './sync';
import { SyncBar } from './sync-bar';
import { WorklistPage } from './worklist-page';
import './installer.css';

// The installer's workspace: the sync bar on every screen, then the page.

export type InstallerPage = Extract<Page, { name: 'installer' | 'worklist' | 'delivery' }>;

export function InstallerWorkspace({ user, page }: { user: User; page: InstallerPage }) {
  useEffect(() => {
    void startSync(user.id);
  }, [user.id]);
  return (
    <div class="installer">
      <SyncBar />
      {page.name === 'installer' && <BatchesPage />}
      {page.name === 'worklist' && <WorklistPage batchId={page.batchId} />}
      {page.name === 'delivery' && <DeliveryPage id={page.id} />}
    </div>
  );
}
