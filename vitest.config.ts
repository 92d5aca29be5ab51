import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests import workspace packages from their sources, so `vitest` needs no build; integration tests
// that start the real server run the built `dist/` (npm test builds first).
const alias = {
  // Before the package root, which would otherwise swallow the subpath.
  '@sillage/storage/row-encoding': fileURLToPath(new URL('./packages/storage/src/events/row-encoding.ts', import.meta.url)),
  '@sillage/storage/spool-batch': fileURLToPath(new URL('./packages/storage/src/spool/batch.ts', import.meta.url)),
  '@sillage/core': src('core'),
  '@sillage/storage': src('storage'),
  '@sillage/server': src('server'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The embedded engines own their data directories; integration files run one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
