import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  // tests run in vite's server-side environment, which takes its own conditions: without these the
  // workspace packages imported by name resolve to their last build in dist/, not to the sources
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts', 'bin/**/*.test.ts', 'bench/**/*.test.ts', 'firmware-sim/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
