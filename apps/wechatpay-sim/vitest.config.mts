import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    // Real servers, RSA key generation and child processes on a busy 2-core machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
