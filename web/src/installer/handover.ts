import { installerApi } from './installer-api';

// Printable papers opened with the session: fetched as a blob, never a token in a URL. The window is
// opened at the tap (a popup opened after an await is blocked), then given the page, which prints.

export async function openPrintable(load: () => Promise<Blob>): Promise<void> {
  const win = window.open('', '_blank');
  try {
    const blob = await load();
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

/** The handover record of a delivered household. */
export const openHandover = (deliveryId: string) => openPrintable(() => installerApi.handover(deliveryId));
