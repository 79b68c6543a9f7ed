import { defineConfig } from 'vite';

// The browser app (DESIGN §13). Built into dist/web, which Express serves at /; `npm run dev` serves it
// with reloads and sends /api to the service started by `npm run dev:api`.
export default defineConfig({
  root: __dirname,
  publicDir: 'public',
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
