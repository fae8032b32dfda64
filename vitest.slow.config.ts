import { defineConfig } from 'vitest/config';
import { shared } from './vitest.config.ts';

/**
 * `npm run test:slow`: only the slow tests (`*.slow.test.ts`), one file at a time, so that a load test
 * never shares the machine with another test file.
 */
export default defineConfig({
  test: {
    ...shared,
    include: ['tests/**/*.slow.test.ts'],
    fileParallelism: false,
  },
});
