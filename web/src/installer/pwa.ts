// Installs the service worker that keeps the app shell on the device (public/sw.js), so the app opens
// offline. Not in `npm run dev` (Vite serves unbuilt modules there).

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  window.addEventListener('load', () => {
    void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}
