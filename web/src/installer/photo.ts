// The handover photo is shrunk on the device before it is stored or sent: a phone camera's 4–12 MB
// JPEG becomes a JPEG under 1 MB (the server takes at most 5 MB; mobile data in villages is slow).

export const PHOTO_TARGET_BYTES = 1_000_000;
const LONG_SIDE = [1600, 1280, 1024, 800];
const QUALITY = [0.82, 0.7, 0.6];

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/jpeg', quality),
  );
}

/** The smallest-loss JPEG under the target: shrinking the size first, then the quality. */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  const image = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  let last: Blob | null = null;
  for (const side of LONG_SIDE) {
    const scale = Math.min(1, side / Math.max(image.width, image.height));
    canvas.width = Math.round(image.width * scale);
    canvas.height = Math.round(image.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    for (const q of QUALITY) {
      last = await toJpeg(canvas, q);
      if (last.size < PHOTO_TARGET_BYTES) return last;
    }
  }
  image.close();
  if (!last) throw new Error('photo');
  return last;
}

export interface Place {
  lat: number;
  lng: number;
  accuracyM: number;
}

/** The phone's position once, with its accuracy in metres; null when refused or not found in 20 s. */
export function currentPlace(): Promise<Place | null> {
  return new Promise((resolve) => {
    if (!navigator.geolocation) {
      resolve(null);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lat: p.coords.latitude,
          lng: p.coords.longitude,
          accuracyM: Math.round(p.coords.accuracy),
        }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  });
}
