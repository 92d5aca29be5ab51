// Builds dist/tracker.min.js: one minified, dependency-free IIFE the server serves as /matomo.js.
// TRACKER_OUTFILE writes elsewhere (the size and command tests build their own copy this way).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import UglifyJS from 'uglify-js';

// esbuild bundles and strips the types; UglifyJS then minifies, some 80 bytes gzipped smaller than esbuild's
// or terser's minifier on this script (the size budget is 4,096 bytes gzipped).
const bundled = await build({
  entryPoints: [new URL('./src/index.ts', import.meta.url).pathname],
  write: false,
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

const minified = UglifyJS.minify(bundled.outputFiles[0].text, {
  compress: {
    passes: 5,
    // Reading a property has no side effect here (no getters that matter): lets unused reads go.
    pure_getters: true,
    keep_fargs: false,
    // Built-ins are the standard ones (e.g. String(x) may become ""+x).
    unsafe: true,
    // Measured: keeping `let`/`const` and separate statements compresses a few bytes better.
    varify: false,
    sequences: false,
  },
});
if (minified.error) throw minified.error;
const outfile = process.env.TRACKER_OUTFILE || new URL('./dist/tracker.min.js', import.meta.url).pathname;
// A fresh clone has no dist/ yet (esbuild used to create it; it writes nothing now).
mkdirSync(dirname(outfile), { recursive: true });
writeFileSync(outfile, minified.code);
