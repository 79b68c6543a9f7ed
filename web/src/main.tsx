import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { EditPage, RegisterPage } from './commune/household-form';
import { HouseholdPage } from './commune/household-page';
import { HouseholdsList } from './commune/households-list';
import { ImportWizard } from './commune/import-wizard';
import { AreasPage } from './admin/areas-page';
import { BackupsPage } from './admin/backups-page';
import { UsersPage } from './admin/users-page';
import { registerServiceWorker } from './installer/pwa';
import { InstallerWorkspace } from './installer/workspace';
import { OfficialWorkspace } from './official/lazy-workspace';
import { useWords } from './shared/i18n';
import { PasswordPage } from './shared/password-page';
import { location, onLinkClick } from './shared/router';
import { pageOf, type Page } from './shared/routes';
import { resumeSession, session } from './shared/session';
import { Shell } from './shared/shell';
import { SignInPage } from './shared/sign-in';
import { ErrorBox, Loading } from './shared/states';
import { useStore } from './shared/store';
import type { User } from './shared/api';

function Screen({ page, user }: { page: Page; user: User }) {
  const w = useWords();
  switch (page.name) {
    case 'installer':
    case 'worklist':
    case 'delivery':
      return <InstallerWorkspace user={user} page={page} />;
    case 'households':
      if (user.role === 'installer') return <InstallerWorkspace user={user} page={{ name: 'installer' }} />;
      return <HouseholdsList />;
    case 'register':
      return <RegisterPage />;
    case 'household':
      return <HouseholdPage id={page.id} />;
    case 'edit':
      return <EditPage id={page.id} />;
    case 'import':
      return <ImportWizard />;
    case 'users':
      return <UsersPage />;
    case 'areas':
      // The server refuses an official's upload too; the page is the admin's (DESIGN §13).
      return user.role === 'admin' ? <AreasPage /> : <p>{w.errors.pageNotFound}</p>;
    case 'backups':
      return user.role === 'admin' ? <BackupsPage /> : <p>{w.errors.pageNotFound}</p>;
    case 'password':
      return <PasswordPage />;
    case 'official':
      return <OfficialWorkspace path={page.path} />;
    case 'notFound':
      return <p>{w.errors.pageNotFound}</p>;
  }
}

function App() {
  const state = useStore(session);
  const { path } = useStore(location);
  const [startError, setStartError] = useState<unknown>(null);
  const start = () => {
    setStartError(null);
    resumeSession().catch(setStartError);
  };
  useEffect(start, []);

  if (startError) return <ErrorBox error={startError} onRetry={start} />;
  if (state.status === 'checking') return <Loading />;
  if (state.status === 'signedOut') return <SignInPage notice={state.notice} />;
  // An official's (and an admin's) home is the coverage dashboard.
  const home = path === '/' && (state.user.role === 'official' || state.user.role === 'admin');
  const page = home ? pageOf('/dashboard') : pageOf(path);
  return (
    <Shell user={state.user} areaName={state.areaName} page={page}>
      <Screen page={page} user={state.user} key={path} />
    </Shell>
  );
}

document.addEventListener('click', onLinkClick);
registerServiceWorker();
const root = document.getElementById('app');
if (root) render(<App />, root);
