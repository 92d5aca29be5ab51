import { defineConfig } from 'vite';

/**
 * The dashboard is served by the Sillage server under /app/. Vite 8 compiles TSX with oxc (React's
 * automatic JSX runtime), so no React plugin is needed for a production build. No source maps in the
 * bundle that ships; chunks split so the initial load stays small (maps and charts load lazily).
 */
export default defineConfig({
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/index.php': 'http://127.0.0.1:8080' },
  },
});
