import { defineConfig } from 'vitest/config';

/** What every test file shares: one process per file, and patience for database and browser set-up. */
const COMMON = { exclude: ['**/node_modules/**', '**/dist/**'], pool: 'forks', testTimeout: 60_000, hookTimeout: 180_000 } as const;

/**
 * One Vitest run for the workspace, in two groups: first the unit and database tests beside the code
 * (`src/**\/*.test.ts`), two files at a time; then the browser journeys (`e2e/**\/*.e2e.test.ts`, which
 * need the web apps built), one at a time — each runs a portal and a software-rendered Chromium, and two
 * of them on a 2-core machine starve each other into timeouts. The global setup builds the template
 * databases once.
 */
export default defineConfig({
  test: {
    globalSetup: ['vitest.global-setup.ts'],
    maxWorkers: 2,
    projects: [
      { test: { ...COMMON, name: 'unit', include: ['{apps,libs,tools}/*/src/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      { test: { ...COMMON, name: 'journeys', include: ['apps/*/e2e/**/*.e2e.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
