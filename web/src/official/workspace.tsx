import './official.css';
import { AcceptancePage } from './acceptance';
import { AuditPage } from './audit-page';
import { InventoryPage } from './inventory';
import { ReceiversPage } from './receivers';
import { TargetsPage } from './targets';
import { BatchPage } from './batch-page';
import { BatchesPage } from './batches';
import { Dashboard } from './dashboard';
import { InspectionsPage } from './inspections';
import { officialPageOf } from './pages';
import { ReviewQueue } from './review-queue';
import { useOfficialWords } from './words';

/** The official's pages (loaded as one chunk by lazy-workspace.tsx). */
export function Workspace({ path }: { path: string }) {
  const o = useOfficialWords();
  const page = officialPageOf(path);
  switch (page.name) {
    case 'dashboard':
      return <Dashboard />;
    case 'review':
      return <ReviewQueue />;
    case 'batches':
      return <BatchesPage />;
    case 'batch':
      return <BatchPage id={page.id} />;
    case 'inspections':
      return <InspectionsPage />;
    case 'acceptance':
      return <AcceptancePage />;
    case 'receivers':
      return <ReceiversPage />;
    case 'inventory':
      return <InventoryPage />;
    case 'targets':
      return <TargetsPage />;
    case 'audit':
      return <AuditPage />;
    default:
      return <p>{o.notYet}</p>;
  }
}
