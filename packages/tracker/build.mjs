// Builds dist/tracker.min.js: one minified, dependency-free IIFE the server serves as /matomo.js.
// TRACKER_OUTFILE writes elsewhere (the size and command tests build their own copy this way).
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('./src/index.ts', import.meta.url).pathname],
  outfile: process.env.TRACKER_OUTFILE || new URL('./dist/tracker.min.js', import.meta.url).pathname,
  bundle: true,
  minify: true,
  format: 'iife',
  // Browsers of the last few years; nothing older is worth the bytes of down-levelling.
  target: ['es2022'],
  legalComments: 'none',
  // The strict flag the shared tsconfig implies would cost a "use strict" prologue; the code does not need it.
  tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
  logLevel: 'warning',
});
