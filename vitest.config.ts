import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm test`: the unit tests and the light end-to-end tests. The slow ones (`*.slow.test.ts`: load,
 * the full corpus, parallel builds, memory, several processes, timeouts of tens of seconds) run with
 * `npm run test:slow` (vitest.slow.config.ts).
 */
export const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Fails the run when a process a test spawned outlives it (and kills it).
  globalSetup: ['tests/leftover-processes.ts'],
};

export default defineConfig({
  test: {
    ...shared,
    include: ['tests/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'tests/**/*.slow.test.ts'],
  },
});
