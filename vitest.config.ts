import { defineConfig } from 'vitest/config';

/**
 * One Vitest run for the workspace: unit and database tests beside the code (`src/**\/*.test.ts`) and
 * browser journeys (`e2e/**\/*.e2e.test.ts`, which need the web apps built). The global setup builds the
 * template databases once.
 */
export default defineConfig({
  test: {
    include: ['{apps,libs,tools}/*/src/**/*.test.ts', 'apps/*/e2e/**/*.e2e.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['vitest.global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
