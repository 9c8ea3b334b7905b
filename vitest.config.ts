import { defineConfig } from 'vitest/config';

// The suites drive bin/natsk6 against real nats-servers; on a 2-core CI
// they run one file at a time.
export default defineConfig({
  test: {
    include: ['js-tests/**/*.test.ts'],
    globalSetup: ['js-tests/harness/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './js-tests/harness/count-reporter.ts'],
  },
});
