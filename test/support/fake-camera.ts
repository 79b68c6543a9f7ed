import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// A fake camera for Chromium (`--use-file-for-fake-video-capture`): a Y4M video of a Code 128 barcode,
// drawn by the ZXing writer (zxing-wasm, already a dependency of the scanner) and written as raw
// YUV 4:2:0 frames, black bars on white, so no image tool is needed.

const W = 640;
const H = 480;

export async function barcodeVideo(text: string): Promise<string> {
  const writer = await import('zxing-wasm/writer');
  const wasm = require.resolve('zxing-wasm/writer/zxing_writer.wasm');
  writer.prepareZXingModule({ overrides: { wasmBinary: readFileSync(wasm) }, fireImmediately: true });
  const { symbol, error } = await writer.writeBarcode(text, { format: 'Code128' });
  if (error) throw new Error(`barcode: ${error}`);
  const scale = Math.max(1, Math.floor((W - 80) / symbol.width));
  const bars = Math.min(H - 120, symbol.height * 4);
  const left = Math.floor((W - symbol.width * scale) / 2);
  const top = Math.floor((H - bars) / 2);
  const y = Buffer.alloc(W * H, 255);
  for (let row = 0; row < bars; row++) {
    const src = Math.floor((row / bars) * symbol.height) * symbol.width;
    for (let x = 0; x < symbol.width * scale; x++)
      y[(top + row) * W + left + x] = symbol.data[src + Math.floor(x / scale)];
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  const file = path.join(tmpdir(), `dtv-barcode-${process.pid}.y4m`);
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame]),
  );
  return file;
}

/** Chromium flags that give pages a camera showing `file` and grant it without asking. */
export const fakeCameraArgs = (file: string) => [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${file}`,
];
