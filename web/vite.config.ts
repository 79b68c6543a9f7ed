import { defineConfig, type Plugin } from 'vite';

// precache.json: every built file under assets/ (lazy chunks such as the barcode scanner and its
// ZXing WebAssembly included), read by public/sw.js at install so the whole app works offline.
const precacheList = (): Plugin => ({
  name: 'precache-list',
  apply: 'build',
  generateBundle(_options, bundle) {
    const files = Object.keys(bundle)
      .filter((f) => f.startsWith('assets/'))
      .map((f) => `/${f}`)
      .sort();
    this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify(files) });
  },
});

// The browser app (DESIGN §13). Built into dist/web, which Express serves at /; `npm run dev` serves it
// with reloads and sends /api to the service started by `npm run dev:api`.
export default defineConfig({
  root: __dirname,
  publicDir: 'public',
  plugins: [precacheList()],
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2020',
    // The polyfill would be inlined into the entry; every browser we serve supports modulepreload.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
