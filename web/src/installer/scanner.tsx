import { useEffect, useRef, useState } from 'preact/hooks';
import { createDetector, type Detector } from './barcode';
import { useInstallerWords } from './words';

// The camera and the barcode reader (lazy-loaded with barcode.ts). Live video when the camera opens;
// a still photo of the barcode works too (cheap phones, bright sun, or a camera refused for video).

async function readImage(detector: Detector, file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  const found = await detector.detect(bitmap);
  bitmap.close();
  return found[0]?.rawValue ?? null;
}

export function Scanner({ onSerial, onClose }: { onSerial: (s: string) => void; onClose: () => void }) {
  const w = useInstallerWords();
  const video = useRef<HTMLVideoElement>(null);
  const [detector, setDetector] = useState<Detector | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let live = true;
    void (async () => {
      const d = await createDetector();
      if (!live) return;
      setDetector(d);
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      } catch {
        setProblem(w.scanner.noCamera);
        return;
      }
      const v = video.current;
      if (!v || !live) return;
      v.srcObject = stream;
      await v.play().catch(() => undefined);
      const tick = async () => {
        if (!live) return;
        const found = v.readyState >= 2 ? await d.detect(v).catch(() => []) : [];
        if (found[0]?.rawValue) onSerial(found[0].rawValue);
        else timer = window.setTimeout(() => void tick(), 250);
      };
      void tick();
    })();
    return () => {
      live = false;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  const fromPhoto = async (file: File | undefined) => {
    if (!file || !detector) return;
    const value = await readImage(detector, file).catch(() => null);
    if (value) onSerial(value);
    else setProblem(w.scanner.hint);
  };

  return (
    <div class="scanner" role="group" aria-label={w.scanner.title}>
      {!detector && <p role="status">{w.scanner.loading}</p>}
      <video ref={video} muted playsInline aria-label={w.scanner.hint} />
      <p class="hint">{w.scanner.hint}</p>
      {problem && <p class="error">{problem}</p>}
      <label class="button" for="scan-photo">
        {w.scanner.photo}
      </label>
      <input
        id="scan-photo"
        class="visually-hidden"
        type="file"
        accept="image/*"
        capture="environment"
        disabled={!detector}
        onChange={(e) => void fromPhoto(e.currentTarget.files?.[0])}
      />
      <button type="button" class="button" onClick={onClose}>
        {w.scanner.stop}
      </button>
    </div>
  );
}
