#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=32
// The `sillage` command. A larger young generation than V8's 16 MB default: the tracking path allocates
// short-lived objects for every hit, and fewer scavenges cut the server's CPU per hit by ~5 % (bench/ingest); 64 MB
// saved a little more but took the server's RSS under load from ~590 to ~690 MB.
// Two malloc arenas: glibc's default (up to 8 per core, one per allocating thread) kept freed memory
// mapped and took the server's peak RSS in bench/ingest from ~630 to ~690 MB.
// The TypeScript sources compile to dist/ on `npm install` (the root prepare script).
import('../dist/bin.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/bin.js')) {
    console.error('sillage: not built yet. Run `npm install` (or `npm run build`) at the repository root first.');
    process.exit(1);
  }
  throw err;
});
