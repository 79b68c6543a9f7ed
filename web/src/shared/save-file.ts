import type { Download } from './api';

/** Hands a downloaded file to the browser's "save" (a Blob URL, revoked once used). */
export function saveFile({ blob, filename }: Download): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
