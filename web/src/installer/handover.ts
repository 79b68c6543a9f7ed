import { installerApi } from './installer-api';

// The handover record opened for printing with the session: fetched as a blob, never a token in a URL.
// The window is opened at the tap (a popup opened after an await is blocked), then given the record.

export async function openHandover(deliveryId: string): Promise<void> {
  const win = window.open('', '_blank');
  try {
    const blob = await installerApi.handover(deliveryId);
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
    if (win) {
      win.location.href = url;
      win.addEventListener('load', () => win.print(), { once: true });
    } else window.location.assign(url);
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    win?.close();
    throw err;
  }
}
