import type request from 'supertest';

// Reading PDFs answered by the API: the raw body, and its text read back with pdf.js.

/** A supertest parser keeping the body as bytes. */
export const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
};

/** The PDF's text per page, whitespace collapsed (pdf.js reads the glyphs back through the embedded font's map). */
export async function pdfPages(data: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data) }).promise;
  const out: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    out.push(
      content.items
        .map((it) => ('str' in it ? it.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  return out;
}

/** The PDF's whole text, whitespace collapsed. */
export async function pdfText(data: Buffer): Promise<string> {
  return (await pdfPages(data)).join(' ').replace(/\s+/g, ' ');
}
