import { prepareZXingModule, BarcodeDetector as ZXingDetector } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

// Loaded only when the installer scans (a separate chunk, with the ~1 MB ZXing WebAssembly that we
// serve ourselves, never from a CDN): the browser's own BarcodeDetector when it reads our formats,
// otherwise the ZXing polyfill.

export const FORMATS = ['code_128', 'qr_code', 'data_matrix'] as const;

export interface Detector {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]>;
}

interface NativeDetector {
  new (o: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
}

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path),
  },
});

export async function createDetector(): Promise<Detector> {
  const native = (globalThis as { BarcodeDetector?: NativeDetector }).BarcodeDetector;
  if (native) {
    const supported = await native.getSupportedFormats().catch(() => [] as string[]);
    if (FORMATS.every((f) => supported.includes(f))) return new native({ formats: [...FORMATS] });
  }
  return new ZXingDetector({ formats: [...FORMATS] });
}
