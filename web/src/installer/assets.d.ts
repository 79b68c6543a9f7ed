// Vite's `?url` imports: the file is emitted into the build and the import is its URL.
declare module '*.wasm?url' {
  const url: string;
  export default url;
}

interface ImportMeta {
  readonly env: { readonly PROD: boolean };
}
