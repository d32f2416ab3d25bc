import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/consumer/**', 'node_modules/**'],
    testTimeout: 30_000,
    // Concurrent tests each start a real Prism: three at a time keep two cores responsive.
    maxConcurrency: 3,
    hookTimeout: 60_000,
    globalSetup: ['test/contract/global-setup.ts'],
    reporters: ['default', './test/reporters/plain-summary.ts'],
    typecheck: {
      enabled: true,
      include: ['test/types/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
