import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Loading } from '../shared/states';

// The official's workspace is loaded on first use (its own chunk, and the charts in another), so the
// commune staff's and the installer's bundles carry none of it.

type Workspace = ComponentType<{ path: string }>;
let loaded: Workspace | null = null;

export function OfficialWorkspace({ path }: { path: string }) {
  const [view, setView] = useState<Workspace | null>(() => loaded);
  const [error, setError] = useState<unknown>(null);
  const load = () => {
    setError(null);
    import('./workspace').then(
      (m) => {
        loaded = m.Workspace;
        setView(() => m.Workspace);
      },
      (err: unknown) => setError(err),
    );
  };
  useEffect(() => {
    if (!loaded) load();
  }, []);
  if (error) return <ErrorBox error={error} onRetry={load} />;
  if (!view) return <Loading />;
  const View = view;
  return <View path={path} />;
}
