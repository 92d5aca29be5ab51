#!/usr/bin/env node
// The `sillage` command. The TypeScript sources compile to dist/ on `npm install` (the root prepare script).
import('../dist/bin.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bin.js')) {
    console.error('sillage: not built yet. Run `npm install` (or `npm run build`) at the repository root first.');
    process.exit(1);
  }
  throw err;
});
